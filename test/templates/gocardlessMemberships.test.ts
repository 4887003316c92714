import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { createHmac } from 'node:crypto';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- not shipped: runs the Code node's source as a test
import { createContext, runInContext } from 'node:vm';

import type { InvoiceRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, interceptSlack, loadTemplate, sembleCredential, startIsolatedSandbox, unusedSeededPatient } from './templateTestKit';

/**
 * workflows/gocardless-memberships.json run through n8n's engine: Semble is the sandbox;
 * GoCardless and Slack are intercepted. The webhook's signature check, what GoCardless
 * receives and what is written to Semble are asserted exactly.
 */

jest.setTimeout(30_000); // the first run loads n8n's node types
const template = loadTemplate('gocardless-memberships.json');
const SECRET = 'gc-webhook-secret-test';
const GC = 'https://api.gocardless.com';
let sandbox: RunningSandbox;
let created: Array<{ body: { payments: Record<string, unknown> }; headers: Record<string, unknown> }>;
let fetched: string[];
let slack: Array<Record<string, unknown>>;
/** GoCardless' payments, as GET /payments/:id returns them. */
const gcPayments = new Map<string, Record<string, unknown>>();

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	httpBearerAuth: { token: 'gc-access-token' },
	crypto: { hmacSecret: SECRET },
	slackApi: { accessToken: 'xoxb-test' },
});

function patient(mandate: string | null): PatientRecord {
	const found = unusedSeededPatient(sandbox);
	found.customAttributes = mandate
		? [{ id: `ca-${found.id}`, title: 'GoCardless mandate', text: '', response: mandate, required: false }]
		: [];
	return found;
}

let invoiceCounter = 0;
function invoiceFor(who: PatientRecord, total: number): InvoiceRecord {
	const model = [...sandbox.store.invoices.values()][0];
	const now = new Date().toISOString();
	const invoice: InvoiceRecord = {
		...model,
		id: `inv-gc-${++invoiceCounter}`,
		invoiceNumber: 9000 + invoiceCounter,
		date: '2026-03-02',
		patientId: who.id,
		lineItems: [{ id: `li-${invoiceCounter}`, productId: null, quantity: 1, price: total }],
		payments: [],
		total,
		createdAt: now,
		updatedAt: now,
	};
	sandbox.store.addInvoice(invoice);
	return invoice;
}

/** The item the Semble Trigger emits for a new invoice. */
const triggerItem = (invoice: InvoiceRecord) => ({
	json: {
		id: invoice.id,
		invoiceNumber: invoice.invoiceNumber,
		date: invoice.date,
		status: 'outstanding',
		patientId: invoice.patientId,
		doctorId: invoice.doctorId,
		location: 'London',
		total: invoice.total,
		outstanding: invoice.total - invoice.payments.reduce((sum, p) => sum + p.paymentAmount, 0),
		triggerEvent: 'created',
	},
});

/** What the Webhook node (v2.1, Raw Body on) outputs for a delivery. */
function delivery(raw: string, signature: string | null) {
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'gocardless-webhook-service/1.1' };
	if (signature !== null) headers['webhook-signature'] = signature;
	return {
		json: { headers, params: {}, query: {}, body: JSON.parse(raw) as IDataObject },
		binary: { data: { data: Buffer.from(raw).toString('base64'), mimeType: 'application/json' } },
	};
}
const sign = (raw: string) => createHmac('sha256', SECRET).update(raw).digest('hex');

const paymentEvent = (id: string, action: string, payment: string) => ({
	id,
	created_at: '2026-03-05T09:00:00.000Z',
	resource_type: 'payments',
	action,
	links: { payment },
	details: { origin: 'gocardless', cause: `payment_${action}`, description: 'Test event' },
	metadata: {},
});

async function deliver(item: ReturnType<typeof delivery>) {
	return await runWorkflow(
		{ ...template, pinData: { 'GoCardless webhook': [item] } },
		{ credentials: credentials(), startNode: 'GoCardless webhook' },
	);
}

const ran = (result: Awaited<ReturnType<typeof deliver>>, node: string) => node in result.run.data.resultData.runData;
const sembleWrites = () => sandbox.control.requestLog().filter((entry) => entry.kind === 'mutation');

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 97, scale: { patients: 30, bookings: 5 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	created = [];
	fetched = [];
	sandbox.control.clearLog();
	nock.cleanAll();
	nock(GC)
		.persist()
		.post('/payments')
		.reply(201, function (_uri, body) {
			created.push({ body: body as (typeof created)[number]['body'], headers: this.req.headers });
			return { payments: { id: 'PM000NEW', status: 'pending_submission' } };
		});
	nock(GC)
		.persist()
		.get(/^\/payments\/PM\w+$/)
		.reply(function (uri) {
			expect(this.req.headers.authorization).toBe('Bearer gc-access-token');
			expect(this.req.headers['gocardless-version']).toBe('2015-07-06');
			const id = uri.split('/').pop() as string;
			fetched.push(id);
			const payment = gcPayments.get(id);
			return payment ? [200, { payments: payment }] : [404, { error: { code: 404, message: 'Resource not found' } }];
		});
	slack = interceptSlack('xoxb-test');
});

describe('new Semble invoice → collected by Direct Debit', () => {
	test('a member with a mandate: one GoCardless payment for the outstanding amount, ids only', async () => {
		const who = patient('MD000TEST123');
		const invoice = invoiceFor(who, 49.99);
		const result = await runWorkflow(
			{ ...template, pinData: { 'New invoice in Semble': [triggerItem(invoice)] } },
			{ credentials: credentials(), startNode: 'New invoice in Semble' },
		);
		expect(result.error).toBeUndefined();
		expect(created).toHaveLength(1);
		expect(created[0].body).toEqual({
			payments: {
				amount: 4999,
				currency: 'GBP',
				description: `Clinic invoice ${invoice.invoiceNumber}`,
				links: { mandate: 'MD000TEST123' },
				metadata: { semble_invoice_id: invoice.id, semble_invoice_date: '2026-03-02' },
			},
		});
		expect(created[0].headers).toMatchObject({
			authorization: 'Bearer gc-access-token',
			'gocardless-version': '2015-07-06',
			'idempotency-key': `semble-invoice-${invoice.id}`,
		});
		const sent = JSON.stringify(created[0].body);
		for (const personal of [who.firstName, who.lastName, who.email ?? '@']) expect(sent).not.toContain(personal);
	});

	test('a patient without a mandate, or a paid invoice: nothing sent', async () => {
		const noMandate = invoiceFor(patient(null), 30);
		const settled = invoiceFor(patient('MD000OTHER'), 30);
		for (const item of [triggerItem(noMandate), { json: { ...triggerItem(settled).json, outstanding: 0 } }]) {
			const result = await runWorkflow(
				{ ...template, pinData: { 'New invoice in Semble': [item] } },
				{ credentials: credentials(), startNode: 'New invoice in Semble' },
			);
			expect(result.error).toBeUndefined();
		}
		expect(created).toEqual([]);
	});
});

describe('GoCardless webhook → Semble', () => {
	let invoice: InvoiceRecord;
	const gcType = () => sandbox.store.paymentTypes.find((type) => type.name === 'GoCardless')?.id;

	beforeAll(() => {
		invoice = invoiceFor(patient('MD000PAY'), 49.99);
		gcPayments.set('PM000PAID', {
			id: 'PM000PAID',
			amount: 4999,
			currency: 'GBP',
			status: 'confirmed',
			metadata: { semble_invoice_id: invoice.id, semble_invoice_date: invoice.date },
			links: { mandate: 'MD000PAY' },
		});
	});

	test('a correctly signed delivery is accepted (204) and the payment recorded once', async () => {
		// GoCardless batches events: the payment is confirmed and paid out in one delivery. The
		// signature covers the exact bytes, so they are not the compact form n8n would re-serialise.
		const raw = JSON.stringify(
			{ events: [paymentEvent('EV001', 'confirmed', 'PM000PAID'), paymentEvent('EV002', 'paid_out', 'PM000PAID')] },
			null,
			2,
		);
		const result = await deliver(delivery(raw, sign(raw)));
		expect(result.error).toBeUndefined();
		expect(ran(result, 'Accept (204)')).toBe(true);
		expect(ran(result, 'Reject (498 Invalid token)')).toBe(false);
		expect(fetched).toEqual(['PM000PAID']);
		expect(invoice.payments).toEqual([
			expect.objectContaining({ paymentAmount: 49.99, paymentTypeId: gcType(), comment: 'GoCardless PM000PAID' }),
		]);

		// GoCardless retries the same delivery: accepted, nothing more written.
		const again = await deliver(delivery(raw, sign(raw)));
		expect(again.error).toBeUndefined();
		expect(ran(again, 'Accept (204)')).toBe(true);
		expect(invoice.payments).toHaveLength(1);
		expect(slack).toEqual([]);
	});

	test.each([
		['a modified body', (raw: string) => delivery(raw.replace('EV010', 'EV011'), sign(raw))],
		['a signature made with another secret', (raw: string) => delivery(raw, createHmac('sha256', 'guess').update(raw).digest('hex'))],
		['no signature', (raw: string) => delivery(raw, null)],
		['the parsed body swapped, raw bytes kept', (raw: string) => {
			const item = delivery(raw, sign(raw));
			item.json.body = { events: [paymentEvent('EV999', 'confirmed', 'PM000FORGED')] };
			return { ...item, binary: { data: { ...item.binary.data, data: Buffer.from(JSON.stringify(item.json.body)).toString('base64') } } };
		}],
	])('%s: 498 and nothing else', async (_name, make) => {
		const other = invoiceFor(patient('MD000X'), 20);
		gcPayments.set('PM000FORGED', {
			id: 'PM000FORGED', amount: 2000, currency: 'GBP', status: 'confirmed',
			metadata: { semble_invoice_id: other.id, semble_invoice_date: other.date }, links: { mandate: 'MD000X' },
		});
		const raw = JSON.stringify({ events: [paymentEvent('EV010', 'confirmed', 'PM000FORGED')] });
		sandbox.control.clearLog();
		const result = await deliver(make(raw));
		expect(result.error).toBeUndefined();
		expect(ran(result, 'Reject (498 Invalid token)')).toBe(true);
		expect(ran(result, 'Accept (204)')).toBe(false);
		expect(fetched).toEqual([]);
		expect(sandbox.control.requestLog()).toEqual([]); // not even a read from Semble
		expect(sembleWrites()).toEqual([]);
		expect(other.payments).toEqual([]);
		expect(slack).toEqual([]);
	});

	test.each([
		['differs in the last character only', (good: string) => `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`],
		['is the right signature cut short', (good: string) => good.slice(0, 32)],
		['has the right signature as its start', (good: string) => `${good}00`],
	])('a signature that %s: 498', async (_name, forge) => {
		const raw = JSON.stringify({ events: [paymentEvent('EV040', 'confirmed', 'PM000PAID')] });
		const result = await deliver(delivery(raw, forge(sign(raw))));
		expect(ran(result, 'Reject (498 Invalid token)')).toBe(true);
		expect(ran(result, 'Accept (204)')).toBe(false);
		expect(fetched).toEqual([]);
	});

	test('the signatures are compared in constant time: every character, wherever the first difference is', () => {
		const node = template.nodes.find((n) => n.name === 'Compare in constant time');
		expect(node?.parameters.mode).toBe('runOnceForEachItem');
		// The IF only reads the result; no string comparison of the signatures is left.
		expect(JSON.stringify(template.nodes.find((n) => n.name === 'Signature matches?')?.parameters)).not.toMatch(/signature'\]|expectedSignature/);
		const good = sign('{"events":[]}');
		/** Runs the node's code on one delivery and counts the characters it reads. */
		const compare = (given: string) => {
			const context = createContext({ $json: { expectedSignature: good, headers: { 'webhook-signature': given }, body: {} } });
			runInContext('globalThis.reads = 0; const read = String.prototype.charCodeAt; String.prototype.charCodeAt = function (i) { reads++; return read.call(this, i); };', context);
			const out = runInContext(`(() => { ${String(node?.parameters.jsCode)} })()`, context) as { json: Record<string, unknown> };
			return { valid: out.json.signatureValid, reads: (context as { reads: number }).reads, leaked: 'expectedSignature' in out.json };
		};
		const firstWrong = `${good[0] === 'a' ? 'b' : 'a'}${good.slice(1)}`;
		const lastWrong = `${good.slice(0, -1)}${good.endsWith('a') ? 'b' : 'a'}`;
		expect(compare(good)).toEqual({ valid: true, reads: 128, leaked: false });
		expect(compare(firstWrong)).toEqual({ valid: false, reads: 128, leaked: false });
		expect(compare(lastWrong)).toEqual({ valid: false, reads: 128, leaked: false });
	});

	test('the reject node answers 498, the accept node 204, with no body', () => {
		const node = (name: string) => template.nodes.find((n) => n.name === name)?.parameters;
		expect(node('Reject (498 Invalid token)')).toMatchObject({ respondWith: 'noData', options: { responseCode: 498 } });
		expect(node('Accept (204)')).toMatchObject({ respondWith: 'noData', options: { responseCode: 204 } });
	});

	test('a cancelled mandate or failed payment: one Slack notice with GoCardless ids only', async () => {
		const raw = JSON.stringify({
			events: [
				{ id: 'EV020', resource_type: 'mandates', action: 'cancelled', links: { mandate: 'MD000GONE' }, details: { cause: 'bank_account_closed' } },
				{ id: 'EV021', resource_type: 'payments', action: 'failed', links: { payment: 'PM000FAIL' }, details: { cause: 'insufficient_funds' } },
				{ id: 'EV022', resource_type: 'payments', action: 'created', links: { payment: 'PM000NEW' }, details: {} },
			],
		});
		const result = await deliver(delivery(raw, sign(raw)));
		expect(result.error).toBeUndefined();
		expect(slack.map((message) => message.text)).toEqual([
			'GoCardless: Direct Debit mandate MD000GONE cancelled (bank_account_closed). Please look it up in GoCardless and contact the member.',
			'GoCardless: payment PM000FAIL failed (insufficient_funds). Please look it up in GoCardless and contact the member.',
		]);
		expect(slack[0]).toMatchObject({ channel: '#clinic-payments' });
		expect(fetched).toEqual([]);
		expect(sembleWrites()).toEqual([]);
	});

	test('a payment that is not for a Semble invoice is left alone', async () => {
		gcPayments.set('PM000SUBS', { id: 'PM000SUBS', amount: 3000, currency: 'GBP', status: 'confirmed', metadata: {}, links: {} });
		const raw = JSON.stringify({ events: [paymentEvent('EV030', 'confirmed', 'PM000SUBS')] });
		const result = await deliver(delivery(raw, sign(raw)));
		expect(result.error).toBeUndefined();
		expect(fetched).toEqual(['PM000SUBS']);
		expect(sembleWrites()).toEqual([]);
	});
});
