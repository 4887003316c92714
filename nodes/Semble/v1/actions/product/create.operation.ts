import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { sembleRequest } from '../../../transport';
import { PRODUCT_FIELDS, productSchema } from '../../../records/product';
import { productDataFrom, productFieldOptions } from './productInput';
import { collection } from '../common/collections';
import type { OperationOption } from '../operation';
import { payload } from '../../../records/fields';

export const CREATE_PRODUCT = gql`
	mutation CreateProduct($productData: ProductDataInput!) {
		createProduct(productData: $productData) {
			data { ...ProductFields }
			error
		}
	}
	${PRODUCT_FIELDS}
`;

const responseSchema = z.object({
	createProduct: payload(productSchema),
});

export const option: OperationOption = {
	name: 'Create',
	description: 'Add a treatment, service or stock item',
	action: 'Create a product',
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const fields = {
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		name: this.getNodeParameter('name', i),
	};
	const productData = productDataFrom(this.getNode(), i, fields);
	const data = await sembleRequest.call(this, {
		document: CREATE_PRODUCT,
		variables: { productData },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	return [{ json: data.createProduct?.data ?? {}, pairedItem: { item: i } }];
}
