import { type RunningSandbox, startSandbox } from '../../sandbox';
import { gql } from './helpers';

describe('sandbox invoices, products, labels, notes and staff', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scale: { patients: 300, bookings: 1500 }, now: () => new Date('2026-09-01T10:00:00.000Z') });
  });
  afterAll(() => sb.close());

  it('filters invoices on the invoice date and resolves patient and doctor', async () => {
    const dates = [...sb.store.invoices.values()].map((i) => i.date).sort();
    const day = dates[Math.floor(dates.length / 2)];
    const res = await gql(sb.url, `{ invoices(dateRange: { start: "${day}T00:00:00Z", end: "${day}T23:59:59Z" }, pagination: { page: 1, pageSize: 100 }) {
      data { id date status total outstanding patient { id } doctor { isDoctor } lineItems { id } } } }`);
    const rows = res.body.data.invoices.data;
    expect(rows.length).toBe([...sb.store.invoices.values()].filter((i) => i.date === day).length);
    expect(rows.every((i: { date: string; doctor: { isDoctor: boolean }; patient: { id: string } | null }) => i.date === day && i.doctor.isDoctor)).toBe(true);
  });

  it('creates an invoice and takes payments that update outstanding and status', async () => {
    const patient = [...sb.store.patients.values()][0];
    const doctor = [...sb.store.users.values()].find((u) => u.isDoctor)!;
    const room = [...sb.store.locations.values()][0];
    const brace = [...sb.store.products.values()].find((p) => p.name === 'Knee Support Brace')!;
    const [card] = sb.store.paymentTypes;
    const created = await gql(sb.url, `mutation I($d: NewInvoiceDataInput) { createInvoice(invoiceData: $d) { data { id invoiceNumber total outstanding status paidOrOutstanding } error } }`,
      { d: { date: '2026-09-01', patientId: patient.id, doctorId: doctor.id, locationId: room.id, lineItems: [{ productId: brace.id, quantity: 2 }] } });
    const inv = created.body.data.createInvoice.data;
    expect(inv).toMatchObject({ total: 70, outstanding: 70, status: 'outstanding', paidOrOutstanding: 'Outstanding' });
    const pay = (amount: number) => gql(sb.url, `mutation { addInvoicePayment(invoiceId: "${inv.id}", paymentData: { paymentAmount: ${amount}, paymentTypeId: "${card.id}", paymentDate: "2026-09-01" }) { data { outstanding status payments { paymentAmount } } error } }`);
    expect((await pay(30)).body.data.addInvoicePayment.data).toEqual({ outstanding: 40, status: 'partially paid', payments: [{ paymentAmount: 30 }] });
    expect((await pay(50)).body.data.addInvoicePayment).toEqual({ data: null, error: 'Payment of 50.00 exceeds the outstanding amount 40.00' });
    expect((await pay(40)).body.data.addInvoicePayment.data).toMatchObject({ outstanding: 0, status: 'paid' });
    const badType = await gql(sb.url, `mutation { addInvoicePayment(invoiceId: "${inv.id}", paymentData: { paymentAmount: 1, paymentTypeId: "nope", paymentDate: "2026-09-01" }) { error } }`);
    expect(badType.body.data.addInvoicePayment.error).toMatch(/Payment type not found/);
  });

  it('searches, creates, updates and soft-deletes products', async () => {
    const search = await gql(sb.url, '{ products(search: "consult") { data { name isBookable duration price } } }');
    expect(search.body.data.products.data.map((p: { name: string }) => p.name)).toEqual(['Initial Consultation', 'Follow-up Consultation', 'Video Consultation', 'Dermatology Consultation']);
    const create = await gql(sb.url, 'mutation { createProduct(productData: { name: "Acupuncture", price: 60, isBookable: true, duration: 40 }) { data { id name price duration isBookable } error } }');
    const product = create.body.data.createProduct.data;
    expect(product).toMatchObject({ name: 'Acupuncture', price: 60, duration: 40 });
    expect((await gql(sb.url, 'mutation { createProduct(productData: { name: "Bad", isBookable: true }) { error } }')).body.data.createProduct.error).toMatch(/duration/);
    const update = await gql(sb.url, `mutation { updateProduct(id: "${product.id}", productData: { price: 65 }) { data { price } error } }`);
    expect(update.body.data.updateProduct.data.price).toBe(65);
    await gql(sb.url, `mutation { deleteProduct(id: "${product.id}") { error } }`);
    expect((await gql(sb.url, `{ product(id: "${product.id}") { id } }`)).body.data.product).toBeNull();
    const practice = await gql(sb.url, '{ practice { appointmentTypes { id title } } }');
    expect(practice.body.data.practice.appointmentTypes.map((t: { title: string }) => t.title)).not.toContain('Acupuncture');
  });

  it('creates labels and free-text notes', async () => {
    const label = await gql(sb.url, 'mutation { createLabel(title: "Sandbox Test", color: "#123456") { data { id title color } error } }');
    expect(label.body.data.createLabel.data).toMatchObject({ title: 'Sandbox Test', color: '#123456' });
    expect((await gql(sb.url, 'mutation { createLabel(title: "vip") { error } }')).body.data.createLabel.error).toMatch(/already exists/);
    const labels = await gql(sb.url, '{ labels(pagination: { page: 1, pageSize: 100 }) { data { title } } }');
    expect(labels.body.data.labels.data.map((l: { title: string }) => l.title)).toContain('Sandbox Test');

    const patient = [...sb.store.patients.values()][1];
    const note = await gql(sb.url, `mutation { createFreeTextRecord(recordData: { patientId: "${patient.id}", question: "Reason for visit", answer: "Sore knee" }) { data { id patientId answer } error } }`);
    const record = note.body.data.createFreeTextRecord.data;
    expect(record).toMatchObject({ patientId: patient.id, answer: 'Sore knee' });
    const edit = await gql(sb.url, `mutation { updateFreeTextRecord(id: "${record.id}", recordData: { answer: "Sore left knee" }) { data { answer question } error } }`);
    expect(edit.body.data.updateFreeTextRecord.data).toEqual({ answer: 'Sore left knee', question: 'Reason for visit' });
    expect((await gql(sb.url, 'mutation { createFreeTextRecord(recordData: { patientId: "nope", question: "q", answer: "a" }) { error } }')).body.data.createFreeTextRecord.error).toBe('Patient not found');
  });

  it('lists staff with search, clinician filter and includeDeleted', async () => {
    const q = (args: string) => gql(sb.url, `{ users(${args}) { data { fullName isDoctor deleted } } }`);
    expect((await q('filters: { isClinician: true }')).body.data.users.data).toHaveLength(8);
    expect((await q('options: { cliniciansOnly: true }')).body.data.users.data).toHaveLength(8);
    expect((await q('filters: { isClinician: false }')).body.data.users.data).toHaveLength(3);
    expect((await q('options: { includeDeleted: true }')).body.data.users.data).toHaveLength(12);
    expect((await q('options: { search: "okafor" }')).body.data.users.data).toEqual([{ fullName: 'James Okafor', isDoctor: true, deleted: false }]);
    const doctor = [...sb.store.users.values()].find((u) => u.lastName === 'Okafor')!;
    const own = await gql(sb.url, `{ user(id: "${doctor.id}") { servicesProvided { name } bookings(start: "2025-01-01", end: "2027-01-01", pageSize: 5) { data { doctor { id } } pageInfo { hasMore } } } }`);
    expect(own.body.data.user.bookings.data.every((b: { doctor: { id: string } }) => b.doctor.id === doctor.id)).toBe(true);
    expect(own.body.data.user.servicesProvided.map((p: { name: string }) => p.name)).toContain('Initial Consultation');
  });

  it('an out-of-office block makes its clinician and room busy in availabilities and availabilitySlots until deleted', async () => {
    const doctor = [...sb.store.users.values()].find((u) => u.lastName === 'Okafor')!;
    const room = sb.store.clinicianRooms.get(doctor.id)!;
    // Thursday 10 September 2026, 10:00-11:00 BST (UTC+1), past any seeded booking of the day.
    const [start, end] = ['2026-09-10T09:00:00.000Z', '2026-09-10T10:00:00.000Z'];
    const slotsAt = async (day: string) => {
      const res = await gql(sb.url, '{ availabilitySlots { data { startLocal endLocal user { id } room { id name } } } }');
      type Slot = { startLocal: string; user: { id: string } | null; room: { id: string } };
      return (res.body.data.availabilitySlots.data as Slot[])
        .filter((s) => s.user?.id === doctor.id && s.startLocal.startsWith(day))
        .map((s) => s.startLocal.slice(11, 16));
    };
    const freeAt = async () => {
      const res = await gql(sb.url, `{ availabilities(dateRange: { start: "2026-09-10T08:00:00Z", end: "2026-09-10T11:00:00Z" }, locationId: "${room}") { data { start end } } }`);
      return res.body.data.availabilities.data;
    };
    const before = await slotsAt('2026-09-10');
    expect(before).toEqual(expect.arrayContaining(['10:00', '10:30']));
    const made = await gql(sb.url, 'mutation B($d: OutOfOfficeBookingDataInput) { createOutOfOfficeBooking(outOfOfficeBookingData: $d) { data { id start end patientId patient { id } doctor { id } location { id } } error } }',
      { d: { location: room, doctor: doctor.id, start, end, comments: 'Busy' } });
    const block = made.body.data.createOutOfOfficeBooking.data;
    expect(block).toMatchObject({ start, end, patientId: null, patient: null, doctor: { id: doctor.id }, location: { id: room } });
    expect(await slotsAt('2026-09-10')).toEqual(before.filter((t: string) => t !== '10:00' && t !== '10:30'));
    expect(await freeAt()).not.toContainEqual(expect.objectContaining({ start: expect.stringMatching(/T09:[03]0/) }));
    const freed = await gql(sb.url, `mutation { deleteBooking(id: "${block.id}", sendCancellationMessages: false) { data { deleted } error } }`);
    expect(freed.body.data.deleteBooking).toEqual({ data: { deleted: true }, error: null });
    expect(await slotsAt('2026-09-10')).toEqual(before);
    const missing = await gql(sb.url, 'mutation { createOutOfOfficeBooking(outOfOfficeBookingData: { doctor: "1" }) { data { id } error } }');
    expect(missing.body.data.createOutOfOfficeBooking.error).toBe('outOfOfficeBookingData.location is required.');
  });

  it('answers schema fields the sandbox does not simulate with a clear error', async () => {
    const q = await gql(sb.url, '{ bookingsById { id } }');
    expect(q.body.errors[0]).toMatchObject({ message: 'bookingsById is not implemented by the Semble sandbox', extensions: { code: 'NOT_IMPLEMENTED' } });
    const m = await gql(sb.url, 'mutation { deleteInvoice(invoiceId: "x") { data { id } error } }');
    expect(m.body.data.deleteInvoice).toEqual({ data: null, error: 'deleteInvoice is not implemented by the Semble sandbox' });
  });
});
