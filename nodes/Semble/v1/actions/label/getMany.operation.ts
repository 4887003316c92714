import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { inputValidator } from '../../../shared/validation';

import { gql } from '../../../shared/gql';
import type { PageOf } from '../../../shared/pagination';
import { fetchPages } from '../../../shared/pagination';

export const GET_LABELS = gql`
	query GetLabels($pagination: Pagination) {
		labels(pagination: $pagination) {
			data { id title color }
			pageInfo { hasMore }
		}
	}
`;

const labelSchema = z.object({ id: z.string(), title: z.string().nullish(), color: z.string().nullish() });
type Label = z.infer<typeof labelSchema>;

const responseSchema = z.object({
	labels: z
		.object({
			data: z.array(labelSchema.nullable()).nullable(),
			pageInfo: z.object({ hasMore: z.boolean().nullish() }).nullable(),
		})
		.nullable(),
});

const properties: INodeProperties[] = [
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

export const description = updateDisplayOptions({ show: { resource: ['label'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : inputValidator(this.getNode(), i).limit(this.getNodeParameter('limit', i));
	const labels = await fetchPages(this, {
		document: GET_LABELS,
		variables: {},
		schema: responseSchema,
		select: (data): PageOf<Label> | null => data.labels,
		limit,
		itemIndex: i,
	});
	return labels.map((label) => ({ json: label, pairedItem: { item: i } }));
}
