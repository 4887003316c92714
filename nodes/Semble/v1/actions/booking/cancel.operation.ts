import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { BOOKING_FIELDS, bookingSchema, withDerivedFields } from '../../../shared/booking';
import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';

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
	deleteBooking: z.object({ data: bookingSchema.nullable(), error: z.string().nullish() }).nullable(),
});

const properties: INodeProperties[] = [
	{ displayName: 'Booking ID', name: 'bookingId', type: 'string', required: true, default: '' },
	{
		displayName: 'Send Cancellation Messages',
		name: 'sendCancellationMessages',
		type: 'boolean',
		default: true,
		description: 'Whether Semble tells the patient the appointment is cancelled',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['booking'], operation: ['cancel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = inputValidator(this.getNode(), i).id('Booking ID', this.getNodeParameter('bookingId', i));
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
