import { type RunningSandbox, startSandbox } from '../../sandbox';
import { gql } from './helpers';

const BOOKINGS = `query B($range: DateRange, $options: QueryOptions, $page: Int) {
  bookings(dateRange: $range, options: $options, pagination: { page: $page, pageSize: 100 }) {
    data { id start end deleted cancellationReason updatedAt } pageInfo { hasMore } } }`;

interface Row { id: string; start: string; end: string; deleted: boolean; cancellationReason: string | null; updatedAt: string }

async function allBookings(sb: RunningSandbox, vars: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await gql(sb.url, BOOKINGS, { ...vars, page });
    expect(res.body.errors).toBeUndefined();
    rows.push(...res.body.data.bookings.data);
    if (!res.body.data.bookings.pageInfo.hasMore) return rows;
  }
}

describe('sandbox bookings', () => {
  let sb: RunningSandbox;
  let clockMs = Date.parse('2026-06-15T08:00:00.000Z'); // a Monday
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 800, bookings: 2500 }, now: () => new Date(clockMs) });
  });
  afterAll(() => sb.close());

  it('dateRange selects by appointment time (start OR end in range), not by change time', async () => {
    const b = [...sb.store.bookings.values()].find((x) => !x.deleted)!;
    // Only the end falls inside this range.
    const rows = await allBookings(sb, { range: { start: b.end, end: iso(Date.parse(b.end) + 3_600_000) } });
    expect(rows.map((r) => r.id)).toContain(b.id);
    // A range strictly inside the appointment contains neither start nor end.
    const inner = await allBookings(sb, { range: { start: iso(Date.parse(b.start) + 1000), end: iso(Date.parse(b.end) - 1000) } });
    expect(inner.map((r) => r.id)).not.toContain(b.id);

    const start = '2026-03-01T00:00:00.000Z';
    const end = '2026-03-31T23:59:59.999Z';
    const march = await allBookings(sb, { range: { start, end } });
    const expected = [...sb.store.bookings.values()].filter((x) => !x.deleted && ((x.start >= start && x.start <= end) || (x.end >= start && x.end <= end)));
    expect(march.map((r) => r.id)).toEqual(expected.map((x) => x.id));
  });

  it('options.updatedAt uses change time: a booking made today for next month is found by updatedAt, not by dateRange', async () => {
    const patient = [...sb.store.patients.values()][5];
    const doctor = [...sb.store.users.values()].find((u) => u.isDoctor && !u.deleted)!;
    const room = [...sb.store.locations.values()][0];
    const type = [...sb.store.products.values()].find((p) => p.isBookable && p.duration === 30)!;
    const start = '2026-07-20T09:00:00.000Z';
    const res = await gql(sb.url, `mutation C($d: BookingDataInput) { createBooking(bookingData: $d) { data { id start end createdAt updatedAt doctor { id } location { id groupName } appointment { id duration } patient { id } } error } }`,
      { d: { patient: patient.id, doctor: doctor.id, location: room.id, bookingType: type.id, start, end: '2026-07-20T09:30:00.000Z', comments: 'Booked via test' } });
    const created = res.body.data.createBooking;
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ start, createdAt: iso(clockMs), updatedAt: iso(clockMs), location: { id: room.id, groupName: room.groupName }, appointment: { id: type.id, duration: 30 } });

    const today = { start: iso(clockMs - 3_600_000), end: iso(clockMs + 3_600_000) };
    expect((await allBookings(sb, { range: today })).map((r) => r.id)).not.toContain(created.data.id);
    const changed = await allBookings(sb, { options: { updatedAt: today } });
    expect(changed.map((r) => r.id)).toContain(created.data.id);
    expect(changed.every((r) => r.updatedAt >= today.start && r.updatedAt <= today.end)).toBe(true);
  });

  it('hides deleted bookings unless includeDeleted, while booking(id) still returns them', async () => {
    const deleted = [...sb.store.bookings.values()].filter((b) => b.deleted);
    expect(deleted.length).toBeGreaterThan(50);
    const live = await allBookings(sb, {});
    const all = await allBookings(sb, { options: { includeDeleted: true } });
    expect(live.some((r) => r.deleted)).toBe(false);
    expect(all.length).toBe(sb.store.bookings.size);
    expect(all.length - live.length).toBe(deleted.length);
    const one = await gql(sb.url, `{ booking(id: "${deleted[0].id}") { id deleted cancellationReason } }`);
    expect(one.body.data.booking).toEqual({ id: deleted[0].id, deleted: true, cancellationReason: expect.any(String) });
  });

  it('deleteBooking cancels: deleted true, a reason, updatedAt bumped, visible to an updatedAt poll with includeDeleted', async () => {
    clockMs += 5 * 60_000;
    const target = [...sb.store.bookings.values()].find((b) => !b.deleted && b.start > iso(clockMs))!;
    const res = await gql(sb.url, `mutation { deleteBooking(id: "${target.id}", sendCancellationMessages: false) { data { id deleted cancellationReason updatedAt patientMessagesSent { cancellation } } error } }`);
    expect(res.body.data.deleteBooking).toEqual({ data: { id: target.id, deleted: true, cancellationReason: 'Cancelled via API', updatedAt: iso(clockMs), patientMessagesSent: { cancellation: false } }, error: null });
    const window = { updatedAt: { start: iso(clockMs), end: iso(clockMs) } };
    expect((await allBookings(sb, { options: window })).map((r) => r.id)).not.toContain(target.id);
    expect((await allBookings(sb, { options: { ...window, includeDeleted: true } })).map((r) => r.id)).toContain(target.id);
    const again = await gql(sb.url, `mutation { deleteBooking(id: "${target.id}") { data { id } error } }`);
    expect(again.body.data.deleteBooking.data).toBeNull();
  });

  it('validates createBooking references and times in the payload', async () => {
    const patient = [...sb.store.patients.values()][0];
    const room = [...sb.store.locations.values()][0];
    const brace = [...sb.store.products.values()].find((p) => p.name === 'Knee Support Brace')!;
    const type = [...sb.store.products.values()].find((p) => p.isBookable)!;
    const attempt = async (d: Record<string, unknown>) => (await gql(sb.url, 'mutation C($d: BookingDataInput) { createBooking(bookingData: $d) { data { id } error } }',
      { d: { patient: patient.id, location: room.id, bookingType: type.id, start: '2026-08-03T09:00:00Z', end: '2026-08-03T10:00:00Z', ...d } })).body.data.createBooking;
    expect(await attempt({ patient: 'nope' })).toEqual({ data: null, error: 'Patient not found' });
    expect(await attempt({ location: 'nope' })).toEqual({ data: null, error: 'Location not found' });
    expect(await attempt({ bookingType: brace.id })).toEqual({ data: null, error: 'Appointment type (bookingType) not found' });
    expect(await attempt({ end: '2026-08-03T09:00:00Z' })).toEqual({ data: null, error: 'Booking end must be after start' });
    expect((await attempt({})).data.id).toEqual(expect.any(String));
  });

  it('records journey stages (dna = no-show) and bumps updatedAt', async () => {
    clockMs += 60_000;
    const target = [...sb.store.bookings.values()].find((b) => !b.deleted && !b.bookingJourney.arrived && !b.bookingJourney.dna)!;
    const res = await gql(sb.url, `mutation { updateBookingJourney(id: "${target.id}", bookingJourneyInput: { journeyStage: dna }) { data { bookingJourney { dna arrived } updatedAt } error } }`);
    expect(res.body.data.updateBookingJourney).toEqual({ data: { bookingJourney: { dna: iso(clockMs), arrived: null }, updatedAt: iso(clockMs) }, error: null });
  });

  it('derives availabilities from working hours minus bookings and rejects ranges over 7 days', async () => {
    const room = [...sb.store.locations.values()][1];
    const tooLong = await gql(sb.url, `{ availabilities(dateRange: { start: "2026-06-01T00:00:00Z", end: "2026-06-09T00:00:00Z" }, locationId: "${room.id}") { data { start end } } }`);
    expect(tooLong.body.errors[0].message).toMatch(/7 days/);

    const range = { start: '2026-06-22T00:00:00.000Z', end: '2026-06-28T23:59:59.999Z' }; // Mon-Sun, BST
    const res = await gql(sb.url, 'query A($r: DateRange!, $l: ID!) { availabilities(dateRange: $r, locationId: $l) { data { start end } } }', { r: range, l: room.id });
    const free: { start: string; end: string }[] = res.body.data.availabilities.data;
    expect(free.length).toBeGreaterThan(0);
    const busy = [...sb.store.bookings.values()].filter((b) => !b.deleted && b.locationId === room.id);
    let freeMinutes = 0;
    for (const f of free) {
      const day = new Date(f.start).getUTCDay();
      expect(day).toBeGreaterThanOrEqual(1);
      expect(day).toBeLessThanOrEqual(5);
      expect(f.start.slice(11, 16) >= '08:00').toBe(true); // 09:00 BST
      expect(f.end.slice(11, 16) <= '16:00').toBe(true); // 17:00 BST
      for (const b of busy) expect(b.end <= f.start || b.start >= f.end).toBe(true);
      freeMinutes += (Date.parse(f.end) - Date.parse(f.start)) / 60_000;
    }
    const bookedMinutes = busy.filter((b) => b.start >= range.start && b.end <= range.end).reduce((s, b) => s + (Date.parse(b.end) - Date.parse(b.start)) / 60_000, 0);
    expect(freeMinutes + bookedMinutes).toBe(5 * 8 * 60);
  });
});
