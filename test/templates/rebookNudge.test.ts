import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { BookingRecord, PatientRecord, ProductRecord, RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	decodeGmailRaw,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/rebook-nudge.json run through n8n's engine on its daily schedule: bookings and
 * patients live in the Semble sandbox, Gmail is intercepted and every email recorded, and the
 * Semble requests are counted. Static data is carried from run to run, as n8n keeps it.
 */

const template = loadTemplate('rebook-nudge.json');
const TRIGGER = 'Every morning at 10';
const CLINIC = 'Riverside Physio';
const LINK = 'https://riverside.example/book';
const DAY = 86_400_000;
const WEEKS = 6;

let sandbox: RunningSandbox;
let model: BookingRecord;
let recurring: ProductRecord;
let oneOff: ProductRecord;
let emails: Array<{ to: string; subject: string; text: string }>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	gmailOAuth2: { clientId: 'c', clientSecret: 's', oauthTokenData: { access_token: 'gmail-token' } },
});

function patient(first: string, email: string | null, consent: { marketing: boolean; email: boolean }): PatientRecord {
	const record = unusedSeededPatient(sandbox);
	Object.assign(record, {
		firstName: first,
		lastName: 'Thornbury',
		email,
		dob: '1984-06-12',
		comments: 'Lower back pain',
	});
	Object.assign(record.communicationPreferences, {
		promotionalMarketing: consent.marketing,
		receiveEmail: consent.email,
		receiveSMS: true,
	});
	return record;
}
const consenting = { marketing: true, email: true };

type Outcome = 'completed' | 'no-show' | 'booked' | 'cancelled';
let count = 0;

/** A booking of `type` that started `daysAgo` days ago (negative: in the future). */
function booking(who: PatientRecord, type: ProductRecord, daysAgo: number, outcome: Outcome = 'completed') {
	const start = new Date(Date.now() - daysAgo * DAY);
	const at = (ms: number) => new Date(start.getTime() + ms).toISOString();
	const journey = { arrived: null, consultation: null, departed: null, dna: null } as BookingRecord['bookingJourney'];
	if (outcome === 'completed') Object.assign(journey, { arrived: at(-5 * 60_000), departed: at(40 * 60_000) });
	if (outcome === 'no-show') journey.dna = at(15 * 60_000);
	const record: BookingRecord = {
		...model,
		id: `bk-${++count}`,
		patientId: who.id,
		bookingTypeId: type.id,
		start: start.toISOString(),
		end: at(45 * 60_000),
		comments: 'Sciatica, L5 nerve root',
		deleted: outcome === 'cancelled',
		cancellationReason: outcome === 'cancelled' ? 'Clash' : null,
		bookingJourney: journey,
	};
	sandbox.store.bookings.set(record.id, record);
	return record;
}

function configured(): WorkflowJson {
	const json = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const settings = json.nodes.find((node) => node.name === 'Nudge settings');
	const values = (settings?.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> })
		.assignments;
	const set = (name: string, value: unknown) =>
		((values.find((v) => v.name === name) as { value: unknown }).value = value);
	set('clinicName', CLINIC);
	set('bookingLink', LINK);
	set('weeksAfterVisit', WEEKS);
	set('recurringAppointmentTypeIds', JSON.stringify([recurring.id]));
	return json;
}

async function run(staticData: IDataObject = {}) {
	const result = await runWorkflow(
		{ ...configured(), pinData: { [TRIGGER]: [{ json: {} }] } },
		{ credentials: credentials(), startNode: TRIGGER, staticData },
	);
	expect(result.error).toBeUndefined();
	return result;
}

const nudge = (to: string, first: string) => ({
	to,
	subject: `Time to book your next visit to ${CLINIC}?`,
	text: [
		`Hello ${first},`,
		`It is about ${WEEKS} weeks since your last visit to ${CLINIC}. If you would like to book your next appointment, you can do it here:`,
		LINK,
		'or just reply to this email.',
		'You are getting this because you agreed to hear from us. If you would rather not, reply "stop" and we will not send these again.',
		`Best wishes,\nThe team at ${CLINIC}`,
	].join('\n\n'),
});

const nudged = (staticData: IDataObject) =>
	((staticData.global as IDataObject | undefined)?.nudgedVisits ?? {}) as IDataObject;
const semble = () => sandbox.control.requestLog().map((entry) => entry.operationName);

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 163, scale: { patients: 40, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	const bookable = [...sandbox.store.products.values()].filter((product) => product.isBookable);
	[recurring, oneOff] = bookable;
	recurring.name = 'Physiotherapy follow-up';
	oneOff.name = 'Initial assessment';
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	emails = [];
	count = 0;
	sandbox.store.bookings.clear();
	sandbox.control.clearLog();
	nock.cleanAll();
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.matchHeader('authorization', 'Bearer gmail-token')
		.reply(200, (_uri, body) => {
			const [head, ...rest] = decodeGmailRaw((body as { raw: string }).raw).split(/\r?\n\r?\n/);
			const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
			emails.push({
				to: header('To'),
				subject: header('Subject'),
				text: rest.join('\n\n').replace(/\r\n/g, '\n').trim(),
			});
			return { id: `m${emails.length}`, threadId: 't1', labelIds: ['SENT'] };
		});
});

const SIX_WEEKS = WEEKS * 7;

test('nudges consenting patients whose last visit was a recurring type N weeks ago, and nobody else', async () => {
	const amelia = patient('Amelia', 'amelia@example.com', consenting);
	booking(amelia, recurring, SIX_WEEKS + 2);
	const bilal = patient('Bilal', 'bilal@example.com', consenting); // booked in the meantime
	booking(bilal, recurring, SIX_WEEKS + 1);
	booking(bilal, oneOff, -5, 'booked');
	const carys = patient('Carys', 'carys@example.com', consenting); // a cancelled booking is no booking
	booking(carys, recurring, SIX_WEEKS + 1);
	booking(carys, recurring, -3, 'cancelled');
	booking(patient('Dev', 'dev@example.com', consenting), oneOff, SIX_WEEKS + 1); // not a recurring type
	booking(patient('Eve', 'eve@example.com', consenting), recurring, SIX_WEEKS + 1, 'no-show');
	booking(patient('Fay', 'fay@example.com', consenting), recurring, 4 * 7); // too recent
	booking(patient('Gus', 'gus@example.com', consenting), recurring, SIX_WEEKS + 9); // before the window
	const hal = patient('Hal', 'hal@example.com', consenting); // came back since: not his last visit
	booking(hal, recurring, SIX_WEEKS + 1);
	booking(hal, oneOff, 14);
	const ivy = patient('Ivy', 'ivy@example.com', { marketing: false, email: true });
	booking(ivy, recurring, SIX_WEEKS + 1);
	const jon = patient('Jon', 'jon@example.com', { marketing: true, email: false });
	booking(jon, recurring, SIX_WEEKS + 1);
	const kim = patient('Kim', null, consenting);
	booking(kim, recurring, SIX_WEEKS + 1);

	const staticData: IDataObject = {};
	await run(staticData);

	expect(emails.sort((a, b) => a.to.localeCompare(b.to))).toEqual([
		nudge('amelia@example.com', 'Amelia'),
		nudge('carys@example.com', 'Carys'),
	]);
	// Semble: one list of bookings, then one patient read per patient due (Amelia, Carys, Ivy, Jon, Kim).
	expect(semble()).toEqual(['GetSimpleBookings', ...Array(5).fill('GetPatient')]);
	const said = JSON.stringify(emails);
	for (const secret of [
		'Thornbury',
		'1984',
		'back pain',
		'Sciatica',
		'Physiotherapy',
		'Initial assessment',
		amelia.id,
	]) {
		expect(said).not.toContain(secret);
	}
	expect(Object.keys(nudged(staticData)).sort()).toEqual(['bk-1', 'bk-4'].sort());
});

test('once per visit: the next morning nobody is nudged again, and a visit that left the window is forgotten', async () => {
	const lea = patient('Lea', 'lea@example.com', consenting);
	const visit = booking(lea, recurring, SIX_WEEKS + 1);
	const staticData: IDataObject = {
		global: { nudgedVisits: { 'bk-gone': new Date(Date.now() - 60 * DAY).toISOString() } },
	};
	await run(staticData);
	await run(staticData);
	expect(emails).toEqual([nudge('lea@example.com', 'Lea')]);
	expect(nudged(staticData)).toEqual({ [visit.id]: visit.start });
});

test('it stops as soon as a booking exists: nudged once, then rebooked, then nothing for that visit or the next', async () => {
	const max = patient('Max', 'max@example.com', consenting);
	booking(max, recurring, SIX_WEEKS + 1);
	const staticData: IDataObject = {};
	await run(staticData);
	booking(max, recurring, -10, 'booked'); // Max books after the nudge
	delete (staticData.global as IDataObject).nudgedVisits; // even with nothing remembered
	await run(staticData);
	expect(emails).toEqual([nudge('max@example.com', 'Max')]);
});

test('Semble requests stay bounded: one request per 100 bookings in the range, and a patient read only for those due', async () => {
	const many = Array.from({ length: 12 }, (_, n) => patient(`P${n}`, `p${n}@example.com`, consenting));
	// 240 bookings of patients who keep coming back, over the window and the months ahead.
	for (let n = 0; n < 240; n++)
		booking(many[n % many.length], oneOff, SIX_WEEKS + 6 - n, n < SIX_WEEKS + 6 ? 'completed' : 'booked');
	const due = patient('Nia', 'nia@example.com', consenting);
	booking(due, recurring, SIX_WEEKS + 1);
	await run();
	expect(emails.map((email) => email.to)).toEqual(['nia@example.com']);
	expect(semble()).toEqual([...Array(3).fill('GetSimpleBookings'), 'GetPatient']);
});
