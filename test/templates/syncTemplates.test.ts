/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import nock from 'nock';
import type { IDataObject, INode } from 'n8n-workflow';
import { readdirSync } from 'node:fs';
import path from 'node:path';

import type { RunningSandbox } from '../../sandbox';
import { MemoryDataTables } from '../harness/dataTables';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	SYNC_LOG_COLUMNS,
	triggerItems,
} from './templateTestKit';

/**
 * What every sync template ("Sync Semble …") has besides its own flow: a *When replayed* entry
 * that Replay failed Semble items calls with the records a failed run was syncing, and a *Log the
 * change* node (off as imported) that hands each write to the sync log workflow. Run through
 * n8n's engine against the sandbox, with every third-party service answering 200.
 */

const FILES = readdirSync(path.resolve(__dirname, '../../workflows')).filter((file) => file.endsWith('.json'));
const SYNC = FILES.map((file) => ({ file, json: loadTemplate(file) })).filter(({ json }) =>
	/^Sync Semble /.test(json.name ?? ''),
);
const REPLAYABLE_EVENTS = ['created', 'updated', 'createdOrUpdated'];
const syncLog = loadTemplate('semble-sync-log.json');
/** What the sync log reads from each item (its docs page and its *Names only* check): its table's columns. */
const LOG_FIELDS = Object.keys(SYNC_LOG_COLUMNS);

const nodeNamed = (json: WorkflowJson, name: string) => json.nodes.find((node) => node.name === name) as INode;
const targetsOf = (json: WorkflowJson, name: string, output = 0) =>
	(json.connections[name]?.main?.[output] ?? []).map((connection) => connection.node).sort();
/** The Semble Triggers a replay stands in for: those watching records created or changed. */
const recordTriggers = (json: WorkflowJson) =>
	json.nodes.filter(
		(node) =>
			node.type === 'n8n-nodes-semble.sembleTrigger' &&
			REPLAYABLE_EVENTS.includes(String(node.parameters.event ?? 'createdOrUpdated')),
	);
/** Follows the replay entry (through *A patient?* when there is one) to its Semble read of this resource. */
function replayReadOf(json: WorkflowJson, resource: string): INode | undefined {
	const reads = json.nodes.filter(
		(node) =>
			node.type === 'n8n-nodes-semble.semble' && node.name.startsWith('Read the ') && node.name.endsWith(' again'),
	);
	return reads.find((node) => node.parameters.resource === resource);
}

/** What each service answers to a read that finds nothing. */
const EMPTY_LISTS: Array<[RegExp, object]> = [
	[/\/crm\/v3\/objects\/\w+\/search/, { total: 0, results: [] }],
	[/\/contacts\/v1\/search\/query|\/deals\/v1\/deal\/paged/, { contacts: [], deals: [], 'has-more': false }],
	[/\/events/, { value: [] }],
	[/\/lists\/[^/]+\/members/, { members: [], total_items: 0 }],
	[/\/active\.json/, { Results: [], PageNumber: 1, NumberOfPages: 1, TotalNumberOfRecords: 0 }],
];

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 47, scale: { patients: 12, bookings: 12 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	nock.cleanAll();
	// Every third-party service answers 200: an empty search or list where the template reads, an
	// empty body elsewhere. The sandbox (127.0.0.1) stays real.
	const others = nock(/^https?:\/\/(?!127\.0\.0\.1)/).persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		others.intercept(/.*/, method).reply((uri) => [200, EMPTY_LISTS.find(([pattern]) => pattern.test(uri))?.[1] ?? {}]);
	}
});

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	// Stand-ins: every other service is intercepted.
	...Object.fromEntries(
		['googleCalendarOAuth2Api', 'microsoftOutlookOAuth2Api', 'salesforceOAuth2Api', 'mailchimpOAuth2Api'].map(
			(type) => [
				type,
				{
					clientId: 'id',
					clientSecret: 'secret',
					oauthTokenData: { access_token: 'x', instance_url: 'https://example.my.salesforce.com' },
				},
			],
		),
	),
	hubspotAppToken: { appToken: 'x' },
	mailchimpApi: { apiKey: 'x-us1' },
	slackApi: { accessToken: 'x' },
	httpBasicAuth: { user: 'u', password: 'p' },
});

/** The records a trigger emits (its real poll of the sandbox, 3 at most). */
async function emittedBy(trigger: INode): Promise<IDataObject[]> {
	const items = await triggerItems(sandbox, trigger.parameters as IDataObject, { backfillHours: 24 * 365 * 5 });
	return items.slice(0, 3).map((item) => item.json);
}

/**
 * Replays these records through the template with *Log the change* turned on (pointed at the
 * sync log template, as a practice would pick it); answers the sync log rows written.
 */
async function replayWithLogOn(json: WorkflowJson, recordType: string, recordIds: unknown[]) {
	const dataTables = new MemoryDataTables();
	dataTables.create('semble_sync_log', SYNC_LOG_COLUMNS);
	const logOn = (node: INode): INode =>
		node.name === 'Log the change'
			? {
					...node,
					disabled: false,
					parameters: { ...node.parameters, workflowId: { __rl: true, mode: 'id', value: 'sync-log' } },
				}
			: node;
	const result = await runWorkflow(
		{ ...json, nodes: json.nodes.map(logOn), pinData: { 'When replayed': [{ json: { recordType, recordIds } }] } },
		{ credentials: credentials(), startNode: 'When replayed', dataTables, workflows: { 'sync-log': syncLog } },
	);
	expect(result.error).toBeUndefined();
	return dataTables.rows('semble_sync_log');
}

test('the sync templates are found by name, and each has a replay entry and a sync log node', () => {
	expect(SYNC.map(({ file }) => file).sort()).toEqual([
		'campaign-monitor-lifecycle.json',
		'google-calendar-sync.json',
		'hubspot-deals.json',
		'hubspot-two-way-sync.json',
		'mailchimp-lifecycle.json',
		'outlook-calendar-sync.json',
		'salesforce-sync.json',
	]);
});

describe.each(SYNC)('$file', ({ file }) => {
	// A fresh copy for each test: n8n's engine fills in parameter defaults on the nodes it runs.
	let json: WorkflowJson;
	beforeEach(() => {
		json = loadTemplate(file);
	});

	test('When replayed takes a record type and ids, and reads each record of every watched type again into the path its trigger feeds', () => {
		const entry = nodeNamed(json, 'When replayed');
		expect(entry.type).toBe('n8n-nodes-base.executeWorkflowTrigger');
		expect(entry.parameters.workflowInputs).toEqual({
			values: [{ name: 'recordType' }, { name: 'recordIds', type: 'array' }],
		});
		for (const trigger of recordTriggers(json)) {
			const read = replayReadOf(json, String(trigger.parameters.resource));
			expect({ trigger: trigger.name, read: read?.parameters.operation }).toEqual({
				trigger: trigger.name,
				read: 'get',
			});
			expect(targetsOf(json, (read as INode).name)).toEqual(targetsOf(json, trigger.name));
		}
	});

	test('a replayed record reaches its path exactly as the Semble Trigger emits it', async () => {
		for (const trigger of recordTriggers(json)) {
			const resource = String(trigger.parameters.resource);
			const emitted = await emittedBy(trigger);
			expect(emitted.length).toBeGreaterThan(0);
			// The path's first node is replaced by a probe that only records what reaches it.
			const [target] = targetsOf(json, trigger.name);
			const probed: WorkflowJson = {
				...json,
				nodes: json.nodes.map((node) =>
					node.name === target
						? { ...node, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {}, credentials: undefined }
						: node,
				),
				connections: { ...json.connections, [target]: { main: [] } },
				pinData: {
					'When replayed': [{ json: { recordType: resource, recordIds: emitted.map((record) => record.id) } }],
				},
			};
			const result = await runWorkflow(probed, { credentials: credentials(), startNode: 'When replayed' });
			expect(result.error).toBeUndefined();
			const withoutEvent = (record: IDataObject) => {
				const copy = { ...record };
				delete copy.triggerEvent;
				return copy;
			};
			expect(result.output(target).map((item) => item.json)).toEqual(emitted.map(withoutEvent));
		}
	});

	test('Log the change is off as imported; What changed hands it the sync log fields, with its own case for every write feeding it', () => {
		expect(nodeNamed(json, 'Log the change')).toMatchObject({ type: 'n8n-nodes-base.executeWorkflow', disabled: true });
		expect(targetsOf(json, 'What changed')).toEqual(['Log the change']);
		const assignments = (
			nodeNamed(json, 'What changed').parameters.assignments as { assignments: Array<{ name: string; value: string }> }
		).assignments;
		expect(assignments.map((assignment) => assignment.name)).toEqual(LOG_FIELDS);
		const feeding = Object.keys(json.connections).filter((name) => targetsOf(json, name).includes('What changed'));
		expect(feeding.length).toBeGreaterThan(0);
		// Each write sends its own fields, chosen by the node that handed the item over (the last write is the default).
		const fields = assignments.find((assignment) => assignment.name === 'fields')?.value as string;
		const named = feeding.filter((name) => fields.includes(`$prevNode.name === '${name}'`));
		expect(named.length).toBe(feeding.length - 1);
	});

	test('turned on, each write is logged: the record replayed, field names only, the direction', async () => {
		for (const trigger of recordTriggers(json)) {
			const resource = String(trigger.parameters.resource);
			const ids = (await emittedBy(trigger)).map((record) => record.id);
			const rows = await replayWithLogOn(json, resource, ids);
			// A booking's sync may write its patient too (Salesforce): that row names the patient.
			const own = rows.filter((row) => row.recordType === resource);
			expect(own.length).toBeGreaterThan(0);
			for (const row of own) expect(ids).toContain(row.recordId);
			for (const row of rows) {
				expect(row.workflow).toBe(json.name);
				expect(row.fields).toMatch(/^[A-Za-z][A-Za-z0-9_.]*(, [A-Za-z][A-Za-z0-9_.]*)*$/);
				expect(row.direction).toMatch(/^(Semble > [A-Z][A-Za-z ]+|HubSpot > Semble)$/);
			}
		}
	});
});

describe.each(['google-calendar-sync.json', 'salesforce-sync.json'])('%s, a cancelled booking', (file) => {
	test('turned on, the delete is logged as the booking deleted, nothing else', async () => {
		const json = loadTemplate(file);
		const [model] = [...sandbox.store.bookings.values()].filter((booking) => booking.patientId);
		const cancelled = { ...model, id: '64d0000000000000000000c1', deleted: true, updatedAt: new Date().toISOString() };
		sandbox.store.bookings.set(cancelled.id, cancelled);
		expect(await replayWithLogOn(json, 'booking', [cancelled.id])).toEqual([
			expect.objectContaining({ recordType: 'booking', recordId: cancelled.id, fields: 'deleted' }),
		]);
	});
});
