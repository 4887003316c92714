import nock from 'nock';

import type { BookingRecord, PatientRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/salesforce-sync.json run through n8n's engine: the real Semble Triggers read the
 * sandbox (a manual run fetches the latest changes), Salesforce's REST API is intercepted at
 * the instance URL the OAuth2 credential holds. Every request is recorded, so "nothing else
 * was sent" is asserted too.
 */

const template = loadTemplate('salesforce-sync.json');
const PATIENT_TRIGGER = 'Patient changed in Semble';
const BOOKING_TRIGGER = 'Booking changed in Semble';
const INSTANCE = 'https://semble-clinic.my.salesforce.com';
const API = '/services/data/v59.0/sobjects';
const RECORD_TYPE = '012000000000PERSON';
const ACCOUNT_ID = '001000000000ACCT01';

let sandbox: RunningSandbox;
let modelPatient: PatientRecord;
let modelBooking: BookingRecord;
let doctor: UserRecord;

interface SalesforceCall {
	method: string;
	path: string;
	body: Record<string, unknown> | undefined;
	authorization: string | undefined;
}
let calls: SalesforceCall[];
/** What Salesforce answers, by "METHOD path"; anything not listed gets 200 {}. */
let answers: Record<string, [number, unknown?]>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	salesforceOAuth2Api: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'sf-token', refresh_token: 'sf-refresh', instance_url: INSTANCE },
	},
});

/** The template as a clinic sets it up: the Person Account record type picked. */
const configured: WorkflowJson = (() => {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const upsert = copy.nodes.find((n) => n.name === 'Upsert Person Account');
	(upsert?.parameters.additionalFields as { recordTypeId: string }).recordTypeId = RECORD_TYPE;
	return copy;
})();

async function run(startNode: string, workflow: WorkflowJson = configured): Promise<RunResult> {
	return await runWorkflow(workflow, { credentials: credentials(), startNode });
}

const justNow = () => new Date(Date.now() - 60_000).toISOString();

/** A patient with every kind of detail that must stay in Semble. */
function patient(overrides: Partial<PatientRecord> & { id: string }): PatientRecord {
	return {
		...modelPatient,
		firstName: 'Amara',
		lastName: 'Okafor',
		email: 'amara.okafor@example.com',
		dob: '1984-03-09',
		phones: [{ phoneId: 'ph1', phoneType: 'Mobile', phoneNumber: '07700 900123' }],
		address: { address: '12 Mill Lane', city: 'Leeds', postcode: 'LS1 4AP', country: 'UK' },
		numbers: [{ id: 'n1', numberId: 'nhs', name: 'NHS', value: '9434765919' }],
		comments: 'Allergic to penicillin',
		communicationPreferences: {
			receiveEmail: true,
			receiveSMS: true,
			promotionalMarketing: true,
			paymentReminders: true,
			privacyPolicy: { response: 'accepted' },
		},
		archived: false,
		updatedAt: justNow(),
		...overrides,
	};
}

function booking(overrides: Partial<BookingRecord> & { id: string }): BookingRecord {
	return {
		...modelBooking,
		doctorId: doctor.id,
		start: '2026-07-01T08:00:00.000Z',
		end: '2026-07-01T08:30:00.000Z',
		comments: 'Follow-up: knee pain, MRI results',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		updatedAt: justNow(),
		...overrides,
	};
}

/** Puts exactly these patients and bookings in the sandbox: a manual trigger run emits them. */
function only(patients: PatientRecord[], bookings: BookingRecord[] = []): void {
	sandbox.store.patients.clear();
	for (const p of patients) sandbox.store.patients.set(p.id, p);
	sandbox.store.bookings.clear();
	for (const b of bookings) sandbox.store.bookings.set(b.id, b);
}

const accountPath = (patientId: string) => `${API}/Account/Semble_Patient_Id__c/${patientId}`;
const eventPath = (bookingId: string) => `${API}/Event/Semble_Booking_Id__c/${bookingId}`;
const requests = () => calls.map((c) => `${c.method} ${c.path}`);

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 73, scale: { patients: 10, bookings: 10 }, rateLimitPerMinute: 0 });
	modelPatient = [...sandbox.store.patients.values()][0];
	modelBooking = [...sandbox.store.bookings.values()][0];
	doctor = [...sandbox.store.users.values()].find((user) => user.isDoctor) as UserRecord;
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	answers = {};
	nock.cleanAll();
	const scope = nock(INSTANCE).persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply(function (uri, body) {
			const call = {
				method: method.toUpperCase(),
				path: uri,
				body: body ? (body as Record<string, unknown>) : undefined,
				authorization: this.req.headers.authorization as string | undefined,
			};
			calls.push(call);
			const [status, reply] = answers[`${call.method} ${uri}`] ?? [200, {}];
			return [status, reply ?? {}];
		});
	}
});

/** Salesforce's answer to an upsert (API 46+): 201 when it created the record, 200 when it updated it. */
const upserted = (id: string, created: boolean): [number, unknown] => [
	created ? 201 : 200,
	{ id, success: true, errors: [], created },
];

function expectNothingClinicalOrPrivate(p: PatientRecord): void {
	const sent = JSON.stringify(calls.map((c) => c.body));
	for (const secret of ['1984-03-09', 'LS1 4AP', 'Mill Lane', '9434765919', 'penicillin', 'knee', 'MRI', 'accepted']) {
		expect(sent).not.toContain(secret);
	}
	expect(sent).not.toContain(p.dob as string);
}

test('a new patient becomes one Person Account, upserted by Semble id, with consent and nothing else', async () => {
	const fresh = patient({ id: '65a000000000000000000001' });
	only([fresh]);
	answers[`PATCH ${accountPath(fresh.id)}`] = upserted(ACCOUNT_ID, true);

	const result = await run(PATIENT_TRIGGER);
	expect(result.error).toBeUndefined();
	expect(requests()).toEqual([`PATCH ${accountPath(fresh.id)}`]);
	expect(calls[0].authorization).toBe('Bearer sf-token');
	expect(calls[0].body).toEqual({
		RecordTypeId: RECORD_TYPE,
		FirstName: 'Amara',
		LastName: 'Okafor',
		PersonEmail: 'amara.okafor@example.com',
		PersonMobilePhone: '+447700900123',
		PersonHasOptedOutOfEmail: false,
		Semble_SMS_Consent__c: true,
		Semble_Marketing_Consent__c: true,
	});
	expectNothingClinicalOrPrivate(fresh);
	expect(result.output('Upsert Event')).toHaveLength(0); // a patient alone makes no Event
});

test('a changed consent updates the same Person Account: email opt-out on, marketing off', async () => {
	const changed = patient({
		id: '65a000000000000000000002',
		communicationPreferences: {
			receiveEmail: false,
			receiveSMS: true,
			promotionalMarketing: false,
			paymentReminders: true,
			privacyPolicy: { response: null },
		},
	});
	only([changed]);
	answers[`PATCH ${accountPath(changed.id)}`] = upserted(ACCOUNT_ID, false);

	const result = await run(PATIENT_TRIGGER);
	expect(result.error).toBeUndefined();
	expect(requests()).toEqual([`PATCH ${accountPath(changed.id)}`]);
	expect(calls[0].body).toMatchObject({
		PersonHasOptedOutOfEmail: true,
		Semble_SMS_Consent__c: true,
		Semble_Marketing_Consent__c: false,
	});
});

test('a patient with no consent recorded in Semble counts as no consent', async () => {
	const unset = patient({
		id: '65a000000000000000000008',
		communicationPreferences: {} as PatientRecord['communicationPreferences'],
	});
	only([unset]);
	answers[`PATCH ${accountPath(unset.id)}`] = upserted(ACCOUNT_ID, true);

	expect((await run(PATIENT_TRIGGER)).error).toBeUndefined();
	expect(calls[0].body).toMatchObject({
		PersonHasOptedOutOfEmail: true,
		Semble_SMS_Consent__c: false,
		Semble_Marketing_Consent__c: false,
	});
});

test('a new booking: its patient is upserted first, then one Event keyed by the booking id, linked to the account', async () => {
	const owner = patient({ id: '65a000000000000000000003' });
	const fresh = booking({ id: '64c000000000000000000001', patientId: owner.id });
	only([owner], [fresh]);
	answers[`PATCH ${accountPath(owner.id)}`] = upserted(ACCOUNT_ID, false);
	answers[`PATCH ${eventPath(fresh.id)}`] = upserted('00U000000000EVT001', true);

	const result = await run(BOOKING_TRIGGER);
	expect(result.error).toBeUndefined();
	expect(requests()).toEqual([`PATCH ${accountPath(owner.id)}`, `PATCH ${eventPath(fresh.id)}`]);
	const site = sandbox.store.locations.get(fresh.locationId)?.groupName as string;
	expect(calls[1].body).toEqual({
		WhatId: ACCOUNT_ID,
		Subject: `Appointment – ${doctor.firstName} ${doctor.lastName}`,
		StartDateTime: '2026-07-01T08:00:00.000Z',
		EndDateTime: '2026-07-01T08:30:00.000Z',
		Location: site,
		Description: `Semble booking ${fresh.id}. Appointment details are in Semble.`,
	});
	const product = sandbox.store.products.get(fresh.bookingTypeId)?.name as string;
	expect(product).toBeTruthy();
	expect(JSON.stringify(calls[1].body)).not.toContain(product); // no appointment type
	expectNothingClinicalOrPrivate(owner);
});

test('a moved booking (seen twice) updates the same Event: no second Event is ever created', async () => {
	const owner = patient({ id: '65a000000000000000000004' });
	const moved = booking({
		id: '64c000000000000000000002',
		patientId: owner.id,
		start: '2026-12-01T14:15:00.000Z',
		end: '2026-12-01T15:00:00.000Z',
	});
	only([owner], [moved]);
	answers[`PATCH ${accountPath(owner.id)}`] = upserted(ACCOUNT_ID, false);
	answers[`PATCH ${eventPath(moved.id)}`] = upserted('00U000000000EVT002', false);

	for (let seen = 0; seen < 2; seen++) expect((await run(BOOKING_TRIGGER)).error).toBeUndefined();
	const once = [`PATCH ${accountPath(owner.id)}`, `PATCH ${eventPath(moved.id)}`];
	expect(requests()).toEqual([...once, ...once]);
	expect(calls[1].body).toMatchObject({
		StartDateTime: '2026-12-01T14:15:00.000Z',
		EndDateTime: '2026-12-01T15:00:00.000Z',
	});
	expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
});

test('a cancelled booking deletes its Event by booking id and sends nothing else', async () => {
	const owner = patient({ id: '65a000000000000000000005' });
	const cancelled = booking({
		id: '64c000000000000000000003',
		patientId: owner.id,
		deleted: true,
		cancellationReason: 'Patient unwell',
	});
	only([owner], [cancelled]);
	answers[`DELETE ${eventPath(cancelled.id)}`] = [204];

	const result = await run(BOOKING_TRIGGER);
	expect(result.error).toBeUndefined();
	expect(result.output(BOOKING_TRIGGER)[0].json).toMatchObject({ id: cancelled.id, status: 'cancelled' });
	expect(requests()).toEqual([`DELETE ${eventPath(cancelled.id)}`]);
	expect(calls[0].body).toBeUndefined();
});

test('deleting an Event that is already gone (404) does not fail the run', async () => {
	const owner = patient({ id: '65a000000000000000000006' });
	const cancelled = booking({ id: '64c000000000000000000004', patientId: owner.id, deleted: true });
	only([owner], [cancelled]);
	answers[`DELETE ${eventPath(cancelled.id)}`] = [
		404,
		[{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
	];

	const result = await run(BOOKING_TRIGGER);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(result.output('Nothing to delete')).toHaveLength(1);
	expect(requests()).toEqual([`DELETE ${eventPath(cancelled.id)}`]);
});

test('any other Salesforce error on delete stops the run, naming the booking', async () => {
	const owner = patient({ id: '65a000000000000000000007' });
	const cancelled = booking({ id: '64c000000000000000000005', patientId: owner.id, deleted: true });
	only([owner], [cancelled]);
	answers[`DELETE ${eventPath(cancelled.id)}`] = [500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }]];

	const result = await run(BOOKING_TRIGGER);
	expect(result.error?.message).toContain(`did not delete the Event for cancelled Semble booking ${cancelled.id}`);
	expect(result.output('Nothing to delete')).toHaveLength(0);
});
