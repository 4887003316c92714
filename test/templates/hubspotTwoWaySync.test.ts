import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { Patient } from '../../nodes/Semble/records/patient';
import { simplifyPatient } from '../../nodes/Semble/records/patient';
import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	interceptSlack,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/hubspot-two-way-sync.json run through n8n's engine: Semble is the sandbox, HubSpot
 * and Slack are intercepted. What is written to each side (and what is not) is asserted exactly.
 */

const template = loadTemplate('hubspot-two-way-sync.json');

const SEMBLE_TRIGGER = 'Patient changed in Semble';
const SCHEDULE = 'Every 15 minutes';
const CONTACT_PROPERTIES = [
	'email',
	'firstname',
	'lastname',
	'phone',
	'mobilephone',
	'date_of_birth',
	'city',
	'zip',
	'marketing_opt_in',
	'semble_patient_id',
	'semble_last_sync',
	'lastmodifieddate',
];

type Json = Record<string, unknown>;
type Simplified = ReturnType<typeof simplifyPatient>;
interface HubSpotCall {
	method: string;
	path: string;
	body: Json;
}
interface Contact {
	id: string;
	properties: Record<string, string | null>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
}

let sandbox: RunningSandbox;
let hubspot: HubSpotCall[];
let slack: Json[];
/** What the HubSpot search answers, page by page (by the request's `after`). */
let searchPages: Record<string, { results: Contact[]; after?: string }>;
/** The search page (by `after`) HubSpot answers with 502, as in an outage. */
let failingPage: string | undefined;
/** The workflow's static data, kept from run to run as n8n keeps it for an active workflow. */
let staticData: IDataObject;
/** Requests to anything but the sandbox that no interceptor answered. */
let unexpected: string[];

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	hubspotAppToken: { appToken: 'hubspot-test-token' },
	slackApi: { accessToken: 'xoxb-test-token' },
});

const writes = () => hubspot.filter((call) => !call.path.endsWith('/search'));
const searches = () => hubspot.filter((call) => call.path.endsWith('/search'));
const sembleMutations = () => sandbox.control.requestLog().filter((entry) => entry.kind === 'mutation');

// ---------------------------------------------------------------------------------------
// Fixtures: made-up people only

function fakePatient(overrides: Partial<Simplified> = {}): Simplified & { triggerEvent: string } {
	return {
		id: 'pat-test-1',
		title: null,
		firstName: 'Alex',
		lastName: 'Example',
		fullName: 'Alex Example',
		dob: '1985-04-23',
		email: 'alex.example@example.com',
		phone: '07700 900123',
		phoneE164: '+447700900123',
		city: 'Leeds',
		postcode: 'LS1 4AP',
		nhsNumber: '9434765919',
		receiveEmail: true,
		receiveSMS: true,
		promotionalMarketing: false,
		paymentReminders: true,
		labels: [],
		archived: false,
		createdAt: '2026-01-05T10:00:00.000Z',
		updatedAt: new Date().toISOString(),
		...overrides,
		triggerEvent: 'updated',
	};
}

/** The HubSpot contact that matches a patient exactly (as this workflow would have written it). */
function contactFor(patient: Simplified, id: string, properties: Record<string, string | null> = {}): Contact {
	const synced = new Date(Date.now() - 3_600_000).toISOString();
	return {
		id,
		properties: {
			email: patient.email,
			firstname: patient.firstName,
			lastname: patient.lastName,
			phone: patient.phoneE164,
			mobilephone: null,
			date_of_birth: patient.dob,
			city: patient.city,
			zip: patient.postcode,
			marketing_opt_in: String(patient.promotionalMarketing),
			semble_patient_id: patient.id,
			semble_last_sync: synced,
			lastmodifieddate: synced,
			...properties,
		},
		createdAt: '2026-01-05T10:00:00.000Z',
		updatedAt: properties.lastmodifieddate ?? synced,
		archived: false,
	};
}

/** A seeded sandbox patient with an email, a phone and a date of birth, not used by another test. */
const sandboxPatient = () => unusedSeededPatient(sandbox, (p) => Boolean(p.email && p.dob && p.phones.length > 0));
const simplified = (record: PatientRecord) => simplifyPatient(record as unknown as Patient);
const snapshot = (record: PatientRecord) => JSON.parse(JSON.stringify(record)) as PatientRecord;

// ---------------------------------------------------------------------------------------
// Running the two branches

async function semblePatientChanged(patient: IDataObject, contacts: Contact[]) {
	searchPages = { '': { results: contacts } };
	const result = await runWorkflow(
		{ ...template, pinData: { [SEMBLE_TRIGGER]: [{ json: patient }] } },
		{ credentials: credentials(), startNode: SEMBLE_TRIGGER },
	);
	expect(result.error).toBeUndefined();
	return result;
}

async function hubspotCheck(pages: Record<string, { results: Contact[]; after?: string }>, { fails = false } = {}) {
	searchPages = pages;
	const result = await runWorkflow(
		{ ...template, pinData: { [SCHEDULE]: [{ json: {} }] } },
		{ credentials: credentials(), startNode: SCHEDULE, staticData },
	);
	if (fails) expect(result.error).toBeDefined();
	else expect(result.error).toBeUndefined();
	return result;
}

/** The `lastmodifieddate` bound (ms) each HubSpot → Semble search asked for. */
const searchedSince = () =>
	searches().map((call) =>
		Number((call.body.filterGroups as Array<{ filters: Array<{ value: string }> }>)[0].filters[0].value),
	);
const watermark = () => (staticData.global as IDataObject | undefined)?.hubspotChangedSince;

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 83, scale: { patients: 60 }, rateLimitPerMinute: 0 });
	nock.emitter.on('no match', (req: { hostname?: string; host?: string; method?: string; path?: string }) => {
		const host = req.hostname ?? req.host ?? '';
		if (!host.startsWith('127.0.0.1')) unexpected.push(`${req.method} ${host}${req.path}`);
	});
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	hubspot = [];
	unexpected = [];
	searchPages = { '': { results: [] } };
	failingPage = undefined;
	staticData = {};
	sandbox.control.clearLog();
	sandbox.control.clearFaults();
	nock.cleanAll();
	const record = (method: string) =>
		function (this: { req: { headers: Record<string, string> } }, uri: string, body: unknown) {
			expect(this.req.headers.authorization).toBe('Bearer hubspot-test-token');
			hubspot.push({
				method,
				path: uri.split('?')[0],
				body: (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Json,
			});
		};
	nock('https://api.hubapi.com')
		.persist()
		.post('/crm/v3/objects/contacts/search')
		.query(true)
		.reply(function (uri, body) {
			record('POST').call(this, uri, body);
			const after = String((body as Json).after ?? '');
			if (after === failingPage) return [502, { status: 'error', message: 'Bad Gateway' }];
			const page = searchPages[after] ?? { results: [] };
			return [
				200,
				{
					total: page.results.length,
					results: page.results,
					...(page.after ? { paging: { next: { after: page.after } } } : {}),
				},
			];
		})
		.patch(/^\/crm\/v3\/objects\/contacts\/[^/]+$/)
		.reply(200, function (uri, body) {
			record('PATCH').call(this, uri, body);
			return { id: uri.split('/').pop(), properties: (body as Json).properties };
		})
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/[^/]+$/)
		.reply(200, function (uri, body) {
			record('POST').call(this, uri, body);
			return { vid: 9001, isNew: true };
		});
	slack = interceptSlack('xoxb-test-token');
});
afterEach(() => {
	// Every request to a third party was one of the intercepted ones.
	expect(unexpected).toEqual([]);
});

const expectRecentStamp = (value: unknown) => {
	expect(typeof value).toBe('string');
	expect(Math.abs(Date.parse(String(value)) - Date.now())).toBeLessThan(60_000);
};

// ---------------------------------------------------------------------------------------
// Semble → HubSpot

describe('Semble → HubSpot', () => {
	test('a Semble-owned change updates the contact with only the changed fields and the sync stamp', async () => {
		const before = fakePatient();
		const contact = contactFor(before, '501');
		await semblePatientChanged(fakePatient({ lastName: 'Example-Smith', city: 'York' }), [contact]);

		expect(searches()).toEqual([
			{
				method: 'POST',
				path: '/crm/v3/objects/contacts/search',
				body: {
					sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }], // the HubSpot node's default order
					filterGroups: [
						{ filters: [{ propertyName: 'semble_patient_id', operator: 'EQ', value: 'pat-test-1' }] },
						{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'alex.example@example.com' }] },
					],
					properties: CONTACT_PROPERTIES,
					limit: 10,
				},
			},
		]);
		expect(writes()).toHaveLength(1);
		const [update] = writes();
		expect(update.method).toBe('PATCH');
		expect(update.path).toBe('/crm/v3/objects/contacts/501');
		const properties = (update.body as { properties: Json }).properties;
		expect(Object.keys(update.body)).toEqual(['properties']);
		expect(Object.keys(properties).sort()).toEqual(['city', 'lastname', 'semble_last_sync', 'semble_patient_id']);
		expect(properties).toMatchObject({ lastname: 'Example-Smith', city: 'York', semble_patient_id: 'pat-test-1' });
		expectRecentStamp(properties.semble_last_sync);
		expect(slack).toEqual([]);
		expect(sandbox.control.requestLog()).toEqual([]); // branch 1 never calls Semble: the trigger item is enough
	});

	test('a patient without a contact becomes one (the HubSpot node, upsert by email), with no NHS number or other extra data', async () => {
		await semblePatientChanged(fakePatient(), []);

		expect(writes()).toHaveLength(1);
		const [create] = writes();
		expect(create.method).toBe('POST');
		expect(create.path).toBe('/contacts/v1/contact/createOrUpdate/email/alex.example@example.com');
		const sent = Object.fromEntries(
			(create.body as { properties: Array<{ property: string; value: unknown }> }).properties.map((p) => [
				p.property,
				p.value,
			]),
		);
		const { semble_last_sync: stamp, ...properties } = sent;
		expectRecentStamp(stamp);
		expect(properties).toEqual({
			firstname: 'Alex',
			lastname: 'Example',
			phone: '+447700900123',
			date_of_birth: '1985-04-23',
			city: 'Leeds',
			zip: 'LS1 4AP',
			marketing_opt_in: 'false',
			semble_patient_id: 'pat-test-1',
		});
		expect(slack).toEqual([]);
	});

	test('several patients in one poll: each is matched with its own contacts', async () => {
		const known = fakePatient({ id: 'pat-test-7', email: 'known@example.com', city: 'York' });
		const fresh = fakePatient({ id: 'pat-test-8', email: 'fresh@example.com' });
		const contact = contactFor(fakePatient({ id: 'pat-test-7', email: 'known@example.com' }), '777');
		// The search answers by patient: the known patient's contact, nothing for the new one.
		nock.cleanAll();
		hubspot = [];
		nock('https://api.hubapi.com')
			.persist()
			.post('/crm/v3/objects/contacts/search')
			.reply(200, (_uri, body) => {
				hubspot.push({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: body as Json });
				const wanted = JSON.stringify(body).includes('pat-test-7');
				return { total: wanted ? 1 : 0, results: wanted ? [contact] : [] };
			})
			.patch('/crm/v3/objects/contacts/777')
			.reply(200, (uri, body) => {
				hubspot.push({ method: 'PATCH', path: uri, body: body as Json });
				return { id: '777' };
			})
			.post('/contacts/v1/contact/createOrUpdate/email/fresh@example.com')
			.reply(200, (uri, body) => {
				hubspot.push({ method: 'POST', path: uri, body: body as Json });
				return { vid: 9002, isNew: true };
			});
		const result = await runWorkflow(
			{ ...template, pinData: { [SEMBLE_TRIGGER]: [{ json: known }, { json: fresh }] } },
			{ credentials: credentials(), startNode: SEMBLE_TRIGGER },
		);
		expect(result.error).toBeUndefined();
		expect(searches()).toHaveLength(2);
		expect(writes().map((call) => `${call.method} ${call.path}`)).toEqual([
			'PATCH /crm/v3/objects/contacts/777',
			'POST /contacts/v1/contact/createOrUpdate/email/fresh@example.com',
		]);
		expect(Object.keys((writes()[0].body as { properties: Json }).properties).sort()).toEqual([
			'city',
			'semble_last_sync',
			'semble_patient_id',
		]);
	});

	test('a critical difference goes to one review message and nothing is written to either side', async () => {
		const contact = contactFor(fakePatient(), '502', { phone: '+447700900999' });
		// The phone differs (critical); the city too (Semble-owned): neither may be written.
		await semblePatientChanged(fakePatient({ city: 'York' }), [contact]);

		expect(writes()).toEqual([]);
		expect(sandbox.control.requestLog()).toEqual([]);
		expect(slack).toHaveLength(1);
		expect(slack[0]).toMatchObject({ channel: '#patient-data-review' });
		const text = String(slack[0].text);
		expect(text).toContain('Semble patient ID: pat-test-1');
		expect(text).toContain('HubSpot contact ID: 502');
		expect(text).toContain('Why: phone differs');
		expect(text).toContain('Nothing was written');
		// Field names only: no values reach Slack.
		for (const value of ['900123', '900999', 'York', 'Leeds', 'alex.example', '1985'])
			expect(text).not.toContain(value);
	});

	test('marketing consent changed in Semble but not in HubSpot goes to review, not overwritten', async () => {
		const contact = contactFor(fakePatient(), '503', { marketing_opt_in: 'true' });
		await semblePatientChanged(fakePatient({ promotionalMarketing: false, city: 'York' }), [contact]);

		expect(writes()).toEqual([]);
		expect(slack).toHaveLength(1);
		expect(String(slack[0].text)).toContain('marketing consent differs');
	});

	test('a contact linked to another Semble patient (shared email) goes to review', async () => {
		const sibling = contactFor(fakePatient({ id: 'pat-test-2', firstName: 'Sam' }), '504');
		await semblePatientChanged(fakePatient(), [sibling]);

		expect(writes()).toEqual([]);
		expect(slack).toHaveLength(1);
		expect(String(slack[0].text)).toContain('linked to another Semble patient');
	});

	test('patient and contact already equal: no write, no message', async () => {
		const patient = fakePatient({ promotionalMarketing: true });
		await semblePatientChanged(patient, [contactFor(patient, '505')]);

		expect(searches()).toHaveLength(1);
		expect(writes()).toEqual([]);
		expect(slack).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------
// HubSpot → Semble

describe('HubSpot → Semble', () => {
	const changedNow = () => ({ lastmodifieddate: new Date(Date.now() - 120_000).toISOString() });

	test('a marketing opt-in in HubSpot sets Promotional marketing in Semble and nothing else; the echo writes nothing', async () => {
		const record = sandboxPatient();
		record.communicationPreferences.promotionalMarketing = false;
		const before = snapshot(record);
		const contact = contactFor(simplified(record), '601', { marketing_opt_in: 'true', ...changedNow() });

		await hubspotCheck({ '': { results: [contact] } });

		const search = searches()[0].body;
		expect(search).toMatchObject({
			filterGroups: [
				{
					filters: [
						{ propertyName: 'lastmodifieddate', operator: 'GTE' },
						{ propertyName: 'semble_patient_id', operator: 'HAS_PROPERTY' },
					],
				},
			],
			properties: CONTACT_PROPERTIES,
			limit: 100,
		});
		// The first run looks back 16 minutes.
		expect(Math.abs(Date.now() - 16 * 60_000 - searchedSince()[0])).toBeLessThan(60_000);

		const after = sandbox.store.patients.get(record.id) as PatientRecord;
		expect(after.communicationPreferences.promotionalMarketing).toBe(true);
		expect({ ...snapshot(after), updatedAt: before.updatedAt }).toEqual({
			...before,
			communicationPreferences: { ...before.communicationPreferences, promotionalMarketing: true },
		});
		expect(sembleMutations().map((entry) => entry.operationName)).toEqual(['UpdatePatient']);
		expect(writes()).toEqual([]);
		expect(slack).toEqual([]);

		// Our write to Semble comes back through the Semble Trigger: now equal, so nothing is sent.
		hubspot = [];
		await semblePatientChanged({ ...simplified(after), triggerEvent: 'updated' }, [contact]);
		expect(writes()).toEqual([]);
		expect(slack).toEqual([]);
	});

	test('loop guard: a contact whose last change is our own sync write is skipped (across result pages)', async () => {
		const ours = sandboxPatient();
		const theirs = sandboxPatient();
		ours.communicationPreferences.promotionalMarketing = false;
		theirs.communicationPreferences.promotionalMarketing = false;
		const oursBefore = snapshot(ours);
		const stamp = new Date(Date.now() - 300_000);
		// Our own write: HubSpot's modification time is the stamp plus a few seconds. Its consent
		// differs, so if it were not skipped, Semble would be written.
		const echo = contactFor(simplified(ours), '701', {
			marketing_opt_in: 'true',
			semble_last_sync: stamp.toISOString(),
			lastmodifieddate: new Date(stamp.getTime() + 4_000).toISOString(),
		});
		const human = contactFor(simplified(theirs), '702', {
			marketing_opt_in: 'true',
			semble_last_sync: stamp.toISOString(),
			lastmodifieddate: new Date(stamp.getTime() + 180_000).toISOString(),
		});

		await hubspotCheck({ '': { results: [echo], after: 'page-2' }, 'page-2': { results: [human] } });

		expect(searches().map((call) => call.body.after)).toEqual([undefined, 'page-2']);
		expect(sandbox.control.requestLog().map((entry) => entry.operationName)).toEqual(['GetPatient', 'UpdatePatient']);
		expect(snapshot(sandbox.store.patients.get(ours.id) as PatientRecord)).toEqual(oursBefore);
		expect(sandbox.store.patients.get(theirs.id)?.communicationPreferences.promotionalMarketing).toBe(true);
		expect(writes()).toEqual([]);
		expect(slack).toEqual([]);
	});

	test('a critical difference goes to one review message; neither Semble nor HubSpot is written', async () => {
		const record = sandboxPatient();
		record.communicationPreferences.promotionalMarketing = false;
		const before = snapshot(record);
		// The date of birth differs (critical) and the consent too: the consent must not be applied either.
		const contact = contactFor(simplified(record), '801', {
			date_of_birth: '1901-01-01',
			marketing_opt_in: 'true',
			...changedNow(),
		});

		await hubspotCheck({ '': { results: [contact] } });

		expect(sembleMutations()).toEqual([]);
		expect(snapshot(sandbox.store.patients.get(record.id) as PatientRecord)).toEqual(before);
		expect(writes()).toEqual([]);
		expect(slack).toHaveLength(1);
		const text = String(slack[0].text);
		expect(text).toContain(`Semble patient ID: ${record.id}`);
		expect(text).toContain('HubSpot contact ID: 801');
		expect(text).toContain('Why: dob differs');
		expect(text).not.toContain('1901');
	});

	test('patient and contact already equal: nothing is written', async () => {
		const record = sandboxPatient();
		const before = snapshot(record);
		await hubspotCheck({ '': { results: [contactFor(simplified(record), '901', changedNow())] } });

		expect(sandbox.control.requestLog().map((entry) => entry.operationName)).toEqual(['GetPatient']);
		expect(snapshot(sandbox.store.patients.get(record.id) as PatientRecord)).toEqual(before);
		expect(writes()).toEqual([]);
		expect(slack).toEqual([]);
	});

	test('a contact linked to a patient Semble cannot return is reported, and the others still sync', async () => {
		const record = sandboxPatient();
		record.communicationPreferences.promotionalMarketing = true;
		const gone = contactFor(fakePatient({ id: 'no-such-patient' }), '951', changedNow());
		const optedOut = contactFor(simplified(record), '952', { marketing_opt_in: 'false', ...changedNow() });

		await hubspotCheck({ '': { results: [gone, optedOut] } });

		expect(slack).toHaveLength(1);
		expect(String(slack[0].text)).toContain('HubSpot contact 951 is linked to Semble patient no-such-patient');
		expect(sandbox.store.patients.get(record.id)?.communicationPreferences.promotionalMarketing).toBe(false);
		expect(writes()).toEqual([]);
	});

	describe('watermark: a failed or late run never skips a change', () => {
		test('a complete run moves the watermark to its start (less 2 minutes of overlap); the next run reads from there', async () => {
			const before = Date.now();
			await hubspotCheck({ '': { results: [] } });
			const mark = Number(watermark());
			expect(mark).toBeGreaterThanOrEqual(before - 2 * 60_000);
			expect(mark).toBeLessThanOrEqual(Date.now() - 2 * 60_000);

			hubspot = [];
			await hubspotCheck({ '': { results: [] } });
			expect(searchedSince()).toEqual([mark]);
		});

		test('a run that fails part-way leaves the watermark; the next run reads the same changes again and applies them', async () => {
			const record = sandboxPatient();
			record.communicationPreferences.promotionalMarketing = false;
			const threeHoursAgo = Date.now() - 3 * 3_600_000; // n8n was down, or the last runs failed
			staticData = { global: { hubspotChangedSince: threeHoursAgo } };
			const optIn = contactFor(simplified(record), '991', {
				marketing_opt_in: 'true',
				lastmodifieddate: new Date(Date.now() - 2 * 3_600_000).toISOString(),
			});

			// HubSpot fails on the second page: nothing after it may count as read.
			failingPage = 'page-2';
			await hubspotCheck({ '': { results: [], after: 'page-2' } }, { fails: true });
			expect(searchedSince()).toEqual([threeHoursAgo, threeHoursAgo]);
			expect(watermark()).toBe(threeHoursAgo);
			expect(sembleMutations()).toEqual([]);

			// The next run starts from the same point and applies the change it could not read before.
			hubspot = [];
			failingPage = undefined;
			await hubspotCheck({ '': { results: [], after: 'page-2' }, 'page-2': { results: [optIn] } });
			expect(searchedSince()).toEqual([threeHoursAgo, threeHoursAgo]);
			expect(sandbox.store.patients.get(record.id)?.communicationPreferences.promotionalMarketing).toBe(true);
			expect(sembleMutations().map((entry) => entry.operationName)).toEqual(['UpdatePatient']);
			expect(Number(watermark())).toBeGreaterThan(Date.now() - 3 * 60_000);
		});

		test('Semble failing to answer for a linked patient stops the run: no "not found" message, the watermark stays', async () => {
			const record = sandboxPatient();
			staticData = { global: { hubspotChangedSince: 1_700_000_000_000 } };
			const contact = contactFor(simplified(record), '993', { marketing_opt_in: 'true', ...changedNow() });
			sandbox.control.injectFault({ kind: 'graphqlError', match: 'patient', count: 5, message: 'Internal error' });
			const result = await hubspotCheck({ '': { results: [contact] } }, { fails: true });
			expect(result.error?.message).toContain('Semble did not answer for the patient linked to HubSpot contact 993');
			expect(slack).toEqual([]);
			expect(watermark()).toBe(1_700_000_000_000);
		});

		test('a Semble write that fails leaves the watermark too', async () => {
			const record = sandboxPatient();
			record.communicationPreferences.promotionalMarketing = false;
			staticData = { global: { hubspotChangedSince: 1_700_000_000_000 } };
			const optIn = contactFor(simplified(record), '992', { marketing_opt_in: 'true', ...changedNow() });
			sandbox.control.injectFault({
				kind: 'payloadError',
				match: 'updatePatient',
				message: 'Patient record is locked',
			});
			const result = await hubspotCheck({ '': { results: [optIn] } }, { fails: true });
			expect(result.error?.message).toContain('Patient record is locked');
			expect(result.output('Move the watermark')).toEqual([]);
			expect(watermark()).toBe(1_700_000_000_000);
		});
	});
});
