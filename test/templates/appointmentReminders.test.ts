import nock from 'nock';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox, unusedSeededPatient } from './templateTestKit';

/**
 * workflows/appointment-reminders.json run through n8n's engine: Semble is the sandbox,
 * Twilio is intercepted. Who is texted, and what the text says, is asserted exactly.
 */

const template = loadTemplate('appointment-reminders.json');
const HOUR = 3_600_000;
let sandbox: RunningSandbox;
let texts: Array<{ To: string; From: string; Body: string }>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	twilioApi: { authType: 'authToken', accountSid: 'AC00000000000000000000000000000000', authToken: 'test-auth-token' },
});

function patientWith(consent: boolean, phone: string | null): PatientRecord {
	const patient = unusedSeededPatient(sandbox);
	patient.communicationPreferences.receiveSMS = consent;
	patient.phones = phone ? [{ phoneId: `ph-${patient.id}`, phoneType: 'Mobile', phoneNumber: phone }] : [];
	return patient;
}

let model: BookingRecord;

function bookFor(patient: PatientRecord, startsInMs: number, deleted = false): BookingRecord {
	const start = new Date(Date.now() + startsInMs).toISOString();
	const booking: BookingRecord = {
		...model,
		id: `bk-${patient.id}-${startsInMs}`,
		patientId: patient.id,
		start,
		end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
		deleted,
		cancellationReason: deleted ? 'Patient cancelled' : null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
	};
	sandbox.store.bookings.set(booking.id, booking);
	return booking;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 71, scale: { patients: 80, bookings: 10 }, rateLimitPerMinute: 0 });
	// One seeded booking is the model for the test's own; the rest go, so none can fall in a window.
	model = [...sandbox.store.bookings.values()][0];
	sandbox.store.bookings.clear();
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	texts = [];
	nock.cleanAll();
	nock('https://api.twilio.com')
		.persist()
		.post(/\/2010-04-01\/Accounts\/AC0+\/Messages\.json/)
		.reply(201, (_uri, body) => {
			texts.push(Object.fromEntries(new URLSearchParams(String(body))) as (typeof texts)[number]);
			return { sid: 'SM1', status: 'queued' };
		});
});

test('reminds consenting patients 24 h and 2 h ahead, with site, date and time only', async () => {
	const consenting = patientWith(true, '07700 900111');
	const soon = patientWith(true, '+44 7700 900222');
	const noConsent = patientWith(false, '07700 900333');
	const badPhone = patientWith(true, '12345');
	const cancelled = patientWith(true, '07700 900444');
	const later = patientWith(true, '07700 900555');
	const tomorrow = bookFor(consenting, 23.5 * HOUR);
	bookFor(soon, 1.5 * HOUR);
	bookFor(noConsent, 23.5 * HOUR);
	bookFor(badPhone, 23.5 * HOUR);
	bookFor(cancelled, 23.5 * HOUR, true);
	bookFor(later, 26 * HOUR);

	const result = await runWorkflow(
		{ ...template, pinData: { 'Every hour': [{ json: {} }] } },
		{ credentials: credentials(), startNode: 'Every hour' },
	);
	expect(result.error).toBeUndefined();
	expect(texts.map((text) => text.To).sort()).toEqual(['+447700900111', '+447700900222']);
	const site = sandbox.store.locations.get(tomorrow.locationId)?.groupName as string;
	const dayReminder = texts.find((text) => text.To === '+447700900111') as (typeof texts)[number];
	expect(dayReminder.From).toBe('+441234567890');
	expect(dayReminder.Body).toContain(`Reminder from ${site}: your appointment is on `);
	const title = sandbox.store.products.get(tomorrow.bookingTypeId)?.name as string;
	expect(dayReminder.Body).not.toContain(title); // no clinical detail in the text
});

test('a no-show gets one follow-up, only with SMS consent', async () => {
	const consenting = patientWith(true, '07700 900666');
	const noConsent = patientWith(false, '07700 900777');
	const run = async (patientId: string) =>
		await runWorkflow(
			{
				...template,
				pinData: { 'No-show in Semble': [{ json: { id: `bk-${patientId}`, patientId, journeyStage: 'no-show', status: 'no-show' } }] },
			},
			{ credentials: credentials(), startNode: 'No-show in Semble' },
		);
	await run(consenting.id);
	await run(noConsent.id);
	expect(texts.map((text) => text.To)).toEqual(['+447700900666']);
	expect(texts[0].Body).toMatch(/^We missed you at your appointment today/);
});
