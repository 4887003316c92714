import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as update from './update.operation';

export { create, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a note to a patient’s record',
				action: 'Create a note',
			},
			{ name: 'Update', value: 'update', description: 'Change a note’s title or text', action: 'Update a note' },
		],
		default: 'create',
	},
	...create.description,
	...update.description,
];
