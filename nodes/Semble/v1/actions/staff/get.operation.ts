import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../../../pickers/locators';
import { STAFF_FIELDS, staffSchema } from '../../../records/staff';
import type { OperationOption } from '../operation';

export const GET_STAFF_MEMBER = gql`
	query GetStaffMember($id: ID!) {
		user(id: $id) { ...StaffFields }
	}
	${STAFF_FIELDS}
`;

const responseSchema = z.object({ user: staffSchema.nullable() });

export const option: OperationOption = { name: 'Get', description: 'Get a staff member by ID', action: 'Get one member of staff by their ID' };

export const properties: INodeProperties[] = [
	locator('staff'),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this, i).id('Staff Member', locatorParameter.call(this, 'staffId', i));
	const data = await sembleRequest.call(this, {
		document: GET_STAFF_MEMBER,
		variables: { id },
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	if (!data.user) {
		throw new NodeOperationError(this.getNode(), `No staff member with ID ${id}`, { itemIndex: i });
	}
	return [{ json: data.user, pairedItem: { item: i } }];
}
