import nock from 'nock';

import type { BookingRecord, InvoiceRecord, PatientRecord, ProductRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, decodeGmailRaw, interceptSlack, loadTemplate, sembleCredential, startIsolatedSandbox, unusedSeededPatient } from './templateTestKit';

/**
 * workflows/stripe-payments.json run through n8n's engine: Semble is the sandbox; Stripe,
 * Gmail and Slack are intercepted. What Stripe receives (and does not), who is emailed and
 * what is written to Semble are asserted exactly.
 */

const template = loadTemplate('stripe-payments.json');
jest.setTimeout(30_000); // the first run loads n8n's node types
let sandbox: RunningSandbox;
let sessions: Array<{ body: Record<string, string>; idempotencyKey: string | undefined; auth: string | undefined }>;
let emails: string[];
let slack: Array<Record<string, unknown>>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	stripeApi: { secretKey: 'sk_test_123', signatureSecret: '' },
	gmailOAuth2: { oauthTokenData: { access_token: 'x', refresh_token: 'y' } },
	slackApi: { accessToken: 'xoxb-test' },
});

function patient(paymentReminders: boolean, email: string | null = 'pat@example.com'): PatientRecord {
	const found = unusedSeededPatient(sandbox);
	found.communicationPreferences.paymentReminders = paymentReminders;
	found.email = email;
	return found;
}

let product: ProductRecord;
let model: BookingRecord;

/** A new booking in the sandbox, and the item the Semble Trigger emits for it. */
function newBooking(forPatient: PatientRecord, price: number, extra: Partial<BookingRecord> = {}) {
	const booking: BookingRecord = { ...model, id: `bk-${forPatient.id}`, patientId: forPatient.id, billed: false, deleted: false, onlineBookingPaymentStatus: null, ...extra };
	sandbox.store.bookings.set(booking.id, booking);
	const location = sandbox.store.locations.get(booking.locationId);
	return {
		json: {
			id: booking.id,
			start: booking.start,
			end: booking.end,
			patientId: booking.patientId,
			doctor: { id: booking.doctorId, fullName: 'Dr Test' },
			location: { id: booking.locationId, name: location?.name, groupName: location?.groupName },
			appointment: { id: product.id, title: product.name, duration: 30, price },
			bookingJourney: booking.bookingJourney,
			billed: booking.billed,
			onlineBookingPaymentStatus: booking.onlineBookingPaymentStatus,
			deleted: booking.deleted,
			status: booking.deleted ? 'cancelled' : 'booked',
			triggerEvent: 'created',
		},
	};
}

const invoicesOf = (patientId: string): InvoiceRecord[] => [...sandbox.store.invoices.values()].filter((i) => i.patientId === patientId);

async function book(item: ReturnType<typeof newBooking>) {
	return await runWorkflow(
		{ ...template, pinData: { 'New booking in Semble': [item] } },
		{ credentials: credentials(), startNode: 'New booking in Semble' },
	);
}

function stripeEvent(invoice: InvoiceRecord, amountPence: number, sessionId = 'cs_test_a1') {
	return {
		id: `evt_${sessionId}`,
		object: 'event',
		type: 'checkout.session.completed',
		data: {
			object: {
				id: sessionId,
				object: 'checkout.session',
				amount_total: amountPence,
				currency: 'gbp',
				mode: 'payment',
				payment_status: 'paid',
				payment_intent: 'pi_test_1',
				client_reference_id: invoice.id,
				metadata: { semble_invoice_id: invoice.id, semble_invoice_date: invoice.date, semble_booking_id: 'bk-x' },
			},
		},
	};
}

async function paid(event: ReturnType<typeof stripeEvent>) {
	return await runWorkflow(
		{ ...template, pinData: { 'Stripe payment completed': [{ json: event }] } },
		{ credentials: credentials(), startNode: 'Stripe payment completed' },
	);
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 83, scale: { patients: 40, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	product = [...sandbox.store.products.values()].find((p) => p.isBookable && !p.deleted) as ProductRecord;
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	sessions = [];
	emails = [];
	nock.cleanAll();
	nock('https://api.stripe.com')
		.persist()
		.post('/v1/checkout/sessions')
		.reply(200, function (_uri, body) {
			const fields = Object.fromEntries(new URLSearchParams(String(body)));
			sessions.push({
				body: fields,
				idempotencyKey: this.req.headers['idempotency-key'] as string | undefined,
				auth: this.req.headers.authorization as string | undefined,
			});
			return { id: 'cs_test_a1', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_a1' };
		});
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.reply(200, (_uri, body) => {
			const raw = String((body as { raw: string }).raw);
			emails.push(decodeGmailRaw(raw));
			return { id: 'm1', threadId: 't1', labelIds: ['SENT'] };
		});
	slack = interceptSlack('xoxb-test');
});

describe('new booking → Semble invoice → Stripe link', () => {
	test('a paid appointment gets one invoice and one Stripe session for the price, with ids only', async () => {
		const who = patient(true, 'jo.bloggs@example.com');
		const result = await book(newBooking(who, 45.5));
		expect(result.error).toBeUndefined();

		const invoices = invoicesOf(who.id);
		expect(invoices).toHaveLength(1);
		const [invoice] = invoices;
		expect(invoice.total).toBe(45.5);
		expect(invoice.lineItems).toEqual([expect.objectContaining({ productId: product.id, quantity: 1, price: 45.5 })]);

		expect(sessions).toHaveLength(1);
		const [session] = sessions;
		expect(session.auth).toBe('Bearer sk_test_123');
		expect(session.idempotencyKey).toBe(`semble-invoice-${invoice.id}`);
		expect(session.body).toEqual({
			mode: 'payment',
			'line_items[0][quantity]': '1',
			'line_items[0][price_data][currency]': 'gbp',
			'line_items[0][price_data][unit_amount]': '4550',
			'line_items[0][price_data][product_data][name]': 'Clinic appointment',
			client_reference_id: invoice.id,
			'metadata[semble_invoice_id]': invoice.id,
			'metadata[semble_invoice_date]': invoice.date,
			'metadata[semble_booking_id]': `bk-${who.id}`,
			success_url: 'https://www.example.com/payment-received',
		});
		// Nothing about the patient or the appointment type reaches Stripe.
		const sent = JSON.stringify(session.body);
		for (const secret of [who.firstName, who.lastName, 'jo.bloggs', product.name]) expect(sent).not.toContain(secret);

		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatch(/^To: jo\.bloggs@example\.com/m);
		expect(emails[0]).toContain('https://checkout.stripe.com/c/pay/cs_test_a1');
		expect(emails[0]).toContain('£45.50');
		expect(emails[0]).not.toContain(product.name);
	});

	test('without payment-reminders consent: invoice only, no Stripe session, no email', async () => {
		const who = patient(false);
		const result = await book(newBooking(who, 60));
		expect(result.error).toBeUndefined();
		expect(invoicesOf(who.id)).toHaveLength(1);
		expect(sessions).toEqual([]);
		expect(emails).toEqual([]);
	});

	test.each([
		['a free appointment', 0, {}],
		['a booking already billed', 60, { billed: true }],
		['an online booking already paid', 60, { onlineBookingPaymentStatus: 'paid' }],
		['a cancelled booking', 60, { deleted: true }],
	])('%s: nothing at all', async (_name, price, extra) => {
		const who = patient(true);
		const result = await book(newBooking(who, price, extra as Partial<BookingRecord>));
		expect(result.error).toBeUndefined();
		expect(invoicesOf(who.id)).toEqual([]);
		expect(sessions).toEqual([]);
		expect(emails).toEqual([]);
	});
});

describe('Stripe payment → Semble', () => {
	let invoice: InvoiceRecord;
	const stripeType = () => sandbox.store.paymentTypes.find((type) => type.name === 'Stripe')?.id;

	beforeAll(async () => {
		const who = patient(false);
		await book(newBooking(who, 80));
		[invoice] = invoicesOf(who.id);
	});

	test('a paid checkout is recorded on the right Semble invoice, once', async () => {
		const before = sandbox.store.invoices.size;
		const first = await paid(stripeEvent(invoice, 8000));
		expect(first.error).toBeUndefined();
		expect(invoice.payments).toEqual([
			expect.objectContaining({ paymentAmount: 80, paymentTypeId: stripeType(), comment: 'Stripe cs_test_a1' }),
		]);

		// Stripe delivers the same event again: nothing more is written, and nobody is bothered.
		const again = await paid(stripeEvent(invoice, 8000));
		expect(again.error).toBeUndefined();
		expect(invoice.payments).toHaveLength(1);
		expect(slack).toEqual([]);
		expect(sandbox.store.invoices.size).toBe(before);
	});

	test('an unpaid session or one without a Semble invoice is ignored', async () => {
		const who = patient(false);
		await book(newBooking(who, 30));
		const [fresh] = invoicesOf(who.id);
		const unpaid = stripeEvent(fresh, 3000, 'cs_unpaid');
		unpaid.data.object.payment_status = 'unpaid';
		const foreign = stripeEvent(fresh, 3000, 'cs_foreign');
		foreign.data.object.metadata = {} as typeof foreign.data.object.metadata;
		for (const event of [unpaid, foreign]) expect((await paid(event)).error).toBeUndefined();
		expect(fresh.payments).toEqual([]);
	});

	test('a second, different payment for a settled invoice goes to staff, not Semble', async () => {
		const result = await paid(stripeEvent(invoice, 8000, 'cs_test_second'));
		expect(result.error).toBeUndefined();
		expect(invoice.payments).toHaveLength(1);
		expect(slack).toHaveLength(1);
		expect(slack[0]).toMatchObject({ channel: '#clinic-payments' });
		expect(String(slack[0].text)).toBe(
			`A Stripe payment of £80.00 (Stripe cs_test_second) could not be recorded on Semble invoice ${invoice.invoiceNumber}: only £0.00 is outstanding. Please check whether it was paid twice and refund in Stripe if so.`,
		);
	});
});
