import { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { BOOKING_FIELDS, bookingSchema, withDerivedFields } from '../../../records/booking';
import { gql } from '../../../shared/gql';
import { inputValidator, PRACTICE_TIMEZONE } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty } from './bookingInput';
import { payload } from '../../../records/fields';

export const UPDATE_BOOKING_JOURNEY = gql`
	mutation UpdateBookingJourney($id: ID!, $bookingJourneyInput: BookingJourneyInput) {
		updateBookingJourney(id: $id, bookingJourneyInput: $bookingJourneyInput) {
			data { ...BookingFields }
			error
		}
	}
	${BOOKING_FIELDS}
`;

const responseSchema = z.object({
	updateBookingJourney: payload(bookingSchema),
});

export const option: OperationOption = {
	name: 'Update Journey',
	description: 'Mark arrived, in consultation, departed or no-show',
	action: 'Update a booking journey',
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this.getNode(), i);
	const id = bookingIdOf.call(this, i);
	const when = this.getNodeParameter('date', i, '') as string;
	const date = when
		? input.dateTime('Time', when)
		: (DateTime.now().setZone(PRACTICE_TIMEZONE).toISO({ suppressMilliseconds: true }) as string);
	const data = await sembleRequest.call(this, {
		document: UPDATE_BOOKING_JOURNEY,
		variables: { id, bookingJourneyInput: { journeyStage: this.getNodeParameter('journeyStage', i), date } },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	const booking = data.updateBookingJourney?.data;
	return [{ json: booking ? withDerivedFields(booking) : {}, pairedItem: { item: i } }];
}
