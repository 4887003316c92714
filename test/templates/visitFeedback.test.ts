import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { pollOnce } from '../harness/triggers';
import {
	closeIsolatedSandbox,
	decodeGmailRaw,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/visit-feedback.json run through n8n's engine: visits are marked in the Semble
 * sandbox and the Semble Trigger's real journey output is pinned; Gmail and Twilio are
 * intercepted and every message recorded. The workflow's static data is carried from run to
 * run, as n8n keeps it for a published workflow.
 */

const template = loadTemplate('visit-feedback.json');
const TRIGGER = 'Visit journey in Semble';
const CLINIC = 'Riverside Physio';
const LINK = 'https://riverside.example/feedback';

let sandbox: RunningSandbox;
let model: BookingRecord;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	gmailOAuth2: { clientId: 'c', clientSecret: 's', oauthTokenData: { access_token: 'gmail-token' } },
	twilioApi: { authType: 'authToken', accountSid: 'AC00000000000000000000000000000000', authToken: 'test-auth-token' },
});

let emails: Array<{ to: string; subject: string; text: string }>;
let texts: Array<{ To: string; From: string; StatusCallback: string; Body: string }>;
let gmailStatus: number;

function patient(
	first: string,
	last: string,
	email: string | null,
	phone: string | null,
	consent: { email: boolean; sms: boolean },
) {
	const record = unusedSeededPatient(sandbox);
	Object.assign(record, {
		firstName: first,
		lastName: last,
		email,
		dob: '1984-06-12',
		comments: 'Knee pain since March',
	});
	record.phones = phone ? [{ phoneId: `ph-${record.id}`, phoneType: 'Mobile', phoneNumber: phone }] : [];
	Object.assign(record.communicationPreferences, {
		receiveEmail: consent.email,
		receiveSMS: consent.sms,
		promotionalMarketing: false,
	});
	return record;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const visited = { arrived: minutesAgo(50), consultation: minutesAgo(45), departed: minutesAgo(5), dna: null };

/** A visit today whose journey Semble records as `journey`. */
function visit(
	who: PatientRecord,
	journey: Partial<BookingRecord['bookingJourney']>,
	overrides: Partial<BookingRecord> = {},
) {
	const booking: BookingRecord = {
		...model,
		id: `bk-${who.id}`,
		patientId: who.id,
		start: minutesAgo(45),
		end: minutesAgo(15),
		comments: 'Post-op review: ACL reconstruction',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null, ...journey },
		updatedAt: minutesAgo(1),
		...overrides,
	};
	sandbox.store.bookings.set(booking.id, booking);
	return booking;
}

/** The visits the workflow remembers asking about (n8n keeps a workflow's own static data under `global`). */
const asked = (staticData: IDataObject) =>
	((staticData.global as IDataObject | undefined)?.feedbackAsked ?? {}) as IDataObject;

/** What the published Semble Trigger emits for the journey steps of the last hour. */
async function journeySteps(): Promise<INodeExecutionData[]> {
	const parameters = {
		resource: 'booking',
		event: 'journey',
		options: { firstRun: 'backfill', backfillHours: 1, safetyLagMinutes: 0 },
	};
	return (await pollOnce({ parameters, credentials: { sembleApi: sembleCredential(sandbox) }, staticData: {} })) ?? [];
}

function configured(): WorkflowJson {
	const json = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const details = json.nodes.find((node) => node.name === 'Feedback details');
	const [clinicName, feedbackLink] = (details?.parameters.assignments as { assignments: Array<{ value: string }> })
		.assignments;
	clinicName.value = CLINIC;
	feedbackLink.value = LINK;
	return json;
}

async function run(items: INodeExecutionData[], staticData: IDataObject = {}) {
	return await runWorkflow(
		{ ...configured(), pinData: { [TRIGGER]: items } },
		{ credentials: credentials(), startNode: TRIGGER, staticData },
	);
}

const emailTo = (to: string, first: string) => ({
	to,
	subject: `How was your visit to ${CLINIC}?`,
	text: [
		`Hello ${first},`,
		`Thank you for visiting ${CLINIC}. We would love to know how it went; it takes a minute:`,
		LINK,
		'If anything was not right, just reply to this email.',
		`Best wishes,\nThe team at ${CLINIC}`,
	].join('\n\n'),
});
const textTo = (to: string, first: string) => ({
	To: to,
	From: '+441234567890',
	StatusCallback: '',
	Body: `Thank you for visiting ${CLINIC}, ${first}. How did it go? Tell us here: ${LINK}`,
});

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 162, scale: { patients: 30, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	(sandbox.store.products.get(model.bookingTypeId) as { name: string }).name = 'Sexual health screen';
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	emails = [];
	texts = [];
	gmailStatus = 200;
	nock.cleanAll();
	sandbox.store.bookings.clear();
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.matchHeader('authorization', 'Bearer gmail-token')
		.reply((_uri, body) => {
			if (gmailStatus !== 200) return [gmailStatus, { error: { code: gmailStatus, message: 'Backend Error' } }];
			const [head, ...rest] = decodeGmailRaw((body as { raw: string }).raw).split(/\r?\n\r?\n/);
			const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
			emails.push({
				to: header('To'),
				subject: header('Subject'),
				text: rest.join('\n\n').replace(/\r\n/g, '\n').trim(),
			});
			return [200, { id: `m${emails.length}`, threadId: 't1', labelIds: ['SENT'] }];
		});
	nock('https://api.twilio.com')
		.persist()
		.post(/\/2010-04-01\/Accounts\/AC0+\/Messages\.json/)
		.reply(201, (_uri, body) => {
			texts.push(Object.fromEntries(new URLSearchParams(String(body))) as (typeof texts)[number]);
			return { sid: 'SM1', status: 'queued' };
		});
});

test('a completed visit: email with email consent, else a text with SMS consent, else nothing; first name, clinic and link only', async () => {
	const amelia = patient('Amelia', 'Thornbury', 'amelia@example.com', '07700 900111', { email: true, sms: true });
	const bilal = patient('Bilal', 'Adeyemi', 'bilal@example.org', '07700 900222', { email: false, sms: true });
	const carys = patient('Carys', 'Llewellyn', null, '+44 7700 900333', { email: true, sms: true });
	const dev = patient('Dev', 'Patel', 'dev@example.com', '07700 900444', { email: false, sms: false });
	const eve = patient('Eve', 'Marsh', 'eve-at-example.com', '12345', { email: true, sms: true });
	for (const who of [amelia, bilal, carys, dev, eve]) visit(who, visited);
	const items = await journeySteps();
	expect(items.filter((item) => item.json.journeyStage === 'completed')).toHaveLength(5);
	sandbox.control.clearLog();

	const result = await run(items);

	expect(result.error).toBeUndefined();
	expect(emails).toEqual([emailTo('amelia@example.com', 'Amelia')]); // email first, so no text as well
	expect(texts.sort((a, b) => a.To.localeCompare(b.To))).toEqual([
		textTo('+447700900222', 'Bilal'),
		textTo('+447700900333', 'Carys'), // no email address: a text
	]);
	// One patient read per completed visit; arrivals and consultations read nothing.
	expect(sandbox.control.requestLog().map((entry) => entry.operationName)).toEqual(Array(5).fill('GetPatient'));
	const said = JSON.stringify([emails, texts]);
	for (const secret of [
		'Thornbury',
		'Adeyemi',
		'Llewellyn',
		'1984',
		'Knee',
		'ACL',
		'Post-op',
		'Sexual',
		amelia.id,
		`bk-${amelia.id}`,
	]) {
		expect(said).not.toContain(secret);
	}
});

test('never after a no-show or a cancellation, nor for an arrival', async () => {
	const ids = [1, 2, 3, 4].map((n) =>
		patient(`P${n}`, 'Nobody', `p${n}@example.com`, '07700 900555', { email: true, sms: true }),
	);
	visit(ids[0], { arrived: minutesAgo(30), dna: minutesAgo(2) }); // marked no-show
	visit(ids[1], { ...visited, dna: minutesAgo(2) }); // completed, then corrected to a no-show
	visit(ids[2], visited, { deleted: true, cancellationReason: 'Booked in error' }); // cancelled
	visit(ids[3], { arrived: minutesAgo(3) }); // still with the clinician
	const items = await journeySteps();
	const steps = items.map((item) => [item.json.patientId, item.json.journeyStage, item.json.status]);
	// The corrected visit's departure is a "completed" step whose booking is now a no-show; the
	// trigger emits no step of a cancelled booking.
	expect(steps).toContainEqual([ids[1].id, 'completed', 'no-show']);
	expect(steps.filter(([id]) => id === ids[2].id)).toEqual([]);
	sandbox.control.clearLog();
	const result = await run(items);
	expect(result.error).toBeUndefined();
	expect(result.output('Completed visits only')).toEqual([]);
	expect([emails, texts]).toEqual([[], []]);
	expect(sandbox.control.requestLog()).toEqual([]); // not even a patient read
});

test('once per visit: the same visit handed over again, or twice in one check, is asked about once', async () => {
	const amelia = patient('Ann', 'Lowe', 'ann@example.com', null, { email: true, sms: false });
	visit(amelia, visited);
	const items = (await journeySteps()).filter((item) => item.json.journeyStage === 'completed');
	const staticData: IDataObject = {};
	await run([...items, ...items], staticData);
	await run(items, staticData);
	expect(emails).toEqual([emailTo('ann@example.com', 'Ann')]);
	expect(Object.keys(asked(staticData))).toEqual([`bk-${amelia.id}`]);
});

test('a visit is remembered only once its message went out: a failed email is tried again next time', async () => {
	const ben = patient('Ben', 'Hart', 'ben@example.com', null, { email: true, sms: false });
	visit(ben, visited);
	const items = (await journeySteps()).filter((item) => item.json.journeyStage === 'completed');
	const staticData: IDataObject = {};
	gmailStatus = 500;
	const failed = await run(items, staticData);
	expect(failed.error).toBeDefined();
	expect(asked(staticData)).toEqual({});
	gmailStatus = 200;
	await run(items, staticData);
	expect(emails).toEqual([emailTo('ben@example.com', 'Ben')]);
});

test('what it remembers stays bounded: visits asked about more than 90 days ago are forgotten', async () => {
	const cleo = patient('Cleo', 'Dunn', 'cleo@example.com', null, { email: true, sms: false });
	visit(cleo, visited);
	const items = (await journeySteps()).filter((item) => item.json.journeyStage === 'completed');
	const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
	const recent = new Date(Date.now() - 89 * 86_400_000).toISOString();
	const staticData: IDataObject = { global: { feedbackAsked: { 'bk-old': old, 'bk-recent': recent } } };
	await run(items, staticData);
	expect(Object.keys(asked(staticData)).sort()).toEqual([`bk-${cleo.id}`, 'bk-recent'].sort());
});
