import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { BOOKING_FIELDS, bookingSchema, simplifyBooking, withDerivedFields } from '../../../records/booking';
import { gql } from '../../../shared/gql';
import { sembleRequest } from '../../../transport';
import { simplifyProperty } from '../common/simplify';
import type { OperationOption } from '../operation';
import { bookingIdOf, bookingIdProperty } from './bookingInput';

export const GET_BOOKING = gql`
	query GetBooking($id: ID!) {
		booking(id: $id) { ...BookingFields }
	}
	${BOOKING_FIELDS}
`;

const responseSchema = z.object({ booking: bookingSchema.nullable() });

export const option: OperationOption = { name: 'Get', description: 'Get a booking by ID', action: 'Get one booking by its ID, with time, clinician, room and status' };

export const properties: INodeProperties[] = [
	bookingIdProperty,
	simplifyProperty,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = bookingIdOf.call(this, i);
	const data = await sembleRequest.call(this, {
		document: GET_BOOKING,
		variables: { id },
		kind: 'read',
		schema: responseSchema,
		itemIndex: i,
	});
	if (!data.booking) throw new NodeOperationError(this.getNode(), `No booking with ID ${id}`, { itemIndex: i });
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const booking = data.booking;
	return [{ json: simplify ? simplifyBooking(booking) : withDerivedFields(booking), pairedItem: { item: i } }];
}
