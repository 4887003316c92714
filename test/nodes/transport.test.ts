/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RunningSandbox } from '../../sandbox';
import { PATIENTS_ONLY_TOKEN, SIGN_IN_EMAIL, SIGN_IN_PASSWORD, startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/**
 * The shared transport, exercised through n8n's engine with real node operations against the
 * sandbox: retries for reads, no duplicated writes, clear errors, no token in any error.
 */

let sandbox: RunningSandbox;
const apiCredentials = (overrides: Record<string, unknown> = {}) => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000, ...overrides },
});
const createPatient = sembleWorkflow(
	{ resource: 'patient', operation: 'create', firstName: 'Ada', lastName: 'Retry', additionalFields: {} },
);
const getPatients = sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: false, limit: 3 });
const countAdas = () => [...sandbox.store.patients.values()].filter((p) => p.lastName === 'Retry').length;

/** The sandbox logs a slow request when it finally answers, after the client gave up. */
async function settled(check: () => boolean): Promise<void> {
	for (let waited = 0; !check() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 7, scale: { patients: 300, bookings: 300 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.control.reset();
	sandbox.control.configure({ rateLimitPerMinute: 0, authErrorStatus: 401 });
});

describe('reads retry transient failures', () => {
	test.each([
		['http429', { kind: 'http429' as const, retryAfterSeconds: 0 }],
		['http500', { kind: 'http500' as const }],
		['http503', { kind: 'http500' as const, status: 503 }],
		['reset', { kind: 'reset' as const }],
		['malformed', { kind: 'malformed' as const }],
		['graphqlError (internal)', { kind: 'graphqlError' as const }],
	])('%s, twice, then success', async (_name, fault) => {
		sandbox.control.injectFault({ ...fault, count: 2 });
		const result = await runWorkflow(getPatients, { credentials: apiCredentials() });
		expect(result.error).toBeUndefined();
		expect(result.output('Semble')).toHaveLength(3);
		expect(sandbox.control.rootFieldCounts().patients).toBe(3);
	});

	test('gives up after five attempts with a clear message', async () => {
		sandbox.control.injectFault({ kind: 'http500', count: 10 });
		const result = await runWorkflow(getPatients, { credentials: apiCredentials() });
		expect(result.error?.message).toMatch(/Semble answered HTTP 500 after 5 attempts/);
		expect(sandbox.control.rootFieldCounts().patients).toBe(5);
	});

	test('a timed-out read is retried', async () => {
		sandbox.control.injectFault({ kind: 'slow', delayMs: 2500 });
		const result = await runWorkflow(getPatients, { credentials: apiCredentials({ timeoutSeconds: 1 }) });
		expect(result.error).toBeUndefined();
		await settled(() => sandbox.control.rootFieldCounts().patients === 2);
		expect(sandbox.control.rootFieldCounts().patients).toBe(2);
	});
});

describe('writes are never duplicated by a retry', () => {
	test('a 500 is not retried and creates nothing', async () => {
		sandbox.control.injectFault({ kind: 'http500', match: 'createPatient' });
		const result = await runWorkflow(createPatient, { credentials: apiCredentials() });
		expect(result.error?.message).toMatch(/HTTP 500/);
		expect(sandbox.control.rootFieldCounts().createPatient).toBe(1);
		expect(countAdas()).toBe(0);
	});

	test('a create that ran but timed out is reported, not repeated', async () => {
		sandbox.control.injectFault({ kind: 'slow', match: 'createPatient', delayMs: 2500 });
		const result = await runWorkflow(createPatient, { credentials: apiCredentials({ timeoutSeconds: 1 }) });
		expect(result.error?.message).toMatch(/did not answer in time/);
		expect(String((result.error as { description?: string }).description)).toMatch(/may or may not have been applied/);
		await settled(() => sandbox.control.rootFieldCounts().createPatient === 1);
		expect(sandbox.control.rootFieldCounts().createPatient).toBe(1);
		expect(countAdas()).toBe(1);
	});

	test('a create whose connection dropped after running is not repeated', async () => {
		sandbox.control.injectFault({ kind: 'reset', match: 'createPatient' });
		const result = await runWorkflow(createPatient, { credentials: apiCredentials() });
		expect(result.error).toBeDefined();
		expect(sandbox.control.rootFieldCounts().createPatient).toBe(1);
		expect(countAdas()).toBe(1);
	});

	test('a 429 (rejected before running) is retried and creates exactly one patient', async () => {
		sandbox.control.injectFault({ kind: 'http429', match: 'createPatient', retryAfterSeconds: 0 });
		const result = await runWorkflow(createPatient, { credentials: apiCredentials() });
		expect(result.error).toBeUndefined();
		expect(sandbox.control.rootFieldCounts().createPatient).toBe(2);
		expect(countAdas()).toBe(1);
	});

	test('a refused connection (never sent) is retried, then reported', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const result = await runWorkflow(createPatient, {
			credentials: apiCredentials({ endpoint: `http://127.0.0.1:${port}/graphql` }),
		});
		expect(result.error?.message).toBe('Semble could not be reached after 5 attempts');
		expect(String((result.error as { description?: string }).description)).toMatch(/ECONNREFUSED. The request was never sent/);
	});

	test('a payload error is reported with Semble’s reason and not retried', async () => {
		sandbox.control.injectFault({ kind: 'payloadError', match: 'createPatient', message: 'Email already in use' });
		const result = await runWorkflow(createPatient, { credentials: apiCredentials() });
		expect(result.error?.message).toBe('Semble refused createPatient: Email already in use');
		expect(sandbox.control.rootFieldCounts().createPatient).toBe(1);
		expect(countAdas()).toBe(0);
	});
});

describe('errors are clear and never leak the token', () => {
	test.each([401, 200] as const)('a wrong token (HTTP %i) says so', async (status) => {
		sandbox.control.configure({ authErrorStatus: status });
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a deliberately wrong token
		const result = await runWorkflow(getPatients, { credentials: apiCredentials({ apiToken: 'wrong-token-abc123' }) });
		expect(result.error?.message).toBe('Semble did not accept the credentials');
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-token-abc123');
		// Not retried by us; n8n itself re-sends once after a 401 (its re-authentication path).
		expect(sandbox.control.rootFieldCounts().patients).toBe(status === 401 ? 2 : 1);
	});

	test('a missing permission is named', async () => {
		const workflow = sembleWorkflow({
			resource: 'graphql',
			operation: 'execute',
			query: 'query { bookings(pagination: {page: 1, pageSize: 1}) { data { id } } }',
			variables: '{}',
		});
		const result = await runWorkflow(workflow, { credentials: apiCredentials({ apiToken: PATIENTS_ONLY_TOKEN }) });
		expect(result.error?.message).toBe('The Semble token lacks the permission "bookings"');
		expect(JSON.stringify(result.run.data)).not.toContain(PATIENTS_ONLY_TOKEN);
	});

	test('a response of the wrong shape is a clear error, not undefined fields', async () => {
		const drifted = http.createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ data: { patients: { data: [{ id: 42 }], pageInfo: { hasMore: false } } } }));
		});
		await new Promise<void>((resolve) => drifted.listen(0, '127.0.0.1', resolve));
		const { port } = drifted.address() as AddressInfo;
		const result = await runWorkflow(getPatients, {
			credentials: apiCredentials({ endpoint: `http://127.0.0.1:${port}/graphql` }),
		});
		drifted.close();
		expect(result.error?.message).toBe('Semble’s response did not have the expected shape');
		expect(String((result.error as { description?: string }).description)).toMatch(/patients\.data\.0\.id/);
	});
});

describe('sign-in credential', () => {
	const signIn = () => ({
		sembleSignInApi: { email: SIGN_IN_EMAIL, password: SIGN_IN_PASSWORD, endpoint: sandbox.url, requestsPerMinute: 6000 },
	});
	const signInWorkflow = sembleWorkflow(
		{ resource: 'patient', operation: 'getMany', returnAll: false, limit: 2 },
		{ credentialType: 'sembleSignInApi' },
	);

	test('signs in once, then renews the session when Semble says it expired', async () => {
		const first = await runWorkflow(signInWorkflow, { credentials: signIn() });
		expect(first.error).toBeUndefined();
		const session = first.credentials.stored.sembleSignInApi.sessionToken;
		expect(session).toEqual(expect.any(String));

		sandbox.control.injectFault({ kind: 'expiredToken', match: 'patients' });
		const second = await runWorkflow(signInWorkflow, {
			credentials: { sembleSignInApi: first.credentials.stored.sembleSignInApi },
		});
		expect(second.error).toBeUndefined();
		expect(second.output('Semble')).toHaveLength(2);
		expect(second.credentials.stored.sembleSignInApi.sessionToken).not.toBe(session);
		expect(sandbox.control.rootFieldCounts().signIn).toBe(2);
	});

	test('a wrong password fails clearly without echoing it', async () => {
		const result = await runWorkflow(signInWorkflow, {
			credentials: { sembleSignInApi: { ...signIn().sembleSignInApi, password: 'not-the-password-xyz' } },
		});
		expect(result.error?.message).toMatch(/Semble sign-in failed/);
		expect(JSON.stringify(result.run.data)).not.toContain('not-the-password-xyz');
		expect(sandbox.control.rootFieldCounts().patients).toBeUndefined();
	});
});

describe('client-side rate limit', () => {
	test('requests are paced to the credential’s limit, so Semble never answers 429', async () => {
		sandbox.control.setRateLimit(10);
		const workflow = sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: false, limit: 1 }, {
			items: Array.from({ length: 8 }, () => ({})),
		});
		const started = Date.now();
		const result = await runWorkflow(workflow, { credentials: apiCredentials({ requestsPerMinute: 600 }) });
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.output('Semble')).toHaveLength(8);
		// 8 requests at 600/min: 7 gaps of 100 ms.
		expect(elapsed).toBeGreaterThanOrEqual(650);
		expect(sandbox.control.requestLog().filter((entry) => entry.status === 429)).toHaveLength(0);
	});
});
