import type { INodeProperties } from 'n8n-workflow';

import * as execute from './execute.operation';

export { execute };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['graphql'] } },
		options: [
			{
				name: 'Execute Query',
				value: 'execute',
				description: 'Run any Semble GraphQL query or mutation',
				action: 'Execute a query',
			},
		],
		default: 'execute',
	},
	...execute.description,
];
