import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as updateJourney from './updateJourney.operation';

export { cancel, create, get, getMany, update, updateJourney };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['booking'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a booking (Semble keeps it, marked cancelled)',
				action: 'Cancel a booking',
			},
			{ name: 'Create', value: 'create', description: 'Book an appointment', action: 'Create a booking' },
			{ name: 'Get', value: 'get', description: 'Get a booking by ID', action: 'Get a booking' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List bookings by appointment time or by when they changed',
				action: 'Get many bookings',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Reschedule or change clinician, room, type or comments',
				action: 'Update a booking',
			},
			{
				name: 'Update Journey',
				value: 'updateJourney',
				description: 'Mark arrived, in consultation, departed or no-show',
				action: 'Update a booking journey',
			},
		],
		default: 'get',
	},
	...cancel.description,
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...updateJourney.description,
];
