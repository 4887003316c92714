import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchPages, listQuery } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import { PRODUCT_FIELDS, productSchema } from '../../../records/product';
import type { OperationOption } from '../operation';

export const GET_PRODUCTS = listQuery('GetProducts', 'products', { search: 'String', options: 'QueryOptions' }, PRODUCT_FIELDS);

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List or search products and appointment types',
	action: 'Find products and appointment types by name, with prices',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as { search?: string; bookableOnly?: boolean };
	const products = await fetchPages(this, {
		document: GET_PRODUCTS,
		variables: { search: filters.search?.trim() || undefined },
		field: 'products',
		item: productSchema,
		limit,
		// Semble cannot filter on isBookable: applied here, page by page, and only matches count towards Limit.
		keep: filters.bookableOnly ? (product) => product.isBookable === true : undefined,
		itemIndex: i,
	});
	return products.map((product) => ({ json: product, pairedItem: { item: i } }));
}
