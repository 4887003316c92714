import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Booking } from '../../../records/booking';
import {
	BOOKING_FIELDS,
	SIMPLE_BOOKING_FIELDS,
	bookingSchema,
	isPatientBooking,
	simpleBookingSchema,
	simplifyBooking,
	withDerivedFields,
} from '../../../records/booking';
import { listQuery } from '../../../shared/pagination';
import { limitOf, returnAllOrLimit } from '../common/limit';
import { inputValidator } from '../../../shared/validation';
import { dateFilter } from '../common/filters';
import { locatorId, optionalLocator } from '../../../pickers/locators';
import { fetchSimplifiable, simplifyProperty } from '../common/simplify';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';
import { NO_BOOKING_MATCHED, hintOnce } from '../common/hints';

const ARGS = { dateRange: 'DateRange', options: 'QueryOptions' };
export const GET_BOOKINGS = listQuery('GetBookings', 'bookings', ARGS, BOOKING_FIELDS);
/** With Simplify on, only what the simplified booking shows is asked for. */
export const GET_SIMPLE_BOOKINGS = listQuery('GetSimpleBookings', 'bookings', ARGS, SIMPLE_BOOKING_FIELDS);

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List bookings by appointment time or by when they changed',
	action: 'Find bookings by appointment date, or bookings changed since a time',
};

export const properties: INodeProperties[] = [
	...returnAllOrLimit,
	collection('filters', [
		dateFilter('Appointment From', 'appointmentFrom', 'Bookings whose start or end is at or after this time'),
		dateFilter('Appointment To', 'appointmentTo', 'Bookings whose start or end is at or before this time'),
		optionalLocator('clinician', { description: 'Only this clinician’s bookings' }),
		{
			displayName: 'Include Cancelled',
			name: 'includeCancelled',
			type: 'boolean',
			default: false,
			description: 'Whether to include cancelled (deleted) bookings, with status "cancelled"',
		},
		{
			displayName: 'Include Blocked Time',
			name: 'includeBlocks',
			type: 'boolean',
			default: false,
			description:
				'Whether to include out-of-office blocks (Availability › Block Time): bookings with no patient, status "booked"',
		},
		optionalLocator('patient', { description: 'Only this patient’s bookings' }),
		optionalLocator('location', { description: 'Only bookings in this room' }),
		dateFilter(
			'Updated After',
			'updatedAfter',
			'Bookings changed at or after this time (use this to find changes, not Appointment From)',
		),
		dateFilter('Updated Before', 'updatedBefore', 'Bookings changed at or before this time'),
	]),
	simplifyProperty,
];

interface Filters {
	appointmentFrom?: string;
	appointmentTo?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	includeCancelled?: boolean;
	includeBlocks?: boolean;
	/** Locator values (or plain IDs from before they were locators). */
	clinicianId?: unknown;
	locationId?: unknown;
	patientId?: unknown;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as Filters;
	const range = (from: string | undefined, to: string | undefined, fromName: string, toName: string) =>
		from || to
			? { start: from ? input.dateTime(fromName, from) : undefined, end: to ? input.dateTime(toName, to) : undefined }
			: undefined;
	const options = {
		updatedAt: range(filters.updatedAfter, filters.updatedBefore, 'Updated After', 'Updated Before'),
		includeDeleted: filters.includeCancelled || undefined,
	};
	const optionalId = (field: string, value: unknown) => {
		const id = locatorId(value);
		return id ? input.id(field, id) : undefined;
	};
	const clinician = optionalId('Clinician', filters.clinicianId);
	const location = optionalId('Room', filters.locationId);
	const patient = optionalId('Patient', filters.patientId);
	// Semble cannot filter bookings by clinician, room or patient; those are applied here.
	const blocks = filters.includeBlocks === true;
	const keep = (b: Pick<Booking, 'doctor' | 'location' | 'patientId'>) =>
		(blocks || isPatientBooking(b)) &&
		(!clinician || b.doctor?.id === clinician) &&
		(!location || b.location?.id === location) &&
		(!patient || b.patientId === patient);

	const request = {
		variables: {
			dateRange: range(filters.appointmentFrom, filters.appointmentTo, 'Appointment From', 'Appointment To'),
			options,
		},
		field: 'bookings',
		limit: limitOf(this, i),
		keep,
		keepsMost: !(clinician || location || patient),
		itemIndex: i,
	};
	const bookings = await fetchSimplifiable(this, i, request, {
		full: { document: GET_BOOKINGS, item: bookingSchema, output: withDerivedFields },
		simple: { document: GET_SIMPLE_BOOKINGS, item: simpleBookingSchema, output: simplifyBooking },
	});
	if (bookings.length === 0) hintOnce(this, NO_BOOKING_MATCHED);
	return bookings.map((booking) => ({ json: booking, pairedItem: { item: i } }));
}
