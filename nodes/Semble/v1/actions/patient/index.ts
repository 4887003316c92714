import type { INodeProperties } from 'n8n-workflow';

import * as archive from './archive.operation';
import * as create from './create.operation';
import * as deletePatient from './delete.operation';
import * as findDuplicates from './findDuplicates.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as unarchive from './unarchive.operation';
import * as update from './update.operation';

export { archive, create, deletePatient, findDuplicates, get, getMany, unarchive, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['patient'] } },
		options: [
			{
				name: 'Archive',
				value: 'archive',
				description: 'Take a patient out of use, keeping the record',
				action: 'Archive a patient',
			},
			{ name: 'Create', value: 'create', description: 'Add a new patient', action: 'Create a patient' },
			{ name: 'Delete', value: 'delete', description: 'Delete a patient for good', action: 'Delete a patient' },
			{
				name: 'Find Duplicates',
				value: 'findDuplicates',
				description: 'Check for an existing patient by NHS number, email, or name and date of birth',
				action: 'Find duplicate patients',
			},
			{ name: 'Get', value: 'get', description: 'Get a patient by ID', action: 'Get a patient' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List or search patients',
				action: 'Get many patients',
			},
			{ name: 'Unarchive', value: 'unarchive', description: 'Bring an archived patient back', action: 'Unarchive a patient' },
			{
				name: 'Update',
				value: 'update',
				description: 'Change details or consent (phones, labels and numbers have their own operations)',
				action: 'Update a patient',
			},
		],
		default: 'get',
	},
	...archive.description,
	...create.description,
	...deletePatient.description,
	...findDuplicates.description,
	...get.description,
	...getMany.description,
	...unarchive.description,
	...update.description,
];
