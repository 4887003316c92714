import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { currentRate } from '../../nodes/Semble/transport/rateLimiter';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/**
 * One Semble budget across processes, through n8n's engine against the sandbox: pacing that
 * halves on a 429 and recovers slowly, and a circuit breaker per credential that stops
 * sending while Semble keeps failing.
 */

let sandbox: RunningSandbox;
const credentials = (requestsPerMinute = 6000) => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute },
});
const getPatients = sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: false, limit: 3 });
const createPatient = sembleWorkflow({ resource: 'patient', operation: 'create', firstName: 'Ada', lastName: 'Paced', additionalFields: {} });
// runWorkflow's Semble node uses this credential id; the pace and the circuit are kept per credential.
const KEY = 'sembleApi:sembleApi-1';

/** Runs `body` with Date.now movable: `later(ms)` moves the breaker's clock that far past now. */
async function withClock(body: (later: (ms: number) => void) => Promise<void>) {
	const realNow = Date.now;
	let offset = 0;
	Date.now = () => realNow() + offset;
	try {
		await body((ms) => (offset = ms));
	} finally {
		Date.now = realNow;
	}
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 5, scale: { patients: 50, bookings: 10 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('a 429 halves the pace; requests that go through recover it by 5% of the limit each', async () => {
	sandbox.control.injectFault({ kind: 'http429', count: 1, retryAfterSeconds: 0 });
	expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
	// The retry that went through gave back 5% of 6,000 after the cut to 3,000.
	expect(currentRate(KEY)).toBe(3000 + 300);
	for (let n = 0; n < 3; n++) await runWorkflow(getPatients, { credentials: credentials() });
	expect(currentRate(KEY)).toBe(3000 + 4 * 300);
});

test('a 429 on a write is retried once paced and writes exactly one patient', async () => {
	sandbox.control.injectFault({ kind: 'http429', count: 3, retryAfterSeconds: 0 });
	const result = await runWorkflow(createPatient, { credentials: credentials() });
	expect(result.error).toBeUndefined();
	expect([...sandbox.store.patients.values()].filter((p) => p.lastName === 'Paced')).toHaveLength(1);
});

test('five failures within a minute open the circuit: calls fail at once, saying until when, and send nothing', async () => {
	sandbox.control.injectFault({ kind: 'http500', status: 503, count: 100 });
	const failed = await runWorkflow(getPatients, { credentials: credentials() });
	expect(failed.error?.message).toMatch(/Semble answered HTTP 503 after 5 attempts/);
	const sent = sandbox.control.requestLog().length;

	const refused = await runWorkflow(getPatients, { credentials: credentials() });
	expect(refused.error?.message).toMatch(
		/^Semble kept failing, so requests with this credential are paused until \d\d:\d\d:\d\d \(UK time\)$/,
	);
	expect(sandbox.control.requestLog().length).toBe(sent);
});

test('after 30 s one probe goes; three successes close the circuit, a failure opens it again', async () => {
	await withClock(async (later) => {
		sandbox.control.injectFault({ kind: 'http500', count: 5 });
		await runWorkflow(getPatients, { credentials: credentials() });
		sandbox.control.clearFaults();
		expect((await runWorkflow(getPatients, { credentials: credentials() })).error?.message).toMatch(/paused until/);

		later(31_000); // half-open: the probe fails, so the circuit opens again
		sandbox.control.injectFault({ kind: 'http500', count: 1 });
		expect((await runWorkflow(getPatients, { credentials: credentials() })).error?.message).toMatch(/paused until/);
		expect((await runWorkflow(getPatients, { credentials: credentials() })).error?.message).toMatch(/paused until/);

		later(62_000); // half-open again: three good answers close it
		for (let n = 0; n < 3; n++) expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
		sandbox.control.injectFault({ kind: 'http500', count: 1 });
		// Closed: one failure is retried as usual, not refused.
		expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
	});
});

test('a half-open probe answered with a rate limit is retried and does not keep the circuit shut', async () => {
	await withClock(async (later) => {
		sandbox.control.injectFault({ kind: 'http500', count: 5 });
		await runWorkflow(getPatients, { credentials: credentials() });
		later(31_000);
		sandbox.control.injectFault({ kind: 'http429', count: 1, retryAfterSeconds: 0 });
		expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
		for (let n = 0; n < 3; n++) expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
	});
});

test('rate limits and answers Semble gives on purpose never open the circuit', async () => {
	sandbox.control.injectFault({ kind: 'http429', count: 6, retryAfterSeconds: 0 });
	expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
	sandbox.control.injectFault({ kind: 'payloadError', count: 6, message: 'Not allowed' });
	for (let n = 0; n < 6; n++) await runWorkflow(createPatient, { credentials: credentials() });
	expect((await runWorkflow(getPatients, { credentials: credentials() })).error).toBeUndefined();
});
