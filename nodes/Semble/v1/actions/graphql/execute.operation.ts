import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Execute Query',
	description: 'Run any Semble GraphQL query or mutation',
	action: 'Run a custom Semble GraphQL query when no other operation fits',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 8 },
		required: true,
		default: '',
		placeholder: 'query { practice { name timezone } }',
		description:
			'A GraphQL query or mutation from Semble’s API reference. Mutations are never retried automatically.',
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description: 'Variables for the document, as a JSON object',
	},
];

/** A document containing a mutation must be treated as a write (no blind retries). */
export function isMutation(document: string): boolean {
	const code = document.replace(/#[^\n]*/g, '');
	return /(^|[}\s])mutation\b/.test(code);
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const document = input.required('Query', this.getNodeParameter('query', i));
	const variables = input.jsonObject('Variables', this.getNodeParameter('variables', i, '{}'));
	const data = await sembleRequest.call(this, {
		document,
		variables,
		kind: isMutation(document) ? 'write' : 'read',
		schema: z.record(z.unknown()).nullable(),
		itemIndex: i,
	});
	return [{ json: (data ?? {}) as INodeExecutionData['json'], pairedItem: { item: i } }];
}
