import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../../../pickers/locators';
import { PRODUCT_FIELDS, productSchema } from '../../../records/product';
import type { OperationOption } from '../operation';

export const GET_PRODUCT = gql`
	query GetProduct($id: ID!) {
		product(id: $id) { ...ProductFields }
	}
	${PRODUCT_FIELDS}
`;

const responseSchema = z.object({ product: productSchema.nullable() });

export const option: OperationOption = { name: 'Get', description: 'Get a product by ID', action: 'Get one product or appointment type by its ID, with price and length' };

export const properties: INodeProperties[] = [
	locator('product'),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this, i).id('Product', locatorParameter.call(this, 'productId', i));
	const data = await sembleRequest.call(this, {
		document: GET_PRODUCT,
		variables: { id },
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	if (!data.product) {
		throw new NodeOperationError(this.getNode(), `No product with ID ${id}`, { itemIndex: i });
	}
	return [{ json: data.product, pairedItem: { item: i } }];
}
