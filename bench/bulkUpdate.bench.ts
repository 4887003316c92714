/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- not shipped: a benchmark that prints its results */
import type { INode } from 'n8n-workflow';

import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { runWorkflow } from '../test/harness/runWorkflow';
import { byId, sembleWorkflow } from '../test/harness/workflows';

/**
 * Updating 1,000 patients at Semble's 240 requests/minute: the Semble node with batching
 * (10 per request), the Semble node one per request, and n8n's built-in GraphQL node.
 */

const UPDATES = Number(process.env.BENCH_UPDATES ?? 1000);
const LIMIT = 240;
const BATCH = 10;

jest.setTimeout(30 * 60_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 13, scale: { patients: UPDATES + 100, bookings: 500 }, rateLimitPerMinute: LIMIT });
});
afterAll(async () => await sandbox.close());

const items = () => [...sandbox.store.patients.keys()].slice(0, UPDATES).map((id, n) => ({ json: { id, city: `Town ${n}` } }));

const semble = (batchSize: number): WorkflowJson => {
	const workflow = sembleWorkflow({
		resource: 'patient',
		operation: 'update',
		patientId: byId('={{ $json.id }}'),
		updateFields: { city: '={{ $json.city }}' },
		options: { batchSize },
	});
	return { ...workflow, pinData: { Start: items() } };
};

const builtin = (): WorkflowJson => {
	const nodes: INode[] = [
		{ id: 'd1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'd2',
			name: 'GraphQL',
			type: 'n8n-nodes-base.graphql',
			typeVersion: 1.1,
			position: [200, 0],
			continueOnFail: true,
			parameters: {
				endpoint: sandbox.url,
				requestFormat: 'json',
				query: 'mutation Update($id: ID!, $city: String) { updatePatient(id: $id, patientData: { city: $city }) { data { id } error } }',
				variables: '={{ JSON.stringify({ id: $json.id, city: $json.city }) }}',
				responseFormat: 'json',
				headerParametersUi: { parameter: [{ name: 'x-token', value: sandbox.apiToken }] },
			},
		},
	];
	return { nodes, connections: { Start: { main: [[{ node: 'GraphQL', type: 'main', index: 0 }]] } }, pinData: { Start: items() } };
};

async function measure(label: string, workflow: WorkflowJson, node: string) {
	sandbox.control.reset();
	sandbox.control.setRateLimit(LIMIT); // a fresh minute for each contender
	const started = Date.now();
	const result = await runWorkflow(workflow, {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: LIMIT } },
	});
	const seconds = (Date.now() - started) / 1000;
	const log = sandbox.control.requestLog();
	const written = items().filter(({ json }, n) => sandbox.store.patients.get(json.id)?.address.city === `Town ${n}`).length;
	expect(result.output(node).length).toBeGreaterThan(0);
	return { label, requests: log.length, rejected: log.filter((e) => e.status === 429).length, seconds, written };
}

test(`update ${UPDATES} patients: batched vs one per request vs the built-in GraphQL node`, async () => {
	const results = [
		await measure(`Semble node, batch ${BATCH}`, semble(BATCH), 'Semble'),
		await measure('Semble node, batch 1', semble(1), 'Semble'),
		await measure('built-in GraphQL node', builtin(), 'GraphQL'),
	];
	const [batched, single] = results;
	console.log(
		[
			`Update ${UPDATES} patients at ${LIMIT}/min (minimum requests: ${Math.ceil(UPDATES / BATCH)} batched, ${UPDATES} one by one)`,
			...results.map(
				(r) =>
					`  ${r.label.padEnd(24)} written ${String(r.written).padStart(5)} of ${UPDATES}, requests ${String(r.requests).padStart(5)} (${r.rejected} refused with 429), ${r.seconds.toFixed(1)} s (rate floor ${(((r.requests - 1) * 60) / LIMIT).toFixed(1)} s)`,
			),
			`  ratio batched / one by one: requests ${(batched.requests / single.requests).toFixed(2)}, wall time ${(batched.seconds / single.seconds).toFixed(2)}`,
		].join('\n'),
	);
	expect(batched.written).toBe(UPDATES);
	expect(single.written).toBe(UPDATES);
	expect(batched.requests).toBe(Math.ceil(UPDATES / BATCH));
});
