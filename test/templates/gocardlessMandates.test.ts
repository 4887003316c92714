import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { createHmac } from 'node:crypto';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- not shipped: runs the memberships template's expression as a test
import { runInNewContext } from 'node:vm';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import type { WorkflowJson } from '../harness/runWorkflow';
import { sembleClient } from '../harness/sembleClient';
import {
	closeIsolatedSandbox,
	decodeGmailRaw,
	interceptSlack,
	loadTemplate,
	patientTriggerItems,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/gocardless-mandates.json run through n8n's engine: Semble is the sandbox;
 * GoCardless, Gmail and Slack are intercepted. What GoCardless receives, who gets a link, the
 * webhook's signature check and what is written to the patient are asserted exactly.
 */

jest.setTimeout(30_000); // the first run loads n8n's node types
const SECRET = 'gc-webhook-secret-test';
const GC = 'https://api.gocardless.com';
const BILLING_REQUEST = 'BRQ000TEST';
const REDIRECT = 'https://www.example.com/direct-debit-set-up';
let sandbox: RunningSandbox;
let template: WorkflowJson;
let labelId: string;
let gcCalls: Array<{ method: string; path: string; body: unknown; headers: Record<string, unknown> }>;
let emails: string[];
let slack: Array<Record<string, unknown>>;
let staticData: IDataObject;
/** GoCardless' mandates, as GET /mandates/:id returns them. */
const mandates = new Map<string, Record<string, unknown>>();

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	httpBearerAuth: { token: 'gc-access-token' },
	crypto: { hmacSecret: SECRET },
	gmailOAuth2: { oauthTokenData: { access_token: 'x', refresh_token: 'y' } },
	slackApi: { accessToken: 'xoxb-test' },
});

function configured(): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(loadTemplate('gocardless-mandates.json'))) as WorkflowJson;
	const settings = copy.nodes.find((node) => node.name === 'Direct Debit settings')?.parameters as {
		assignments: { assignments: Array<{ name: string; value: string }> };
	};
	for (const assignment of settings.assignments.assignments)
		if (assignment.name === 'directDebitLabelId') assignment.value = labelId;
	return copy;
}

function patient(paymentReminders: boolean, email: string | null = 'dd.member@example.com'): PatientRecord {
	const found = unusedSeededPatient(sandbox, (p) => p.labels.length === 0 && !!p.lastName);
	found.communicationPreferences.paymentReminders = paymentReminders;
	found.email = email;
	found.customAttributes = [];
	return found;
}

/** Labels the patient through Semble's API and returns what the Semble Trigger emits for them. */
async function changed(who: PatientRecord, label = labelId): Promise<INodeExecutionData> {
	await sembleClient(sandbox.url, sandbox.apiToken).request(
		'mutation ($p: ID!, $l: ID!) { addPatientLabel(patientId: $p, labelReferenceId: $l) { error } }',
		{ p: who.id, l: label },
	);
	const items = await patientTriggerItems(sandbox, 'createdOrUpdated', { backfillHours: 1, fields: 'full' });
	return items.find((item) => item.json.id === who.id) as INodeExecutionData;
}

const patientChanged = async (item: INodeExecutionData) =>
	await runWorkflow(
		{ ...template, pinData: { 'Patient changed in Semble': [item] } },
		{ credentials: credentials(), startNode: 'Patient changed in Semble' },
	);

/** What the Webhook node (v2.1, Raw Body on) outputs for a delivery. */
function delivery(raw: string, signature: string | null) {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'gocardless-webhook-service/1.1',
	};
	if (signature !== null) headers['webhook-signature'] = signature;
	return {
		json: { headers, params: {}, query: {}, body: JSON.parse(raw) as IDataObject },
		binary: { data: { data: Buffer.from(raw).toString('base64'), mimeType: 'application/json' } },
	};
}
const sign = (raw: string) => createHmac('sha256', SECRET).update(raw).digest('hex');
const mandateEvent = (id: string, action: string, mandate: string) => ({
	id,
	created_at: '2026-03-05T09:00:00.000Z',
	resource_type: 'mandates',
	action,
	links: { mandate },
	details: { origin: 'bank', cause: `mandate_${action}`, description: 'Test event' },
	metadata: {},
});
const signed = (...events: Array<ReturnType<typeof mandateEvent>>) => {
	const raw = JSON.stringify({ events }, null, 2);
	return delivery(raw, sign(raw));
};

async function deliver(item: ReturnType<typeof delivery>) {
	return await runWorkflow(
		{ ...template, pinData: { 'GoCardless webhook': [item] } },
		{ credentials: credentials(), startNode: 'GoCardless webhook', staticData },
	);
}

const ran = (result: Awaited<ReturnType<typeof deliver>>, node: string) => node in result.run.data.resultData.runData;
const sembleWrites = () =>
	sandbox.control
		.requestLog()
		.filter((entry) => entry.kind === 'mutation')
		.flatMap((entry) => entry.rootFields);
const attributes = (who: PatientRecord) => who.customAttributes.map(({ title, response }) => ({ title, response }));

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 151, scale: { patients: 40, bookings: 5 }, rateLimitPerMinute: 0 });
	labelId = [...sandbox.store.labels.values()][0].id;
	template = configured();
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	gcCalls = [];
	emails = [];
	staticData = {};
	sandbox.control.clearLog();
	nock.cleanAll();
	const record = (method: string) =>
		function (this: nock.ReplyFnContext, uri: string, body: unknown) {
			gcCalls.push({ method, path: uri, body, headers: this.req.headers });
		};
	nock(GC)
		.persist()
		.post('/billing_requests')
		.reply(201, function (uri, body) {
			record('POST').call(this, uri, body);
			return { billing_requests: { id: 'BRQ000TEST', status: 'pending' } };
		})
		.post('/billing_request_flows')
		.reply(201, function (uri, body) {
			record('POST').call(this, uri, body);
			return {
				billing_request_flows: {
					id: 'BRF000TEST',
					authorisation_url: 'https://pay.gocardless.com/billing/static/flow?id=BRF000TEST',
				},
			};
		})
		.get(/^\/mandates\/MD\w+$/)
		.reply(function (uri) {
			record('GET').call(this, uri, undefined);
			const mandate = mandates.get(uri.split('/').pop() as string);
			return mandate ? [200, { mandates: mandate }] : [404, { error: { code: 404, message: 'Resource not found' } }];
		});
	nock('https://www.googleapis.com')
		.persist()
		.post('/gmail/v1/users/me/messages/send')
		.reply(200, (_uri, body) => {
			emails.push(decodeGmailRaw(String((body as { raw: string }).raw)));
			return { id: 'm1', threadId: 't1', labelIds: ['SENT'] };
		});
	slack = interceptSlack('xoxb-test');
});

describe('Direct Debit label → set-up link', () => {
	test('a labelled patient with consent: one billing request and flow with the Semble ID only, one email, recorded once', async () => {
		const who = patient(true, 'dd.member@example.com');
		const result = await patientChanged(await changed(who));
		expect(result.error).toBeUndefined();
		expect(gcCalls.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
			{
				method: 'POST',
				path: '/billing_requests',
				body: {
					billing_requests: {
						mandate_request: { scheme: 'bacs', metadata: { semble_patient_id: who.id } },
						metadata: { semble_patient_id: who.id },
					},
				},
			},
			{
				method: 'POST',
				path: '/billing_request_flows',
				body: { billing_request_flows: { redirect_uri: REDIRECT, links: { billing_request: 'BRQ000TEST' } } },
			},
		]);
		expect(gcCalls[0].headers).toMatchObject({
			authorization: 'Bearer gc-access-token',
			'gocardless-version': '2015-07-06',
			'idempotency-key': `semble-mandate-${who.id}`,
		});
		expect(gcCalls[1].headers).toMatchObject({ 'idempotency-key': `semble-mandate-flow-${BILLING_REQUEST}` });
		const sent = JSON.stringify(gcCalls.map((call) => call.body));
		for (const personal of [
			who.firstName,
			who.lastName,
			who.email,
			who.dob,
			who.address?.postcode,
			...who.phones.map((p) => p.phoneNumber),
		])
			if (personal) expect(sent).not.toContain(personal);

		expect(attributes(who)).toEqual([{ title: 'GoCardless billing request', response: 'BRQ000TEST' }]);
		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatch(/^To: dd\.member@example\.com/m);
		expect(emails[0]).toContain('https://pay.gocardless.com/billing/static/flow?id=BRF000TEST');

		// The patient changes again (the attribute itself is such a change): no second link.
		const again = await patientChanged(await changed(who));
		expect(again.error).toBeUndefined();
		expect(gcCalls).toHaveLength(2);
		expect(emails).toHaveLength(1);
		expect(attributes(who)).toHaveLength(1);
	});

	test.each([
		['without payment-reminders consent', () => patient(false)],
		['without an email address', () => patient(true, null)],
		[
			'already with a mandate',
			() => {
				const who = patient(true);
				who.customAttributes = [
					{ id: `ca-${who.id}`, title: 'GoCardless mandate', text: '', response: 'MD000HAS', required: false },
				];
				return who;
			},
		],
	])('%s: no link, nothing sent to GoCardless', async (_name, make) => {
		const who = make();
		expect((await patientChanged(await changed(who))).error).toBeUndefined();
		expect(gcCalls).toEqual([]);
		expect(emails).toEqual([]);
	});

	test('another label: nothing', async () => {
		const other = [...sandbox.store.labels.values()][1].id;
		expect((await patientChanged(await changed(patient(true), other))).error).toBeUndefined();
		expect(gcCalls).toEqual([]);
		expect(emails).toEqual([]);
	});
});

describe('GoCardless webhook → the patient’s mandate', () => {
	test('an active mandate is recorded as "GoCardless mandate" once, however often the event comes', async () => {
		const who = patient(true);
		who.customAttributes = [
			{ id: `ca-brq-${who.id}`, title: 'GoCardless billing request', text: '', response: 'BRQ1', required: false },
		];
		mandates.set('MD000NEW', { id: 'MD000NEW', status: 'active', metadata: { semble_patient_id: who.id } });
		const item = signed(mandateEvent('EV100', 'active', 'MD000NEW'));
		const result = await deliver(item);
		expect(result.error).toBeUndefined();
		expect(ran(result, 'Accept (204)')).toBe(true);
		expect(gcCalls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /mandates/MD000NEW']);
		expect(gcCalls[0].headers).toMatchObject({
			authorization: 'Bearer gc-access-token',
			'gocardless-version': '2015-07-06',
		});
		expect(attributes(who)).toEqual([
			{ title: 'GoCardless billing request', response: 'BRQ1' },
			{ title: 'GoCardless mandate', response: 'MD000NEW' },
		]);
		expect(sembleWrites()).toEqual(['addPatientAttribute']);

		// GoCardless sends the same event again: accepted, nothing changed or even fetched.
		sandbox.control.clearLog();
		gcCalls = [];
		const again = await deliver(item);
		expect(again.error).toBeUndefined();
		expect(ran(again, 'Accept (204)')).toBe(true);
		expect(gcCalls).toEqual([]);
		expect(sembleWrites()).toEqual([]);
		expect(attributes(who)).toHaveLength(2);

		// Even with the memory of handled events lost, the attribute is not added twice.
		staticData = {};
		expect((await deliver(item)).error).toBeUndefined();
		expect(sembleWrites()).toEqual([]);
		expect(attributes(who)).toHaveLength(2);
		expect(slack).toEqual([]);
	});

	test('the mandate is what the memberships template collects with', async () => {
		const who = patient(true);
		mandates.set('MD000MEMB', { id: 'MD000MEMB', status: 'active', metadata: { semble_patient_id: who.id } });
		await deliver(signed(mandateEvent('EV110', 'active', 'MD000MEMB')));
		const memberships = loadTemplate('gocardless-memberships.json');
		const reads = memberships.nodes.find((node) => node.name === 'Has a GoCardless mandate')?.parameters as {
			conditions: { conditions: Array<{ leftValue: string; rightValue: string }> };
		};
		const [condition] = reads.conditions.conditions;
		const expression = condition.leftValue.replace(/^=\{\{|\}\}$/g, '');
		const mandate = runInNewContext(expression, { $json: { customAttributes: who.customAttributes } }) as string;
		expect(mandate).toBe('MD000MEMB');
		expect(mandate).toMatch(new RegExp(condition.rightValue));
	});

	test('a new mandate replaces an older one on the patient', async () => {
		const who = patient(true);
		who.customAttributes = [
			{ id: `ca-old-${who.id}`, title: 'GoCardless mandate', text: '', response: 'MD000OLD', required: false },
		];
		mandates.set('MD000NEXT', { id: 'MD000NEXT', status: 'active', metadata: { semble_patient_id: who.id } });
		expect((await deliver(signed(mandateEvent('EV120', 'active', 'MD000NEXT')))).error).toBeUndefined();
		expect(sembleWrites()).toEqual(['updatePatientAttribute']);
		expect(attributes(who)).toEqual([{ title: 'GoCardless mandate', response: 'MD000NEXT' }]);
	});

	test.each(['cancelled', 'failed', 'expired'])(
		'mandate %s: removed from the patient and staff told with GoCardless ids only, once',
		async (action) => {
			const who = patient(true);
			const id = `MD000${action.toUpperCase()}`;
			who.customAttributes = [
				{ id: `ca-${action}-${who.id}`, title: 'GoCardless mandate', text: '', response: id, required: false },
			];
			mandates.set(id, { id, status: action, metadata: { semble_patient_id: who.id } });
			const item = signed(mandateEvent(`EV2${action}`, action, id));
			expect((await deliver(item)).error).toBeUndefined();
			expect(attributes(who)).toEqual([]);
			expect(sembleWrites()).toEqual(['removePatientAttribute']);
			expect(slack.map((message) => message.text)).toEqual([
				`GoCardless: Direct Debit mandate ${id} ${action} (mandate_${action}). It is no longer on the Semble patient record. Please look it up in GoCardless and contact the patient.`,
			]);
			expect(slack[0]).toMatchObject({ channel: '#clinic-payments' });
			for (const personal of [who.firstName, who.lastName, who.id])
				expect(String(slack[0].text)).not.toContain(String(personal));

			sandbox.control.clearLog();
			expect((await deliver(item)).error).toBeUndefined();
			expect(sembleWrites()).toEqual([]);
			expect(slack).toHaveLength(1);
		},
	);

	test('an ended mandate that was never recorded, or not from Semble: staff told, nothing written', async () => {
		const who = patient(true);
		mandates.set('MD000NEVER', { id: 'MD000NEVER', status: 'failed', metadata: { semble_patient_id: who.id } });
		mandates.set('MD000OTHER', { id: 'MD000OTHER', status: 'cancelled', metadata: {} });
		const result = await deliver(
			signed(mandateEvent('EV300', 'failed', 'MD000NEVER'), mandateEvent('EV301', 'cancelled', 'MD000OTHER')),
		);
		expect(result.error).toBeUndefined();
		expect(sembleWrites()).toEqual([]);
		expect(slack).toHaveLength(2);
	});

	test.each([
		['a modified body', (raw: string) => delivery(raw.replace('EV400', 'EV401'), sign(raw))],
		[
			'a signature made with another secret',
			(raw: string) => delivery(raw, createHmac('sha256', 'guess').update(raw).digest('hex')),
		],
		['no signature', (raw: string) => delivery(raw, null)],
		[
			'the right signature with one character changed',
			(raw: string) => delivery(raw, `${sign(raw).slice(0, -1)}${sign(raw).endsWith('0') ? '1' : '0'}`),
		],
		[
			'another body under the signature of the first',
			(raw: string) => {
				const other = JSON.stringify({ events: [mandateEvent('EV999', 'cancelled', 'MD000VICTIM')] });
				return delivery(other, sign(raw));
			},
		],
	])('%s: 498 and nothing else', async (_name, make) => {
		const victim = patient(true);
		victim.customAttributes = [
			{ id: `ca-v-${victim.id}`, title: 'GoCardless mandate', text: '', response: 'MD000VICTIM', required: false },
		];
		mandates.set('MD000VICTIM', { id: 'MD000VICTIM', status: 'cancelled', metadata: { semble_patient_id: victim.id } });
		const raw = JSON.stringify({ events: [mandateEvent('EV400', 'cancelled', 'MD000VICTIM')] });
		const result = await deliver(make(raw));
		expect(result.error).toBeUndefined();
		expect(ran(result, 'Reject (498 Invalid token)')).toBe(true);
		expect(ran(result, 'Accept (204)')).toBe(false);
		expect(gcCalls).toEqual([]);
		expect(sandbox.control.requestLog()).toEqual([]);
		expect(attributes(victim)).toHaveLength(1);
		expect(slack).toEqual([]);
		expect(staticData).toEqual({});
	});

	test('the signature check is the memberships template’s, node for node', () => {
		const memberships = loadTemplate('gocardless-memberships.json');
		const mandatesTemplate = loadTemplate('gocardless-mandates.json'); // as imported: runs add defaults to `template`
		for (const name of [
			'Sign the body',
			'Compare in constant time',
			'Signature matches?',
			'Accept (204)',
			'Reject (498 Invalid token)',
		]) {
			const mine = mandatesTemplate.nodes.find((node) => node.name === name);
			const theirs = memberships.nodes.find((node) => node.name === name);
			expect([mine?.type, mine?.typeVersion, mine?.parameters]).toEqual([
				theirs?.type,
				theirs?.typeVersion,
				theirs?.parameters,
			]);
		}
		const webhook = mandatesTemplate.nodes.find((node) => node.name === 'GoCardless webhook');
		expect(webhook?.parameters).toMatchObject({
			httpMethod: 'POST',
			responseMode: 'responseNode',
			options: { rawBody: true },
		});
	});
});
