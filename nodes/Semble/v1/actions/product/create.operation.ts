import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { productRecord } from '../../../records/product';
import { productDataFrom, productFieldOptions } from './productInput';
import { collection } from '../../../shared/collections';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Create',
	description: 'Add a treatment, service or stock item',
	action: 'Add a treatment, service or stock item',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Initial Consultation',
		description: 'Name shown to staff and on invoices',
	},
	collection('additionalFields', productFieldOptions),
];

export const mutation = recordWrite('createProduct', { productData: 'ProductDataInput!' }, productRecord, {
	prepare(i) {
		const fields = {
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
			name: this.getNodeParameter('name', i),
		};
		const productData = productDataFrom(this, i, fields);
		return { productData };
	},
});
