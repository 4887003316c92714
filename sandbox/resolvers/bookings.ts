/** Booking reads: booking / bookings and Booking's nested fields. */
import { fullName } from '../store';
import type { BookingRecord, LocationRecord } from '../types';
import { changeFilter, inRange, pageArgs, paginate, parseRange, type Range, type ResolverMap } from './common';

/** NOTES §2 [D queries/bookings]: dateRange matches a booking whose START or END falls inside the range. */
export function bookingMatches(b: BookingRecord, range: Range | null): boolean {
  return !range || inRange(b.start, range) || inRange(b.end, range);
}

export function bookingLocation(room: LocationRecord | undefined): unknown {
  if (!room) return null;
  // `header` is undocumented; the sandbox fills it with the site name.
  return { id: room.id, header: room.groupName, name: room.name, address: { ...room.address }, groupName: room.groupName };
}

export const bookingResolvers: ResolverMap = {
  Query: {
    // A deleted (cancelled) booking is still readable by id, with deleted: true.
    booking: (_p, args, ctx) => ctx.store.bookings.get(args.id) ?? null,
    bookings: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      const range = parseRange(args.dateRange, 'dateRange');
      const changed = changeFilter(args.options);
      const includeDeleted = args.options?.includeDeleted === true;
      return paginate(ctx.store.bookings.values(), (b) => (includeDeleted || !b.deleted) && bookingMatches(b, range) && changed(b), page, pageSize, ctx);
    },
  },
  Booking: {
    patient: (b: BookingRecord, _a, ctx) => ctx.store.patients.get(b.patientId) ?? null,
    patientId: (b: BookingRecord) => b.patientId || null, // '' on an out-of-office block
    doctor: (b: BookingRecord, _a, ctx) => (b.doctorId ? ctx.store.users.get(b.doctorId) ?? null : null),
    doctorName: (b: BookingRecord, _a, ctx) => {
      const u = b.doctorId ? ctx.store.users.get(b.doctorId) : undefined;
      return u ? fullName(u) : null;
    },
    location: (b: BookingRecord, _a, ctx) => bookingLocation(ctx.store.locations.get(b.locationId)),
    appointment: (b: BookingRecord, _a, ctx) => {
      const p = ctx.store.products.get(b.bookingTypeId);
      return p ? { id: p.id, title: p.name, duration: p.duration, price: p.price } : null;
    },
  },
};
