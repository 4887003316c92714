import type { ProductRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Product › Get, Get Many, Create, Update, Delete through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const run = (workflow: WorkflowJson) =>
	runWorkflow(workflow, {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } },
	});
const requests = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const products = () => [...sandbox.store.products.values()];
const byName = (name: string) => products().find((p) => p.name === name)!;
const product = (params: Record<string, unknown>) => sembleWorkflow({ resource: 'product', ...params });
const UNKNOWN = '640300000000000000099999';

/** Extra products straight into the store, so a filter has to read past the first page of 100. */
function addProducts(count: number, isBookable: boolean): void {
	for (let n = 0; n < count; n++) {
		const template = byName(isBookable ? 'Blood Test' : 'Medical Report');
		const id = sandbox.store.ids.next('product');
		const copy: ProductRecord = { ...template, id, name: `${template.name} ${id.slice(-4)}` };
		sandbox.store.products.set(id, copy);
	}
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 15, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Get', () => {
	test('returns the product', async () => {
		const brace = byName('Knee Support Brace');
		const result = await run(product({ operation: 'get', productId: byId(brace.id) }));
		expect(result.output('Semble')[0].json).toMatchObject({
			id: brace.id, name: 'Knee Support Brace', price: 35, cost: 14, stockLevel: 12, itemCode: 'KSB-01', isBookable: false,
			tax: { taxName: 'VAT', taxRate: 20, taxCode: 'S' },
		});
	});

	test('an unknown ID is a clear error; an empty one is refused before any request', async () => {
		expect((await run(product({ operation: 'get', productId: byId(UNKNOWN) }))).error?.message).toMatch(/No product with ID/);
		const empty = await run(product({ operation: 'get', productId: byId('   ') }));
		expect(empty.error?.message).toMatch(/Invalid "Product" in item 0: must not be empty/);
		expect(requests('product')).toBe(1);
	});
});

describe('Get Many', () => {
	const getMany = (params: Record<string, unknown>) => run(product({ operation: 'getMany', filters: {}, ...params }));

	test('Limit without a client-side filter asks Semble for just that many', async () => {
		const result = await getMany({ returnAll: false, limit: 3 });
		expect(result.output('Semble').map((o) => o.json.id)).toEqual(products().slice(0, 3).map((p) => p.id));
		expect(requests('products')).toBe(1);
	});

	test('Search matches the name', async () => {
		const result = await getMany({ returnAll: true, filters: { search: 'consult' } });
		expect(result.output('Semble').map((o) => o.json.name)).toEqual([
			'Initial Consultation', 'Follow-up Consultation', 'Video Consultation', 'Dermatology Consultation',
		]);
	});

	test('Bookable Only keeps paging until Limit bookable products are found, then stops', async () => {
		addProducts(150, false);
		addProducts(3, true); // on page 2
		addProducts(150, false); // pages 2–4
		const bookable = products().filter((p) => p.isBookable).map((p) => p.id);
		expect(bookable).toHaveLength(10);
		const limited = await getMany({ returnAll: false, limit: 9, filters: { bookableOnly: true } });
		expect(limited.output('Semble').map((o) => o.json.id)).toEqual(bookable.slice(0, 9));
		expect(requests('products')).toBe(2);
		sandbox.control.clearLog();
		const all = await getMany({ returnAll: true, filters: { bookableOnly: true } });
		expect(all.output('Semble').map((o) => o.json.id)).toEqual(bookable);
		expect(requests('products')).toBe(4);
	});
});

describe('Create', () => {
	test('creates the product with the given fields', async () => {
		const result = await run(product({
			operation: 'create', name: 'Acupuncture',
			additionalFields: { price: 55.5, duration: 40, isBookable: true, color: '#336699', itemCode: 'ACU', requiresPayment: true },
		}));
		expect(result.error).toBeUndefined();
		const created = sandbox.store.products.get(result.output('Semble')[0].json.id as string);
		expect(created).toMatchObject({
			name: 'Acupuncture', price: 55.5, duration: 40, isBookable: true, color: '#336699', itemCode: 'ACU', requiresPayment: true,
		});
		expect(result.output('Semble')[0].json).toMatchObject({ name: 'Acupuncture', price: 55.5, isBookable: true });
	});

	test('a negative price is refused before any request', async () => {
		const result = await run(product({ operation: 'create', name: 'Refund', additionalFields: { price: -5 } }));
		expect(result.error?.message).toMatch(/Invalid "Price" in item 0: must not be negative/);
		expect(requests('createProduct')).toBe(0);
	});

	test('Semble’s refusal (bookable without a duration) is reported and nothing is created', async () => {
		const before = sandbox.store.products.size;
		const result = await run(product({ operation: 'create', name: 'Mystery', additionalFields: { isBookable: true } }));
		expect(result.error?.message).toMatch(/Semble refused createProduct: duration is required/);
		expect(sandbox.store.products.size).toBe(before);
	});

	test('continue on fail: the item without a name becomes an error item, the others are created', async () => {
		const result = await run(sembleWorkflow(
			{ resource: 'product', operation: 'create', name: '={{ $json.name }}', additionalFields: {} },
			{ settings: { continueOnFail: true }, items: [{ name: 'Gel Pack' }, { name: '' }, { name: 'Foam Roller' }] },
		));
		const out = result.output('Semble');
		expect(out.map((o) => o.json.name ?? o.json.error)).toEqual([
			'Gel Pack', expect.stringMatching(/Invalid "Name" in item 1/), 'Foam Roller',
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(products().filter((p) => ['Gel Pack', 'Foam Roller'].includes(p.name))).toHaveLength(2);
	});
});

describe('Update', () => {
	test('changes only the given fields', async () => {
		const tape = byName('Kinesiology Tape');
		const result = await run(product({ operation: 'update', productId: byId(tape.id), updateFields: { price: 9.5, stockLevel: 25 } }));
		expect(result.error).toBeUndefined();
		expect(sandbox.store.products.get(tape.id)).toMatchObject({ name: 'Kinesiology Tape', price: 9.5, stockLevel: 25, cost: 3 });
		expect(result.output('Semble')[0].json).toMatchObject({ id: tape.id, price: 9.5, stockLevel: 25 });
	});

	test('no fields to change is refused before any request; an unknown product is Semble’s error', async () => {
		const empty = await run(product({ operation: 'update', productId: byId(byName('Blood Test').id), updateFields: {} }));
		expect(empty.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requests('updateProduct')).toBe(0);
		const unknown = await run(product({ operation: 'update', productId: byId(UNKNOWN), updateFields: { name: 'X' } }));
		expect(unknown.error?.message).toMatch(/Semble refused updateProduct: Product not found/);
	});
});

describe('Delete', () => {
	test('deletes the product', async () => {
		const fee = byName('Missed Appointment Fee');
		const result = await run(product({ operation: 'delete', productId: byId(fee.id) }));
		expect(result.output('Semble')[0].json).toEqual({ id: fee.id, name: 'Missed Appointment Fee', deleted: true });
		expect(sandbox.store.products.get(fee.id)?.deleted).toBe(true);
	});

	test('an unknown product is Semble’s error; an ID with spaces is refused before any request', async () => {
		const unknown = await run(product({ operation: 'delete', productId: byId(UNKNOWN) }));
		expect(unknown.error?.message).toMatch(/Semble refused deleteProduct: Product not found/);
		const spaced = await run(product({ operation: 'delete', productId: byId('abc def') }));
		expect(spaced.error?.message).toMatch(/Invalid "Product" in item 0: must not contain spaces/);
		expect(requests('deleteProduct')).toBe(1);
	});
});
