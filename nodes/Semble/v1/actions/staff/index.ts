import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['staff'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a staff member by ID', action: 'Get a staff member' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List clinicians or all staff',
				action: 'Get many staff members',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
