/**
 * availabilities(dateRange!, locationId!, doctorId): free time in working hours.
 * ASSUMPTION: Semble derives availability from configured rules; the sandbox uses fixed
 * working hours 09:00-17:00 Europe/London on weekdays, minus non-deleted bookings in the
 * room (and, when doctorId is given, that doctor's bookings anywhere). It returns merged
 * free intervals, not fixed-length slots.
 */
import { DAY_MS, iso, londonDate, londonToUtc } from '../time';
import { badInput, parseRange, type ResolverMap } from './common';

const MAX_RANGE_MS = 7 * DAY_MS; // [D queries/availabilities]: at most 7 days / 168 hours

export const availabilityResolvers: ResolverMap = {
  Query: {
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
