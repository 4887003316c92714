/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test tooling runs in plain Node, not inside n8n */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sembleClient } from '../harness/sembleClient';
import { DEAD_LETTER_COLUMNS, loadTemplate, SYNC_LOG_COLUMNS } from '../templates/templateTestKit';
import { executionsOf, n8nApi, realN8nState, until } from './n8nApi';
import { whereRan } from './queueMode';
import { CREDENTIAL_IDS } from './realN8n';

/**
 * Error recovery as a clinic runs it, in real n8n 2 (its Data Table node finds tables by name;
 * the three templates need n8n 2): a sync workflow shaped like the sync templates (Semble Trigger,
 * a write to a service, *When replayed*, *What changed* → *Log the change*) fails in production;
 * its Error Workflow, the imported *Record Semble workflow failures* template, records a dead
 * letter; the imported *Replay failed Semble items*, published with checks every minute and an n8n
 * API credential, claims the row, reads the failed run from n8n's API and replays its patient
 * through the sync workflow, which now succeeds and writes to *Log Semble sync changes*. The
 * service is a local HTTP server that refuses until told otherwise and records every call.
 */

jest.setTimeout(420_000);

const state = realN8nState();
const onN8n2 = state.version.startsWith('2.') ? test : test.skip;
const api = async <T>(method: string, route: string, body?: unknown) => await n8nApi<T>(state, method, route, body);

let server: Server;
let serviceUp = false;
const received: string[] = [];
const created: string[] = [];
const published: string[] = [];

interface Row {
	[column: string]: unknown;
}

beforeAll(async () => {
	server = createServer((request: IncomingMessage, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			received.push(`${serviceUp ? 'accepted' : 'refused'} ${body}`);
			response.writeHead(serviceUp ? 200 : 503, { 'content-type': 'application/json' });
			response.end(serviceUp ? '{"ok":true}' : '{"message":"Service unavailable"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
	for (const id of published) await api('POST', `/workflows/${id}/deactivate`).catch(() => undefined);
	for (const id of created) {
		await until('the workflow deleted', async () =>
			api('DELETE', `/workflows/${id}`)
				.then(() => true)
				.catch((error: Error) => (error.message.includes('HTTP 409') ? undefined : true)),
		);
	}
	await new Promise((resolve) => server.close(resolve));
});

const publish = async (id: string) => {
	await api('POST', `/workflows/${id}/activate`);
	published.push(id);
};

async function createTable(name: string, columns: Record<string, string>): Promise<string> {
	const table = await api<{ id: string }>('POST', '/data-tables', {
		name,
		columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })),
	});
	return table.id;
}
const rowsOf = async (tableId: string) =>
	(await api<{ data: Row[] }>('GET', `/data-tables/${tableId}/rows?limit=100`)).data;

/** The *When replayed* entry of a patient sync template: its trigger, the split and the Semble read. */
const REPLAY_ENTRY = loadTemplate('hubspot-two-way-sync.json').nodes.filter((node) =>
	['When replayed', 'One item per record', 'Read the patient again'].includes(node.name),
);

/** A sync workflow as the sync templates are built, writing each changed patient's id to the local service. */
function syncWorkflow(serviceUrl: string, syncLogId: string, errorWorkflow: string) {
	const semble = { sembleApi: { id: CREDENTIAL_IDS.sembleApi, name: 'Semble sandbox (API token)' } };
	const node = (name: string, type: string, typeVersion: number, x: number, parameters: object, extra = {}) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const to = (target: string) => ({ main: [[{ node: target, type: 'main', index: 0 }]] });
	return {
		name: 'Sync Semble patients to the test service',
		nodes: [
			node(
				'Patient changed in Semble',
				'n8n-nodes-semble.sembleTrigger',
				1,
				0,
				{
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					resource: 'patient',
					event: 'createdOrUpdated',
					options: {},
				},
				{ credentials: semble },
			),
			// The replay entry exactly as the sync templates have it, reading the sandbox.
			...REPLAY_ENTRY.map((entry) => ({ ...entry, ...(entry.credentials && { credentials: semble }) })),
			node('Send to the service', 'n8n-nodes-base.httpRequest', 4.3, 600, {
				method: 'POST',
				url: serviceUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ id: $json.id }) }}',
				options: {},
			}),
			node('What changed', 'n8n-nodes-base.set', 3.4, 800, {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: randomUUID(), name: 'workflow', value: '={{ $workflow.name }}', type: 'string' },
						{ id: randomUUID(), name: 'recordType', value: 'patient', type: 'string' },
						{
							id: randomUUID(),
							name: 'recordId',
							value: "={{ $('Send to the service').item.json.id ?? $('Read the patient again').item.json.id }}",
							type: 'string',
						},
						{ id: randomUUID(), name: 'fields', value: "={{ ['id'] }}", type: 'array' },
						{ id: randomUUID(), name: 'direction', value: 'Semble > Test service', type: 'string' },
					],
				},
				options: {},
			}),
			node('Log the change', 'n8n-nodes-base.executeWorkflow', 1.3, 1000, {
				workflowId: { __rl: true, mode: 'id', value: syncLogId },
				options: { waitForSubWorkflow: true },
			}),
		],
		connections: {
			'Patient changed in Semble': to('Send to the service'),
			'When replayed': to('One item per record'),
			'One item per record': to('Read the patient again'),
			'Read the patient again': to('Send to the service'),
			'Send to the service': to('What changed'),
			'What changed': to('Log the change'),
		},
		settings: { executionOrder: 'v1', errorWorkflow },
	};
}

onN8n2(
	'a failed sync is recorded by the error workflow, replayed once by the replay workflow, and logged',
	async () => {
		const ids = {
			errorHandler: state.workflowIds['semble-error-handler'],
			replay: state.workflowIds['semble-replay'],
			syncLog: state.workflowIds['semble-sync-log'],
		};
		const deadLetters = await createTable('semble_dead_letters', DEAD_LETTER_COLUMNS);
		const syncLog = await createTable('semble_sync_log', SYNC_LOG_COLUMNS);
		const credential = await api<{ id: string; name: string }>('POST', '/credentials', {
			name: 'n8n account (test)',
			type: 'n8nApi',
			data: { apiKey: state.apiKey, baseUrl: `${state.baseUrl}/api/v1` },
		});
		// The replay template with its credential picked and, for the test, checks every minute.
		const replay = await api<{
			name: string;
			nodes: Array<Record<string, unknown>>;
			connections: object;
			settings: object;
		}>('GET', `/workflows/${ids.replay}`);
		for (const node of replay.nodes) {
			if (node.name === 'Read the failed run')
				node.credentials = { n8nApi: { id: credential.id, name: credential.name } };
			if (node.name === 'Every hour')
				node.parameters = { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } };
		}
		await api('PUT', `/workflows/${ids.replay}`, {
			name: replay.name,
			nodes: replay.nodes,
			connections: replay.connections,
			// The template saves no successful run (each holds the failed run's records); the test counts them.
			settings: { ...replay.settings, saveDataSuccessExecution: 'all' },
		});
		await publish(ids.errorHandler);
		await publish(ids.syncLog);

		const { port } = server.address() as AddressInfo;
		const sync = await api<{ id: string }>(
			'POST',
			'/workflows',
			syncWorkflow(`http://127.0.0.1:${port}/sync`, ids.syncLog, ids.errorHandler),
		);
		created.push(sync.id);
		await publish(sync.id);
		await new Promise((resolve) => setTimeout(resolve, 2000)); // activation's own first check stores the start

		// A patient changes while the service is down: the sync fails, the error workflow records it.
		const client = sembleClient(state.sandbox.url, state.sandbox.apiToken);
		const patient = await client.request<{ createPatient: { data: { id: string } } }>(
			'mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id } error } }',
			{ d: { first: 'Replayed', last: 'Patient' } },
		);
		const patientId = patient.createPatient.data.id;
		const [letter] = await until(
			'a dead letter',
			async () => {
				const rows = await rowsOf(deadLetters);
				return rows.length > 0 ? rows : undefined;
			},
			180_000,
		);
		expect(letter).toMatchObject({ workflowId: sync.id, node: 'Send to the service', status: 'new', tries: 0 });
		expect(received).toEqual([`refused {"id":"${patientId}"}`]);
		expect(await rowsOf(syncLog)).toEqual([]);

		// The service is back; the replay (every minute) replays the patient once, then leaves the row alone.
		serviceUp = true;
		await publish(ids.replay);
		await until(
			'two replay runs',
			async () => {
				const runs = (await executionsOf(state, ids.replay)).filter((run) => run.status === 'success');
				return runs.length >= 2 ? runs : undefined;
			},
			180_000,
		);
		// In queue mode: the failed sync, the error workflow and each replay were enqueued and ran on
		// workers, all sharing the Data tables; the replayed sync runs inside its replay, as sub-workflows do.
		if (state.queue) {
			const queue = state.queue;
			const onWorkers = async (workflowId: string, status?: string) =>
				(await executionsOf(state, workflowId))
					.filter((run) => !status || run.status === status)
					.map((run) => whereRan(queue, run.id).startedOn);
			const worker = [expect.stringMatching(/^worker-\d$/)];
			expect(await onWorkers(sync.id, 'error')).toEqual([worker]);
			// (Its Slack alert fails here, with no Slack credential: the row is written before it.)
			expect(await onWorkers(ids.errorHandler)).toEqual([worker]);
			expect((await onWorkers(ids.replay, 'success')).slice(0, 2)).toEqual([worker, worker]);
		}
		expect(received).toEqual([`refused {"id":"${patientId}"}`, `accepted {"id":"${patientId}"}`]);
		expect((await rowsOf(deadLetters))[0]).toMatchObject({
			status: 'replayed',
			tries: 1,
			replayNote: 'Replayed 1 patient record',
		});
		expect(await rowsOf(syncLog)).toEqual([
			expect.objectContaining({
				workflow: 'Sync Semble patients to the test service',
				recordType: 'patient',
				recordId: patientId,
				fields: 'id',
				direction: 'Semble > Test service',
			}),
		]);
	},
);
