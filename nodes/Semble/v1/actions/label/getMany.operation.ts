import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';


import { gql } from '../../../shared/gql';
import { fetchPages, limitOf, returnAllOrLimit } from '../../../shared/pagination';

export const GET_LABELS = gql`
	query GetLabels($pagination: Pagination) {
		labels(pagination: $pagination) {
			data { id title color }
			pageInfo { hasMore }
		}
	}
`;

const labelSchema = z.object({ id: z.string(), title: z.string().nullish(), color: z.string().nullish() });


const properties: INodeProperties[] = [
	...returnAllOrLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['label'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const labels = await fetchPages(this, {
		document: GET_LABELS,
		variables: {},
		field: 'labels',
		item: labelSchema,
		limit,
		itemIndex: i,
	});
	return labels.map((label) => ({ json: label, pairedItem: { item: i } }));
}
