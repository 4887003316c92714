/**
 * availabilities(dateRange!, locationId!, doctorId): free time in working hours.
 * ASSUMPTION: Semble derives availability from configured rules; the sandbox uses fixed
 * working hours 09:00-17:00 Europe/London on weekdays, minus non-deleted bookings in the
 * room (and, when doctorId is given, that doctor's bookings anywhere). It returns merged
 * free intervals, not fixed-length slots.
 *
 * availabilitySlots (New Appointment System; its arguments are not documented, so it takes none).
 * ASSUMPTION: without arguments it answers the next 4 weeks (from the start of today, London);
 * each clinician is offered 30-minute slots 09:00-17:00 on weekdays in their home room, minus
 * any slot that overlaps a non-deleted booking of that clinician or in that room (out-of-office
 * blocks included).
 */
import { DAY_MS, iso, londonDate, londonToUtc } from '../time';
import type { Ctx } from '../context';
import type { BookingRecord } from '../types';
import { badInput, parseRange, type ResolverMap } from './common';

const MAX_RANGE_MS = 7 * DAY_MS; // [D queries/availabilities]: at most 7 days / 168 hours
const SLOT_RANGE_DAYS = 28; // [HOW get-started-new-appointment-system]: up to 4 weeks
const SLOT_MINUTES = 30;

const pad = (n: number) => String(n).padStart(2, '0');

/** Busy intervals of a key (a clinician or a room) within [from, to). */
function busyBy(bookings: Iterable<BookingRecord>, from: number, to: number, keyOf: (b: BookingRecord) => string | null) {
  const busy = new Map<string, [number, number][]>();
  for (const b of bookings) {
    const key = keyOf(b);
    if (b.deleted || !key) continue;
    const s = Date.parse(b.start);
    const e = Date.parse(b.end);
    if (e > from && s < to) busy.set(key, [...(busy.get(key) ?? []), [s, e]]);
  }
  return busy;
}

const overlaps = (intervals: [number, number][] | undefined, s: number, e: number) =>
  (intervals ?? []).some(([bs, be]) => bs < e && be > s);

function availabilitySlots(ctx: Ctx) {
  const today = londonDate(ctx.now().getTime());
  const from = londonToUtc(today.year, today.month, today.day, 0);
  const to = from + SLOT_RANGE_DAYS * DAY_MS + DAY_MS;
  const byDoctor = busyBy(ctx.store.bookings.values(), from, to, (b) => b.doctorId);
  const byRoom = busyBy(ctx.store.bookings.values(), from, to, (b) => b.locationId);
  const slots: unknown[] = [];
  for (let day = 0; day < SLOT_RANGE_DAYS; day++) {
    const date = londonDate(londonToUtc(today.year, today.month, today.day + day, 12));
    if (date.weekday === 0 || date.weekday === 6) continue;
    const localDay = `${date.year}-${pad(date.month + 1)}-${pad(date.day)}`;
    for (const [doctorId, roomId] of ctx.store.clinicianRooms) {
      const user = ctx.store.users.get(doctorId);
      const room = ctx.store.locations.get(roomId);
      if (!user || user.deleted || !room) continue;
      for (let minute = 9 * 60; minute < 17 * 60; minute += SLOT_MINUTES) {
        const s = londonToUtc(date.year, date.month, date.day, 0, minute);
        const e = s + SLOT_MINUTES * 60_000;
        if (overlaps(byDoctor.get(doctorId), s, e) || overlaps(byRoom.get(roomId), s, e)) continue;
        const local = (m: number) => `${localDay}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00`;
        slots.push({ startLocal: local(minute), endLocal: local(minute + SLOT_MINUTES), user, room });
      }
    }
  }
  return { data: slots };
}

export const availabilityResolvers: ResolverMap = {
  Query: {
    availabilitySlots: (_p, _args, ctx) => availabilitySlots(ctx),
    availabilities: (_p, args, ctx) => {
      const range = parseRange(args.dateRange, 'dateRange');
      if (!range?.start || !range.end) throw badInput('dateRange.start and dateRange.end are required.');
      const from = Date.parse(range.start);
      const to = Date.parse(range.end);
      if (to <= from) throw badInput('dateRange.end must be after dateRange.start.');
      if (to - from > MAX_RANGE_MS) throw badInput('dateRange must not be longer than 7 days (168 hours).');
      if (!ctx.store.locations.has(args.locationId)) throw badInput('Location not found.');
      const doctorId: string | null = args.doctorId ?? null;
      if (doctorId && !ctx.store.users.has(doctorId)) throw badInput('Doctor not found.');

      const busy: [number, number][] = [];
      for (const b of ctx.store.bookings.values()) {
        if (b.deleted || (b.locationId !== args.locationId && (!doctorId || b.doctorId !== doctorId))) continue;
        const s = Date.parse(b.start);
        const e = Date.parse(b.end);
        if (e > from && s < to) busy.push([s, e]);
      }
      busy.sort((a, b) => a[0] - b[0]);

      const free: { start: string; end: string }[] = [];
      for (let t = from - DAY_MS; t < to + DAY_MS; t += DAY_MS) {
        const day = londonDate(t);
        if (day.weekday === 0 || day.weekday === 6) continue;
        let cursor = Math.max(from, londonToUtc(day.year, day.month, day.day, 9));
        const close = Math.min(to, londonToUtc(day.year, day.month, day.day, 17));
        if (free.length && Date.parse(free[free.length - 1].end) > cursor) continue; // same London day seen twice
        for (const [s, e] of busy) {
          if (e <= cursor || s >= close) continue;
          if (s > cursor) free.push({ start: iso(cursor), end: iso(s) });
          cursor = Math.max(cursor, e);
        }
        if (cursor < close) free.push({ start: iso(cursor), end: iso(close) });
      }
      return { data: free };
    },
  },
};
