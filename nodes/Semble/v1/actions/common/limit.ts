import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';

/** The Return All / Limit pair every Get Many shows. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Item `i`'s limit from Return All / Limit: undefined means every page. */
export function limitOf(context: IExecuteFunctions, i: number): number | undefined {
	if (context.getNodeParameter('returnAll', i) as boolean) return undefined;
	return inputValidator(context, i).limit(context.getNodeParameter('limit', i));
}
