import { z } from 'zod';

import { gql } from '../shared/gql';
import { toPracticeTime } from '../shared/practiceTime';
import { text } from './fields';

/** A booking as the Semble node and triggers output it. */
export const BOOKING_FIELDS = gql`
	fragment BookingFields on Booking {
		id
		start
		end
		patientId
		doctor { id fullName }
		location { id name groupName }
		appointment { id title duration price }
		bookingJourney { arrived consultation departed dna }
		comments
		reference
		videoUrl
		billed
		onlineBookingPaymentStatus
		deleted
		cancellationReason
		createdAt
		updatedAt
	}
`;

export const bookingSchema = z.object({
	id: z.string(),
	start: text,
	end: text,
	patientId: text,
	doctor: z.object({ id: z.string(), fullName: text }).nullish(),
	location: z.object({ id: z.string(), name: text, groupName: text }).nullish(),
	appointment: z
		.object({ id: text, title: text, duration: z.number().nullish(), price: z.number().nullish() })
		.nullish(),
	bookingJourney: z.object({ arrived: text, consultation: text, departed: text, dna: text }).nullish(),
	comments: text,
	reference: text,
	videoUrl: text,
	billed: z.boolean().nullish(),
	onlineBookingPaymentStatus: text,
	deleted: z.boolean().nullish(),
	cancellationReason: text,
	createdAt: text,
	updatedAt: text,
});

/** What Simplify reads, and all a simplified list asks Semble for. */
export const SIMPLE_BOOKING_FIELDS = gql`
	fragment SimpleBookingFields on Booking {
		id
		start
		end
		patientId
		doctor { id fullName }
		location { id name groupName }
		appointment { id title price }
		bookingJourney { arrived consultation departed dna }
		comments
		deleted
		cancellationReason
		createdAt
		updatedAt
	}
`;

export const simpleBookingSchema = bookingSchema.pick({
	id: true,
	start: true,
	end: true,
	patientId: true,
	doctor: true,
	location: true,
	appointment: true,
	bookingJourney: true,
	comments: true,
	deleted: true,
	cancellationReason: true,
	createdAt: true,
	updatedAt: true,
});

/** The booking as writes select it and answer with it. */
export const bookingRecord = { fragment: BOOKING_FIELDS, schema: bookingSchema };

export type Booking = z.infer<typeof bookingSchema>;

export type BookingStatus = 'booked' | 'arrived' | 'in consultation' | 'completed' | 'no-show' | 'cancelled';

/**
 * Semble bookings have no status field; this one is derived (documented as such):
 * deleted → cancelled; journey dna → no-show; departed → completed; consultation →
 * in consultation; arrived → arrived; otherwise booked.
 */
export function bookingStatus(booking: Pick<Booking, 'deleted' | 'bookingJourney'>): BookingStatus {
	const journey = booking.bookingJourney;
	if (booking.deleted) return 'cancelled';
	if (journey?.dna) return 'no-show';
	if (journey?.departed) return 'completed';
	if (journey?.consultation) return 'in consultation';
	if (journey?.arrived) return 'arrived';
	return 'booked';
}

/**
 * A patient's booking, not blocked time: Availability › Block Time makes Semble's
 * out-of-office bookings, which have no patient. Whether Semble's bookings list shows them is
 * not documented ([INF]), so reads that mean appointments leave them out.
 */
export const isPatientBooking = (booking: { patientId?: string | null }) => Boolean(booking.patientId);

/** Output shape: Semble's fields plus the derived status and the times in practice time. */
export function withDerivedFields(booking: Booking) {
	return { ...booking, status: bookingStatus(booking), startLocal: toPracticeTime(booking.start), endLocal: toPracticeTime(booking.end) };
}

/**
 * Simplify: one flat object — status, UK-local times, who, where, what — named with the
 * node's own words (clinician, room, appointment type) beside Semble's ids; full mode keeps
 * Semble's names (doctor, location, appointment).
 */
export function simplifyBooking(booking: z.infer<typeof simpleBookingSchema>) {
	return {
		id: booking.id,
		status: bookingStatus(booking),
		start: booking.start ?? null,
		end: booking.end ?? null,
		startLocal: toPracticeTime(booking.start),
		endLocal: toPracticeTime(booking.end),
		patientId: booking.patientId ?? null,
		clinicianId: booking.doctor?.id ?? null,
		clinicianName: booking.doctor?.fullName ?? null,
		roomId: booking.location?.id ?? null,
		room: booking.location?.name ?? null,
		site: booking.location?.groupName ?? null,
		appointmentTypeId: booking.appointment?.id ?? null,
		appointmentType: booking.appointment?.title ?? null,
		price: booking.appointment?.price ?? null,
		comments: booking.comments ?? null,
		cancellationReason: booking.cancellationReason ?? null,
		createdAt: booking.createdAt ?? null,
		updatedAt: booking.updatedAt ?? null,
	};
}
