import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../../../pickers/locators';
import { productRecord } from '../../../records/product';
import { productDataFrom, productFieldOptions } from './productInput';
import { collection } from '../../../shared/collections';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = { name: 'Update', description: 'Change a product', action: 'Change a product’s name, price or other details' };

export const properties: INodeProperties[] = [
	locator('product', { description: 'The product to change' }),
	collection('updateFields', [
		...productFieldOptions,
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name' },
	]),
];

export const mutation = recordWrite('updateProduct', { id: 'ID!', productData: 'ProductDataInput!' }, productRecord, {
	prepare(i) {
		const id = inputValidator(this, i).id('Product', locatorParameter.call(this, 'productId', i));
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const productData = productDataFrom(this, i, fields);
		inputValidator(this, i).somethingToUpdate(productData);
		return { id, productData };
	},
});
