/** Patient reads: patients / patient queries and Patient's nested fields. */
import type { Ctx } from '../context';
import { fullName } from '../store';
import type { BookingRecord, PatientRecord } from '../types';
import { bookingMatches } from './bookings';
import { type Args, changeFilter, pageArgs, paginate, parseRange, type ResolverMap } from './common';
import { invoiceInRange } from './invoices';

/**
 * ASSUMPTION (NOTES §2 [HOW search-patients]): "matches name, email or date of birth".
 * The sandbox does a case-insensitive substring match on "first last", "last first" and
 * email, and an exact/prefix match on dob when the term looks like YYYY[-MM[-DD]].
 */
export function patientSearch(search: string | null | undefined): (p: PatientRecord) => boolean {
  const term = (search ?? '').trim().toLowerCase();
  if (!term) return () => true;
  const dateLike = /^\d{4}(-\d{2}){0,2}$/.test(term);
  return (p) => {
    if (dateLike) return p.dob !== null && p.dob.startsWith(term);
    const first = p.firstName.toLowerCase();
    const last = p.lastName.toLowerCase();
    return `${first} ${last}`.includes(term) || `${last} ${first}`.includes(term) || (p.email ?? '').toLowerCase().includes(term);
  };
}

function patientBookings(p: PatientRecord, args: Args, ctx: Ctx): BookingRecord[] {
  const range = parseRange({ start: args.start, end: args.end }, 'bookings');
  const changed = changeFilter(args.queryOptions);
  const includeDeleted = args.queryOptions?.includeDeleted === true;
  return ctx.store.bookingsForPatient(p.id).filter((b) => (includeDeleted || !b.deleted) && bookingMatches(b, range) && changed(b));
}

export const patientResolvers: ResolverMap = {
  Query: {
    patient: (_p, args, ctx) => ctx.store.patients.get(args.id) ?? null,
    patients: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      const matches = patientSearch(args.search);
      const changed = changeFilter(args.options);
      // ASSUMPTION (NOTES §10.6): Patient has no `deleted` field; deleted patients never come back, includeDeleted is ignored.
      // ASSUMPTION (NOTES §2, §10.4): result order is undocumented; the sandbox returns ascending id (stable across pages).
      return paginate(ctx.store.patients.values(), (p) => matches(p) && changed(p), page, pageSize, ctx);
    },
  },
  Patient: {
    fullName: (p: PatientRecord) => fullName(p),
    membershipStartDateFormatted: (p: PatientRecord) => p.membershipStartDate,
    labels: (p: PatientRecord, _a, ctx) => p.labels.map((l) => {
      const label = ctx.store.labels.get(l.referenceId);
      return { id: l.id, referenceId: l.referenceId, text: label?.title ?? null, color: label?.color ?? null };
    }),
    relatedAccounts: () => [],
    letters: () => [],
    labs: () => [],
    accessGroups: () => [],
    bookings: (p: PatientRecord, args, ctx) => {
      const list = patientBookings(p, args, ctx);
      if (!args.pagination) return list;
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      return list.slice((page - 1) * pageSize, page * pageSize);
    },
    bookingsWithPagination: (p: PatientRecord, args, ctx) => {
      const list = patientBookings(p, args, ctx);
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      return {
        data: list.slice((page - 1) * pageSize, page * pageSize),
        meta: { page, pageSize, hasMore: page * pageSize < list.length, total: list.length },
      };
    },
    invoices: (p: PatientRecord, args, ctx) => {
      const range = parseRange({ start: args.start, end: args.end }, 'invoices');
      return ctx.store.invoicesForPatient(p.id).filter((i) => invoiceInRange(i, range));
    },
  },
  PatientArchivedInfo: {
    archivedBy: (info: { archivedById: string | null }, _a, ctx) => (info.archivedById ? ctx.store.users.get(info.archivedById) ?? null : null),
    unarchivedBy: (info: { unarchivedById: string | null }, _a, ctx) => (info.unarchivedById ? ctx.store.users.get(info.unarchivedById) ?? null : null),
  },
};
