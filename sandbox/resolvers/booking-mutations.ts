/** createBooking / updateBooking / deleteBooking (= cancel) / updateBookingJourney / createOutOfOfficeBooking. */
import type { Ctx } from '../context';
import type { BookingRecord, JourneyRecord } from '../types';
import { type Args, dateInput, payload, PayloadError, required, type ResolverMap } from './common';

const JOURNEY_EVENTS: Record<keyof JourneyRecord, string> = {
  arrived: 'booking.patientJourney.arrived',
  consultation: 'booking.patientJourney.inConsultation',
  departed: 'booking.patientJourney.completed',
  dna: 'booking.patientJourney.noShow',
};

function liveBooking(ctx: Ctx, id: unknown): BookingRecord {
  const b = ctx.store.bookings.get(String(id));
  if (!b) throw new PayloadError('Booking not found');
  // ASSUMPTION: a deleted (cancelled) booking cannot be changed any more.
  if (b.deleted) throw new PayloadError('Booking has been deleted');
  return b;
}

function checkRefs(ctx: Ctx, d: Args): void {
  if (d.location !== undefined && d.location !== null && !ctx.store.locations.has(d.location)) throw new PayloadError('Location not found');
  if (d.bookingType !== undefined && d.bookingType !== null) {
    const p = ctx.store.products.get(d.bookingType);
    if (!p || p.deleted || !p.isBookable) throw new PayloadError('Appointment type (bookingType) not found');
  }
  if (d.doctor !== undefined && d.doctor !== null) {
    const u = ctx.store.users.get(d.doctor);
    if (!u || u.deleted || !u.isDoctor) throw new PayloadError('Doctor not found');
  }
}

function checkTimes(start: string, end: string): void {
  if (end <= start) throw new PayloadError('Booking end must be after start');
}

function events(b: BookingRecord): Record<string, string | null> {
  return { bookingId: b.id, patientId: b.patientId || null, doctorId: b.doctorId };
}

export const bookingMutationResolvers: ResolverMap = {
  Mutation: {
    createBooking: (_p, args, ctx) => payload(() => {
      const d = required<Args>(args.bookingData, 'bookingData is required.');
      const patientId = required<string>(d.patient, 'bookingData.patient is required.');
      if (!ctx.store.patients.has(patientId)) throw new PayloadError('Patient not found');
      required(d.location, 'bookingData.location is required.');
      required(d.bookingType, 'bookingData.bookingType is required.');
      checkRefs(ctx, d);
      const start = dateInput(required(d.start, 'bookingData.start is required.'), 'start');
      const end = dateInput(required(d.end, 'bookingData.end is required.'), 'end');
      checkTimes(start, end);
      const now = ctx.nowIso();
      const id = ctx.store.ids.next('booking');
      const product = ctx.store.products.get(d.bookingType);
      const msgs: Args = d.sendPatientMessages ?? {};
      const b: BookingRecord = {
        id, patientId, doctorId: d.doctor ?? null, locationId: d.location, bookingTypeId: d.bookingType, start, end,
        comments: d.comments ?? null, reference: `BK${100000 + ctx.store.bookings.size}`,
        videoUrl: product?.isVideoConsultation ? `https://video.example.com/sandbox-clinic/${id}` : null,
        billed: false, deleted: false, cancellationReason: null,
        bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
        // SendPatientMessagesInput: each flag defaults to true [D inputs/send-patient-messages-input].
        patientMessagesSent: { confirmation: msgs.confirmation ?? true, reminder: msgs.reminder ?? true, followup: msgs.followup ?? true, cancellation: false },
        onlineBookingPaymentStatus: null, createdAt: now, updatedAt: now,
      };
      ctx.store.addBooking(b);
      ctx.emit('booking.created', events(b));
      return b;
    }),
    /*
     * ASSUMPTION (NOTES §5, legacy appointment system): an out-of-office block is a booking with no patient
     * or appointment type; it makes its clinician and room busy in availabilities and availabilitySlots until
     * deleteBooking frees it. Semble's required fields are not documented: the sandbox asks for location,
     * start and end, and sends no webhook event (unknown for blocks).
     */
    createOutOfOfficeBooking: (_p, args, ctx) => payload(() => {
      const d = required<Args>(args.outOfOfficeBookingData, 'outOfOfficeBookingData is required.');
      required(d.location, 'outOfOfficeBookingData.location is required.');
      checkRefs(ctx, d);
      const start = dateInput(required(d.start, 'outOfOfficeBookingData.start is required.'), 'start');
      const end = dateInput(required(d.end, 'outOfOfficeBookingData.end is required.'), 'end');
      checkTimes(start, end);
      const now = ctx.nowIso();
      const b: BookingRecord = {
        id: ctx.store.ids.next('booking'), patientId: '', doctorId: d.doctor ?? null, locationId: d.location, bookingTypeId: '',
        start, end, comments: d.comments ?? null, reference: `BK${100000 + ctx.store.bookings.size}`, videoUrl: null,
        billed: false, deleted: false, cancellationReason: null,
        bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
        patientMessagesSent: { confirmation: false, reminder: false, followup: false, cancellation: false },
        onlineBookingPaymentStatus: null, createdAt: now, updatedAt: now, outOfOffice: true,
      };
      ctx.store.addBooking(b);
      return b;
    }),
    // BookingUpdateDataInput has no `patient` (removed 2026-04-30); sending it fails GraphQL validation.
    updateBooking: (_p, args, ctx) => payload(() => {
      const b = liveBooking(ctx, args.id);
      const d: Args = args.bookingData ?? {};
      checkRefs(ctx, d);
      const start = d.start != null ? dateInput(d.start, 'start') : b.start;
      const end = d.end != null ? dateInput(d.end, 'end') : b.end;
      checkTimes(start, end);
      b.start = start;
      b.end = end;
      if (d.location != null) b.locationId = d.location;
      if (d.bookingType != null) b.bookingTypeId = d.bookingType;
      if (d.doctor !== undefined) b.doctorId = d.doctor;
      if (d.comments !== undefined) b.comments = d.comments;
      b.updatedAt = ctx.nowIso();
      ctx.emit('booking.updated', events(b));
      return b;
    }),
    // ASSUMPTION (NOTES §8.2, §10.7): deleting = cancelling; the booking stays readable with deleted: true,
    // gets cancellationReason 'Cancelled via API' and its updatedAt is bumped (so polling with includeDeleted sees it).
    deleteBooking: (_p, args, ctx) => payload(() => {
      const b = liveBooking(ctx, args.id);
      b.deleted = true;
      b.cancellationReason = b.cancellationReason ?? 'Cancelled via API';
      b.patientMessagesSent = { ...b.patientMessagesSent, cancellation: args.sendCancellationMessages ?? true };
      b.updatedAt = ctx.nowIso();
      ctx.emit('booking.deleted', events(b));
      return b;
    }),
    // ASSUMPTION (NOTES §10.7): journey updates bump Booking.updatedAt; `date` defaults to now.
    updateBookingJourney: (_p, args, ctx) => payload(() => {
      const b = liveBooking(ctx, args.id);
      const input: Args = required(args.bookingJourneyInput, 'bookingJourneyInput is required.');
      const stage = required<keyof JourneyRecord>(input.journeyStage, 'bookingJourneyInput.journeyStage is required.');
      b.bookingJourney[stage] = input.date != null ? dateInput(input.date, 'date') : ctx.nowIso();
      b.updatedAt = ctx.nowIso();
      ctx.emit(JOURNEY_EVENTS[stage], events(b));
      return b;
    }),
  },
};
