/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test tooling runs in plain Node, not inside n8n */
import { randomUUID } from 'node:crypto';

import { sembleClient } from '../../harness/sembleClient';
import type { Execution } from '../n8nApi';
import { itemsOf, n8nApi, n8nFetch, postToWebhook, realN8nState, until } from '../n8nApi';
import { alive, linesWith, pidOf, startedOnWorkers, whereRan } from '../queueMode';
import { CREDENTIAL_IDS, startWorker } from '../realN8n';

/**
 * A worker stopped while it runs a Semble node, in n8n 2.41's queue mode (queue/globalSetup.ts).
 * The run reads every patient through Semble › Patient › Get Many, made slow by the sandbox.
 * - Stopped as an orchestrator stops a container (SIGTERM): the worker takes no new job,
 *   finishes the running execution, then exits. Nothing is lost.
 * - Killed (SIGKILL, a crash): n8n does not re-run the job (its queue allows no stalled
 *   retry). Once the job's lock runs out, the main process fails the execution with n8n's
 *   "This execution failed to be processed too many times and will no longer retry", which
 *   the executions list shows. n8n keeps none of the run's data, so its Retry has nothing to
 *   run; the items come back only when their source sends them again.
 * Each test brings the stopped worker back, so the stage ends with the two it began with.
 */

jest.setTimeout(240_000);

const state = realN8nState();
const queue = state.queue!;
const PATH = `slow-patients-${randomUUID().slice(0, 8)}`;
const WORKFLOW = 'Worker stop proof';
let workflowId: string;

const api = async <T>(method: string, route: string, body?: unknown) => await n8nApi<T>(state, method, route, body);
const sandbox = async (route: string, body: unknown) =>
	await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/${route}`, { method: 'POST', body: JSON.stringify(body) });

/** Every patient id in Semble, read straight from the sandbox. */
async function allPatientIds(): Promise<string[]> {
	const client = sembleClient(state.sandbox.url, state.sandbox.apiToken);
	const ids: string[] = [];
	for (let page = 1; ; page++) {
		const { patients } = await client.request<{
			patients: { data: Array<{ id: string }>; pageInfo: { hasMore: boolean } };
		}>('query ($p: Int) { patients(pagination: { page: $p, pageSize: 100 }) { data { id } pageInfo { hasMore } } }', {
			p: page,
		});
		ids.push(...patients.data.map((patient) => patient.id));
		if (!patients.pageInfo.hasMore) return ids;
	}
}

/** Starts a run through the webhook, slowed to about 12 s, and returns it once a worker has it. */
async function startSlowRun(): Promise<{ executionId: string; worker: string }> {
	await sandbox('faults', { kind: 'slow', match: 'patients', count: 3, delayMs: 4000 });
	const before = startedOnWorkers(queue, WORKFLOW).length;
	expect(await postToWebhook(state, PATH)).toBe(200);
	return await until('a worker to start the run', async () => startedOnWorkers(queue, WORKFLOW)[before]);
}

const finished = async (id: string, timeoutMs = 60_000) =>
	await until(
		`execution ${id} to end`,
		async () => {
			// The public API answers 404 for an execution that has not finished.
			const execution = await api<Execution>('GET', `/executions/${id}?includeData=true`).catch((error: Error) => {
				if (error.message.includes('HTTP 404')) return undefined;
				throw error;
			});
			return !execution || ['new', 'running'].includes(execution.status) ? undefined : execution;
		},
		timeoutMs,
	);

const exited = async (pid: number) => await until(`process ${pid} to exit`, async () => (alive(pid) ? undefined : true));

beforeAll(async () => {
	const created = await api<{ id: string }>('POST', '/workflows', {
		name: WORKFLOW,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Patients',
				type: 'n8n-nodes-semble.semble',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication: 'apiToken',
					resource: 'patient',
					operation: 'getMany',
					returnAll: true,
					filters: {},
				},
				credentials: { sembleApi: { id: CREDENTIAL_IDS.sembleApi, name: 'Semble sandbox (API token)' } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Patients', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	workflowId = created.id;
	await api('POST', `/workflows/${workflowId}/activate`);
});

afterAll(async () => {
	await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
	await api('POST', `/workflows/${workflowId}/deactivate`).catch(() => undefined);
	await api('DELETE', `/workflows/${workflowId}`).catch(() => undefined);
});

test('SIGTERM: the worker finishes the running execution before it exits; every patient is read', async () => {
	const { executionId, worker } = await startSlowRun();
	const pid = pidOf(queue, worker);
	process.kill(pid, 'SIGTERM');
	await exited(pid);

	const done = await finished(executionId);
	expect(done.status).toBe('success');
	const ids = itemsOf(done, 'Patients').map((item) => String(item.json.id));
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.sort()).toEqual((await allPatientIds()).sort());
	expect(
		linesWith(queue, worker, `Waiting for 1 active executions to finish... (execution IDs: ${executionId})`),
	).toBeGreaterThan(0);

	await startWorker(state.n8nDir, queue, worker);
});

test('SIGKILL: n8n fails the execution visibly, keeps none of it and does not re-run it; sent again, the other worker reads every patient', async () => {
	const { executionId, worker } = await startSlowRun();
	process.kill(pidOf(queue, worker), 'SIGKILL');

	const failed = await finished(executionId, 180_000);
	expect(failed.status).toBe('error');
	expect(failed.data?.resultData.error?.message).toMatch(
		/failed to be processed too many times and will no longer retry/,
	);
	// n8n replaced the run's data with that error: not even the webhook's input is left.
	expect(failed.data?.resultData.runData).toEqual({});
	expect(whereRan(queue, executionId).startedOn).toEqual([worker]);
	// So n8n's Retry has nothing to run again.
	const retry = await api<{ id: string }>('POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
	expect(await finished(retry.id)).toMatchObject({ status: 'error', retryOf: executionId });

	// What recovers the items is the sender sending again (or a re-read, see README).
	const again = await startSlowRun();
	expect(again.worker).not.toBe(worker);
	const done = await finished(again.executionId);
	expect(done.status).toBe('success');
	const ids = itemsOf(done, 'Patients').map((item) => String(item.json.id));
	expect(ids.sort()).toEqual((await allPatientIds()).sort());

	await startWorker(state.n8nDir, queue, worker);
});
