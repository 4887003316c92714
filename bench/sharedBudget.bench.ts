/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- not shipped: a benchmark that prints its results */
import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import * as breaker from '../nodes/Semble/transport/circuitBreaker';
import * as pacing from '../nodes/Semble/transport/rateLimiter';
import * as retryPolicy from '../nodes/Semble/transport/retryPolicy';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { runWorkflow } from '../test/harness/runWorkflow';
import { sembleWorkflow } from '../test/harness/workflows';

/**
 * One Semble budget across three processes (queue-mode workers): each runs Patient › Get
 * Many, Return All, over 10,000 patients at the same time, on one token, against the sandbox
 * at 240 a minute. Each "process" is a credential of its own (pace and circuit are kept per
 * credential, and nothing is shared between them, as between workers). Side by side in one
 * run: fixed pacing (the node before: a 429 changed nothing but the retry) against adaptive,
 * with and without Retry-After on Semble's 429s; then a 30 s outage of 503s mid-run, n8n
 * retrying the node, with the circuit breaker and without.
 */

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 10_000);
const PROCESSES = 3;
const LIMIT = 240;

jest.setTimeout(60 * 60_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 23, scale: { patients: PATIENTS, bookings: 10 }, rateLimitPerMinute: LIMIT });
});
afterAll(async () => await sandbox.close());

/** Process n's workflow: the same Get Many on a credential id of its own; n8n's Retry On Fail (3 tries, 5 s apart) if asked. */
function workflowOf(n: number, retryOnFail: boolean): WorkflowJson {
	const workflow = sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: true });
	for (const node of workflow.nodes) {
		if (!node.credentials?.sembleApi) continue;
		node.credentials.sembleApi = { id: `worker-${n}`, name: `Worker ${n}` };
		if (retryOnFail) Object.assign(node, { retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 });
	}
	return workflow;
}
const credentials = { sembleApi: { apiToken: '', endpoint: '', requestsPerMinute: LIMIT } };

interface Race {
	name: string;
	wallMs: number;
	sent: number;
	refused: number;
	records: number[];
	finishedMs: number[];
	errors: string[];
	duringOutage?: number;
}

async function race(
	name: string,
	{ outage, retryAfter = true, retryOnFail = false }: { outage?: { afterMs: number; forMs: number }; retryAfter?: boolean; retryOnFail?: boolean } = {},
): Promise<Race> {
	sandbox.control.reset();
	sandbox.control.configure({ sendRetryAfter: retryAfter });
	breaker.resetCircuits();
	pacing.resetPaces();
	credentials.sembleApi.apiToken = sandbox.apiToken;
	credentials.sembleApi.endpoint = sandbox.url;
	const started = Date.now();
	let outageWindow: [number, number] | undefined;
	const timers: NodeJS.Timeout[] = [];
	if (outage) {
		timers.push(
			setTimeout(() => {
				sandbox.control.injectFault({ kind: 'http500', status: 503, count: 1_000_000 });
				outageWindow = [Date.now(), Date.now() + outage.forMs];
				timers.push(setTimeout(() => sandbox.control.clearFaults(), outage.forMs));
			}, outage.afterMs),
		);
	}
	const runs = await Promise.all(
		Array.from({ length: PROCESSES }, async (_, n) => {
			const result = await runWorkflow(workflowOf(n, retryOnFail), { credentials });
			return { result, finishedMs: Date.now() - started };
		}),
	);
	timers.forEach(clearTimeout);
	sandbox.control.clearFaults();
	const log = sandbox.control.requestLog();
	return {
		name,
		wallMs: Date.now() - started,
		sent: log.length,
		refused: log.filter((entry) => entry.status === 429).length,
		records: runs.map(({ result }) => (result.error ? 0 : result.output('Semble').length)),
		finishedMs: runs.map(({ finishedMs }) => finishedMs),
		errors: runs.flatMap(({ result }) => (result.error ? [result.error.message] : [])),
		duringOutage: outageWindow && log.filter((entry) => Date.parse(entry.at) >= outageWindow![0] && Date.parse(entry.at) <= outageWindow![1]).length,
	};
}

const results: Race[] = [];

/**
 * The node as it was before (fixed pacing): a 429 changed nothing but the retry, which came
 * after a full-jitter backoff (0.3 s doubling) or Retry-After, five attempts at most.
 */
async function withFixedPacing(run: () => Promise<Race>) {
	const spies = [
		jest.spyOn(pacing, 'rateLimited').mockImplementation(() => undefined),
		jest.spyOn(retryPolicy, 'mayRetry').mockImplementation((failure, kind, attempt) =>
			attempt < 5 && failure !== 'final' && (kind === 'read' || failure !== 'transient'),
		),
		jest.spyOn(retryPolicy, 'retryDelayMs').mockImplementation((attempt, retryAfterMs) =>
			retryAfterMs !== undefined ? retryAfterMs + Math.random() * 300 : Math.random() * Math.min(20_000, 300 * 2 ** (attempt - 1)),
		),
	];
	try {
		results.push(await run());
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
}

test('Semble sends Retry-After: fixed pacing, then adaptive', async () => {
	await withFixedPacing(async () => await race('fixed, Retry-After'));
	results.push(await race('adaptive, Retry-After'));
});

test('Semble sends no Retry-After: fixed pacing, then adaptive', async () => {
	await withFixedPacing(async () => await race('fixed, no Retry-After', { retryAfter: false }));
	results.push(await race('adaptive, no Retry-After', { retryAfter: false }));
});

test('a 30 s outage of 503s from 5 s in, n8n retrying the node (3 tries): without the breaker, then with it', async () => {
	const outage = { afterMs: 5_000, forMs: 30_000 };
	const open = jest.spyOn(breaker, 'refusedUntil').mockReturnValue(undefined);
	try {
		results.push(await race('outage, no breaker', { outage, retryOnFail: true }));
	} finally {
		open.mockRestore();
	}
	results.push(await race('outage, breaker', { outage, retryOnFail: true }));
});

afterAll(() => {
	const pages = PROCESSES * Math.ceil(PATIENTS / 100);
	const floorMs = ((pages - 1) * 60_000) / LIMIT;
	const lines = results.map((run) =>
		[
			run.name.padEnd(26),
			`refused ${run.refused}/${run.sent} (${((100 * run.refused) / run.sent).toFixed(1)}%)`.padEnd(24),
			`wall ${(run.wallMs / 1000).toFixed(1)} s (floor ${(floorMs / 1000).toFixed(1)} s, ×${(run.wallMs / floorMs).toFixed(2)})`.padEnd(34),
			`records ${run.records.join(' / ')}`.padEnd(30),
			`finished at ${run.finishedMs.map((ms) => (ms / 1000).toFixed(0)).join(' / ')} s`,
			run.duringOutage !== undefined ? `  sent during the outage: ${run.duringOutage}` : '',
			run.errors.length ? `  errors: ${[...new Set(run.errors)].join(' | ')}` : '',
		].join('  '),
	);
	console.log(
		[`${PROCESSES} processes × Get Many over ${PATIENTS} patients, one token, Semble at ${LIMIT}/min (${pages} pages)`, ...lines].join('\n'),
	);
});
