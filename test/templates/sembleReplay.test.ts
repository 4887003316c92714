import nock from 'nock';
import type { DataTableRow, IDataObject, INode } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox } from '../../sandbox';
import { MemoryDataTables } from '../harness/dataTables';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	DEAD_LETTER_COLUMNS,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/semble-replay.json run through n8n's engine against rows the error workflow wrote
 * to semble_dead_letters (in memory). n8n's API (the failed execution) is intercepted; the
 * failed workflow is the real Google Calendar sync template, called through its *When replayed*
 * entry, reading the sandbox; Google is intercepted and every request to it recorded.
 */

const replay = loadTemplate('semble-replay.json');
const calendarSync = loadTemplate('google-calendar-sync.json');
const SYNC_ID = 'wf-google-calendar';
const API = 'http://localhost:5678/api/v1';
const EVENTS = '/calendar/v3/calendars/replace-with-your-calendar-id%40group.calendar.google.com/events';
const TABLE = 'semble_dead_letters';

let sandbox: RunningSandbox;
let model: BookingRecord;
let dataTables: MemoryDataTables;
let google: string[];
/** The bodies Google was sent, by request. */
let sent: Record<string, unknown>;
let googleAnswers: Record<string, [number, object]>;
/** Executions n8n's API holds, by id. */
let executions: Record<string, object>;
let apiCalls: string[];

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 31, scale: { patients: 10, bookings: 6 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	dataTables = new MemoryDataTables();
	dataTables.create(TABLE, DEAD_LETTER_COLUMNS);
	google = [];
	sent = {};
	googleAnswers = {};
	executions = {};
	apiCalls = [];
	nock.cleanAll();
	const scope = nock('https://www.googleapis.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply((uri, body) => {
			const call = `${method.toUpperCase()} ${uri}`;
			google.push(call);
			sent[call] = body;
			return googleAnswers[call] ?? [200, {}];
		});
	}
	nock(API)
		.persist()
		.get(/\/executions\/.*/)
		.reply(function (uri) {
			apiCalls.push(`${uri} key=${String(this.req.headers['x-n8n-api-key'])}`);
			const id = /executions\/([^?]+)/.exec(uri)?.[1] ?? '';
			return executions[id] ? [200, executions[id]] : [404, { message: 'Not Found' }];
		});
});

function booking(id: string, overrides: Partial<BookingRecord> = {}): BookingRecord {
	const record: BookingRecord = {
		...model,
		id,
		start: '2026-07-01T08:00:00.000Z',
		end: '2026-07-01T08:30:00.000Z',
		deleted: false,
		cancellationReason: null,
		updatedAt: new Date().toISOString(),
		...overrides,
	};
	sandbox.store.bookings.set(id, record);
	return record;
}

/** A failed execution as n8n's API gives it (includeData): the workflow and what its trigger emitted. */
function failedRun(executionId: string, workflow: WorkflowJson, trigger: string, emitted: IDataObject[]): void {
	executions[executionId] = {
		id: executionId,
		finished: false,
		mode: 'trigger',
		status: 'error',
		workflowId: SYNC_ID,
		workflowData: { id: SYNC_ID, name: workflow.name, nodes: workflow.nodes, connections: workflow.connections },
		data: {
			resultData: {
				runData: {
					[trigger]: [{ startTime: 1, executionTime: 1, data: { main: [emitted.map((json) => ({ json }))] } }],
				},
				lastNodeExecuted: 'Update event',
			},
		},
	};
}

/** What the error workflow records for a failed execution (no values, status new). */
function deadLetter(executionId: string, overrides: DataTableRow = {}): void {
	dataTables.insert(TABLE, {
		itemKey: `${SYNC_ID}:${executionId}:Create event:0`,
		incidentKey: `${SYNC_ID}:Create event:NodeApiError`,
		workflowId: SYNC_ID,
		workflowName: calendarSync.name as string,
		node: 'Create event',
		executionId,
		executionUrl: `http://localhost:5678/workflow/${SYNC_ID}/executions/${executionId}`,
		itemIndex: 0,
		errorClass: 'NodeApiError',
		message: 'The service is receiving too many requests from you',
		recordType: '',
		recordId: '',
		status: 'new',
		tries: 0,
		...overrides,
	});
}

/** A stand-in failed workflow: the sync templates' *When replayed* entry, then this one node. */
function replayedInto(name: string, node: Omit<INode, 'id' | 'position'>): WorkflowJson {
	const entry = calendarSync.nodes.find((candidate) => candidate.name === 'When replayed') as INode;
	return {
		name,
		nodes: [
			{ ...entry, position: [0, 0] },
			{ ...node, id: node.name, position: [200, 0] },
		],
		connections: { [entry.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

const runReplay = async (others: Record<string, WorkflowJson> = {}) =>
	await runWorkflow(replay, {
		credentials: {
			n8nApi: { apiKey: 'n8n-api-key', baseUrl: API },
			sembleApi: sembleCredential(sandbox),
			googleCalendarOAuth2Api: { clientId: 'id', clientSecret: 'secret', oauthTokenData: { access_token: 'x' } },
		},
		startNode: 'Replay now',
		dataTables,
		workflows: { [SYNC_ID]: calendarSync, ...others },
	});

const rows = () =>
	dataTables.rows(TABLE).map(({ itemKey, status, tries, replayNote }) => ({ itemKey, status, tries, replayNote }));
const eventPath = (bookingId: string) => `${EVENTS}/semble${bookingId}`;

test('a failed calendar sync is replayed: each booking its trigger emitted is read again from Semble and synced as it is now; the row becomes replayed', async () => {
	// The poll emitted two bookings, then Google refused. One of them has moved since.
	booking('64c0000000000000000000a1');
	booking('64c0000000000000000000a2', { start: '2026-07-02T13:00:00.000Z', end: '2026-07-02T13:30:00.000Z' });
	failedRun('501', calendarSync, 'Booking changed in Semble', [
		{ id: '64c0000000000000000000a1', start: '2026-06-30T08:00:00.000Z', triggerEvent: 'createdOrUpdated' },
		{ id: '64c0000000000000000000a2', start: '2026-07-01T08:00:00.000Z', triggerEvent: 'createdOrUpdated' },
	]);
	deadLetter('501');

	const result = await runReplay();
	expect(result.error).toBeUndefined();
	expect(apiCalls).toEqual([`/api/v1/executions/501?includeData=true key=n8n-api-key`]);
	// Update event first (the events exist): the times are Semble's now, not the failed run's.
	expect(google).toEqual([
		`PATCH ${eventPath('64c0000000000000000000a1')}`,
		`PATCH ${eventPath('64c0000000000000000000a2')}`,
	]);
	expect(rows()).toEqual([
		{
			itemKey: `${SYNC_ID}:501:Create event:0`,
			status: 'replayed',
			tries: 1,
			replayNote: 'Replayed 2 booking records',
		},
	]);
});

test('replaying twice writes once: a replayed row is not picked again, and a second run sends nothing', async () => {
	booking('64c0000000000000000000b1');
	failedRun('502', calendarSync, 'Booking changed in Semble', [{ id: '64c0000000000000000000b1' }]);
	deadLetter('502');

	await runReplay();
	expect(google).toHaveLength(1);
	const second = await runReplay();
	expect(second.error).toBeUndefined();
	expect(google).toHaveLength(1);
	expect(apiCalls).toHaveLength(1);
	expect(rows()[0]).toMatchObject({ status: 'replayed', tries: 1 });
});

test('two replay runs at the same moment claim a row once: one run replays it, the other skips it', async () => {
	booking('64c0000000000000000000c1');
	failedRun('503', calendarSync, 'Booking changed in Semble', [{ id: '64c0000000000000000000c1' }]);
	deadLetter('503');

	const [first, second] = await Promise.all([runReplay(), runReplay()]);
	expect([first.error, second.error]).toEqual([undefined, undefined]);
	expect(google).toEqual([`PATCH ${eventPath('64c0000000000000000000c1')}`]);
	expect(rows()[0]).toMatchObject({ status: 'replayed', tries: 1 });
});

test('a replay the sync fails again is marked failed with a clean note, tried again next run, and given up after 3 tries', async () => {
	booking('64c0000000000000000000d1');
	failedRun('504', calendarSync, 'Booking changed in Semble', [{ id: '64c0000000000000000000d1' }]);
	deadLetter('504');
	// Google refuses both the update and the create.
	const refusal: [number, object] = [500, { error: { code: 500, message: 'Backend error' } }];
	googleAnswers[`PATCH ${eventPath('64c0000000000000000000d1')}`] = refusal;
	googleAnswers[`POST ${EVENTS}`] = refusal;

	await runReplay();
	expect(rows()[0]).toMatchObject({ status: 'failed', tries: 1 });
	expect(rows()[0].replayNote).toMatch(/^Replay of 1 booking record failed: /);

	await runReplay();
	expect(rows()[0]).toMatchObject({ status: 'failed', tries: 2 });
	await runReplay();
	expect(rows()[0]).toMatchObject({ status: 'gaveUp', tries: 3 });
	const asked = google.length;
	await runReplay();
	expect(google).toHaveLength(asked);
	expect(rows()[0]).toMatchObject({ status: 'gaveUp', tries: 3 });
});

test('a run a replay cannot read again from Semble is left for a person, with the reason; nothing is sent', async () => {
	const hubspot = loadTemplate('hubspot-two-way-sync.json');
	failedRun('505', hubspot, 'Every 15 minutes', [{}]);
	deadLetter('505', { itemKey: 'k-schedule' });
	const deals = loadTemplate('hubspot-deals.json');
	failedRun('506', deals, 'Patient arrived, seen or missed', [{ id: '64c0000000000000000000e1' }]);
	deadLetter('506', { itemKey: 'k-journey' });

	const result = await runReplay();
	expect(result.error).toBeUndefined();
	expect(google).toEqual([]);
	expect(rows()).toEqual([
		{
			itemKey: 'k-schedule',
			status: 'manual',
			tries: 1,
			replayNote:
				"Started by Every 15 minutes, not by a Semble Trigger watching records: retry it from n8n's Executions list",
		},
		{
			itemKey: 'k-journey',
			status: 'manual',
			tries: 1,
			replayNote:
				"Started by Patient arrived, seen or missed (journey events), which a replay cannot read again from Semble: retry it from n8n's Executions list",
		},
	]);
});

test('a failure message that echoes patient details reaches the row cleaned: email, phone and date blanked', async () => {
	// A workflow of the clinic's own whose error repeats what it was handed.
	const echoing = replayedInto('Echoing sync', {
		name: 'Stop',
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		parameters: { errorMessage: 'Could not sync jane.doe@example.com (07700 900123, born 1979-11-23)' },
	});
	booking('64c0000000000000000000d2');
	failedRun('509', calendarSync, 'Booking changed in Semble', [{ id: '64c0000000000000000000d2' }]);
	deadLetter('509', { workflowId: 'wf-echo' });

	await runReplay({ 'wf-echo': echoing });
	expect(rows()[0]).toMatchObject({
		status: 'failed',
		replayNote: 'Replay of 1 booking record failed: Could not sync [email] ([phone], born [date])',
	});
});

test('an execution n8n no longer has: the row is failed with the reason and tried again next run', async () => {
	deadLetter('599');
	await runReplay();
	expect(rows()[0]).toMatchObject({ status: 'failed', tries: 1 });
	expect(rows()[0].replayNote).toMatch(/^n8n did not give execution 599: n8n may have pruned it/);
	await runReplay();
	expect(apiCalls).toHaveLength(2);
});

test('a row a stopped replay left as replaying is claimed again after an hour, not before', async () => {
	booking('64c0000000000000000000f1');
	failedRun('507', calendarSync, 'Booking changed in Semble', [{ id: '64c0000000000000000000f1' }]);
	deadLetter('507', { status: 'replaying', tries: 1 });

	await runReplay();
	expect(google).toEqual([]);
	dataTables.backdate(TABLE, 1, 61, 'updatedAt');
	await runReplay();
	expect(google).toEqual([`PATCH ${eventPath('64c0000000000000000000f1')}`]);
	expect(rows()[0]).toMatchObject({ status: 'replayed', tries: 2 });
});

test('rows already replayed, given up or left for a person are not touched', async () => {
	for (const status of ['replayed', 'gaveUp', 'manual']) deadLetter('508', { itemKey: status, status, tries: 1 });
	const result = await runReplay();
	expect(result.error).toBeUndefined();
	expect(apiCalls).toEqual([]);
	expect(rows().map((row) => row.status)).toEqual(['replayed', 'gaveUp', 'manual']);
});

test('two runs at once meet a row a stopped replay left: one claims it, the other sends nothing', async () => {
	booking('64c000000000000000000101');
	failedRun('510', calendarSync, 'Booking changed in Semble', [{ id: '64c000000000000000000101' }]);
	deadLetter('510', { status: 'replaying', tries: 1 });
	dataTables.backdate(TABLE, 1, 61, 'updatedAt');

	await Promise.all([runReplay(), runReplay()]);
	expect(google).toEqual([`PATCH ${eventPath('64c000000000000000000101')}`]);
	expect(rows()[0]).toMatchObject({ status: 'replayed', tries: 2 });
});

test('a run whose claim another run took over does not mark the row: the newer claim owns it', async () => {
	// The failed workflow stands in for the slow part of a run: meanwhile another run claims the row again.
	const overtaken = replayedInto('Overtaken', {
		name: 'Claimed again meanwhile',
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		parameters: {
			resource: 'row',
			operation: 'update',
			dataTableId: { __rl: true, mode: 'name', value: TABLE },
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'itemKey', keyValue: 'overtaken' }] },
			columns: { mappingMode: 'defineBelow', value: { tries: 2 }, matchingColumns: [], schema: [] },
			options: {},
		},
	});
	booking('64c000000000000000000102');
	failedRun('511', calendarSync, 'Booking changed in Semble', [{ id: '64c000000000000000000102' }]);
	deadLetter('511', { itemKey: 'overtaken', workflowId: 'wf-overtaken' });

	const result = await runReplay({ 'wf-overtaken': overtaken });
	expect(result.error).toBeUndefined();
	expect(rows()[0]).toMatchObject({ status: 'replaying', tries: 2 });
	expect(rows()[0].replayNote).toBeUndefined();
});

test('a row claimed 3 times by runs that stopped is given up, not replayed again', async () => {
	failedRun('512', calendarSync, 'Booking changed in Semble', [{ id: '64c000000000000000000103' }]);
	deadLetter('512', { status: 'replaying', tries: 3 });
	dataTables.backdate(TABLE, 1, 61, 'updatedAt');

	await runReplay();
	expect(google).toEqual([]);
	expect(rows()[0]).toMatchObject({
		status: 'gaveUp',
		tries: 4,
		replayNote: 'Gave up after 3 tries; the last replay run stopped before it finished',
	});
});

test('a failed replay run that the error workflow recorded as well is skipped: the row it replayed has the outcome', async () => {
	failedRun('513', calendarSync, 'When replayed', [{ recordType: 'booking', recordIds: ['64c000000000000000000104'] }]);
	deadLetter('513');
	failedRun('514', calendarSync, 'Booking changed in Semble', []);
	deadLetter('514', { itemKey: 'trigger-failed', executionId: '' });

	await runReplay();
	expect(google).toEqual([]);
	expect(rows()).toEqual([
		expect.objectContaining({
			status: 'skipped',
			replayNote: 'A failed replay run (When replayed): the row it replayed records the outcome',
		}),
		expect.objectContaining({
			status: 'manual',
			replayNote: 'The trigger itself failed, before any run: nothing to replay; see the error in the message',
		}),
	]);
});

test('at most 20 rows a run, new rows first, then oldest: a backlog drains run by run', async () => {
	// 25 failures whose executions n8n no longer has: each replay of one fails, so it stays due.
	for (let n = 0; n < 25; n++) deadLetter(`6${String(n).padStart(2, '0')}`, { itemKey: `backlog-${n}` });
	await runReplay();
	expect(rows().map((row) => row.tries)).toEqual([...Array(20).fill(1), ...Array(5).fill(0)]);
	await runReplay();
	// The 5 still new go first, then the 15 oldest of those that failed once.
	expect(rows().map((row) => row.tries)).toEqual([...Array(15).fill(2), ...Array(5).fill(1), ...Array(5).fill(1)]);
});
