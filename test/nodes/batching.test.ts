/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Bulk writes sent as aliased mutations: fewer requests, every item its own result. */

let sandbox: RunningSandbox;
const credentials = (endpoint = sandbox.url) => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint, requestsPerMinute: 6000 },
});
const mutationRequests = (field: string) =>
	sandbox.control.requestLog().filter((entry) => entry.kind === 'mutation' && entry.rootFields.includes(field)).length;
const patientIds = (count: number) => [...sandbox.store.patients.keys()].slice(0, count);

const updateCities = (batchSize: number, continueOnFail = false, ids = patientIds(25)) =>
	sembleWorkflow(
		{
			resource: 'patient',
			operation: 'update',
			patientId: byId('={{ $json.id }}'),
			updateFields: { city: '={{ $json.city }}' },
			options: { batchSize },
		},
		{ items: ids.map((id, n) => ({ id, city: `Town ${n}` })), settings: { continueOnFail } },
	);

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 31, scale: { patients: 120, bookings: 100 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('25 updates in batches of 10 take 3 requests, each item with its own result', async () => {
	const ids = patientIds(25);
	const result = await runWorkflow(updateCities(10, false, ids), { credentials: credentials() });
	expect(result.error).toBeUndefined();
	expect(mutationRequests('updatePatient')).toBe(3);
	const output = result.output('Semble');
	expect(output.map((item) => item.json.id)).toEqual(ids);
	expect(output.map((item) => item.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	ids.forEach((id, n) => expect(sandbox.store.patients.get(id)?.address.city).toBe(`Town ${n}`));
});

test('batch size 1 sends one request per item', async () => {
	await runWorkflow(updateCities(1, false, patientIds(4)), { credentials: credentials() });
	expect(mutationRequests('updatePatient')).toBe(4);
});

test('an item Semble refuses fails alone (continue on fail); the rest are written', async () => {
	const ids = patientIds(5);
	ids[2] = 'no-such-patient';
	const result = await runWorkflow(updateCities(10, true, ids), { credentials: credentials() });
	const output = result.output('Semble');
	expect(output[2].json.error).toMatch(/^Semble refused updatePatient: /);
	expect(output.filter((item) => !item.json.error)).toHaveLength(4);
	expect(mutationRequests('updatePatient')).toBe(1);
});

test('bad input in any item stops the run before anything is written', async () => {
	const ids = patientIds(6);
	const workflow = updateCities(10, false, ids);
	const items = ids.map((id) => ({ id, email: 'fine@example.com' }));
	items[4].email = 'broken@';
	workflow.nodes[1].parameters.updateFields = { email: '={{ $json.email }}' };
	workflow.pinData = { Start: items.map((json) => ({ json })) };
	const result = await runWorkflow(workflow, { credentials: credentials() });
	expect(result.error?.message).toBe('Invalid "Email" in item 4: is not a valid email address');
	expect(mutationRequests('updatePatient')).toBe(0);
});

/** A proxy in front of the sandbox; `rewrite` may change each answer's JSON. */
async function proxyWith(rewrite: (answer: { data?: Record<string, unknown> | null }) => unknown) {
	const proxy = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', async () => {
			const upstream = await fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-token': String(req.headers['x-token']) }, body });
			res.writeHead(upstream.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(rewrite(await upstream.json())));
		});
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return { endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`, close: () => proxy.close() };
}

test('a write answered without its record outputs the same for one item and for a batch (never { id: undefined })', async () => {
	// Semble's payload allows `data: null` with no error: the write ran, the record did not come back.
	const proxy = await proxyWith((answer) => ({
		...answer,
		data: Object.fromEntries(Object.keys(answer.data ?? {}).map((alias) => [alias, { data: null, error: null }])),
	}));
	const creates = (batchSize: number) =>
		sembleWorkflow(
			{ resource: 'patient', operation: 'create', firstName: '={{ $json.first }}', lastName: 'Okafor', options: { batchSize } },
			{ items: [{ first: 'Ada' }, { first: 'Bea' }, { first: 'Cy' }] },
		);
	const oneByOne = await runWorkflow(creates(1), { credentials: credentials(proxy.endpoint) });
	const batched = await runWorkflow(creates(10), { credentials: credentials(proxy.endpoint) });
	proxy.close();
	expect(oneByOne.error).toBeUndefined();
	expect(batched.error).toBeUndefined();
	const outputs = (run: typeof batched) => run.output('Semble').map((item) => item.json);
	expect(outputs(oneByOne)).toEqual(outputs(batched));
	expect(outputs(batched).every((json) => !('id' in json))).toBe(true);
	expect(mutationRequests('createPatient')).toBe(3 + 1);
});

test('if Semble refuses the batched document itself, items go one by one', async () => {
	// A proxy that rejects any batched document as Semble would reject one it will not run.
	const proxy = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', async () => {
			if (body.includes('SembleBatch')) {
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ errors: [{ message: 'Query too complex', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }));
				return;
			}
			const upstream = await fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-token': String(req.headers['x-token']) }, body });
			res.writeHead(upstream.status, { 'content-type': 'application/json' });
			res.end(await upstream.text());
		});
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
	const ids = patientIds(5);
	const result = await runWorkflow(updateCities(10, false, ids), { credentials: credentials(endpoint) });
	proxy.close();
	expect(result.error).toBeUndefined();
	expect(result.output('Semble').map((item) => item.json.id)).toEqual(ids);
	expect(mutationRequests('updatePatient')).toBe(5);
});
