/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { PatientRecord, RunningSandbox, SandboxOptions } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { pollOnce } from '../harness/triggers';
import type { WorkflowJson } from '../harness/runWorkflow';
import { sembleClient } from '../harness/sembleClient';

/**
 * What the template tests share: the template file, a Semble sandbox with the network closed
 * to everything else (so every third-party call must be intercepted), and the sandbox's
 * patients as the Semble Trigger really emits them.
 */

/** A file in workflows/, exactly as a clinic imports it. */
export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.resolve(__dirname, '../../workflows', file), 'utf8')) as WorkflowJson;
}

/** The Semble credential for the sandbox; its rate limit is high so the client never waits. */
export const sembleCredential = (sandbox: RunningSandbox) => ({
	apiToken: sandbox.apiToken,
	endpoint: sandbox.url,
	requestsPerMinute: 6000,
});

/** For beforeAll: only the sandbox (on 127.0.0.1) is reachable; any other request must meet a nock interceptor. */
export async function startIsolatedSandbox(options: SandboxOptions): Promise<RunningSandbox> {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	return await startSandbox(options);
}

/** For afterAll: stops the sandbox and gives the network back as it was. */
export async function closeIsolatedSandbox(sandbox: RunningSandbox): Promise<void> {
	await sandbox.close();
	nock.cleanAll();
	nock.enableNetConnect();
	nock.restore();
}

/** Creates a patient through the sandbox's GraphQL API, as Semble would, and returns its id. */
export async function createPatient(sandbox: RunningSandbox, data: Record<string, unknown>): Promise<string> {
	const { createPatient } = await sembleClient(sandbox.url, sandbox.apiToken).request<{
		createPatient: { data: { id: string } | null; error: string | null };
	}>('mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id } error } }', { d: data });
	if (!createPatient.data) throw new Error(String(createPatient.error));
	return createPatient.data.id;
}

const taken = new WeakMap<RunningSandbox, Set<string>>();

/** A seeded, unarchived patient no earlier call returned: a test may change it without meeting another test. */
export function unusedSeededPatient(
	sandbox: RunningSandbox,
	matches: (patient: PatientRecord) => boolean = () => true,
): PatientRecord {
	const used = taken.get(sandbox) ?? new Set<string>();
	taken.set(sandbox, used);
	const patient = [...sandbox.store.patients.values()].find(
		(p) => !p.archived && !used.has(p.id) && matches(p),
	) as PatientRecord;
	used.add(patient.id);
	return patient;
}

/**
 * The Semble Trigger's real output for these parameters (resource, event), read from the sandbox
 * by a first poll that backfills `options.backfillHours`: what a test pins as the trigger's items.
 */
export async function triggerItems(
	sandbox: RunningSandbox,
	parameters: IDataObject,
	options: IDataObject & { backfillHours: number },
): Promise<INodeExecutionData[]> {
	const emitted = await pollOnce({
		parameters: { ...parameters, options: { firstRun: 'backfill', safetyLagMinutes: 0, ...options } },
		credentials: { sembleApi: sembleCredential(sandbox) },
		staticData: {},
	});
	return emitted ?? [];
}

/** The Semble Trigger's real output for patient changes (see triggerItems). */
export async function patientTriggerItems(
	sandbox: RunningSandbox,
	event: 'created' | 'createdOrUpdated',
	options: IDataObject & { backfillHours: number },
): Promise<INodeExecutionData[]> {
	return await triggerItems(sandbox, { resource: 'patient', event }, options);
}

/** Intercepts Slack's chat.postMessage (with this bot token) for the current test; returns the messages posted. */
export function interceptSlack(token: string): Array<Record<string, unknown>> {
	const messages: Array<Record<string, unknown>> = [];
	nock('https://slack.com')
		.persist()
		.post('/api/chat.postMessage')
		.matchHeader('authorization', `Bearer ${token}`)
		.reply(200, (_uri, body) => {
			messages.push(body as Record<string, unknown>);
			return { ok: true, channel: 'C1', ts: `1700000000.${messages.length}`, message: { text: 'x' } };
		});
	return messages;
}

/** The message the Gmail node sent (its base64url `raw` field) as a reader sees it: quoted-printable decoded. */
export function decodeGmailRaw(raw: string): string {
	const mime = Buffer.from(raw, 'base64url').toString('utf8');
	const bytes = mime
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Every string in a patient's Semble record (ids, names, contact details, labels, notes…), with its path. */
export function stringFields(value: unknown, path = 'patient'): Array<[string, string]> {
	if (typeof value === 'string') return value ? [[path, value]] : [];
	if (Array.isArray(value)) return value.flatMap((entry, index) => stringFields(entry, `${path}[${index}]`));
	if (value && typeof value === 'object')
		return Object.entries(value).flatMap(([key, entry]) => stringFields(entry, `${path}.${key}`));
	return [];
}

/** Every value a request carried: query values and body leaves. */
function leaves(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap(leaves);
	if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
	return [value];
}

/**
 * For analytics templates: no value the service received is a field of the patient's record,
 * and no field of 4+ characters appears anywhere in the request (shorter ones, like sex "F",
 * could occur by chance in a hash).
 */
export function expectNoPatientField(who: PatientRecord, call: { query: unknown; body: unknown; raw: string }): void {
	const sent = leaves([call.query, call.body]);
	for (const [path, value] of stringFields(who)) {
		expect({ path, sentAsIs: sent.includes(value) }).toEqual({ path, sentAsIs: false });
		if (value.length >= 4) expect({ path, inside: call.raw.includes(value) }).toEqual({ path, inside: false });
	}
}

/**
 * The Data table semble_dead_letters as its docs page tells a practice to create it: what the
 * error workflow records, and the note the replay workflow adds.
 */
export const DEAD_LETTER_COLUMNS = {
	...Object.fromEntries(
		['itemKey', 'incidentKey', 'workflowId', 'workflowName', 'node', 'executionId', 'executionUrl']
			.concat(['errorClass', 'message', 'recordType', 'recordId', 'status', 'replayNote'])
			.map((name) => [name, 'string' as const]),
	),
	itemIndex: 'number' as const,
	tries: 'number' as const,
};

/** The Data table semble_sync_log as its docs page tells a practice to create it. */
export const SYNC_LOG_COLUMNS = Object.fromEntries(
	['workflow', 'recordType', 'recordId', 'fields', 'direction'].map((name) => [name, 'string' as const]),
);
