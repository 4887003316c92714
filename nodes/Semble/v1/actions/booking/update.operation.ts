import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { optionalLocator } from '../../../pickers/locators';
import type { BookingValues } from './bookingInput';
import { bookingIdOf, bookingIdProperty, bookingWrite, optionalBookingFields, toBookingData } from './bookingInput';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Update',
	description: 'Reschedule or change clinician, room, type or comments',
	action: 'Reschedule a booking or change its clinician, room or appointment type',
};

export const properties: INodeProperties[] = [
	bookingIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Reschedule, or change clinician, room, appointment type or comments. The patient cannot be changed.',
		options: [
			optionalLocator('appointmentType', { description: 'The new appointment type (a bookable product)' }),
			optionalLocator('clinician', { description: 'The clinician the patient will see instead' }),
			{
				displayName: 'End',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'New end time; must be after Start',
			},
			optionalLocator('location', { description: 'The room to move the appointment to, listed with its site' }),
			{
				displayName: 'Start',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'New start time: pick it, or type e.g. 2026-03-29T09:00 or 29/03/2026 09:00 (UK time unless a zone is given)',
			},
			...optionalBookingFields,
		],
	},
];

/** Semble removed `patient` from updates (2026-04-30): to move a booking, cancel and re-create it. */
export const mutation = bookingWrite(
	'updateBooking',
	{ id: 'ID!', bookingData: 'BookingUpdateDataInput' },
	function (i) {
		const id = bookingIdOf.call(this, i);
		const bookingData = toBookingData(this, i, this.getNodeParameter('updateFields', i, {}) as BookingValues);
		inputValidator(this, i).somethingToUpdate(bookingData);
		return { id, bookingData };
	},
);
