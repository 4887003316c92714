import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['practice'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the practice’s rooms, sites, appointment types and payment types',
				action: 'Get the practice',
			},
		],
		default: 'get',
	},
	...get.description,
];
