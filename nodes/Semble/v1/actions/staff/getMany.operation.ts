import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchPages, listQuery } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import { STAFF_FIELDS, staffSchema } from '../../../records/staff';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const GET_STAFF = listQuery('GetStaff', 'users', { options: 'UsersQueryOptions', filters: 'UsersQueryFilters' }, STAFF_FIELDS);

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List clinicians or all staff',
	action: 'List clinicians, or all staff, to find who to book with',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Clinicians Only',
		name: 'cliniciansOnly',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only clinicians (staff who see patients); turn off to include reception and admin staff',
	},
	collection('filters', [
		{
			displayName: 'Include Deleted',
			name: 'includeDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether to include staff who have been removed from Semble',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Matches name or email',
		},
	]),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const cliniciansOnly = this.getNodeParameter('cliniciansOnly', i, true) as boolean;
	const filters = this.getNodeParameter('filters', i, {}) as { search?: string; includeDeleted?: boolean };

	const options: IDataObject = {};
	if (filters.search?.trim()) options.search = filters.search.trim();
	if (filters.includeDeleted) options.includeDeleted = true;
	const staff = await fetchPages(this, {
		document: GET_STAFF,
		variables: {
			options,
			// Off means everyone, not "non-clinicians only", so isClinician is never sent as false.
			filters: cliniciansOnly ? { isClinician: true } : undefined,
		},
		field: 'users',
		item: staffSchema,
		limit,
		itemIndex: i,
	});
	return staff.map((member) => ({ json: member, pairedItem: { item: i } }));
}
