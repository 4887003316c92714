/** practice, users/user, labels (+ createLabel). */
import { fullName } from '../store';
import type { LocationRecord, UserRecord } from '../types';
import { bookingMatches } from './bookings';
import { changeFilter, nonBlank, pageArgs, paginate, parseRange, payload, PayloadError, type ResolverMap } from './common';

export const practiceResolvers: ResolverMap = {
  Query: {
    practice: (_p, _a, ctx) => ctx.store.practice,
    user: (_p, args, ctx) => ctx.store.users.get(args.id) ?? null,
    users: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      const o = args.options ?? {};
      const f = args.filters ?? {};
      const term = typeof o.search === 'string' ? o.search.trim().toLowerCase() : '';
      const changed = changeFilter(o);
      // cliniciansOnly is deprecated in favour of filters.isClinician [RN 2026-05-27]; both work here.
      const clinician: boolean | undefined = f.isClinician ?? (o.cliniciansOnly ? true : undefined);
      const keep = (u: UserRecord): boolean =>
        (o.includeDeleted === true || !u.deleted)
        && (clinician === undefined || u.isDoctor === clinician)
        && (!term || fullName(u).toLowerCase().includes(term) || u.email.toLowerCase().includes(term))
        && (!f.metadata || u.metadata.some((m) => m.key === f.metadata.key && (f.metadata.value == null || m.value === f.metadata.value)))
        && changed(u);
      return paginate(ctx.store.users.values(), keep, page, pageSize);
    },
    labels: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      return paginate(ctx.store.labels.values(), () => true, page, pageSize);
    },
  },
  Mutation: {
    // ASSUMPTION (NOTES §10.11): createLabel's args are not documented; the SDL guesses (title!, color).
    createLabel: (_p, args, ctx) => payload(() => {
      const title = nonBlank(args.title, 'title');
      for (const l of ctx.store.labels.values()) {
        if (l.title.toLowerCase() === title.toLowerCase()) throw new PayloadError(`A label called "${l.title}" already exists`);
      }
      const label = { id: ctx.store.ids.next('label'), title, color: args.color ?? '#95a5a6' };
      ctx.store.labels.set(label.id, label);
      return label;
    }),
  },
  Practice: {
    locations: (_p, _a, ctx) => [...ctx.store.locations.values()],
    // AppointmentType fields are unknown beyond {id, title}; ids are bookable Product ids [INF].
    appointmentTypes: (_p, _a, ctx) => [...ctx.store.products.values()].filter((p) => p.isBookable && !p.deleted).map((p) => ({ id: p.id, title: p.name })),
    paymentTypes: (_p, _a, ctx) => ctx.store.paymentTypes,
    practiceNumbers: (_p, _a, ctx) => ctx.store.practiceNumbers,
    // SharingMode's enum values are unknown (PLACEHOLDER_UNKNOWN), so these are always null.
    patientSharingMode: () => null,
    contactSharingMode: () => null,
  },
  PracticeLocation: {
    servicesProvided: (l: LocationRecord, _a, ctx) => l.serviceIds.map((id) => ctx.store.products.get(id)).filter(Boolean),
  },
  User: {
    fullName: (u: UserRecord) => fullName(u),
    accessGroups: (u: UserRecord, _a, ctx) => ctx.store.practice.accessGroups.filter((g) => g.name === (u.isDoctor ? 'Clinicians' : u.email.startsWith('manager@') ? 'Administrators' : 'Reception')),
    servicesProvided: (u: UserRecord, _a, ctx) => u.serviceIds.map((id) => ctx.store.products.get(id)).filter(Boolean),
    letters: () => null,
    bookings: (u: UserRecord, args, ctx) => {
      const range = parseRange({ start: args.start, end: args.end }, 'bookings');
      const { page, pageSize } = pageArgs({ page: args.page, pageSize: args.pageSize }, ctx);
      return paginate(ctx.store.bookings.values(), (b) => !b.deleted && b.doctorId === u.id && bookingMatches(b, range), page, pageSize);
    },
  },
};
