import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/** Label › Get Many through n8n's engine against the sandbox. Read-only. */

let sandbox: RunningSandbox;
const run = (workflow: WorkflowJson, apiToken = sandbox.apiToken) =>
	runWorkflow(workflow, { credentials: { sembleApi: { apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } } });
const labels = () => [...sandbox.store.labels.values()];
const requests = () => sandbox.control.rootFieldCounts().labels ?? 0;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 13, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.clearLog());

test('Return All lists every practice label with its title and colour', async () => {
	const result = await run(sembleWorkflow({ resource: 'label', operation: 'getMany', returnAll: true }));
	expect(result.error).toBeUndefined();
	expect(result.output('Semble').map((o) => o.json)).toEqual(labels());
	expect(labels().map((l) => l.title)).toContain('VIP');
});

test('Limit returns the first N labels in one request', async () => {
	const result = await run(sembleWorkflow({ resource: 'label', operation: 'getMany', returnAll: false, limit: 3 }));
	expect(result.output('Semble').map((o) => o.json)).toEqual(labels().slice(0, 3));
	expect(requests()).toBe(1);
});

test('a Limit below 1 is refused before any request', async () => {
	const result = await run(sembleWorkflow({ resource: 'label', operation: 'getMany', returnAll: false, limit: 0 }));
	expect(result.error?.message).toMatch(/Invalid "Limit" in item 0: must be 1 or more/);
	expect(requests()).toBe(0);
});

test('a token without the labels permission gets a clear Semble error', async () => {
	sandbox.control.addToken('patients-and-practice', ['patients', 'practice']);
	const result = await run(sembleWorkflow({ resource: 'label', operation: 'getMany', returnAll: true }), 'patients-and-practice');
	expect(result.error?.message).toMatch(/lacks the permission "labels"/);
});

test('continue on fail: the item with a bad Limit becomes an error item, the others succeed', async () => {
	const result = await run(
		sembleWorkflow(
			{ resource: 'label', operation: 'getMany', returnAll: false, limit: '={{ $json.limit }}' },
			{ settings: { continueOnFail: true }, items: [{ limit: 2 }, { limit: 0 }, { limit: 1 }] },
		),
	);
	expect(result.error).toBeUndefined();
	const out = result.output('Semble');
	expect(out.map((o) => o.json.title ?? o.json.error)).toEqual([
		labels()[0].title,
		labels()[1].title,
		expect.stringMatching(/Invalid "Limit" in item 1/),
		labels()[0].title,
	]);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 2 }]);
	expect(requests()).toBe(2);
});
