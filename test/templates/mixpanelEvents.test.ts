import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { createHmac } from 'node:crypto';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
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
 * workflows/mixpanel-events.json run through n8n's engine: the Semble Triggers' real output
 * (read from the sandbox) starts each branch; Mixpanel's /import API (US and EU hosts) is
 * intercepted and every request recorded, so "no personal data" is asserted against every
 * string field of the patient's Semble record, not a hand-picked few.
 */

jest.setTimeout(30_000); // the first run loads n8n's node types
const template = loadTemplate('mixpanel-events.json');
const SECRET = 'analytics-hash-secret';
const SERVICE_ACCOUNT = { user: 'semble-import.123456.mp-service-account', password: 'sa-secret-test' };
const PROJECT_ID = '3141592';
let sandbox: RunningSandbox;

interface MixpanelCall {
	host: string;
	path: string;
	query: Record<string, string>;
	authorization: string;
	body: Array<{ event: string; properties: Record<string, unknown> }>;
	raw: string;
}
let calls: MixpanelCall[];

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	crypto: { hmacSecret: SECRET },
	httpBasicAuth: SERVICE_ACCOUNT,
});
const hmac = (value: string) => createHmac('sha256', SECRET).update(value).digest('hex');
const recent = (minutesAgo = 1) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** The template as a clinic sets it up: its project id, and the host of its data residency. */
function configured(host: string): WorkflowJson {
	const copy = structuredClone(template);
	const settings = copy.nodes.find((node) => node.name === 'Your Mixpanel project');
	const fields = (settings?.parameters.assignments as { assignments: Array<{ name: string; value: string }> })
		.assignments;
	for (const field of fields) {
		if (field.name === 'mixpanelHost') field.value = host;
		if (field.name === 'projectId') field.value = PROJECT_ID;
	}
	return copy;
}

/** What the Semble Trigger emits for this record (a backfill poll, narrowed to the record). */
async function triggerItems(resource: 'patient' | 'booking', event: string, id: string): Promise<INodeExecutionData[]> {
	const emitted = await pollOnce({
		parameters: { resource, event, options: { firstRun: 'backfill', backfillHours: 1, safetyLagMinutes: 0 } },
		credentials: { sembleApi: sembleCredential(sandbox) },
		staticData: {},
	});
	return (emitted ?? []).filter((item) => item.json.id === id);
}

async function run(trigger: string, items: INodeExecutionData[], host = 'api.mixpanel.com') {
	const result = await runWorkflow(
		{ ...configured(host), pinData: { [trigger]: items } },
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

/** The one request an event must make: project and strict in the query, the service account, four properties. */
const expected = (event: string, patientId: string, recordId: string, at: string, host = 'api.mixpanel.com') => ({
	host,
	path: '/import',
	query: { strict: '1', project_id: PROJECT_ID },
	authorization: `Basic ${Buffer.from(`${SERVICE_ACCOUNT.user}:${SERVICE_ACCOUNT.password}`).toString('base64')}`,
	body: [
		{
			event,
			properties: {
				time: Date.parse(at),
				distinct_id: hmac(patientId),
				$insert_id: hmac(`${event}:${recordId}`).slice(0, 36),
			},
		},
	],
});
const recorded = () =>
	calls.map(({ host, path, query, authorization, body }) => ({ host, path, query, authorization, body }));

function interceptMixpanel(host: string) {
	nock(`https://${host}`)
		.persist()
		.post('/import')
		.query(true)
		.reply(200, function (uri, body) {
			const url = new URL(uri, `https://${host}`);
			calls.push({
				host,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				authorization: String(this.req.headers.authorization),
				body: body as MixpanelCall['body'],
				raw: `${uri} ${JSON.stringify(body)}`,
			});
			return { code: 200, num_records_imported: 1, status: 'OK' };
		});
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 43, scale: { patients: 20, bookings: 10 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	nock.cleanAll();
	interceptMixpanel('api.mixpanel.com');
	interceptMixpanel('api-eu.mixpanel.com');
});

test('a new patient: one Registered event with keyed hashes for ids, its Semble time, and no field of the record', async () => {
	const who = unusedSeededPatient(sandbox, (p) => Boolean(p.email && p.dob && p.phones.length && p.address.postcode));
	who.createdAt = who.updatedAt = recent(3);
	who.comments = 'Allergic to penicillin';
	who.occupation = 'Teacher';
	const items = await triggerItems('patient', 'created', who.id);
	expect(items).toHaveLength(1);
	await run('Patient registered', items);

	expect(recorded()).toEqual([expected('Registered', who.id, who.id, who.createdAt)]);
	expect(stringFields(who).length).toBeGreaterThan(15);
	expectNoPatientField(who, calls[0]);
});

test('a new booking: one Booked event; sent again, Mixpanel gets the same $insert_id, time and ids (a duplicate it drops)', async () => {
	const who = unusedSeededPatient(sandbox);
	const booking = bookingFor(who, { createdAt: recent(7) });
	const items = await triggerItems('booking', 'created', booking.id);
	await run('Booking made', items);
	await run('Booking made', items);

	const once = expected('Booked', who.id, booking.id, booking.createdAt as string);
	expect(recorded()).toEqual([once, once]);
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

test('a completed visit and a no-show: Visit completed and No-show at their stage times; arrival and blocked time send nothing', async () => {
	const seen = unusedSeededPatient(sandbox);
	const missed = unusedSeededPatient(sandbox);
	const arrived = unusedSeededPatient(sandbox);
	const [came, left, noShowAt] = [recent(50), recent(20), recent(10)];
	const completed = bookingFor(seen, {
		bookingJourney: { arrived: came, consultation: came, departed: left, dna: null },
	});
	const noShow = bookingFor(missed, {
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: noShowAt },
	});
	const onlyArrived = bookingFor(arrived, {
		bookingJourney: { arrived: came, consultation: null, departed: null, dna: null },
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
	expect(recorded()).toEqual([
		expected('Visit completed', seen.id, completed.id, left),
		expected('No-show', missed.id, noShow.id, noShowAt),
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

test('EU data residency: with the EU host on Your Mixpanel project, the same request goes to api-eu.mixpanel.com only', async () => {
	const who = unusedSeededPatient(sandbox);
	who.createdAt = who.updatedAt = recent(2);
	await run('Patient registered', await triggerItems('patient', 'created', who.id), 'api-eu.mixpanel.com');
	expect(recorded()).toEqual([expected('Registered', who.id, who.id, who.createdAt, 'api-eu.mixpanel.com')]);
});

test('the hash key is in a Crypto credential and the service account in a Basic Auth credential, not in the workflow', () => {
	const crypto = template.nodes.filter((node) => node.type === 'n8n-nodes-base.crypto');
	expect(crypto.map((node) => [node.parameters.value, node.credentials])).toEqual([
		['={{ $json.sembleId }}', { crypto: { id: null, name: 'Mixpanel id key' } }],
		['={{ $json.eventName }}:{{ $json.recordId }}', { crypto: { id: null, name: 'Mixpanel id key' } }],
	]);
	const send = template.nodes.find((node) => node.name === 'Send to Mixpanel');
	expect(send?.credentials).toEqual({ httpBasicAuth: { id: null, name: 'Mixpanel service account' } });
});
