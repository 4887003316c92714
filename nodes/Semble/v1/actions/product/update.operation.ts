import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../common/locators';
import { PRODUCT_FIELDS, productSchema } from '../../../records/product';
import { productDataFrom, productFieldOptions } from './productInput';
import { collection } from '../common/collections';
import type { OperationOption } from '../operation';
import { payload } from '../../../records/fields';

export const UPDATE_PRODUCT = gql`
	mutation UpdateProduct($id: ID!, $productData: ProductDataInput!) {
		updateProduct(id: $id, productData: $productData) {
			data { ...ProductFields }
			error
		}
	}
	${PRODUCT_FIELDS}
`;

const responseSchema = z.object({
	updateProduct: payload(productSchema),
});

export const option: OperationOption = { name: 'Update', description: 'Change a product', action: 'Update a product' };

export const properties: INodeProperties[] = [
	locator('product', { description: 'The product to change' }),
	collection('updateFields', [
		...productFieldOptions,
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name' },
	]),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this.getNode(), i).id('Product', locatorParameter.call(this, 'productId', i));
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const productData = productDataFrom(this.getNode(), i, fields);
	inputValidator(this.getNode(), i).somethingToUpdate(productData);
	const data = await sembleRequest.call(this, {
		document: UPDATE_PRODUCT,
		variables: { id, productData },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	return [{ json: data.updateProduct?.data ?? {}, pairedItem: { item: i } }];
}
