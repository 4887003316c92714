import type { INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../../../pickers/locators';
import type { Mutation } from '../mutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Delete',
	description: 'Delete a product',
	action: 'Delete a product or service the practice no longer offers',
};

export const properties: INodeProperties[] = [locator('product', { description: 'The product to delete' })];

const deletedProduct = z.object({ id: z.string(), name: z.string().nullish() });

export const mutation: Mutation = {
	field: 'deleteProduct',
	args: { id: 'ID!' },
	selection: 'data { id name } error',
	schema: deletedProduct,
	prepare(i) {
		const id = inputValidator(this, i).id('Product', locatorParameter.call(this, 'productId', i));
		return { id };
	},
	output: (deleted, call) => ({ id: deleted?.id ?? (call.id as string), name: deleted?.name ?? null, deleted: true }),
};
