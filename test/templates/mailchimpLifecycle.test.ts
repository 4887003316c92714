import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { BookingRecord, PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, createPatient, loadTemplate, patientTriggerItems, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/mailchimp-lifecycle.json run through n8n's engine: Semble is the sandbox (the
 * Semble Trigger's real output is pinned), Mailchimp is a small fake audience behind nock.
 * Every request Mailchimp receives is recorded and asserted exactly; patients without
 * promotional-marketing consent must not appear in any of them, not even as an MD5 hash.
 */

const template = loadTemplate('mailchimp-lifecycle.json');
const AUDIENCE = 'YOUR_AUDIENCE_ID';
const MAILCHIMP = 'https://us1.api.mailchimp.com'; // the datacenter is the API key's suffix
const MEMBERS = `/3.0/lists/${AUDIENCE}/members`;
const DAY = 86_400_000;
const LONG_AGO = '2021-03-01T09:00:00.000Z';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	mailchimpApi: { apiKey: 'testkey0000-us1' },
});

// ------------------------------------------------------------------ fake Mailchimp audience
interface Member {
	email_address: string;
	status: string;
	merge_fields: { FNAME: string; LNAME: string };
	tags: string[];
}
interface Request {
	method: string;
	path: string;
	query: Record<string, string>;
	body?: Record<string, unknown>;
	auth?: string;
}
let audience: Map<string, Member>;
let requests: Request[];

const md5 = (email: string) => createHash('md5').update(email.trim().toLowerCase()).digest('hex');
/** Mailchimp accepts the email or its MD5 hash where the API says subscriber_hash. */
const memberAt = (hash: string) =>
	audience.get(decodeURIComponent(hash).toLowerCase()) ?? [...audience.values()].find((m) => md5(m.email_address) === hash);
const asApi = (member: Member) => ({
	id: md5(member.email_address),
	email_address: member.email_address,
	status: member.status,
	merge_fields: member.merge_fields,
	tags_count: member.tags.length,
	tags: member.tags.map((name, index) => ({ id: index + 1, name })),
	last_changed: '2026-01-05T10:00:00+00:00',
});

function subscribe(email: string, status: string, FNAME: string, LNAME: string, tags: string[] = []) {
	audience.set(email.toLowerCase(), { email_address: email, status, merge_fields: { FNAME, LNAME }, tags: [...tags] });
}

function mockMailchimp() {
	const record = (method: string, uri: string, body: unknown, auth: unknown): { path: string; query: URLSearchParams } => {
		const url = new URL(uri, MAILCHIMP);
		requests.push({
			method,
			path: decodeURIComponent(url.pathname),
			query: Object.fromEntries(url.searchParams),
			...(body && typeof body === 'object' && Object.keys(body).length ? { body: body as Record<string, unknown> } : {}),
			auth: String(auth),
		});
		return { path: url.pathname, query: url.searchParams };
	};
	const hashOf = (pathname: string) => pathname.slice(MEMBERS.length + 1).split('/')[0];
	nock(MAILCHIMP)
		.persist()
		.get(MEMBERS)
		.query(true)
		.reply(function (uri, body) {
			const { query } = record('GET', uri, body, this.req.headers.authorization);
			const status = query.get('status');
			const offset = Number(query.get('offset') ?? 0);
			const count = Number(query.get('count') ?? 10);
			const list = [...audience.values()].filter((member) => !status || member.status === status);
			return [200, { members: list.slice(offset, offset + count).map(asApi), total_items: list.length }];
		})
		.post(MEMBERS)
		.reply(function (uri, body) {
			record('POST', uri, body, this.req.headers.authorization);
			const data = body as { email_address: string; status: string; merge_fields?: Member['merge_fields']; tags?: string[] };
			if (audience.has(data.email_address.toLowerCase())) return [400, { title: 'Member Exists', status: 400 }];
			subscribe(data.email_address, data.status, data.merge_fields?.FNAME ?? '', data.merge_fields?.LNAME ?? '', data.tags);
			return [200, asApi(audience.get(data.email_address.toLowerCase()) as Member)];
		})
		.put(new RegExp(`^${MEMBERS}/[^/]+$`))
		.reply(function (uri, body) {
			const { path: pathname } = record('PUT', uri, body, this.req.headers.authorization);
			const member = memberAt(hashOf(pathname));
			const data = body as Partial<Member>;
			// Mailchimp needs status_if_new to create a member with PUT; n8n's node cannot send it.
			if (!member) return [400, { title: 'Invalid Resource', detail: 'status_if_new is required', status: 400 }];
			if (data.status) member.status = data.status;
			if (data.merge_fields) member.merge_fields = { ...member.merge_fields, ...data.merge_fields };
			return [200, asApi(member)];
		})
		.post(new RegExp(`^${MEMBERS}/[^/]+/tags$`))
		.reply(function (uri, body) {
			const { path: pathname } = record('POST', uri, body, this.req.headers.authorization);
			const member = memberAt(hashOf(pathname));
			if (!member) return [404, { title: 'Resource Not Found', status: 404 }];
			for (const tag of (body as { tags: Array<{ name: string; status: string }> }).tags) {
				member.tags = member.tags.filter((name) => name !== tag.name);
				if (tag.status === 'active') member.tags.push(tag.name);
			}
			return [204, ''];
		});
}

/** Requests that change something in Mailchimp (reads excluded). */
const writes = () => requests.filter((request) => request.method !== 'GET');
/** Whether any request to Mailchimp mentions this email, or its subscriber hash. */
const mentioned = (email: string) =>
	requests.some((request) => {
		const text = JSON.stringify(request).toLowerCase();
		return text.includes(email.toLowerCase()) || text.includes(md5(email));
	});

// ------------------------------------------------------------------ Semble test data
/** A fictional patient, created in the sandbox. Sensitive fields are filled so their absence means something. */
async function patient(first: string, last: string, email: string | null, consent: boolean, createdAt?: string): Promise<PatientRecord> {
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
	const result = await runWorkflow({ ...template, pinData: { [trigger]: items } }, { credentials: credentials(), startNode: trigger });
	expect(result.error).toBeUndefined();
	return result;
}

let model: BookingRecord;
function booking(who: PatientRecord, daysFromNow: number, stage: 'completed' | 'no-show' | 'booked' | 'cancelled'): BookingRecord {
	const start = new Date(Date.now() + daysFromNow * DAY).toISOString();
	const at = new Date(Date.parse(start) + 30 * 60_000).toISOString();
	const record: BookingRecord = {
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
	};
	sandbox.store.bookings.set(record.id, record);
	return record;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 97, scale: { patients: 30, bookings: 10 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	nock.cleanAll();
	audience = new Map();
	requests = [];
	mockMailchimp();
});

// ------------------------------------------------------------------ 1. subscribe / update / unsubscribe
describe('patients created or updated in Semble', () => {
	test('only consenting patients with a valid email are subscribed: email and names only, new-patient when new', async () => {
		const newPatient = await patient('Amelia', 'Thornbury', ' Amelia.Thornbury@Example.com ', true);
		const longStanding = await patient('Rhys', 'Morgan', 'rhys.morgan@example.org', true, LONG_AGO);
		const noConsent = await patient('Bilal', 'Okafor', 'bilal.okafor@example.org', false);
		const badEmail = await patient('Dev', 'Patel', 'dev.patel-at-example.com', true);
		const noEmail = await patient('Carys', 'Llewellyn', null, true);
		const renamed = await patient('Hannah', 'Price-Jones', 'hannah.price@example.com', true, LONG_AGO);
		const sameName = await patient('Owen', 'Baker', 'owen.baker@example.com', true, LONG_AGO);
		const unsubscribedInMailchimp = await patient('Freya', 'Walsh', 'freya.walsh@example.com', true, LONG_AGO);
		subscribe('hannah.price@example.com', 'subscribed', 'Hannah', 'Price');
		subscribe('owen.baker@example.com', 'subscribed', 'Owen', 'Baker');
		subscribe('freya.walsh@example.com', 'unsubscribed', 'Freya', 'Walsh');

		const items = await patientChanges(newPatient, longStanding, noConsent, badEmail, noEmail, renamed, sameName, unsubscribedInMailchimp);
		await run('Patient created or updated', items);

		const audienceRead = { method: 'GET', path: MEMBERS, query: { offset: '0', count: '500' }, auth: 'apikey testkey0000-us1' };
		expect(requests.filter((request) => request.method === 'GET')).toEqual([
			audienceRead,
			{ ...audienceRead, query: { offset: '500', count: '500' } },
		]);
		const key = (request: Request) => `${request.method} ${request.path} ${String(request.body?.email_address)}`;
		expect([...writes()].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
			{
				method: 'POST',
				path: MEMBERS,
				query: {},
				body: {
					listId: AUDIENCE,
					email_address: 'amelia.thornbury@example.com',
					status: 'subscribed',
					tags: ['new-patient'],
					merge_fields: { FNAME: 'Amelia', LNAME: 'Thornbury' },
				},
				auth: 'apikey testkey0000-us1',
			},
			{
				method: 'POST',
				path: MEMBERS,
				query: {},
				body: {
					listId: AUDIENCE,
					email_address: 'rhys.morgan@example.org',
					status: 'subscribed',
					merge_fields: { FNAME: 'Rhys', LNAME: 'Morgan' },
				},
				auth: 'apikey testkey0000-us1',
			},
			{
				method: 'PUT',
				path: `${MEMBERS}/hannah.price@example.com`,
				query: {},
				body: { listId: AUDIENCE, email_address: 'hannah.price@example.com', merge_fields: { FNAME: 'Hannah', LNAME: 'Price-Jones' } },
				auth: 'apikey testkey0000-us1',
			},
		]);
		// No consent, no usable email, or unsubscribed in Mailchimp: never sent, not even hashed.
		for (const email of ['bilal.okafor@example.org', 'dev.patel-at-example.com', 'freya.walsh@example.com', 'owen.baker@example.com']) {
			expect(mentioned(email)).toBe(false);
		}
		expect(audience.get('freya.walsh@example.com')?.status).toBe('unsubscribed');
		// Nothing beyond email, names, status and tags: no phone, date of birth, postcode or notes.
		const sent = JSON.stringify(writes());
		for (const detail of ['07700', '+447700', '1979', 'LS1', 'back pain', newPatient.id]) expect(sent).not.toContain(detail);
	});

	test('withdrawn consent unsubscribes the member, and nothing else is written', async () => {
		const withdrawn = await patient('Isla', 'Fraser', 'isla.fraser@example.com', true, LONG_AGO);
		const neverConsented = await patient('Jack', 'Hughes', 'jack.hughes@example.com', false, LONG_AGO);
		const alreadyOff = await patient('Kiran', 'Shah', 'kiran.shah@example.com', true, LONG_AGO);
		subscribe('Isla.Fraser@example.com', 'subscribed', 'Isla', 'Fraser', ['regular']);
		subscribe('kiran.shah@example.com', 'unsubscribed', 'Kiran', 'Shah');
		// Reception unticks promotional marketing for both in Semble.
		for (const record of [withdrawn, alreadyOff]) {
			record.communicationPreferences.promotionalMarketing = false;
			record.updatedAt = new Date().toISOString();
		}

		await run('Patient created or updated', await patientChanges(withdrawn, neverConsented, alreadyOff));

		expect(writes()).toEqual([
			{
				method: 'PUT',
				path: `${MEMBERS}/isla.fraser@example.com`,
				query: {},
				body: { listId: AUDIENCE, email_address: 'isla.fraser@example.com', status: 'unsubscribed' },
				auth: 'apikey testkey0000-us1',
			},
		]);
		expect(audience.get('isla.fraser@example.com')?.status).toBe('unsubscribed');
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

		// And the other way round: one subscription, not two (the second would fail: Member Exists).
		requests = [];
		await run('Patient created or updated', [
			{ json: { ...latest.json, promotionalMarketing: false, updatedAt: earlier.json.updatedAt } },
			{ json: { ...latest.json, promotionalMarketing: true } },
		]);
		expect(writes().map((request) => `${request.method} ${String(request.body?.email_address)} ${String(request.body?.status)}`)).toEqual([
			'POST lena.novak@example.com subscribed',
		]);
	});

	test('an empty audience (first run) still subscribes', async () => {
		const first = await patient('Maya', 'Osei', 'maya.osei@example.com', true);
		await run('Patient created or updated', await patientChanges(first));
		expect(writes().map((request) => request.body?.email_address)).toEqual(['maya.osei@example.com']);
		expect(audience.get('maya.osei@example.com')).toMatchObject({ status: 'subscribed', tags: ['new-patient'] });
	});
});

// ------------------------------------------------------------------ 2. weekly lifecycle tags
test('weekly: regular and inactive tags are added and removed for consenting subscribers only', async () => {
	sandbox.store.bookings.clear();
	const recent = new Date(Date.now() - 60 * DAY).toISOString();
	const regular = await patient('Nia', 'Roberts', 'nia.roberts@example.com', true, LONG_AGO);
	const alreadyRegular = await patient('Omar', 'Aziz', 'omar.aziz@example.com', true, LONG_AGO);
	const noLongerRegular = await patient('Poppy', 'Clarke', 'poppy.clarke@example.com', true, LONG_AGO);
	const back = await patient('Quinn', 'Ellis', 'quinn.ellis@example.com', true, LONG_AGO);
	const inactive = await patient('Ruby', 'Hall', 'ruby.hall@example.com', true, LONG_AGO);
	const cancelledOnly = await patient('Sami', 'Nasser', 'sami.nasser@example.com', true, LONG_AGO);
	const newcomer = await patient('Tom', 'Wright', 'tom.wright@example.com', true, recent);
	const twoAndANoShow = await patient('Uma', 'Bose', 'uma.bose@example.com', true, LONG_AGO);
	const noConsent = await patient('Vik', 'Rao', 'vik.rao@example.com', false, LONG_AGO);
	const unsubscribed = await patient('Wren', 'Kaye', 'wren.kaye@example.com', true, LONG_AGO);
	const notInMailchimp = await patient('Xander', 'Lowe', 'xander.lowe@example.com', true, LONG_AGO);

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
	booking(notInMailchimp, -10, 'completed');

	subscribe('nia.roberts@example.com', 'subscribed', 'Nia', 'Roberts', ['new-patient']);
	subscribe('omar.aziz@example.com', 'subscribed', 'Omar', 'Aziz', ['regular']);
	subscribe('poppy.clarke@example.com', 'subscribed', 'Poppy', 'Clarke', ['regular']);
	subscribe('quinn.ellis@example.com', 'subscribed', 'Quinn', 'Ellis', ['inactive']);
	subscribe('ruby.hall@example.com', 'subscribed', 'Ruby', 'Hall');
	subscribe('sami.nasser@example.com', 'subscribed', 'Sami', 'Nasser');
	subscribe('tom.wright@example.com', 'subscribed', 'Tom', 'Wright');
	subscribe('uma.bose@example.com', 'subscribed', 'Uma', 'Bose');
	subscribe('vik.rao@example.com', 'subscribed', 'Vik', 'Rao'); // Semble says no: the patient branch unsubscribes them
	subscribe('wren.kaye@example.com', 'unsubscribed', 'Wren', 'Kaye');

	await run('Every Monday at 7am', [{ json: {} }]);

	expect(requests.filter((request) => request.method === 'GET').map((request) => request.query)).toEqual([
		{ status: 'subscribed', offset: '0', count: '500' },
		{ status: 'subscribed', offset: '500', count: '500' },
	]);
	const tagRequests = writes().map((request) => ({ path: request.path, body: request.body }));
	const tagsAt = (email: string) => `${MEMBERS}/${email}/tags`;
	expect(tagRequests.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
		{ path: tagsAt('nia.roberts@example.com'), body: { tags: [{ name: 'regular', status: 'active' }] } },
		{ path: tagsAt('poppy.clarke@example.com'), body: { tags: [{ name: 'regular', status: 'inactive' }] } },
		{ path: tagsAt('quinn.ellis@example.com'), body: { tags: [{ name: 'inactive', status: 'inactive' }] } },
		{ path: tagsAt('ruby.hall@example.com'), body: { tags: [{ name: 'inactive', status: 'active' }] } },
		{ path: tagsAt('sami.nasser@example.com'), body: { tags: [{ name: 'inactive', status: 'active' }] } },
	]);
	// New this year (no bookings yet), already tagged, or 2 visits and a no-show: left alone.
	for (const quiet of [newcomer, alreadyRegular, twoAndANoShow, notInMailchimp]) expect(mentioned(String(quiet.email))).toBe(false);
	expect(audience.get('vik.rao@example.com')?.tags).toEqual([]);
	expect(audience.get('wren.kaye@example.com')?.tags).toEqual([]);
	expect(audience.get('nia.roberts@example.com')?.tags).toEqual(['new-patient', 'regular']);
});

// ------------------------------------------------------------------ 3. follow-ups
describe('follow-ups after a visit', () => {
	const journey = (who: PatientRecord, journeyStage: string) => ({
		json: { id: `bk-${who.id}-${journeyStage}`, patientId: who.id, journeyStage, status: journeyStage, triggerEvent: 'journeyChanged' },
	});

	test('a completed visit tags post-visit and a no-show missed-appointment, for consenting subscribers only', async () => {
		const seen = await patient('Yasmin', 'Ali', 'yasmin.ali@example.com', true, LONG_AGO);
		const missed = await patient('Zac', 'Doyle', 'zac.doyle@example.com', true, LONG_AGO);
		const noConsent = await patient('Abi', 'Grant', 'abi.grant@example.com', false, LONG_AGO);
		const notSubscribed = await patient('Ben', 'Hart', 'ben.hart@example.com', true, LONG_AGO);
		const arrivedOnly = await patient('Cleo', 'Marsh', 'cleo.marsh@example.com', true, LONG_AGO);
		subscribe('yasmin.ali@example.com', 'subscribed', 'Yasmin', 'Ali', ['post-visit']);
		subscribe('zac.doyle@example.com', 'subscribed', 'Zac', 'Doyle');
		subscribe('abi.grant@example.com', 'subscribed', 'Abi', 'Grant');
		subscribe('cleo.marsh@example.com', 'subscribed', 'Cleo', 'Marsh');

		await run('Visit completed or missed', [
			journey(seen, 'completed'),
			journey(missed, 'no-show'),
			journey(noConsent, 'completed'),
			journey(notSubscribed, 'completed'),
			journey(arrivedOnly, 'arrived'),
		]);

		expect(requests.filter((request) => request.method === 'GET').map((request) => request.query)).toEqual([
			{ status: 'subscribed', offset: '0', count: '500' },
			{ status: 'subscribed', offset: '500', count: '500' },
		]);
		const tag = (email: string, name: string, status: string) => ({
			method: 'POST',
			path: `${MEMBERS}/${email}/tags`,
			query: {},
			body: { tags: [{ name, status }] },
			auth: 'apikey testkey0000-us1',
		});
		// Cleared, then added, so Mailchimp's "tag added" journey starts again after every visit.
		expect(writes()).toEqual([
			tag('yasmin.ali@example.com', 'post-visit', 'inactive'),
			tag('zac.doyle@example.com', 'missed-appointment', 'inactive'),
			tag('yasmin.ali@example.com', 'post-visit', 'active'),
			tag('zac.doyle@example.com', 'missed-appointment', 'active'),
		]);
		expect(audience.get('yasmin.ali@example.com')?.tags).toEqual(['post-visit']);
		expect(audience.get('zac.doyle@example.com')?.tags).toEqual(['missed-appointment']);
		for (const email of ['abi.grant@example.com', 'ben.hart@example.com', 'cleo.marsh@example.com']) expect(mentioned(email)).toBe(false);
	});
});
