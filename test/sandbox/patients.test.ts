import { type RunningSandbox, startSandbox } from '../../sandbox';
import { gql, PATIENT_PAGE } from './helpers';

interface Row { id: string; firstName: string; lastName: string; email: string | null; dob: string | null; createdAt: string; updatedAt: string }

async function allPages(sb: RunningSandbox, size: number, extra: Record<string, unknown> = {}): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await gql(sb.url, PATIENT_PAGE, { page, size, ...extra });
    expect(res.body.errors).toBeUndefined();
    const { data, pageInfo } = res.body.data.patients;
    expect(pageInfo).toEqual({ page, pageSize: size, hasMore: expect.any(Boolean) });
    rows.push(...data);
    if (!pageInfo.hasMore) return { rows, pages: page };
    expect(data).toHaveLength(size);
  }
}

describe('sandbox patients', () => {
  let sb: RunningSandbox;
  let clockMs = Date.parse('2026-05-11T09:30:00.000Z');

  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 2000, bookings: 3000 }, now: () => new Date(clockMs) });
  });
  afterAll(() => sb.close());

  it('pages 1..n with hasMore, no overlap, and the union is every patient in ascending id order', async () => {
    const { rows, pages } = await allPages(sb, 100);
    expect(pages).toBe(20);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...sb.store.patients.keys()]);
    expect([...ids].sort()).toEqual(ids);
  });

  it("listOrder 'shuffled' reshuffles every list request: pages overlap and miss, yet each lists only matches", async () => {
    sb.control.configure({ listOrder: 'shuffled' });
    try {
      const { rows, pages } = await allPages(sb, 100);
      expect(pages).toBe(20);
      expect(rows).toHaveLength(2000);
      // 20 independent samples of 100 from 2,000 repeat some ids and miss others.
      expect(new Set(rows.map((row) => row.id)).size).toBeLessThan(2000);
      const again = await allPages(sb, 100);
      expect(again.rows.map((row) => row.id)).not.toEqual(rows.map((row) => row.id));
    } finally {
      sb.control.configure({ listOrder: 'stable' });
    }
    const stable = await allPages(sb, 100);
    expect(new Set(stable.rows.map((row) => row.id)).size).toBe(2000);
  });

  it('defaults to pageSize 20 and rejects pageSize above maxPageSize or below 1', async () => {
    const res = await gql(sb.url, '{ patients { data { id } pageInfo { page pageSize hasMore } } }');
    expect(res.body.data.patients.pageInfo).toEqual({ page: 1, pageSize: 20, hasMore: true });
    for (const size of [101, 0]) {
      const bad = await gql(sb.url, PATIENT_PAGE, { page: 1, size });
      expect(bad.body.data.patients).toBeNull();
      expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const empty = await gql(sb.url, PATIENT_PAGE, { page: 999, size: 100 });
    expect(empty.body.data.patients).toEqual({ data: [], pageInfo: { page: 999, pageSize: 100, hasMore: false } });
  });

  it('searches name, email and dob case-insensitively', async () => {
    const sample = [...sb.store.patients.values()].find((p) => p.dob && p.email?.includes('@example'))!;
    const byName = await gql(sb.url, PATIENT_PAGE, { page: 1, size: 100, search: `${sample.firstName} ${sample.lastName}`.toUpperCase() });
    expect(byName.body.data.patients.data.map((r: Row) => r.id)).toContain(sample.id);
    for (const r of byName.body.data.patients.data as Row[]) expect(`${r.firstName} ${r.lastName}`.toLowerCase()).toContain(`${sample.firstName} ${sample.lastName}`.toLowerCase());

    const byEmail = await gql(sb.url, PATIENT_PAGE, { page: 1, size: 100, search: sample.email!.toUpperCase() });
    expect(byEmail.body.data.patients.data.map((r: Row) => r.id)).toContain(sample.id);

    const byDob = await gql(sb.url, PATIENT_PAGE, { page: 1, size: 100, search: sample.dob });
    const dobRows = byDob.body.data.patients.data as Row[];
    expect(dobRows.map((r) => r.id)).toContain(sample.id);
    expect(dobRows.every((r) => r.dob === sample.dob)).toBe(true);

    const none = await gql(sb.url, PATIENT_PAGE, { page: 1, size: 10, search: 'zzzz-no-such-patient' });
    expect(none.body.data.patients.data).toEqual([]);
  });

  it('filters on options.updatedAt with inclusive bounds, including a shared-timestamp group larger than a page', async () => {
    const [bulk] = sb.store.sharedUpdatedAtGroups();
    expect(bulk.count).toBeGreaterThan(100);
    const exact = await allPages(sb, 100, { options: { updatedAt: { start: bulk.updatedAt, end: bulk.updatedAt } } });
    expect(exact.rows).toHaveLength(bulk.count);
    expect(exact.pages).toBe(2);
    expect(exact.rows.every((r) => r.updatedAt === bulk.updatedAt)).toBe(true);

    const start = '2025-01-01T00:00:00.000Z';
    const end = '2025-03-31T23:59:59.999Z';
    const window = await allPages(sb, 100, { options: { updatedAt: { start, end } } });
    const expected = [...sb.store.patients.values()].filter((p) => p.updatedAt >= start && p.updatedAt <= end).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(window.rows.map((r) => r.id)).toEqual(expected);

    const created = await allPages(sb, 100, { options: { createdAt: { start, end } } });
    expect(created.rows.every((r) => r.createdAt >= start && r.createdAt <= end)).toBe(true);
  });

  it('returns patient(id) or null, with nested bookings and labels', async () => {
    const withBookings = [...sb.store.patients.values()].find((p) => sb.store.bookingsForPatient(p.id).length >= 2)!;
    const res = await gql(sb.url, `query P($id: ID!) { patient(id: $id) { id fullName labels { id referenceId text }
      bookings(start: "2000-01-01", end: "2100-01-01") { id patientId }
      bookingsWithPagination(start: "2000-01-01", end: "2100-01-01", pagination: { page: 1, pageSize: 1 }) { data { id } meta { total hasMore } } } }`, { id: withBookings.id });
    const p = res.body.data.patient;
    const live = sb.store.bookingsForPatient(withBookings.id).filter((b) => !b.deleted);
    expect(p.fullName).toBe(`${withBookings.firstName} ${withBookings.lastName}`);
    expect(p.bookings.map((b: { id: string }) => b.id).sort()).toEqual(live.map((b) => b.id).sort());
    expect(p.bookingsWithPagination.meta.total).toBe(live.length);
    expect(p.bookingsWithPagination.data).toHaveLength(1);
    const missing = await gql(sb.url, '{ patient(id: "64a0ffffffffffffffffffff") { id } }');
    expect(missing.body).toEqual({ data: { patient: null } });
  });

  it('creates, updates and deletes patients with payload errors for bad input and updatedAt from the sandbox clock', async () => {
    const create = await gql(sb.url, `mutation C($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id firstName lastName email createdAt updatedAt
      phones { phoneId phoneNumber } communicationPreferences { promotionalMarketing receiveEmail } } error } }`,
    { d: { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', dob: '1985-12-10', phoneNumber: '07700 900001' } });
    const created = create.body.data.createPatient;
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ firstName: 'Ada', createdAt: new Date(clockMs).toISOString(), updatedAt: new Date(clockMs).toISOString() });
    expect(created.data.phones).toHaveLength(1);
    expect(created.data.communicationPreferences.promotionalMarketing).toBe(false);

    const missingLast = await gql(sb.url, 'mutation { createPatient(patientData: { first: "No" }) { data { id } error } }');
    expect(missingLast.body.data.createPatient).toEqual({ data: null, error: 'Last name (last) is required.' });

    clockMs += 60_000;
    const update = await gql(sb.url, `mutation { updatePatient(id: "${created.data.id}", patientData: { email: "ada@example.org" }) { data { email updatedAt } error } }`);
    expect(update.body.data.updatePatient.data).toEqual({ email: 'ada@example.org', updatedAt: new Date(clockMs).toISOString() });
    const unknown = await gql(sb.url, 'mutation { updatePatient(id: "nope", patientData: { email: "x" }) { data { id } error } }');
    expect(unknown.body.data.updatePatient).toEqual({ data: null, error: 'Patient not found' });

    clockMs += 60_000;
    const phoneId = created.data.phones[0].phoneId;
    const phone = await gql(sb.url, `mutation { updatePatientPhoneNumber(patientId: "${created.data.id}", phoneId: "${phoneId}", phoneData: { phoneNumber: "+44 7700 900002" }) { data { updatedAt phones { phoneNumber } } error } }`);
    expect(phone.body.data.updatePatientPhoneNumber.data).toEqual({ updatedAt: new Date(clockMs).toISOString(), phones: [{ phoneNumber: '+44 7700 900002' }] });

    const del = await gql(sb.url, `mutation { deletePatient(id: "${created.data.id}") { data { id } error } }`);
    expect(del.body.data.deletePatient.error).toBeNull();
    expect((await gql(sb.url, `{ patient(id: "${created.data.id}") { id } }`)).body.data.patient).toBeNull();
    expect(sb.store.patients.has(created.data.id)).toBe(false);
  });

  it('adds a label by Label.id and removes it by the PatientLabel assignment id', async () => {
    const patient = [...sb.store.patients.values()].find((p) => p.labels.length === 0)!;
    const vip = [...sb.store.labels.values()].find((l) => l.title === 'VIP')!;
    const add = await gql(sb.url, `mutation { addPatientLabel(patientId: "${patient.id}", labelReferenceId: "${vip.id}") { data { labels { id referenceId text } } error } }`);
    const [assignment] = add.body.data.addPatientLabel.data.labels;
    expect(assignment).toMatchObject({ referenceId: vip.id, text: 'VIP' });
    expect(assignment.id).not.toBe(vip.id);
    const wrongId = await gql(sb.url, `mutation { removePatientLabel(patientId: "${patient.id}", labelId: "${vip.id}") { error } }`);
    expect(wrongId.body.data.removePatientLabel.error).toMatch(/not found/);
    const remove = await gql(sb.url, `mutation { removePatientLabel(patientId: "${patient.id}", labelId: "${assignment.id}") { data { labels { id } } error } }`);
    expect(remove.body.data.removePatientLabel).toEqual({ data: { labels: [] }, error: null });
  });

  it('runs aliased batched mutations, each failure staying in its own payload', async () => {
    const [a, b] = [...sb.store.patients.values()].slice(0, 2);
    const res = await gql(sb.url, `mutation Batch {
      one: updatePatient(id: "${a.id}", patientData: { comments: "batched 1" }) { data { id comments } error }
      bad: updatePatient(id: "missing", patientData: { comments: "x" }) { data { id } error }
      two: updatePatient(id: "${b.id}", patientData: { first: "" }) { data { id } error }
      three: archivePatient(patientId: "${b.id}", reason: INACTIVE_PATIENT) { data { archived archivedInfo { archivedReason } } error }
    }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.one).toEqual({ data: { id: a.id, comments: 'batched 1' }, error: null });
    expect(res.body.data.bad).toEqual({ data: null, error: 'Patient not found' });
    expect(res.body.data.two).toEqual({ data: null, error: 'First name (first) is required.' });
    expect(res.body.data.three).toEqual({ data: { archived: true, archivedInfo: { archivedReason: 'INACTIVE_PATIENT' } }, error: null });
    expect(sb.control.requestLog().at(-1)).toMatchObject({ operationName: 'Batch', kind: 'mutation', rootFields: ['updatePatient', 'archivePatient'] });
  });
});
