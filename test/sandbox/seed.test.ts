import { isValidNhsNumber, type RunningSandbox, startSandbox } from '../../sandbox';
import { gql } from './helpers';

const NOW = new Date('2026-04-20T15:00:00.000Z');
const EMAIL_OK = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

describe('sandbox seed data', () => {
  let a: RunningSandbox;
  let b: RunningSandbox;
  let other: RunningSandbox;

  beforeAll(async () => {
    [a, b, other] = await Promise.all([startSandbox({ now: () => NOW }), startSandbox({ now: () => NOW }), startSandbox({ seed: 2, now: () => NOW })]);
  });
  afterAll(() => Promise.all([a, b, other].map((s) => s.close())));

  it('is deterministic: the same seed gives the same data, another seed different data', async () => {
    const query = '{ patients(pagination: { page: 1, pageSize: 50 }) { data { id fullName dob email phones { phoneNumber } numbers { value } updatedAt } } }';
    const [ra, rb, rc] = await Promise.all([a, b, other].map((s) => gql(s.url, query)));
    expect(ra.body.data.patients.data).toHaveLength(50);
    expect(rb.body).toEqual(ra.body);
    expect(rc.body).not.toEqual(ra.body);
    expect(JSON.stringify([...b.store.bookings.values()].slice(-200))).toBe(JSON.stringify([...a.store.bookings.values()].slice(-200)));
    expect(a.store.countPatients()).toBe(2000);
    expect(a.store.bookings.size).toBe(5000);
  });

  it('reset() reseeds back to the same data', async () => {
    const before = JSON.stringify([...a.store.patients.values()].slice(0, 20));
    await gql(a.url, `mutation { deletePatient(id: "${[...a.store.patients.keys()][0]}") { error } }`);
    expect(a.store.countPatients()).toBe(1999);
    a.control.reset();
    expect(JSON.stringify([...a.store.patients.values()].slice(0, 20))).toBe(before);
  });

  it('holds mostly valid NHS numbers with some invalid check digits and some patients without one', () => {
    const patients = [...a.store.patients.values()];
    const nhs = patients.flatMap((p) => p.numbers.filter((n) => n.name === 'NHS').map((n) => n.value));
    const valid = nhs.filter(isValidNhsNumber).length;
    expect(valid / nhs.length).toBeGreaterThan(0.9);
    expect(nhs.length - valid).toBeGreaterThan(20);
    expect(patients.length - nhs.length).toBeGreaterThan(100);
    expect(nhs.every((v) => v.replace(/\s/g, '').startsWith('999'))).toBe(true); // NHS test range only
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('holds messy contact details: invalid emails, many UK phone formats, odd postcodes', () => {
    const patients = [...a.store.patients.values()];
    const emails = patients.map((p) => p.email);
    const bad = emails.filter((e) => e === null || !EMAIL_OK.test(e));
    expect(bad.length / emails.length).toBeGreaterThan(0.03);
    expect(bad.length / emails.length).toBeLessThan(0.12);
    expect(emails).toContain('');
    expect(emails).toContain('no-email');
    const phones = patients.flatMap((p) => p.phones.map((x) => x.phoneNumber));
    for (const prefix of ['07700 ', '+44 7700', '0044 7700', '020 7946', '0161 496']) expect(phones.some((n) => n.startsWith(prefix))).toBe(true);
    expect(phones.some((n) => n.replace(/\D/g, '').length < 10)).toBe(true); // some invalid
    expect(patients.some((p) => p.address.postcode && /^[a-z0-9]+$/.test(p.address.postcode))).toBe(true);
    expect(patients.filter((p) => p.dob === null).length).toBeGreaterThan(5);
    expect(patients.every((p) => p.dob === null || p.dob <= NOW.toISOString().slice(0, 10))).toBe(true);
  });

  it('mixes consent flags, labels, archived patients and planted duplicates', () => {
    const patients = [...a.store.patients.values()];
    const share = (pred: (p: (typeof patients)[number]) => boolean) => patients.filter(pred).length / patients.length;
    expect(share((p) => p.communicationPreferences.promotionalMarketing)).toBeGreaterThan(0.5);
    expect(share((p) => p.communicationPreferences.promotionalMarketing)).toBeLessThan(0.7);
    expect(share((p) => p.communicationPreferences.receiveSMS)).toBeGreaterThan(0.6);
    expect(share((p) => p.communicationPreferences.privacyPolicy.response === 'declined')).toBeGreaterThan(0.01);
    expect(share((p) => p.archived)).toBeGreaterThan(0.01);
    expect(share((p) => p.labels.length > 0)).toBeGreaterThan(0.3);
    expect(patients.every((p) => p.updatedAt >= p.createdAt)).toBe(true);

    const kinds = new Set(a.store.duplicates.map((d) => d.kind));
    expect(kinds).toEqual(new Set(['nhsNumber', 'nameAndDob', 'email']));
    for (const d of a.store.duplicates) {
      const x = a.store.patients.get(d.originalId)!;
      const y = a.store.patients.get(d.duplicateId)!;
      if (d.kind === 'nhsNumber') expect(y.numbers.find((n) => n.name === 'NHS')!.value.replace(/\s/g, '')).toBe(x.numbers.find((n) => n.name === 'NHS')!.value.replace(/\s/g, ''));
      if (d.kind === 'nameAndDob') expect([y.firstName, y.lastName, y.dob]).toEqual([x.firstName, x.lastName, x.dob]);
      if (d.kind === 'email') expect(y.email!.toLowerCase()).toBe(x.email!.toLowerCase());
    }
  });

  it('seeds a realistic practice and consistent bookings', async () => {
    const res = await gql(a.url, '{ practice { timezone locations { groupName } paymentTypes { name } practiceNumbers { name idType } } users(pagination: { page: 1, pageSize: 100 }, filters: { isClinician: true }) { data { id } } }');
    const { practice, users } = res.body.data;
    expect(practice.timezone).toBe('Europe/London');
    expect(new Set(practice.locations.map((l: { groupName: string }) => l.groupName))).toEqual(new Set(['London Harley Street', 'London Canary Wharf', 'Manchester']));
    expect(practice.paymentTypes.map((p: { name: string }) => p.name)).toEqual(['Card', 'Cash', 'Bank Transfer', 'Stripe', 'GoCardless']);
    expect(practice.practiceNumbers[0]).toEqual({ name: 'NHS', idType: 'NHS' });
    expect(users.data).toHaveLength(8);
    expect([...a.store.users.values()].filter((u) => u.deleted)).toHaveLength(1);

    const bookings = [...a.store.bookings.values()];
    const now = NOW.toISOString();
    expect(bookings.some((x) => x.start > now)).toBe(true);
    expect(bookings.filter((x) => x.start < now).length).toBeGreaterThan(bookings.length / 2);
    for (const x of bookings) {
      const type = a.store.products.get(x.bookingTypeId)!;
      expect(Date.parse(x.end) - Date.parse(x.start)).toBe(type.duration! * 60_000);
      expect(x.createdAt < x.start && x.createdAt <= now).toBe(true);
      expect(x.updatedAt >= x.createdAt).toBe(true);
      if (x.deleted) expect(x.cancellationReason).toEqual(expect.any(String));
    }
    expect(bookings.filter((x) => x.bookingJourney.dna).length).toBeGreaterThan(50);
    // Each clinician works from one room, so live bookings never double-book a room at this scale.
    const live = bookings.filter((x) => !x.deleted).sort((p, q) => (p.locationId + p.start < q.locationId + q.start ? -1 : 1));
    for (let i = 1; i < live.length; i++) if (live[i].locationId === live[i - 1].locationId) expect(live[i].start >= live[i - 1].end).toBe(true);
    const invoices = [...a.store.invoices.values()];
    expect(invoices.length).toBeGreaterThan(500);
    const statuses = await gql(a.url, '{ invoices(pagination: { page: 1, pageSize: 100 }) { data { status total outstanding payments { paymentAmount } } } }');
    expect(new Set(statuses.body.data.invoices.data.map((i: { status: string }) => i.status))).toEqual(new Set(['paid', 'outstanding', 'partially paid']));
  });
});
