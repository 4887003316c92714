import { z } from 'zod';

import type { Booking } from '../records/booking';
import { BOOKING_FIELDS, bookingSchema, isPatientBooking, withDerivedFields } from '../records/booking';
import { INVOICE_FIELDS, invoiceSchema } from '../records/invoice';
import { PATIENT_FIELDS, patientSchema, simplifyPatient } from '../records/patient';
import { PRODUCT_FIELDS, productSchema } from '../records/product';
import { listQuery } from '../shared/pagination';
import type { Stamped } from './pollCycle';

/** What the Semble Trigger can watch, and how each event is recognised. */

export type Watched = 'patient' | 'booking' | 'invoice' | 'product';
export type TriggerEvent = 'createdOrUpdated' | 'created' | 'updated' | 'deleted' | 'journey';

/**
 * The same records, fragments and views as the Semble node's Get Many: a trigger item and a
 * Get Many item of one record have one shape. The exported documents are what the schema
 * test validates.
 */
export const WATCH_PATIENTS = listQuery('WatchPatients', 'patients', { options: 'QueryOptions' }, PATIENT_FIELDS);
export const WATCH_BOOKINGS = listQuery('WatchBookings', 'bookings', { options: 'QueryOptions' }, BOOKING_FIELDS);
export const WATCH_INVOICES = listQuery('WatchInvoices', 'invoices', { options: 'QueryOptions' }, INVOICE_FIELDS);
export const WATCH_PRODUCTS = listQuery('WatchProducts', 'products', { options: 'QueryOptions' }, PRODUCT_FIELDS);

/** A listed record: an id, its change times, and whatever else its record type has. */
export type Row = { id: string; createdAt?: string | null; updatedAt?: string | null; [field: string]: unknown };

/** A change of one record: the record, and the time (and journey stage) the poll keys it by. */
export type Change = Stamped & { record: Row };

export interface Watcher {
	field: string;
	document: string;
	row: z.ZodTypeAny;
	/** Deleted records are only listed when asked (bookings: cancelled ones). */
	includeDeleted?: boolean;
	/** The output item; `simplified` is what Fields › Simplified returns. */
	output: (row: Row, simplified: boolean) => Record<string, unknown>;
}

export const watchers: Record<Watched, Watcher> = {
	patient: {
		field: 'patients',
		document: WATCH_PATIENTS,
		row: patientSchema,
		output: (row, simplified) => (simplified ? simplifyPatient(row as z.infer<typeof patientSchema>) : row),
	},
	booking: {
		field: 'bookings',
		document: WATCH_BOOKINGS,
		row: bookingSchema,
		includeDeleted: true,
		output: (row) => withDerivedFields(row as Booking),
	},
	invoice: { field: 'invoices', document: WATCH_INVOICES, row: invoiceSchema, output: (row) => row },
	product: { field: 'products', document: WATCH_PRODUCTS, row: productSchema, output: (row) => row },
};

/** Which change time an event follows: "created" follows createdAt, the rest updatedAt. */
export const stampField = (event: TriggerEvent) => (event === 'created' ? 'createdAt' : 'updatedAt');

const JOURNEY = { arrived: 'arrived', consultation: 'in consultation', departed: 'completed', dna: 'no-show' } as const;

/**
 * The rows read that are this event, each with the stamp it is keyed by. Journey events are
 * keyed by the stage's own time and only count from `since` (the check's overlap), so a
 * later edit of the booking does not fire them again.
 */
export function eventRows(watched: Watched, event: TriggerEvent, rows: Row[], since: number): Change[] {
	const stamped = (record: Row, stamp: string | null | undefined, variant?: string): Change[] =>
		stamp ? [{ id: record.id, stamp, variant, record }] : [];
	return rows.flatMap((row) => {
		// Blocked time (out-of-office bookings, no patient) is not a booking event.
		if (watched === 'booking' && !isPatientBooking(row as Partial<Booking>)) return [];
		if (event === 'created') return stamped(row, row.createdAt);
		if (event === 'updated') return row.createdAt === row.updatedAt ? [] : stamped(row, row.updatedAt);
		if (event === 'createdOrUpdated') return stamped(row, row.updatedAt);
		if (event === 'deleted') {
			const gone = watched === 'booking' ? (row as Partial<Booking>).deleted : row.archived;
			return gone ? stamped(row, row.updatedAt) : [];
		}
		const { bookingJourney: journey, deleted } = row as Partial<Booking>;
		if (!journey || deleted) return [];
		return (Object.keys(JOURNEY) as Array<keyof typeof JOURNEY>).flatMap((stage) => {
			const at = journey[stage];
			return at && Date.parse(at) >= since ? stamped(row, at, JOURNEY[stage]) : [];
		});
	});
}

const EVENT_WORDS: Record<TriggerEvent, string> = {
	createdOrUpdated: 'created or updated',
	created: 'created',
	updated: 'updated',
	deleted: 'deleted',
	journey: 'with a journey change',
};

/**
 * The `triggerEvent` of an item: the event as the user picked it in the Event list
 * ("Cancelled" → `cancelled`, "Journey Changed" → `journeyChanged`), not the internal value.
 */
export function triggerEventName(watched: Watched, event: TriggerEvent): string {
	if (event === 'deleted') return watched === 'booking' ? 'cancelled' : 'archived';
	return event === 'journey' ? 'journeyChanged' : event;
}

/** The chosen event in words, for "nothing matches" messages: e.g. "bookings cancelled for this clinician". */
export function describeEvent(
	watched: Watched,
	event: TriggerEvent,
	filters: { clinicianId?: string; locationId?: string },
) {
	const what = event === 'deleted' ? triggerEventName(watched, event) : EVENT_WORDS[event];
	const only = [filters.clinicianId && 'for this clinician', filters.locationId && 'in this room'].filter(Boolean);
	return [`${watched}s ${what}`, ...only].join(' ');
}
