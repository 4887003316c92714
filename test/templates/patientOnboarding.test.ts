import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	createPatient,
	decodeGmailRaw,
	loadTemplate,
	patientTriggerItems,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/patient-onboarding.json run through n8n's engine. New patients are created in the
 * Semble sandbox and the Semble Trigger's real output for them is pinned; HubSpot, Gmail and
 * Asana are intercepted (each can be made to fail with a 500), and the one completion record,
 * a note written back to the sandbox, is read from the sandbox's store.
 */

const template = loadTemplate('patient-onboarding.json');
const TRIGGER = 'New patient in Semble';
const CLINIC = 'Riverside Physio';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	hubspotAppToken: { appToken: 'hubspot-test-token' },
	gmailOAuth2: {
		clientId: 'client',
		clientSecret: 'secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
	asanaApi: { accessToken: 'asana-test-token' },
});

const ids = { consenting: '', noConsent: '', noEmail: '' };
let items: Record<keyof typeof ids, INodeExecutionData>;

let contacts: Array<{ email: string; body: unknown }>;
let emails: string[];
let tasks: Array<Record<string, unknown>>;
/** Which service answers 500 in this test. */
let failing: 'hubspot' | 'gmail' | 'asana' | undefined;

const down = [500, { message: 'Internal Server Error' }] as const;

function configured(): WorkflowJson {
	const json = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const clinic = json.nodes.find((node) => node.name === 'Clinic details');
	(clinic?.parameters.assignments as { assignments: Array<{ value: string }> }).assignments[0].value = CLINIC;
	return json;
}

/** Runs the workflow for these new patients; returns the onboarding notes written, by patient. */
async function onboard(...patients: INodeExecutionData[]) {
	sandbox.store.freeTextRecords.clear();
	const result = await runWorkflow(
		{ ...configured(), pinData: { [TRIGGER]: patients } },
		{ credentials: credentials(), startNode: TRIGGER },
	);
	expect(result.error).toBeUndefined();
	const notes = [...sandbox.store.freeTextRecords.values()];
	return Object.fromEntries(
		notes.map((note) => [note.patientId, { title: note.question, text: note.answer, section: note.sectionTitle }]),
	);
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 97, scale: { patients: 5, bookings: 0 }, rateLimitPerMinute: 0 });
	const sensitive = {
		dob: '1984-06-12',
		address: '1 Mill Lane',
		city: 'Leeds',
		postcode: 'LS1 4AP',
		comments: 'Knee pain',
	};
	ids.consenting = await createPatient(sandbox, {
		first: 'Amelia',
		last: 'Thornbury',
		email: ' Amelia.Thornbury@Example.com ',
		phoneNumber: '07700 900123',
		...sensitive,
		communicationPreferences: { receiveEmail: true, promotionalMarketing: true },
	});
	ids.noConsent = await createPatient(sandbox, {
		first: 'Bilal',
		last: 'Okafor',
		email: 'bilal.okafor@example.org',
		...sensitive,
		communicationPreferences: { receiveEmail: false, promotionalMarketing: false },
	});
	ids.noEmail = await createPatient(sandbox, {
		first: 'Carys',
		last: 'Llewellyn',
		...sensitive,
		communicationPreferences: { receiveEmail: true, promotionalMarketing: true },
	});
	const emitted = await patientTriggerItems(sandbox, 'created', { backfillHours: 1 });
	const byId = (id: string) => emitted.find((item) => item.json.id === id) as INodeExecutionData;
	items = { consenting: byId(ids.consenting), noConsent: byId(ids.noConsent), noEmail: byId(ids.noEmail) };
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	contacts = [];
	emails = [];
	tasks = [];
	failing = undefined;
	nock.cleanAll();
	nock('https://api.hubapi.com')
		.persist()
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/.+/)
		.matchHeader('authorization', 'Bearer hubspot-test-token')
		.reply((uri, body) => {
			if (failing === 'hubspot') return down;
			contacts.push({ email: decodeURIComponent(uri.replace('/contacts/v1/contact/createOrUpdate/email/', '')), body });
			return [200, { vid: contacts.length, isNew: true }];
		});
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.reply((_uri, body) => {
			if (failing === 'gmail') return down;
			emails.push(decodeGmailRaw((body as { raw: string }).raw));
			return [200, { id: `m${emails.length}`, threadId: 't', labelIds: ['SENT'] }];
		});
	nock('https://app.asana.com')
		.persist()
		.post('/api/1.0/tasks')
		.matchHeader('authorization', 'Bearer asana-test-token')
		.reply((_uri, body) => {
			if (failing === 'asana') return down;
			tasks.push(body as Record<string, unknown>);
			return [201, { data: { gid: `t${tasks.length}`, name: 'task' } }];
		});
});

const ALL_DONE = 'Admin: HubSpot contact ok\nMessaging: welcome email sent\nStaff task: Asana task created';
const note = (title: string, text: string) => ({ title, text, section: 'Admin' });

test('all three succeed: contact, welcome email and staff task, then one note "Onboarding" on the patient in Semble', async () => {
	const notes = await onboard(items.consenting);
	expect(notes).toEqual({ [ids.consenting]: note('Onboarding', ALL_DONE) });
	expect(contacts).toEqual([
		{
			email: 'amelia.thornbury@example.com',
			body: {
				properties: [
					{ property: 'firstname', value: 'Amelia' },
					{ property: 'lastname', value: 'Thornbury' },
					{ property: 'phone', value: '+447700900123' },
					{ property: 'marketing_opt_in', value: 'true' },
				],
			},
		},
	]);
	expect(emails).toHaveLength(1);
	expect(emails[0]).toMatch(/^To: amelia\.thornbury@example\.com\r\nSubject: Welcome to Riverside Physio\r\n/);
	expect(emails[0]).toContain(
		'\r\n\r\nHello Amelia,\n\nWelcome to Riverside Physio. Thank you for registering with us.\n\nIf you have any questions before your visit, just reply to this email or give us a call.\n\nBest wishes,\nThe team at Riverside Physio',
	);
	expect(tasks).toEqual([
		{
			data: {
				name: `Onboard new patient: Amelia T. (Semble ${ids.consenting})`,
				workspace: '1200000000000001',
				projects: ['1200000000000002'],
				due_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				notes: `New patient in Semble (patient ID ${ids.consenting}). Check their registration and consent forms, and that a first appointment is booked. Open the patient in Semble for details.`,
			},
		},
	]);
});

test.each([
	['asana', 'Staff task', 'Asana task created'],
	['gmail', 'Messaging', 'welcome email sent'],
	['hubspot', 'Admin', 'HubSpot contact ok'],
] as const)(
	'%s answers 500: the note names that step as failed, the other two are still done',
	async (service, step, done) => {
		failing = service;
		const notes = await onboard(items.consenting);
		const lines = notes[ids.consenting].text.split('\n');
		expect(notes[ids.consenting].title).toBe('Onboarding: needs attention');
		expect(lines).toEqual(
			ALL_DONE.split('\n').map((line) =>
				line === `${step}: ${done}` ? expect.stringMatching(new RegExp(`^${step}: failed \\(.+\\)$`)) : line,
			),
		);
		expect(contacts).toHaveLength(service === 'hubspot' ? 0 : 1);
		expect(emails).toHaveLength(service === 'gmail' ? 0 : 1);
		expect(tasks).toHaveLength(service === 'asana' ? 0 : 1);
	},
);

test('no email consent: no email, and the note says messaging was skipped for that reason', async () => {
	const notes = await onboard(items.noConsent);
	expect(emails).toEqual([]);
	expect(notes).toEqual({
		[ids.noConsent]: note(
			'Onboarding',
			'Admin: HubSpot contact ok\nMessaging: skipped (no email consent)\nStaff task: Asana task created',
		),
	});
	expect(contacts.map((contact) => contact.email)).toEqual(['bilal.okafor@example.org']);
});

test('no email address: no contact and no email, each skipped with its reason; the task is still made', async () => {
	const notes = await onboard(items.noEmail);
	expect([contacts, emails, tasks.length]).toEqual([[], [], 1]);
	expect(notes).toEqual({
		[ids.noEmail]: note(
			'Onboarding',
			'Admin: skipped (no valid email)\nMessaging: skipped (no valid email)\nStaff task: Asana task created',
		),
	});
});

test('several new patients in one check: one note each, with its own outcomes', async () => {
	failing = 'asana';
	const notes = await onboard(items.consenting, items.noConsent, items.noEmail);
	expect(Object.keys(notes).sort()).toEqual(Object.values(ids).sort());
	expect(notes[ids.consenting].text).toMatch(
		/^Admin: HubSpot contact ok\nMessaging: welcome email sent\nStaff task: failed \(/,
	);
	expect(notes[ids.noConsent].text).toMatch(
		/^Admin: HubSpot contact ok\nMessaging: skipped \(no email consent\)\nStaff task: failed \(/,
	);
	expect(notes[ids.noEmail].text).toMatch(
		/^Admin: skipped \(no valid email\)\nMessaging: skipped \(no valid email\)\nStaff task: failed \(/,
	);
	expect(emails).toHaveLength(1);
});

test('third parties get the minimum: no date of birth, address, NHS number or notes; Asana no surname or contact details', async () => {
	await onboard(items.consenting, items.noConsent);
	const all = JSON.stringify([contacts, emails, tasks]).toLowerCase();
	for (const secret of ['1984', 'mill lane', 'ls1', 'leeds', 'knee']) expect(all).not.toContain(secret);
	const asana = JSON.stringify(tasks).toLowerCase();
	for (const secret of ['thornbury', 'okafor', '@', '7700', '+44']) expect(asana).not.toContain(secret);
});
