import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { fetchPages } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import type { OperationOption } from '../operation';

export const GET_LABELS = gql`
	query GetLabels($pagination: Pagination) {
		labels(pagination: $pagination) {
			data { id title color }
			pageInfo { hasMore }
		}
	}
`;

const labelSchema = z.object({ id: z.string(), title: z.string().nullish(), color: z.string().nullish() });

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the practice’s patient labels (e.g. VIP, Insurance)',
	action: 'List the practice labels (such as VIP) to find a label ID',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
];

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
