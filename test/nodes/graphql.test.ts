import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/** GraphQL › Execute Query through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const credentials = () => ({ sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } });
const execute = async (query: string, variables: string) =>
	await runWorkflow(sembleWorkflow({ resource: 'graphql', operation: 'execute', query, variables }), { credentials: credentials() });

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 41, scale: { patients: 50, bookings: 50 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('runs a query with variables', async () => {
	const id = [...sandbox.store.patients.keys()][0];
	const result = await execute('query ($id: ID!) { patient(id: $id) { id lastName } }', JSON.stringify({ id }));
	expect(result.output('Semble')[0].json).toEqual({ patient: { id, lastName: sandbox.store.patients.get(id)?.lastName } });
});

test('variables that are not JSON are refused before any request', async () => {
	const result = await execute('query { practice { id } }', '{ id: 1');
	expect(result.error?.message).toBe('Invalid "Variables" in item 0: is not valid JSON');
	expect(sandbox.control.requestLog()).toHaveLength(0);
});

test('a mutation is treated as a write: a 500 is not retried', async () => {
	sandbox.control.injectFault({ kind: 'http500' });
	const result = await execute('mutation { createLabel(title: "VIP+") { data { id } error } }', '{}');
	expect(result.error?.message).toMatch(/HTTP 500/);
	expect(sandbox.control.requestLog()).toHaveLength(1);
});

test('a query is a read: a 500 is retried', async () => {
	sandbox.control.injectFault({ kind: 'http500' });
	const result = await execute('# a comment with the word mutation\nquery { practice { id } }', '{}');
	expect(result.error).toBeUndefined();
	expect(sandbox.control.requestLog()).toHaveLength(2);
});
