import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty, bookingWrite } from './bookingInput';

export const option: OperationOption = {
	name: 'Cancel',
	description: 'Cancel a booking (Semble keeps it, marked cancelled)',
	action: 'Cancel a booking (it stays readable, marked cancelled)',
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
export const mutation = bookingWrite(
	'deleteBooking',
	{ id: 'ID!', sendCancellationMessages: 'Boolean' },
	function (i) {
		const sendCancellationMessages = this.getNodeParameter('sendCancellationMessages', i) as boolean;
		return { id: bookingIdOf.call(this, i), sendCancellationMessages };
	},
	(call) => ({ id: call.id as string, deleted: true }),
);
