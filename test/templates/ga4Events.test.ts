import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { createHmac } from 'node:crypto';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { pollOnce } from '../harness/triggers';
import {
	closeIsolatedSandbox,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
	expectNoPatientField,
	stringFields,
} from './templateTestKit';

/**
 * workflows/ga4-events.json run through n8n's engine: the Semble Triggers' real output
 * (read from the sandbox) starts each branch; GA4's Measurement Protocol is intercepted.
 * Every request GA4 receives is recorded, so "no personal data" is asserted against every
 * string field of the patient's Semble record, not a hand-picked few.
 */

jest.setTimeout(30_000); // the first run loads n8n's node types
const template = loadTemplate('ga4-events.json');
const SECRET = 'analytics-hash-secret';
const API_SECRET = 'mp-secret-test';
let sandbox: RunningSandbox;

interface Ga4Call {
	query: Record<string, string>;
	body: { client_id: string; events: Array<{ name: string; params: Record<string, unknown> }> };
	raw: string;
}
let calls: Ga4Call[];

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	crypto: { hmacSecret: SECRET },
	httpQueryAuth: { name: 'api_secret', value: API_SECRET },
});
const clientIdOf = (patientId: string) => createHmac('sha256', SECRET).update(patientId).digest('hex');
const recent = () => new Date(Date.now() - 60_000).toISOString();

/** What the Semble Trigger emits for this record (a backfill poll, narrowed to the record). */
async function triggerItems(resource: 'patient' | 'booking', event: string, id: string): Promise<INodeExecutionData[]> {
	const emitted = await pollOnce({
		parameters: { resource, event, options: { firstRun: 'backfill', backfillHours: 1, safetyLagMinutes: 0 } },
		credentials: { sembleApi: sembleCredential(sandbox) },
		staticData: {},
	});
	return (emitted ?? []).filter((item) => item.json.id === id);
}

async function run(trigger: string, items: INodeExecutionData[]) {
	const result = await runWorkflow(
		{ ...template, pinData: { [trigger]: items } },
		{ credentials: credentials(), startNode: trigger },
	);
	expect(result.error).toBeUndefined();
	return result;
}

function bookingFor(who: PatientRecord, changes: Partial<BookingRecord>): BookingRecord {
	const model = [...sandbox.store.bookings.values()].find((b) => !b.outOfOffice) as BookingRecord;
	const booking: BookingRecord = {
		...model,
		id: sandbox.store.ids.next('booking'),
		patientId: who.id,
		comments: 'Follow-up: chest pain, ECG results',
		deleted: false,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		createdAt: recent(),
		updatedAt: recent(),
		...changes,
	};
	sandbox.store.addBooking(booking);
	return booking;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 41, scale: { patients: 20, bookings: 10 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	nock.cleanAll();
	nock('https://www.google-analytics.com')
		.persist()
		.post('/mp/collect')
		.query(true)
		.reply(204, (uri, body) => {
			const url = new URL(uri, 'https://www.google-analytics.com');
			calls.push({
				query: Object.fromEntries(url.searchParams),
				body: body as Ga4Call['body'],
				raw: `${uri} ${JSON.stringify(body)}`,
			});
			return '';
		});
});

const expected = (patientId: string, name: string) => ({
	query: { measurement_id: 'G-XXXXXXXXXX', api_secret: API_SECRET },
	body: { client_id: clientIdOf(patientId), events: [{ name, params: { engagement_time_msec: 1 } }] },
});

test('a new patient: one sign_up with the keyed hash of the Semble id, and no field of the record', async () => {
	const who = unusedSeededPatient(sandbox, (p) => Boolean(p.email && p.dob && p.phones.length && p.address.postcode));
	who.createdAt = who.updatedAt = recent();
	who.comments = 'Allergic to penicillin';
	who.occupation = 'Teacher';
	const items = await triggerItems('patient', 'created', who.id);
	expect(items).toHaveLength(1);
	await run('Patient registered', items);

	expect(calls.map(({ query, body }) => ({ query, body }))).toEqual([expected(who.id, 'sign_up')]);
	expect(stringFields(who).length).toBeGreaterThan(15);
	expectNoPatientField(who, calls[0]);
});

test('a new booking: one booking event for its patient, no appointment, clinician or comment', async () => {
	const who = unusedSeededPatient(sandbox);
	const booking = bookingFor(who, {});
	await run('Booking made', await triggerItems('booking', 'created', booking.id));
	expect(calls.map(({ query, body }) => ({ query, body }))).toEqual([expected(who.id, 'booking')]);
	expectNoPatientField(who, calls[0]);
	for (const value of [
		booking.id,
		'chest pain',
		booking.doctorId as string,
		booking.locationId,
		booking.bookingTypeId,
	]) {
		expect(calls[0].raw).not.toContain(value);
	}
});

test('a completed visit and a no-show: visit_completed and no_show; arrival and time blocked out send nothing', async () => {
	const seen = unusedSeededPatient(sandbox);
	const missed = unusedSeededPatient(sandbox);
	const arrived = unusedSeededPatient(sandbox);
	const at = recent();
	const completed = bookingFor(seen, { bookingJourney: { arrived: at, consultation: at, departed: at, dna: null } });
	const noShow = bookingFor(missed, { bookingJourney: { arrived: null, consultation: null, departed: null, dna: at } });
	const onlyArrived = bookingFor(arrived, {
		bookingJourney: { arrived: at, consultation: null, departed: null, dna: null },
	});
	const items = [
		...(await triggerItems('booking', 'journey', completed.id)),
		...(await triggerItems('booking', 'journey', noShow.id)),
		...(await triggerItems('booking', 'journey', onlyArrived.id)),
	];
	// The trigger emits one item per stage: arrived, in consultation and completed for the first.
	expect(items.map((item) => item.json.journeyStage).sort()).toEqual([
		'arrived',
		'arrived',
		'completed',
		'in consultation',
		'no-show',
	]);
	await run('Visit completed or missed', items);
	expect(calls.map(({ query, body }) => ({ query, body }))).toEqual([
		expected(seen.id, 'visit_completed'),
		expected(missed.id, 'no_show'),
	]);
	expectNoPatientField(seen, calls[0]);
	expectNoPatientField(missed, calls[1]);

	// Time blocked out in Semble is a booking without a patient: no event.
	calls = [];
	const blocked = bookingFor(seen, { patientId: '', outOfOffice: true });
	// The Semble Trigger never emits it; the template skips one by itself too.
	expect(await triggerItems('booking', 'created', blocked.id)).toHaveLength(0);
	await run('Booking made', [{ json: { ...blocked, patientId: null, status: 'booked', triggerEvent: 'created' } }]);
	expect(calls).toEqual([]);
});

test('the hash key is in a Crypto credential, not in the workflow', () => {
	const nodes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.crypto');
	expect(nodes).toHaveLength(1);
	expect(nodes[0].parameters).toMatchObject({
		action: 'hmac',
		type: 'SHA256',
		value: '={{ $json.sembleId }}',
		encoding: 'hex',
	});
	expect(nodes[0].credentials).toEqual({ crypto: { id: null, name: 'GA4 client id key' } });
});
