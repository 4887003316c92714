import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteProduct from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteProduct as delete, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a treatment, service or stock item',
				action: 'Create a product',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete a product', action: 'Delete a product' },
			{ name: 'Get', value: 'get', description: 'Get a product by ID', action: 'Get a product' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List or search products and appointment types',
				action: 'Get many products',
			},
			{ name: 'Update', value: 'update', description: 'Change a product', action: 'Update a product' },
		],
		default: 'getMany',
	},
	...create.description,
	...deleteProduct.description,
	...get.description,
	...getMany.description,
	...update.description,
];
