import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { inputValidator } from '../../../shared/validation';

import { gql } from '../../../shared/gql';
import type { PageOf } from '../../../shared/pagination';
import { fetchPages } from '../../../shared/pagination';
import type { Product } from './product.fields';
import { PRODUCT_FIELDS, productSchema } from './product.fields';

export const GET_PRODUCTS = gql`
	query GetProducts($search: String, $pagination: Pagination, $options: QueryOptions) {
		products(search: $search, pagination: $pagination, options: $options) {
			data { ...ProductFields }
			pageInfo { hasMore }
		}
	}
	${PRODUCT_FIELDS}
`;

const responseSchema = z.object({
	products: z
		.object({
			data: z.array(productSchema.nullable()).nullable(),
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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Bookable Only',
				name: 'bookableOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to return only products patients can be booked in for (appointment types)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Matches the product name',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : inputValidator(this.getNode(), i).limit(this.getNodeParameter('limit', i));
	const filters = this.getNodeParameter('filters', i, {}) as { search?: string; bookableOnly?: boolean };
	const products = await fetchPages(this, {
		document: GET_PRODUCTS,
		variables: { search: filters.search?.trim() || undefined },
		schema: responseSchema,
		select: (data): PageOf<Product> | null => data.products,
		limit,
		// Semble cannot filter on isBookable: applied here, page by page, and only matches count towards Limit.
		keep: filters.bookableOnly ? (product) => product.isBookable === true : undefined,
		itemIndex: i,
	});
	return products.map((product) => ({ json: product, pairedItem: { item: i } }));
}
