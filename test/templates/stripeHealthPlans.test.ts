import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import type { InvoiceRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import type { WorkflowJson } from '../harness/runWorkflow';
import { sembleClient } from '../harness/sembleClient';
import {
	closeIsolatedSandbox,
	decodeGmailRaw,
	interceptSlack,
	loadTemplate,
	patientTriggerItems,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/stripe-health-plans.json run through n8n's engine: Semble is the sandbox; Stripe,
 * Gmail and Slack are intercepted. Every Stripe request is asserted exactly (path, query, form
 * body, idempotency key), and what Stripe, Slack and the patient must not get.
 */

jest.setTimeout(30_000); // the first run loads n8n's node types
let sandbox: RunningSandbox;
let template: WorkflowJson;
let plan: { labelId: string; productId: string; clinicianId: string; roomId: string };
const PRICE = 'price_gold_monthly';

interface StripeCall {
	method: string;
	path: string;
	query: Record<string, string>;
	form: Record<string, string>;
	idempotencyKey?: string;
}
let stripeCalls: StripeCall[];
/** What Stripe holds: customers and subscriptions, as the search and list endpoints return them. */
let customers: Array<{ id: string; metadata: Record<string, string> }>;
let subscriptions: Array<{ id: string; customer: string; price: string; status: string }>;
let emails: string[];
let slack: Array<Record<string, unknown>>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	stripeApi: { secretKey: 'sk_test_123', signatureSecret: '' },
	gmailOAuth2: { oauthTokenData: { access_token: 'x', refresh_token: 'y' } },
	slackApi: { accessToken: 'xoxb-test' },
});

/** The template with the clinic's settings filled in, as the Set node asks. */
function configured(): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(loadTemplate('stripe-health-plans.json'))) as WorkflowJson;
	const settings = copy.nodes.find((node) => node.name === 'Health plans')?.parameters as {
		assignments: { assignments: Array<{ name: string; value: string }> };
	};
	const values: Record<string, string> = {
		plans: JSON.stringify({
			[plan.labelId]: { name: 'Gold health plan', stripePriceId: PRICE, sembleProductId: plan.productId },
		}),
		invoiceClinicianId: plan.clinicianId,
		invoiceRoomId: plan.roomId,
	};
	for (const assignment of settings.assignments.assignments) assignment.value = values[assignment.name];
	return copy;
}

function recordStripe(
	method: string,
	req: { path: string; headers: Record<string, unknown> },
	body: unknown,
): StripeCall {
	const url = new URL(req.path, 'https://api.stripe.com');
	expect(req.headers.authorization).toBe('Bearer sk_test_123');
	const call: StripeCall = {
		method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		form: body ? Object.fromEntries(new URLSearchParams(String(body))) : {},
	};
	if (req.headers['idempotency-key']) call.idempotencyKey = String(req.headers['idempotency-key']);
	stripeCalls.push(call);
	return call;
}

function interceptStripe() {
	const api = nock('https://api.stripe.com').persist();
	api
		.get('/v1/customers/search')
		.query(true)
		.reply(function () {
			const call = recordStripe('GET', this.req, '');
			const id = /^metadata\['semble_patient_id'\]:'([^']+)'$/.exec(call.query.query)?.[1];
			return [200, { object: 'search_result', data: customers.filter((c) => c.metadata.semble_patient_id === id) }];
		});
	api.post('/v1/customers').reply(function (_uri, body) {
		const call = recordStripe('POST', this.req, body);
		const customer = {
			id: `cus_${customers.length + 1}`,
			metadata: { semble_patient_id: call.form['metadata[semble_patient_id]'] },
		};
		customers.push(customer);
		return [200, customer];
	});
	api
		.get('/v1/subscriptions')
		.query(true)
		.reply(function () {
			const { query } = recordStripe('GET', this.req, '');
			return [
				200,
				{ object: 'list', data: subscriptions.filter((s) => s.customer === query.customer && s.price === query.price) },
			];
		});
	api.post('/v1/subscriptions').reply(function (_uri, body) {
		const { form } = recordStripe('POST', this.req, body);
		const subscription = {
			id: `sub_${subscriptions.length + 1}`,
			customer: form.customer,
			price: form['items[0][price]'],
			status: 'incomplete',
		};
		subscriptions.push(subscription);
		return [
			200,
			{
				...subscription,
				latest_invoice: { id: 'in_first', hosted_invoice_url: 'https://invoice.stripe.com/i/in_first' },
			},
		];
	});
}

/** A seeded patient with the consent and email given; not labelled yet. */
function patient(paymentReminders: boolean, email: string | null = 'member@example.com'): PatientRecord {
	const found = unusedSeededPatient(sandbox, (p) => p.labels.length === 0 && !!p.lastName);
	found.communicationPreferences.paymentReminders = paymentReminders;
	found.email = email;
	return found;
}

/** Labels the patient in Semble (through its API, as staff would) and returns what the Semble Trigger emits for them. */
async function labelled(who: PatientRecord, labelId = plan.labelId): Promise<INodeExecutionData> {
	await sembleClient(sandbox.url, sandbox.apiToken).request(
		'mutation ($p: ID!, $l: ID!) { addPatientLabel(patientId: $p, labelReferenceId: $l) { error } }',
		{ p: who.id, l: labelId },
	);
	const items = await patientTriggerItems(sandbox, 'createdOrUpdated', { backfillHours: 1, fields: 'full' });
	return items.find((item) => item.json.id === who.id) as INodeExecutionData;
}

const patientChanged = async (item: INodeExecutionData) =>
	await runWorkflow(
		{ ...template, pinData: { 'Patient changed in Semble': [item] } },
		{ credentials: credentials(), startNode: 'Patient changed in Semble' },
	);

const stripeEvent = async (type: string, object: Record<string, unknown>) =>
	await runWorkflow(
		{
			...template,
			pinData: {
				'Stripe event': [
					{ json: { id: `evt_${String(object.id)}`, object: 'event', type, created: 1772960000, data: { object } } },
				],
			},
		},
		{ credentials: credentials(), startNode: 'Stripe event' },
	);

const sembleWrites = () => sandbox.control.requestLog().filter((entry) => entry.kind === 'mutation');

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 131, scale: { patients: 40, bookings: 5 }, rateLimitPerMinute: 0 });
	const [label, otherLabel] = [...sandbox.store.labels.values()];
	const product = [...sandbox.store.products.values()].find((p) => !p.deleted);
	plan = {
		labelId: label.id,
		productId: String(product?.id),
		clinicianId: [...sandbox.store.users.values()][0].id,
		roomId: [...sandbox.store.locations.values()][0].id,
	};
	expect(otherLabel).toBeDefined();
	template = configured();
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	stripeCalls = [];
	customers = [];
	subscriptions = [];
	emails = [];
	sandbox.control.clearLog();
	nock.cleanAll();
	interceptStripe();
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.reply(200, (_uri, body) => {
			emails.push(decodeGmailRaw(String((body as { raw: string }).raw)));
			return { id: 'm1', threadId: 't1', labelIds: ['SENT'] };
		});
	slack = interceptSlack('xoxb-test');
});

describe('plan label → Stripe subscription', () => {
	test('a new member with consent: customer, one subscription, the first-payment link; email and Semble IDs only', async () => {
		const who = patient(true, 'gold.member@example.com');
		const result = await patientChanged(await labelled(who));
		expect(result.error).toBeUndefined();
		const searchQuery = { query: `metadata['semble_patient_id']:'${who.id}'` };
		const listQuery = { customer: 'cus_1', price: PRICE, status: 'all' };
		expect(stripeCalls).toEqual([
			{ method: 'GET', path: '/v1/customers/search', query: searchQuery, form: {} },
			{
				method: 'POST',
				path: '/v1/customers',
				query: {},
				form: { email: 'gold.member@example.com', 'metadata[semble_patient_id]': who.id },
				idempotencyKey: `semble-patient-${who.id}`,
			},
			{ method: 'GET', path: '/v1/subscriptions', query: listQuery, form: {} },
			{
				method: 'POST',
				path: '/v1/subscriptions',
				query: {},
				form: {
					customer: 'cus_1',
					'items[0][price]': PRICE,
					'metadata[semble_patient_id]': who.id,
					'metadata[semble_label_id]': plan.labelId,
					payment_behavior: 'default_incomplete',
					'payment_settings[save_default_payment_method]': 'on_subscription',
					'expand[0]': 'latest_invoice',
				},
				idempotencyKey: `semble-plan-${who.id}-${PRICE}`,
			},
		]);
		const sent = JSON.stringify(stripeCalls);
		for (const personal of [
			who.firstName,
			who.lastName,
			who.dob,
			who.address?.postcode,
			who.address?.address,
			...who.phones.map((p) => p.phoneNumber),
		])
			if (personal) expect(sent).not.toContain(personal);

		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatch(/^To: gold\.member@example\.com/m);
		expect(emails[0]).toContain('https://invoice.stripe.com/i/in_first');
		expect(emails[0]).toContain('Gold health plan');
		expect(slack).toEqual([]);

		// The patient is updated again later: customer found, subscription live, nothing new.
		stripeCalls = [];
		const again = await patientChanged(await labelled(who));
		expect(again.error).toBeUndefined();
		expect(stripeCalls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /v1/customers/search',
			'GET /v1/subscriptions',
		]);
		expect(subscriptions).toHaveLength(1);
		expect(emails).toHaveLength(1);
	});

	test('an existing Stripe customer whose earlier subscription was cancelled gets a new one; no second customer', async () => {
		const who = patient(true);
		customers.push({ id: 'cus_existing', metadata: { semble_patient_id: who.id } });
		subscriptions.push({ id: 'sub_old', customer: 'cus_existing', price: PRICE, status: 'canceled' });
		const result = await patientChanged(await labelled(who));
		expect(result.error).toBeUndefined();
		expect(stripeCalls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /v1/customers/search',
			'GET /v1/subscriptions',
			'POST /v1/subscriptions',
		]);
		expect(stripeCalls[2].form.customer).toBe('cus_existing');
	});

	test('without payment-reminders consent: the subscription, no email, staff asked with first name, last initial and Semble ID', async () => {
		const who = patient(false, 'no.emails@example.com');
		const result = await patientChanged(await labelled(who));
		expect(result.error).toBeUndefined();
		expect(subscriptions).toHaveLength(1);
		expect(emails).toEqual([]);
		expect(slack).toHaveLength(1);
		expect(slack[0]).toMatchObject({ channel: '#clinic-payments' });
		expect(slack[0].text).toBe(
			`Health plan Gold health plan for ${who.firstName} ${who.lastName?.trim().charAt(0)}. (Semble patient ${who.id}) is waiting for its first payment in Stripe (subscription sub_1). The patient has not agreed to payment emails, so please take the first payment with them.`,
		);
		expect(String(slack[0].text)).not.toContain(String(who.lastName));
		expect(String(slack[0].text)).not.toContain('no.emails');
	});

	test('no plan label, another label, no email, or archived: nothing reaches Stripe', async () => {
		const otherLabel = [...sandbox.store.labels.values()][1].id;
		const items = [
			await labelled(patient(true), otherLabel),
			await labelled(patient(true, null)),
			await labelled(patient(true, 'not-an-email')),
		];
		const archived = await labelled(patient(true));
		items.push({ json: { ...archived.json, archived: true } });
		for (const item of items) expect((await patientChanged(item)).error).toBeUndefined();
		expect(stripeCalls).toEqual([]);
		expect(emails).toEqual([]);
		expect(slack).toEqual([]);
	});
});

describe('paid subscription invoice → Semble', () => {
	const stripeType = () => sandbox.store.paymentTypes.find((type) => type.name === 'Stripe')?.id;
	const invoicesOf = (patientId: string): InvoiceRecord[] =>
		[...sandbox.store.invoices.values()].filter((i) => i.patientId === patientId);
	/** A paid invoice as API versions from 2025-03-31 (basil) send it; `legacy` puts the metadata where older versions do. */
	const paidInvoice = (id: string, who: PatientRecord, extra: Record<string, unknown> = {}, legacy = false) => {
		const details = { metadata: { semble_patient_id: who.id, semble_label_id: plan.labelId } };
		return {
			id,
			object: 'invoice',
			amount_paid: 4500,
			currency: 'gbp',
			status: 'paid',
			status_transitions: { paid_at: 1772960000 }, // 2026-03-08
			...(legacy
				? { subscription_details: details }
				: { parent: { type: 'subscription_details', subscription_details: details } }),
			...extra,
		};
	};

	test('recorded as one Semble invoice for the plan with one Stripe payment; the same event again writes nothing', async () => {
		const who = patient(true);
		const first = await stripeEvent('invoice.paid', paidInvoice('in_paid1', who));
		expect(first.error).toBeUndefined();
		const invoices = invoicesOf(who.id);
		expect(invoices).toHaveLength(1);
		expect(invoices[0]).toMatchObject({
			date: '2026-03-08',
			doctorId: plan.clinicianId,
			locationId: plan.roomId,
			total: 45,
			comments: 'Stripe in_paid1 (Gold health plan payment, raised by n8n)',
		});
		expect(invoices[0].lineItems).toEqual([
			expect.objectContaining({ productId: plan.productId, quantity: 1, price: 45 }),
		]);
		expect(invoices[0].payments).toEqual([
			expect.objectContaining({ paymentAmount: 45, paymentTypeId: stripeType(), comment: 'Stripe in_paid1' }),
		]);

		sandbox.control.clearLog();
		const again = await stripeEvent('invoice.paid', paidInvoice('in_paid1', who));
		expect(again.error).toBeUndefined();
		expect(sembleWrites()).toEqual([]);
		expect(invoicesOf(who.id)).toHaveLength(1);
		expect(invoicesOf(who.id)[0].payments).toHaveLength(1);
		expect(stripeCalls).toEqual([]);
	});

	test('an invoice raised before a failed run gets only its payment; older API versions are read too', async () => {
		const who = patient(true);
		await stripeEvent('invoice.paid', paidInvoice('in_paid2', who, {}, true));
		const [invoice] = invoicesOf(who.id);
		invoice.payments = []; // as if the run had stopped between the two writes
		sandbox.control.clearLog();
		expect((await stripeEvent('invoice.paid', paidInvoice('in_paid2', who, {}, true))).error).toBeUndefined();
		expect(sembleWrites().map((entry) => entry.rootFields)).toEqual([['addInvoicePayment']]);
		expect(invoicesOf(who.id)).toHaveLength(1);
		expect(invoice.payments).toEqual([expect.objectContaining({ paymentAmount: 45, comment: 'Stripe in_paid2' })]);
	});

	test.each([
		['another currency', { currency: 'eur' }],
		['nothing paid (a 100% discount)', { amount_paid: 0 }],
		['not from a Semble plan', { parent: null }],
		[
			'a plan label no longer in Health plans',
			{ parent: { subscription_details: { metadata: { semble_patient_id: 'x', semble_label_id: 'gone' } } } },
		],
	])('%s: nothing written', async (_name, extra) => {
		const who = patient(true);
		sandbox.control.clearLog();
		expect(
			(await stripeEvent('invoice.paid', paidInvoice(`in_skip_${_name.length}`, who, extra))).error,
		).toBeUndefined();
		expect(sembleWrites()).toEqual([]);
	});
});

describe('failed plan payment', () => {
	const failed = (who: PatientRecord) => ({
		id: 'in_failed1',
		object: 'invoice',
		amount_due: 4500,
		currency: 'gbp',
		hosted_invoice_url: 'https://invoice.stripe.com/i/in_failed1',
		parent: { subscription_details: { metadata: { semble_patient_id: who.id, semble_label_id: plan.labelId } } },
	});

	test('staff get a task with first name, last initial and Semble ID; the patient with consent a reminder', async () => {
		const who = patient(true, 'reminded@example.com');
		expect((await stripeEvent('invoice.payment_failed', failed(who))).error).toBeUndefined();
		expect(slack.map((message) => message.text)).toEqual([
			`Health plan payment failed: ${who.firstName} ${who.lastName?.trim().charAt(0)}. (Semble patient ${who.id}), Gold health plan, £45.00 (Stripe invoice in_failed1). Please contact the patient about their card; Stripe will retry the payment.`,
		]);
		expect(String(slack[0].text)).not.toContain(String(who.lastName));
		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatch(/^To: reminded@example\.com/m);
		expect(emails[0]).toContain('https://invoice.stripe.com/i/in_failed1');
		expect(emails[0]).toContain('£45.00');
		expect(stripeCalls).toEqual([]);
		expect(sembleWrites()).toEqual([]);
	});

	test('without payment-reminders consent: the staff task only, no email', async () => {
		const who = patient(false, 'quiet@example.com');
		expect((await stripeEvent('invoice.payment_failed', failed(who))).error).toBeUndefined();
		expect(slack).toHaveLength(1);
		expect(emails).toEqual([]);
	});
});

describe('subscription ended → label removed', () => {
	test('the plan label comes off, other labels stay; the same event again changes nothing', async () => {
		const who = patient(true);
		const otherLabel = [...sandbox.store.labels.values()][1].id;
		await labelled(who, otherLabel);
		await labelled(who);
		expect(who.labels.map((label) => label.referenceId).sort()).toEqual([plan.labelId, otherLabel].sort());
		const ended = {
			id: 'sub_ended',
			object: 'subscription',
			status: 'canceled',
			metadata: { semble_patient_id: who.id, semble_label_id: plan.labelId },
		};

		sandbox.control.clearLog();
		expect((await stripeEvent('customer.subscription.deleted', ended)).error).toBeUndefined();
		expect(who.labels.map((label) => label.referenceId)).toEqual([otherLabel]);
		expect(sembleWrites().map((entry) => entry.rootFields)).toEqual([['removePatientLabel']]);

		sandbox.control.clearLog();
		expect((await stripeEvent('customer.subscription.deleted', ended)).error).toBeUndefined();
		expect(sembleWrites()).toEqual([]);
		expect(who.labels.map((label) => label.referenceId)).toEqual([otherLabel]);
		expect(stripeCalls).toEqual([]);
		expect(slack).toEqual([]);
	});
});
