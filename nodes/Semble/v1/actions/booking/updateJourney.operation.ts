import { DateTime } from 'luxon';
import type { INodeProperties } from 'n8n-workflow';

import { PRACTICE_TIMEZONE } from '../../../shared/practiceTime';
import { inputValidator } from '../../../shared/validation';
import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty, bookingWrite } from './bookingInput';

export const option: OperationOption = {
	name: 'Update Journey',
	description: 'Mark arrived, in consultation, departed or no-show',
	action: 'Mark a patient arrived, in consultation, departed or a no-show',
};

export const properties: INodeProperties[] = [
	bookingIdProperty,
	{
		displayName: 'Stage',
		name: 'journeyStage',
		type: 'options',
		options: [
			{ name: 'Arrived', value: 'arrived', description: 'The patient has arrived' },
			{ name: 'In Consultation', value: 'consultation', description: 'The consultation has started' },
			{ name: 'Departed (Completed)', value: 'departed', description: 'The appointment is over' },
			{ name: 'Did Not Attend (No-Show)', value: 'dna', description: 'The patient did not come' },
		],
		default: 'arrived',
	},
	{
		displayName: 'Time',
		name: 'date',
		type: 'dateTime',
		default: '',
		description: 'When it happened; leave empty for now',
	},
];

export const mutation = bookingWrite(
	'updateBookingJourney',
	{ id: 'ID!', bookingJourneyInput: 'BookingJourneyInput' },
	function (i) {
		const when = this.getNodeParameter('date', i, '') as string;
		const date = when
			? inputValidator(this, i).dateTime('Time', when)
			: (DateTime.now().setZone(PRACTICE_TIMEZONE).toISO({ suppressMilliseconds: true }) as string);
		return {
			id: bookingIdOf.call(this, i),
			bookingJourneyInput: { journeyStage: this.getNodeParameter('journeyStage', i), date },
		};
	},
);
