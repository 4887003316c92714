import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { BOOKING_FIELDS, bookingSchema, withDerivedFields } from '../../../records/booking';
import { gql } from '../../../shared/gql';
import { sembleRequest } from '../../../transport';
import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty } from './bookingInput';
import { payload } from '../../../records/fields';

/** Semble cancels by deleting: the booking stays readable with deleted = true and a reason. */
export const CANCEL_BOOKING = gql`
	mutation CancelBooking($id: ID!, $sendCancellationMessages: Boolean) {
		deleteBooking(id: $id, sendCancellationMessages: $sendCancellationMessages) {
			data { ...BookingFields }
			error
		}
	}
	${BOOKING_FIELDS}
`;

const responseSchema = z.object({
	deleteBooking: payload(bookingSchema),
});

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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = bookingIdOf.call(this, i);
	const data = await sembleRequest.call(this, {
		document: CANCEL_BOOKING,
		variables: { id, sendCancellationMessages: this.getNodeParameter('sendCancellationMessages', i) as boolean },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	const booking = data.deleteBooking?.data;
	return [{ json: booking ? withDerivedFields(booking) : { id, deleted: true }, pairedItem: { item: i } }];
}
