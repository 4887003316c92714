import type { INodeProperties } from 'n8n-workflow';

import * as addAttribute from './addAttribute.operation';
import * as addLabel from './addLabel.operation';
import * as addNumber from './addNumber.operation';
import * as addPhone from './addPhone.operation';
import * as removeAttribute from './removeAttribute.operation';
import * as removeLabel from './removeLabel.operation';
import * as removeNumber from './removeNumber.operation';
import * as removePhone from './removePhone.operation';
import * as updateAttribute from './updateAttribute.operation';
import * as updateNumber from './updateNumber.operation';
import * as updatePhone from './updatePhone.operation';
import * as archive from './archive.operation';
import * as create from './create.operation';
import * as deletePatient from './delete.operation';
import * as findDuplicates from './findDuplicates.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as unarchive from './unarchive.operation';
import * as update from './update.operation';

export {
	addAttribute,
	addLabel,
	addNumber,
	addPhone,
	archive,
	create,
	deletePatient,
	findDuplicates,
	get,
	getMany,
	removeAttribute,
	removeLabel,
	removeNumber,
	removePhone,
	unarchive,
	update,
	updateAttribute,
	updateNumber,
	updatePhone,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['patient'] } },
		options: [
			{
				name: 'Add Attribute',
				value: 'addAttribute',
				description: 'Add a custom attribute (title and response) to a patient',
				action: 'Add a custom attribute to a patient',
			},
			{
				name: 'Add Label',
				value: 'addLabel',
				description: 'Put one of the practice labels on a patient',
				action: 'Add a label to a patient',
			},
			{
				name: 'Add Number',
				value: 'addNumber',
				description: 'Add an identifier such as an NHS number to a patient',
				action: 'Add an identifier number to a patient',
			},
			{
				name: 'Add Phone',
				value: 'addPhone',
				description: 'Add a phone number to a patient',
				action: 'Add a phone number to a patient',
			},
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
			{
				name: 'Remove Attribute',
				value: 'removeAttribute',
				description: 'Remove a custom attribute from a patient',
				action: 'Remove a custom attribute from a patient',
			},
			{
				name: 'Remove Label',
				value: 'removeLabel',
				description: 'Take a label off a patient',
				action: 'Remove a label from a patient',
			},
			{
				name: 'Remove Number',
				value: 'removeNumber',
				description: 'Remove an identifier such as an NHS number from a patient',
				action: 'Remove an identifier number from a patient',
			},
			{
				name: 'Remove Phone',
				value: 'removePhone',
				description: 'Remove a phone number from a patient',
				action: 'Remove a phone number from a patient',
			},
			{ name: 'Unarchive', value: 'unarchive', description: 'Bring an archived patient back', action: 'Unarchive a patient' },
			{
				name: 'Update',
				value: 'update',
				description: 'Change details or consent (phones, labels and numbers have their own operations)',
				action: 'Update a patient',
			},
			{
				name: 'Update Attribute',
				value: 'updateAttribute',
				description: 'Change a patient’s custom attribute',
				action: 'Update a custom attribute of a patient',
			},
			{
				name: 'Update Number',
				value: 'updateNumber',
				description: 'Correct the value of a patient’s identifier such as an NHS number',
				action: 'Update an identifier number of a patient',
			},
			{
				name: 'Update Phone',
				value: 'updatePhone',
				description: 'Change a patient’s phone number or its type',
				action: 'Update a phone number of a patient',
			},
		],
		default: 'get',
	},
	...addAttribute.description,
	...addLabel.description,
	...addNumber.description,
	...addPhone.description,
	...archive.description,
	...create.description,
	...deletePatient.description,
	...findDuplicates.description,
	...get.description,
	...getMany.description,
	...removeAttribute.description,
	...removeLabel.description,
	...removeNumber.description,
	...removePhone.description,
	...unarchive.description,
	...update.description,
	...updateAttribute.description,
	...updateNumber.description,
	...updatePhone.description,
];
