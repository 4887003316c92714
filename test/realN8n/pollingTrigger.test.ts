/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test tooling runs in plain Node, not inside n8n */
import { randomUUID } from 'node:crypto';

import { sembleClient } from '../harness/sembleClient';
import type { Execution } from './n8nApi';
import { executionsOf, itemsOf, n8nApi, realN8nState, until } from './n8nApi';
import { linesWith, whereRan, workerNames } from './queueMode';
import { CREDENTIAL_IDS } from './realN8n';

/**
 * The Semble Trigger in a real n8n, 1.x (no poll budget: the trigger's own 40 s applies) and
 * 2.x (n8n's budget), set up by globalSetup.ts: activated with checks every minute, a batch of
 * 150 changes runs the workflow once with each of them; the state n8n keeps between checks
 * lets the next check emit only what changed since. In queue mode (queue/globalSetup.ts) the
 * main process polls, alone, and workers run what each poll found.
 */

jest.setTimeout(240_000);

const state = realN8nState();
const NODE = 'Semble Trigger';
let workflowId: string | undefined;

const api = async <T>(method: string, route: string, body?: unknown) => await n8nApi<T>(state, method, route, body);
const createPatients = async (prefix: string, count: number) => {
	const client = sembleClient(state.sandbox.url, state.sandbox.apiToken);
	const ids: string[] = [];
	for (let n = 0; n < count; n++) {
		try {
			const created = await client.request<{ createPatient: { data: { id: string } } }>(
				'mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id } error } }',
				{ d: { first: 'Polled', last: `${prefix}${n}` } },
			);
			ids.push(created.createPatient.data.id);
		} catch (error) {
			// The sandbox keeps Semble's per-minute budget, which earlier stages of this run may
			// have used: a refused create (429, so not made) waits and is sent again.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- test setup, not a node
			if ((error as { response?: { status?: number } }).response?.status !== 429) throw error;
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			n--;
		}
	}
	return ids;
};
const succeeded = async (count: number) =>
	await until(
		`${count} successful execution(s)`,
		async () => {
			const done = (await executionsOf(state, workflowId as string)).filter((run) => run.status === 'success');
			return done.length >= count ? done : undefined;
		},
		150_000,
	);
const idsOf = (execution: Execution) => itemsOf(execution, NODE).map((item) => String(item.json.id));
const queueModeOnly = state.queue ? test : test.skip;

afterAll(async () => {
	if (!workflowId) return;
	await api('POST', `/workflows/${workflowId}/deactivate`).catch(() => undefined);
	// n8n 2.x unpublishes a polling workflow in the background: DELETE answers 409 until it is done.
	await until('the workflow deleted', async () =>
		(await api('DELETE', `/workflows/${workflowId}`).then(() => true).catch((error: Error) => {
			if (!error.message.includes('HTTP 409')) throw error;
			return undefined;
		})),
	);
});

test('checks every minute: 150 changes run the workflow once with each; the next check brings only what changed since', async () => {
	const created = await api<{ id: string }>('POST', '/workflows', {
		name: 'Semble Trigger proof',
		nodes: [
			{
				id: randomUUID(),
				name: NODE,
				type: 'n8n-nodes-semble.sembleTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					authentication: 'apiToken',
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					resource: 'patient',
					event: 'createdOrUpdated',
					options: { fields: 'full' },
				},
				credentials: { sembleApi: { id: CREDENTIAL_IDS.sembleApi, name: 'Semble sandbox (API token)' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	workflowId = created.id;
	await api('POST', `/workflows/${workflowId}/activate`);
	await new Promise((resolve) => setTimeout(resolve, 2000)); // activation's own first check stores the start

	const batch = await createPatients('Batch', 150);
	const [first] = await succeeded(1);
	expect(idsOf(first).sort()).toEqual([...batch].sort());

	const later = await createPatients('Later', 3);
	const runs = await succeeded(2);
	expect(idsOf(runs[0]).sort()).toEqual([...later].sort());
	expect(runs.filter((run) => run.status !== 'success')).toEqual([]);
});

queueModeOnly('queue mode: only the main process polls; each poll that found changes is one execution, run on a worker', async () => {
	const queue = state.queue!;
	const runs = (await executionsOf(state, workflowId as string)).filter((run) => run.status === 'success');
	expect(runs).toHaveLength(2);
	for (const run of runs) expect(whereRan(queue, run.id)).toEqual({ enqueuedBy: ['main'], startedOn: [expect.stringMatching(/^worker-\d$/)] });
	// n8n-core logs each poll it starts (at debug, which the stage sets).
	const polls = (name: string) => linesWith(queue, name, 'Poll trigger initiated for workflow "Semble Trigger proof"');
	expect(polls('main')).toBeGreaterThanOrEqual(2);
	expect(workerNames(queue).map(polls)).toEqual(workerNames(queue).map(() => 0));
});
