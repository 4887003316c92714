import type { INodeProperties } from 'n8n-workflow';

import { bookingRecord, withDerivedFields } from '../../../records/booking';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty } from './bookingInput';

export const option: OperationOption = {
	name: 'Cancel',
	description: 'Cancel a booking (Semble keeps it, marked cancelled)',
	action: 'Cancel a booking',
};

export const properties: INodeProperties[] = [
	bookingIdProperty,
	{
		displayName: 'Send Cancellation Messages',
		name: 'sendCancellationMessages',
		type: 'boolean',
		default: true,
		description: 'Whether Semble tells the patient the appointment is cancelled',
	},
];

/** Semble cancels by deleting: the booking stays readable with deleted = true and a reason. */
export const mutation = recordWrite(
	'deleteBooking',
	{ id: 'ID!', sendCancellationMessages: 'Boolean' },
	bookingRecord,
	{
		prepare(i) {
			const id = bookingIdOf.call(this, i);
			return { id, sendCancellationMessages: this.getNodeParameter('sendCancellationMessages', i) as boolean };
		},
		output: (booking, call) => (booking ? withDerivedFields(booking) : { id: call.id as string, deleted: true }),
	},
);
