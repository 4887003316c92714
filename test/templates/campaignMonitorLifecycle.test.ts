import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	createPatient,
	loadTemplate,
	patientTriggerItems,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/campaign-monitor-lifecycle.json run through n8n's engine: Semble is the sandbox (the
 * Semble Trigger's real output is pinned), Campaign Monitor is a small fake list behind nock.
 * Every request Campaign Monitor receives is recorded and asserted exactly; patients without
 * promotional-marketing consent must appear in none of them.
 */

const template = loadTemplate('campaign-monitor-lifecycle.json');
const LIST = 'YOUR_LIST_ID';
const CM = 'https://api.createsend.com';
const SUBSCRIBERS = `/api/v3.3/subscribers/${LIST}.json`;
const UNSUBSCRIBE = `/api/v3.3/subscribers/${LIST}/unsubscribe.json`;
const ACTIVE = `/api/v3.3/lists/${LIST}/active.json`;
const AUTH = `Basic ${Buffer.from('cm-api-key:x').toString('base64')}`;
const DAY = 86_400_000;
const LONG_AGO = '2021-03-01T09:00:00.000Z';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	httpBasicAuth: { user: 'cm-api-key', password: 'x' },
});

// ------------------------------------------------------------------ fake Campaign Monitor list
interface Subscriber {
	EmailAddress: string;
	Name: string;
	State: 'Active' | 'Unsubscribed';
	lifecycle: string;
}
interface Request {
	method: string;
	path: string;
	query: Record<string, string>;
	body?: Record<string, unknown>;
	auth: string;
}
interface CustomField {
	Key: string;
	Value: string;
	Clear?: boolean;
}
let list: Map<string, Subscriber>;
let requests: Request[];

function subscriber(email: string, State: Subscriber['State'], Name: string, lifecycle = '') {
	list.set(email.toLowerCase(), { EmailAddress: email, Name, State, lifecycle });
}
/** Campaign Monitor returns custom field keys in square brackets. */
const asApi = (s: Subscriber) => ({
	EmailAddress: s.EmailAddress,
	Name: s.Name,
	Date: '2025-01-05 10:00:00',
	State: s.State,
	CustomFields: s.lifecycle ? [{ Key: '[Lifecycle]', Value: s.lifecycle }] : [],
	ReadsEmailWith: '',
	ConsentToTrack: 'Yes',
});
function applyLifecycle(s: Subscriber, fields: CustomField[] | undefined) {
	for (const field of fields ?? []) if (field.Key === 'Lifecycle') s.lifecycle = field.Clear ? '' : field.Value;
}

function mockCampaignMonitor() {
	const record = (method: string, uri: string, body: unknown, auth: unknown) => {
		const url = new URL(uri, CM);
		requests.push({
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			...(body && typeof body === 'object' ? { body: body as Record<string, unknown> } : {}),
			auth: String(auth),
		});
		return url.searchParams;
	};
	nock(CM)
		.persist()
		.get(ACTIVE)
		.query(true)
		.reply(function (uri, body) {
			const query = record('GET', uri, body, this.req.headers.authorization);
			const page = Number(query.get('page') ?? 1);
			const size = Number(query.get('pagesize') ?? 1000);
			const active = [...list.values()].filter((s) => s.State === 'Active');
			return [
				200,
				{
					Results: active.slice((page - 1) * size, page * size).map(asApi),
					PageNumber: page,
					PageSize: size,
					RecordsOnThisPage: Math.max(0, Math.min(size, active.length - (page - 1) * size)),
					TotalNumberOfRecords: active.length,
					NumberOfPages: Math.ceil(active.length / size),
				},
			];
		})
		.post(SUBSCRIBERS)
		.reply(function (uri, body) {
			record('POST', uri, body, this.req.headers.authorization);
			const data = body as { EmailAddress: string; Name: string; CustomFields?: CustomField[]; Resubscribe: boolean };
			const existing = list.get(data.EmailAddress.toLowerCase());
			// Resubscribe false: an unsubscribed address stays unsubscribed (details are updated).
			if (!existing) subscriber(data.EmailAddress, 'Active', data.Name);
			else if (data.Resubscribe) existing.State = 'Active';
			const s = list.get(data.EmailAddress.toLowerCase()) as Subscriber;
			s.Name = data.Name;
			applyLifecycle(s, data.CustomFields);
			return [201, JSON.stringify(data.EmailAddress)];
		})
		.put(SUBSCRIBERS)
		.query(true)
		.reply(function (uri, body) {
			const query = record('PUT', uri, body, this.req.headers.authorization);
			const s = list.get(String(query.get('email')).toLowerCase());
			if (!s) return [400, { Code: 203, Message: 'Subscriber not in list or has already been removed.' }];
			const data = body as { Name?: string; CustomFields?: CustomField[] };
			s.Name = data.Name ?? '';
			applyLifecycle(s, data.CustomFields);
			return [200, ''];
		})
		.post(UNSUBSCRIBE)
		.reply(function (uri, body) {
			record('POST', uri, body, this.req.headers.authorization);
			const s = list.get(String((body as { EmailAddress: string }).EmailAddress).toLowerCase());
			if (!s) return [400, { Code: 203, Message: 'Subscriber not in list or has already been removed.' }];
			s.State = 'Unsubscribed';
			return [200, ''];
		});
}

/** Requests that change something in Campaign Monitor (reads excluded). */
const writes = () => requests.filter((request) => request.method !== 'GET');
/** Whether any request to Campaign Monitor mentions this email. */
const mentioned = (email: string) =>
	requests.some((request) => JSON.stringify(request).toLowerCase().includes(email.toLowerCase()));
const subscribeRequest = (body: Record<string, unknown>) => ({
	method: 'POST',
	path: SUBSCRIBERS,
	query: {},
	body,
	auth: AUTH,
});
const putRequest = (email: string, body: Record<string, unknown>) => ({
	method: 'PUT',
	path: SUBSCRIBERS,
	query: { email },
	body,
	auth: AUTH,
});

// ------------------------------------------------------------------ Semble test data
/** A fictional patient, created in the sandbox. Sensitive fields are filled so their absence means something. */
async function patient(
	first: string,
	last: string,
	email: string | null,
	consent: boolean,
	createdAt?: string,
): Promise<PatientRecord> {
	const id = await createPatient(sandbox, {
		first,
		last,
		...(email ? { email } : {}),
		phoneNumber: '07700 900123',
		dob: '1979-02-14',
		postcode: 'LS1 4AP',
		comments: 'Lower back pain',
		communicationPreferences: { receiveEmail: true, receiveSMS: true, promotionalMarketing: consent },
	});
	const record = sandbox.store.patients.get(id) as PatientRecord;
	if (createdAt) record.createdAt = createdAt;
	return record;
}

/** What the Semble Trigger (patients, Created or Updated) emits for these patients. */
async function patientChanges(...patients: PatientRecord[]): Promise<INodeExecutionData[]> {
	const emitted = await patientTriggerItems(sandbox, 'createdOrUpdated', { backfillHours: 1 });
	const ids = patients.map((p) => p.id);
	const items = emitted.filter((item) => ids.includes(String(item.json.id)));
	expect(items).toHaveLength(patients.length);
	return items;
}

async function run(trigger: string, items: INodeExecutionData[]) {
	const result = await runWorkflow(
		{ ...template, pinData: { [trigger]: items } },
		{ credentials: credentials(), startNode: trigger },
	);
	expect(result.error).toBeUndefined();
	return result;
}

let model: BookingRecord;
function booking(who: PatientRecord, daysFromNow: number, stage: 'completed' | 'no-show' | 'booked' | 'cancelled') {
	const start = new Date(Date.now() + daysFromNow * DAY).toISOString();
	const at = new Date(Date.parse(start) + 30 * 60_000).toISOString();
	sandbox.store.bookings.set(`bk-${who.id}-${daysFromNow}-${stage}`, {
		...model,
		id: `bk-${who.id}-${daysFromNow}-${stage}`,
		patientId: who.id,
		start,
		end: at,
		deleted: stage === 'cancelled',
		cancellationReason: stage === 'cancelled' ? 'Patient cancelled' : null,
		bookingJourney: {
			arrived: stage === 'completed' ? start : null,
			consultation: stage === 'completed' ? start : null,
			departed: stage === 'completed' ? at : null,
			dna: stage === 'no-show' ? at : null,
		},
	});
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 131, scale: { patients: 30, bookings: 10 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	nock.cleanAll();
	list = new Map();
	requests = [];
	mockCampaignMonitor();
});

// ------------------------------------------------------------------ 1. subscribe / update / unsubscribe
describe('patients created or updated in Semble', () => {
	test('only consenting patients with a valid email are subscribed: email and name only, Lifecycle new when new', async () => {
		const newPatient = await patient('Amelia', 'Thornbury', ' Amelia.Thornbury@Example.com ', true);
		const longStanding = await patient('Rhys', 'Morgan', 'rhys.morgan@example.org', true, LONG_AGO);
		const noConsent = await patient('Bilal', 'Okafor', 'bilal.okafor@example.org', false);
		const badEmail = await patient('Dev', 'Patel', 'dev.patel-at-example.com', true);
		const noEmail = await patient('Carys', 'Llewellyn', null, true);
		const renamed = await patient('Hannah', 'Price-Jones', 'hannah.price@example.com', true, LONG_AGO);
		const sameName = await patient('Owen', 'Baker', 'owen.baker@example.com', true, LONG_AGO);
		const unsubscribedInCm = await patient('Freya', 'Walsh', 'freya.walsh@example.com', true, LONG_AGO);
		subscriber('hannah.price@example.com', 'Active', 'Hannah Price', 'regular');
		subscriber('Owen.Baker@example.com', 'Active', 'Owen Baker');
		subscriber('freya.walsh@example.com', 'Unsubscribed', 'Freya Walsh');
		// 1,200 other subscribers: the list is read in two pages of 1,000.
		for (let i = 0; i < 1200; i++) subscriber(`reader${i}@example.net`, 'Active', `Reader ${i}`);

		const items = await patientChanges(
			newPatient,
			longStanding,
			noConsent,
			badEmail,
			noEmail,
			renamed,
			sameName,
			unsubscribedInCm,
		);
		await run('Patient created or updated', items);

		const read = { method: 'GET', path: ACTIVE, query: { page: '1', pagesize: '1000' }, auth: AUTH };
		expect(requests.filter((request) => request.method === 'GET')).toEqual([
			read,
			{ ...read, query: { page: '2', pagesize: '1000' } },
		]);
		const key = (request: Request) => `${request.method} ${String(request.body?.EmailAddress)}`;
		expect([...writes()].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
			subscribeRequest({
				EmailAddress: 'amelia.thornbury@example.com',
				Name: 'Amelia Thornbury',
				CustomFields: [{ Key: 'Lifecycle', Value: 'new' }],
				Resubscribe: false,
				ConsentToTrack: 'Yes',
			}),
			// Not active in the list: Campaign Monitor keeps an unsubscribed address unsubscribed (Resubscribe false).
			subscribeRequest({
				EmailAddress: 'freya.walsh@example.com',
				Name: 'Freya Walsh',
				CustomFields: [],
				Resubscribe: false,
				ConsentToTrack: 'Yes',
			}),
			subscribeRequest({
				EmailAddress: 'rhys.morgan@example.org',
				Name: 'Rhys Morgan',
				CustomFields: [],
				Resubscribe: false,
				ConsentToTrack: 'Yes',
			}),
			putRequest('hannah.price@example.com', {
				EmailAddress: 'hannah.price@example.com',
				Name: 'Hannah Price-Jones',
				ConsentToTrack: 'Unchanged',
			}),
		]);
		expect(list.get('freya.walsh@example.com')?.State).toBe('Unsubscribed');
		expect(list.get('hannah.price@example.com')).toMatchObject({ Name: 'Hannah Price-Jones', lifecycle: 'regular' });
		// No consent, no usable email, or nothing to change: never sent.
		for (const email of ['bilal.okafor@example.org', 'dev.patel-at-example.com', 'owen.baker@example.com'])
			expect(mentioned(email)).toBe(false);
		expect(writes().some((request) => JSON.stringify(request).includes('Llewellyn'))).toBe(false);
		// Nothing beyond email, name and Lifecycle: no phone, date of birth, postcode, notes or Semble id.
		const sent = JSON.stringify(writes());
		for (const detail of ['07700', '+447700', '1979', 'LS1', 'back pain', newPatient.id])
			expect(sent).not.toContain(detail);
	});

	test('withdrawn consent unsubscribes an active subscriber, and nothing else is written', async () => {
		const withdrawn = await patient('Isla', 'Fraser', 'isla.fraser@example.com', true, LONG_AGO);
		const neverConsented = await patient('Jack', 'Hughes', 'jack.hughes@example.com', false, LONG_AGO);
		const alreadyOff = await patient('Kiran', 'Shah', 'kiran.shah@example.com', true, LONG_AGO);
		subscriber('Isla.Fraser@example.com', 'Active', 'Isla Fraser', 'regular');
		subscriber('kiran.shah@example.com', 'Unsubscribed', 'Kiran Shah');
		// Reception unticks promotional marketing for both in Semble.
		for (const record of [withdrawn, alreadyOff]) {
			record.communicationPreferences.promotionalMarketing = false;
			record.updatedAt = new Date().toISOString();
		}

		await run('Patient created or updated', await patientChanges(withdrawn, neverConsented, alreadyOff));

		expect(writes()).toEqual([
			{ method: 'POST', path: UNSUBSCRIBE, query: {}, body: { EmailAddress: 'isla.fraser@example.com' }, auth: AUTH },
		]);
		expect(list.get('isla.fraser@example.com')?.State).toBe('Unsubscribed');
		expect(mentioned('jack.hughes@example.com')).toBe(false);
		expect(mentioned('kiran.shah@example.com')).toBe(false);
	});

	test('the latest change of a patient wins when one check holds two (consent ticked, then unticked)', async () => {
		const changedTwice = await patient('Lena', 'Novak', 'lena.novak@example.com', false);
		const [latest] = await patientChanges(changedTwice);
		const earlier = {
			json: { ...latest.json, promotionalMarketing: true, updatedAt: new Date(Date.now() - 60_000).toISOString() },
		};
		await run('Patient created or updated', [earlier, latest]);
		expect(writes()).toEqual([]);
		expect(mentioned('lena.novak@example.com')).toBe(false);

		// And the other way round: one subscription, not two.
		requests = [];
		await run('Patient created or updated', [
			{ json: { ...latest.json, promotionalMarketing: false, updatedAt: earlier.json.updatedAt } },
			{ json: { ...latest.json, promotionalMarketing: true } },
		]);
		expect(
			writes().map((request) => `${request.method} ${request.path} ${String(request.body?.EmailAddress)}`),
		).toEqual([`POST ${SUBSCRIBERS} lena.novak@example.com`]);
	});

	test('an empty list (first run) still subscribes', async () => {
		const first = await patient('Maya', 'Osei', 'maya.osei@example.com', true);
		await run('Patient created or updated', await patientChanges(first));
		expect(requests.filter((request) => request.method === 'GET').map((request) => request.query)).toEqual([
			{ page: '1', pagesize: '1000' },
		]);
		expect(writes().map((request) => request.body?.EmailAddress)).toEqual(['maya.osei@example.com']);
		expect(list.get('maya.osei@example.com')).toMatchObject({ State: 'Active', lifecycle: 'new', Name: 'Maya Osei' });
	});
});

// ------------------------------------------------------------------ 2. weekly Lifecycle field
test('weekly: Lifecycle is set to new, regular, inactive or cleared for consenting subscribers, only where it changed', async () => {
	sandbox.store.bookings.clear();
	const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
	const regular = await patient('Nia', 'Roberts', 'nia.roberts@example.com', true, LONG_AGO);
	const alreadyRegular = await patient('Omar', 'Aziz', 'omar.aziz@example.com', true, LONG_AGO);
	const noLongerRegular = await patient('Poppy', 'Clarke', 'poppy.clarke@example.com', true, LONG_AGO);
	const back = await patient('Quinn', 'Ellis', 'quinn.ellis@example.com', true, LONG_AGO);
	const inactive = await patient('Ruby', 'Hall', 'ruby.hall@example.com', true, LONG_AGO);
	const cancelledOnly = await patient('Sami', 'Nasser', 'sami.nasser@example.com', true, LONG_AGO);
	await patient('Tom', 'Wright', 'tom.wright@example.com', true, daysAgo(10)); // new: field set to new
	const stillNew = await patient('Tess', 'Moore', 'tess.moore@example.com', true, daysAgo(5));
	await patient('Theo', 'Lane', 'theo.lane@example.com', true, daysAgo(60)); // no longer new: field cleared
	const twoAndANoShow = await patient('Uma', 'Bose', 'uma.bose@example.com', true, LONG_AGO);
	const noConsent = await patient('Vik', 'Rao', 'vik.rao@example.com', false, LONG_AGO);
	const unsubscribed = await patient('Wren', 'Kaye', 'wren.kaye@example.com', true, LONG_AGO);
	const notInList = await patient('Xander', 'Lowe', 'xander.lowe@example.com', true, LONG_AGO);

	for (const who of [regular, alreadyRegular, unsubscribed, noConsent]) {
		booking(who, -300, 'completed');
		booking(who, -120, 'completed');
		booking(who, -10, 'completed');
	}
	booking(regular, -500, 'completed'); // outside the 12 months: not counted
	booking(noLongerRegular, -40, 'completed');
	booking(back, 20, 'booked'); // nothing in the last year, but booked ahead: not inactive
	booking(inactive, -400, 'completed');
	booking(cancelledOnly, -30, 'cancelled');
	booking(twoAndANoShow, -200, 'completed');
	booking(twoAndANoShow, -100, 'completed');
	booking(twoAndANoShow, -50, 'no-show');
	booking(notInList, -10, 'completed');

	subscriber('nia.roberts@example.com', 'Active', 'Nia Roberts', 'new');
	subscriber('omar.aziz@example.com', 'Active', 'Omar Aziz', 'regular');
	subscriber('poppy.clarke@example.com', 'Active', 'Poppy Clarke', 'regular');
	subscriber('quinn.ellis@example.com', 'Active', 'Quinn Ellis', 'inactive');
	subscriber('ruby.hall@example.com', 'Active', 'Ruby Hall');
	subscriber('sami.nasser@example.com', 'Active', 'Sami N');
	subscriber('tom.wright@example.com', 'Active', 'Tom Wright');
	subscriber('tess.moore@example.com', 'Active', 'Tess Moore', 'new');
	subscriber('theo.lane@example.com', 'Active', 'Theo Lane', 'new');
	subscriber('uma.bose@example.com', 'Active', 'Uma Bose');
	subscriber('vik.rao@example.com', 'Active', 'Vik Rao'); // Semble says no: the patient branch unsubscribes them
	subscriber('wren.kaye@example.com', 'Unsubscribed', 'Wren Kaye');

	await run('Every Monday at 7am', [{ json: {} }]);

	expect(requests.filter((request) => request.method === 'GET').map((request) => request.query)).toEqual([
		{ page: '1', pagesize: '1000' },
	]);
	// The name Campaign Monitor already has is sent back as it is, so the update cannot blank it.
	const lifecycle = (email: string, Name: string, field: CustomField) =>
		putRequest(email, { EmailAddress: email, Name, CustomFields: [field], ConsentToTrack: 'Unchanged' });
	expect([...writes()].sort((a, b) => a.query.email.localeCompare(b.query.email))).toEqual([
		lifecycle('nia.roberts@example.com', 'Nia Roberts', { Key: 'Lifecycle', Value: 'regular' }),
		lifecycle('poppy.clarke@example.com', 'Poppy Clarke', { Key: 'Lifecycle', Value: '', Clear: true }),
		lifecycle('quinn.ellis@example.com', 'Quinn Ellis', { Key: 'Lifecycle', Value: '', Clear: true }),
		lifecycle('ruby.hall@example.com', 'Ruby Hall', { Key: 'Lifecycle', Value: 'inactive' }),
		lifecycle('sami.nasser@example.com', 'Sami N', { Key: 'Lifecycle', Value: 'inactive' }),
		lifecycle('theo.lane@example.com', 'Theo Lane', { Key: 'Lifecycle', Value: '', Clear: true }),
		lifecycle('tom.wright@example.com', 'Tom Wright', { Key: 'Lifecycle', Value: 'new' }),
	]);
	// Already right, 2 visits and a no-show, no consent, unsubscribed or not in the list: left alone.
	for (const quiet of [alreadyRegular, stillNew, twoAndANoShow, noConsent, unsubscribed, notInList]) {
		expect(mentioned(String(quiet.email))).toBe(false);
	}
	expect(list.get('nia.roberts@example.com')?.lifecycle).toBe('regular');
	expect(list.get('vik.rao@example.com')?.lifecycle).toBe('');
});
