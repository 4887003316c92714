import nock from 'nock';
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, createPatient, decodeGmailRaw, interceptSlack, loadTemplate, patientTriggerItems, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/new-patient-cascade.json run through n8n's engine. The patients are created in the
 * Semble sandbox and the Semble Trigger's real output for them is pinned; Gmail, HubSpot and
 * Slack are intercepted, and every request they receive is asserted exactly.
 */

const template = loadTemplate('new-patient-cascade.json');
const TRIGGER = 'New patient in Semble';
const CLINIC = 'Riverside Physio';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	gmailOAuth2: {
		clientId: 'client',
		clientSecret: 'secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
	hubspotAppToken: { appToken: 'hubspot-test-token' },
	slackApi: { accessToken: 'xoxb-test' },
});

interface Email {
	to: string;
	subject: string;
	text: string;
	raw: string;
}
let emails: Email[];
let contacts: Array<{ email: string; body: { properties: Array<{ property: string; value: string }> } }>;
let notices: Array<Record<string, unknown>>;

/** The message Gmail was given: headers, and the text decoded. */
function decodeEmail(raw: string): Email {
	const mime = decodeGmailRaw(raw);
	const [head, ...rest] = mime.split(/\r?\n\r?\n/);
	const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
	return { to: header('To'), subject: header('Subject'), text: rest.join('\n\n').replace(/\r\n/g, '\n').trim(), raw: mime };
}

const ids: Record<'consenting' | 'noConsent' | 'noEmail' | 'badEmail', string> = {
	consenting: '',
	noConsent: '',
	noEmail: '',
	badEmail: '',
};
let triggerItems: INodeExecutionData[];

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 83, scale: { patients: 10, bookings: 0 }, rateLimitPerMinute: 0 });
	// Fictional patients. Everything a CRM must NOT get is filled in, so its absence is meaningful.
	const sensitive = { dob: '1984-06-12', address: '1 Mill Lane', city: 'Leeds', postcode: 'LS1 4AP', comments: 'Knee pain' };
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
		phoneNumber: '+44 7700 900456',
		...sensitive,
		communicationPreferences: { receiveEmail: true, promotionalMarketing: true },
	});
	ids.badEmail = await createPatient(sandbox, {
		first: 'Dev',
		last: 'Patel',
		email: 'dev.patel-at-example.com',
		...sensitive,
		communicationPreferences: { receiveEmail: true, promotionalMarketing: true },
	});
	for (const id of Object.values(ids)) {
		sandbox.store.patients.get(id)?.numbers.push({ id: `nhs-${id}`, numberId: 'nhs', name: 'NHS', value: '9434765919' });
	}
	// What the Semble Trigger emits for them.
	const emitted = await patientTriggerItems(sandbox, 'created', { backfillHours: 1 });
	const order = Object.values(ids);
	triggerItems = emitted
		.filter((item) => order.includes(String(item.json.id)))
		.sort((a, b) => order.indexOf(String(a.json.id)) - order.indexOf(String(b.json.id)));
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	emails = [];
	contacts = [];
	nock.cleanAll();
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.matchHeader('authorization', 'Bearer x')
		.reply(200, (_uri, body) => {
			emails.push(decodeEmail((body as { raw: string }).raw));
			return { id: `m${emails.length}`, threadId: `t${emails.length}`, labelIds: ['SENT'] };
		});
	nock('https://api.hubapi.com')
		.persist()
		.post(/^\/contacts\/v1\/contact\/createOrUpdate\/email\/.+/)
		.matchHeader('authorization', 'Bearer hubspot-test-token')
		.reply(200, (uri, body) => {
			const email = decodeURIComponent(uri.replace('/contacts/v1/contact/createOrUpdate/email/', ''));
			contacts.push({ email, body: body as (typeof contacts)[number]['body'] });
			return { vid: contacts.length, isNew: true };
		});
	notices = interceptSlack('xoxb-test');
});

/** The template with the clinic's name filled in, as the set-up steps ask. */
function configured(): WorkflowJson {
	const json = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const clinic = json.nodes.find((node) => node.name === 'Clinic details');
	(clinic?.parameters.assignments as { assignments: Array<{ value: string }> }).assignments[0].value = CLINIC;
	return json;
}

async function run(items: INodeExecutionData[]) {
	const result = await runWorkflow({ ...configured(), pinData: { [TRIGGER]: items } }, { credentials: credentials(), startNode: TRIGGER });
	expect(result.error).toBeUndefined();
	return result;
}

test('the trigger emits the four new patients, simplified', () => {
	expect(triggerItems.map((item) => item.json.id)).toEqual(Object.values(ids));
	expect(triggerItems[0].json).toMatchObject({
		firstName: 'Amelia',
		receiveEmail: true,
		phoneE164: '+447700900123',
		nhsNumber: '9434765919',
		triggerEvent: 'created',
	});
});

test('a consenting patient gets a plain welcome email with first name and clinic name only', async () => {
	await run([triggerItems[0]]);
	expect(emails).toHaveLength(1);
	expect(emails[0].to).toBe('amelia.thornbury@example.com');
	expect(emails[0].subject).toBe(`Welcome to ${CLINIC}`);
	expect(emails[0].text).toBe(
		[
			'Hello Amelia,',
			'',
			`Welcome to ${CLINIC}. Thank you for registering with us.`,
			'',
			'If you have any questions before your visit, just reply to this email or give us a call.',
			'',
			'Best wishes,',
			`The team at ${CLINIC}`,
		].join('\n'),
	);
	expect(emails[0].raw).toMatch(/Content-Type: text\/plain/i);
	for (const secret of ['Thornbury', '1984', '9434765919', '900123', 'Knee', 'LS1']) expect(emails[0].text).not.toContain(secret);
});

test('HubSpot gets email, names, E.164 phone and the marketing flag — never DOB, NHS number or address', async () => {
	await run(triggerItems);
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
		// No email consent: still an operational CRM record, with marketing consent "false".
		{
			email: 'bilal.okafor@example.org',
			body: {
				properties: [
					{ property: 'firstname', value: 'Bilal' },
					{ property: 'lastname', value: 'Okafor' },
					{ property: 'marketing_opt_in', value: 'false' },
				],
			},
		},
	]);
	for (const { body } of contacts) {
		const sent = JSON.stringify(body).toLowerCase();
		for (const secret of ['dob', 'birth', '1984', 'nhs', '9434765919', 'mill lane', 'ls1', 'leeds', 'knee']) {
			expect(sent).not.toContain(secret);
		}
	}
});

test('no email consent: no email, but the HubSpot record and the staff notice', async () => {
	await run([triggerItems[1]]);
	expect(emails).toEqual([]);
	expect(contacts.map((contact) => contact.email)).toEqual(['bilal.okafor@example.org']);
	expect(notices).toHaveLength(1);
});

test('no email, or an invalid one: no email and no HubSpot contact, but the staff notice', async () => {
	await run([triggerItems[2], triggerItems[3]]);
	expect(emails).toEqual([]);
	expect(contacts).toEqual([]);
	expect(notices.map((notice) => notice.text)).toEqual([
		`New patient registered in Semble: Carys L. (Semble patient ID ${ids.noEmail}).`,
		`New patient registered in Semble: Dev P. (Semble patient ID ${ids.badEmail}).`,
	]);
});

test('every new patient gets one staff notice in #front-desk, with no contact details', async () => {
	await run(triggerItems);
	expect(notices).toEqual(
		[
			['Amelia T.', ids.consenting],
			['Bilal O.', ids.noConsent],
			['Carys L.', ids.noEmail],
			['Dev P.', ids.badEmail],
		].map(([name, id]) => ({
			channel: '#front-desk',
			text: `New patient registered in Semble: ${name} (Semble patient ID ${id}).`,
			includeLinkToWorkflow: false,
		})),
	);
	const sent = JSON.stringify(notices).toLowerCase();
	for (const secret of ['@', 'example', '7700', '+44', 'thornbury', 'okafor', '1984', '9434765919', 'ls1']) {
		expect(sent).not.toContain(secret);
	}
	expect(emails).toHaveLength(1);
	expect(contacts).toHaveLength(2);
});

test('the Teams alternative is in the file, switched off', () => {
	const teams = template.nodes.find((node) => node.type === 'n8n-nodes-base.microsoftTeams');
	expect(teams?.disabled).toBe(true);
});
