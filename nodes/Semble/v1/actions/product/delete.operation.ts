import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../common/locators';
import type { OperationOption } from '../operation';

export const DELETE_PRODUCT = gql`
	mutation DeleteProduct($id: ID!) {
		deleteProduct(id: $id) {
			data { id name }
			error
		}
	}
`;

const responseSchema = z.object({
	deleteProduct: z
		.object({
			data: z.object({ id: z.string(), name: z.string().nullish() }).nullable(),
			error: z.string().nullish(),
		})
		.nullable(),
});

export const option: OperationOption = { name: 'Delete', description: 'Delete a product', action: 'Delete a product' };

export const properties: INodeProperties[] = [
	locator('product', { description: 'The product to delete' }),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this.getNode(), i).id('Product', locatorParameter.call(this, 'productId', i));
	const data = await sembleRequest.call(this, {
		document: DELETE_PRODUCT,
		variables: { id },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	const deleted = data.deleteProduct?.data;
	return [{ json: { id: deleted?.id ?? id, name: deleted?.name ?? null, deleted: true }, pairedItem: { item: i } }];
}
