import type { INodeProperties } from 'n8n-workflow';

import * as getFreeSlots from './getFreeSlots.operation';

export { getFreeSlots };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['availability'] } },
		options: [
			{
				name: 'Get Free Slots',
				value: 'getFreeSlots',
				description: 'Free time in a room (and optionally for one clinician) over up to 7 days',
				action: 'Get free slots',
			},
		],
		default: 'getFreeSlots',
	},
	...getFreeSlots.description,
];
