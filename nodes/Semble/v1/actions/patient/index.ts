import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findDuplicates from './findDuplicates.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { create, findDuplicates, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['patient'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Add a new patient', action: 'Create a patient' },
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
		],
		default: 'get',
	},
	...create.description,
	...findDuplicates.description,
	...get.description,
	...getMany.description,
];
