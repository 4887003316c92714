import { DateTime } from 'luxon';

import type { InvoiceRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Invoice › Get Many, Create, Add Payment through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const run = (workflow: WorkflowJson) =>
	runWorkflow(workflow, {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } },
	});
const requests = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const invoices = () => [...sandbox.store.invoices.values()];
const invoice = (params: Record<string, unknown>, options?: Parameters<typeof sembleWorkflow>[1]) =>
	sembleWorkflow({ resource: 'invoice', ...params }, options);
const paymentType = (name: string) => sandbox.store.paymentTypes.find((t) => t.name === name)!.id;
const patientIds = () => [...sandbox.store.patients.keys()];
const product = (name: string) => [...sandbox.store.products.values()].find((p) => p.name === name)!;
const clinicianId = () => [...sandbox.store.users.values()].find((u) => u.isDoctor)!.id;

/** An unpaid invoice straight into the store (copied from a seeded one). */
function addInvoice(patientId: string, total = 100): InvoiceRecord {
	const inv: InvoiceRecord = { ...invoices()[0], id: sandbox.store.ids.next('invoice'), patientId, payments: [], total };
	sandbox.store.addInvoice(inv);
	return inv;
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 16, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Get Many', () => {
	const getMany = (params: Record<string, unknown>) => run(invoice({ operation: 'getMany', filters: {}, ...params }));

	test('Limit returns the first invoices with totals and payments, in one request', async () => {
		const result = await getMany({ returnAll: false, limit: 5 });
		const first = invoices()[0];
		expect(result.output('Semble').map((o) => o.json.id)).toEqual(invoices().slice(0, 5).map((i) => i.id));
		expect(result.output('Semble')[0].json).toMatchObject({
			id: first.id, date: first.date, patientId: first.patientId, doctorId: first.doctorId, total: first.total,
			payments: first.payments.map((p) => ({ id: p.id, paymentAmount: p.paymentAmount, paymentDate: p.paymentDate, comment: p.comment })),
		});
		expect(requests('invoices')).toBe(1);
	});

	test('Invoice Date From/To select on the invoice date', async () => {
		const day = invoices()[3].date;
		const at = `${day}T12:00:00Z`;
		const result = await getMany({ returnAll: true, filters: { dateFrom: at, dateTo: at } });
		const expected = invoices().filter((i) => i.date === day).map((i) => i.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(result.output('Semble').map((o) => o.json.id)).toEqual(expected);
	});

	test('Patient ID keeps paging until Limit of that patient’s invoices are found, then stops', async () => {
		const [target, other] = patientIds().filter((id) => !invoices().some((i) => i.patientId === id));
		for (let n = 0; n < 250; n++) addInvoice(other);
		const mine = [addInvoice(target), addInvoice(target), addInvoice(target)].map((i) => i.id);
		for (let n = 0; n < 150; n++) addInvoice(other);
		const limited = await getMany({ returnAll: false, limit: 2, filters: { patientId: byId(target) } });
		expect(limited.output('Semble').map((o) => o.json.id)).toEqual(mine.slice(0, 2));
		expect(requests('invoices')).toBe(Math.ceil((invoices().indexOf(sandbox.store.invoices.get(mine[1])!) + 1) / 100));
		sandbox.control.clearLog();
		const all = await getMany({ returnAll: true, filters: { patientId: byId(target) } });
		expect(all.output('Semble').map((o) => o.json.id)).toEqual(mine);
		expect(requests('invoices')).toBe(Math.ceil(invoices().length / 100));
	});

	test('a bad date is refused before any request, naming the field', async () => {
		const result = await getMany({ returnAll: true, filters: { dateFrom: 'last Tuesday' } });
		expect(result.error?.message).toMatch(/Invalid "Invoice Date From" in item 0: is not a date and time/);
		expect(requests('invoices')).toBe(0);
	});
});

describe('Create', () => {
	const create = (params: Record<string, unknown>) =>
		run(invoice({ operation: 'create', date: '2026-03-02', patientId: byId(patientIds()[0]), doctorId: byId(clinicianId()),
			locationId: byId(sandbox.store.locations.keys().next().value as string), additionalFields: {}, ...params }));

	test('raises the invoice with its line items', async () => {
		const consult = product('Initial Consultation');
		const tape = product('Kinesiology Tape');
		const result = await create({
			lineItems: { item: [{ productId: byId(consult.id), quantity: 2, price: '' }, { productId: byId(tape.id), quantity: 3, price: '7.50' }] },
			additionalFields: { extraInfo: 'Thank you for your visit' },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output('Semble');
		const stored = sandbox.store.invoices.get(item.json.id as string)!;
		expect(stored).toMatchObject({ date: '2026-03-02', patientId: patientIds()[0], doctorId: clinicianId(), total: 262.5, extraInfo: 'Thank you for your visit' });
		expect(stored.lineItems.map((l) => [l.productId, l.quantity, l.price])).toEqual([[consult.id, 2, 120], [tape.id, 3, 7.5]]);
		expect(item.json).toMatchObject({ total: 262.5, outstanding: 262.5, date: '2026-03-02' });
		expect(item.json.lineItems).toHaveLength(2);
	});

	test('a typed UK date is read day first; one whose year could mean more than one date is refused before any request', async () => {
		const ukDate = await create({ date: '02/03/2026' });
		expect(ukDate.output('Semble')[0].json).toMatchObject({ date: '2026-03-02' });
		const requestsBefore = requests('createInvoice');
		const result = await create({ date: '02/03/26' });
		expect(result.error?.message).toMatch(/Invalid "Date" in item 0: does not say the year in full.*e\.g\. 03\/12\/2026/);
		expect(requests('createInvoice')).toBe(requestsBefore);
	});

	test('an unknown clinician is reported from Semble’s payload error', async () => {
		const before = sandbox.store.invoices.size;
		const result = await create({ doctorId: byId('640100000000000000099999') });
		expect(result.error?.message).toMatch(/Semble refused createInvoice: Doctor not found/);
		expect(sandbox.store.invoices.size).toBe(before);
	});
});

describe('Add Payment', () => {
	const pay = (invoiceId: string, params: Record<string, unknown>, options?: Parameters<typeof sembleWorkflow>[1]) =>
		run(invoice({ operation: 'addPayment', invoiceId, paymentTypeId: paymentType('Stripe'), ...params }, options));

	test('records the payment (dated today in the UK by default) and lowers what is outstanding', async () => {
		const inv = addInvoice(patientIds()[0], 100);
		const result = await pay(inv.id, { amount: 45.5, comment: 'Stripe pi_123' });
		expect(result.error).toBeUndefined();
		expect(sandbox.store.invoices.get(inv.id)!.payments).toEqual([
			expect.objectContaining({
				paymentAmount: 45.5, paymentTypeId: paymentType('Stripe'), comment: 'Stripe pi_123',
				paymentDate: DateTime.now().setZone('Europe/London').toISODate(),
			}),
		]);
		expect(result.output('Semble')[0].json).toMatchObject({ id: inv.id, outstanding: 54.5, status: 'partially paid' });
	});

	test('an explicit Payment Date is kept', async () => {
		const inv = addInvoice(patientIds()[0], 80);
		await pay(inv.id, { amount: 80, paymentDate: '2026-01-15', paymentTypeId: paymentType('GoCardless') });
		expect(sandbox.store.invoices.get(inv.id)!.payments[0]).toMatchObject({ paymentDate: '2026-01-15', paymentAmount: 80 });
	});

	test.each([
		[{ amount: 0 }, /Invalid "Amount" in item 0: must be more than 0/],
		[{ amount: 10.555 }, /Invalid "Amount" in item 0: must have at most 2 decimal places/],
		[{ amount: 10, paymentTypeId: ' ' }, /Invalid "Payment Type" in item 0: must not be empty/],
		[{ amount: 10, paymentDate: '15/01/26' }, /Invalid "Payment Date" in item 0: does not say the year in full/],
		[{ amount: 10, paymentDate: '15/13/2026' }, /Invalid "Payment Date" in item 0: is not a date \(use e\.g\. 2026-03-29 or 29\/03\/2026\)/],
	])('%j is refused before any request', async (params, message) => {
		const result = await pay(addInvoice(patientIds()[0]).id, params);
		expect(result.error?.message).toMatch(message);
		expect(requests('addInvoicePayment')).toBe(0);
	});

	test('an unknown invoice is reported from Semble’s payload error', async () => {
		const result = await pay('64c000000000000000099999', { amount: 10 });
		expect(result.error?.message).toMatch(/Semble refused addInvoicePayment: Invoice not found/);
	});

	test('continue on fail: the item with a bad amount becomes an error item, the others are recorded', async () => {
		const inv = addInvoice(patientIds()[0], 100);
		const result = await pay(inv.id, { amount: '={{ $json.amount }}' }, {
			settings: { continueOnFail: true }, items: [{ amount: 20 }, { amount: -1 }, { amount: 30 }],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Semble');
		expect(out.map((o) => o.json.outstanding ?? o.json.error)).toEqual([80, expect.stringMatching(/Invalid "Amount" in item 1/), 50]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sandbox.store.invoices.get(inv.id)!.payments.map((p) => p.paymentAmount)).toEqual([20, 30]);
	});
});
