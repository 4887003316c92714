/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- not shipped: a benchmark that prints its results */
import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import { runWorkflow } from '../test/harness/runWorkflow';
import { sembleWorkflow } from '../test/harness/workflows';

/**
 * Patient › Get Many with Return All, through n8n's engine against the sandbox:
 * 1. at Semble's 240 requests/minute: requests used vs ceil(N / page size), wall time vs the
 *    floor that limit sets (first request is free, then one every 250 ms);
 * 2. with no limit anywhere: items per second of our own processing (transport, zod, paging).
 */

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 20_000);
const PAGE_SIZE = 100;
const LIMIT_PER_MINUTE = 240;

jest.setTimeout(15 * 60_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11, scale: { patients: PATIENTS, bookings: 1000 }, rateLimitPerMinute: LIMIT_PER_MINUTE });
});
afterAll(async () => await sandbox.close());

const returnAll = sembleWorkflow({ resource: 'patient', operation: 'getMany', returnAll: true });
const credentials = (requestsPerMinute: number) => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute },
});

test(`Get Many, Return All over ${PATIENTS} patients`, async () => {
	const minimumRequests = Math.ceil(PATIENTS / PAGE_SIZE);

	sandbox.control.clearLog();
	let started = Date.now();
	const limited = await runWorkflow(returnAll, { credentials: credentials(LIMIT_PER_MINUTE) });
	const limitedMs = Date.now() - started;
	const requests = sandbox.control.rootFieldCounts().patients;
	const rejected = sandbox.control.requestLog().filter((entry) => entry.status === 429).length;
	const floorMs = ((requests - 1) * 60_000) / LIMIT_PER_MINUTE;

	sandbox.control.setRateLimit(0);
	started = Date.now();
	const unlimited = await runWorkflow(returnAll, { credentials: credentials(1_000_000) });
	const unlimitedMs = Date.now() - started;

	console.log(
		[
			`Get Many › Return All, ${PATIENTS} patients, page size ${PAGE_SIZE}`,
			`  requests used: ${requests} (minimum ${minimumRequests}; ratio ${(requests / minimumRequests).toFixed(2)}), 429s: ${rejected}`,
			`  wall time at ${LIMIT_PER_MINUTE}/min: ${(limitedMs / 1000).toFixed(1)} s (floor ${(floorMs / 1000).toFixed(1)} s; ratio ${(limitedMs / floorMs).toFixed(2)})`,
			`  own processing, no limit: ${(unlimitedMs / 1000).toFixed(1)} s, ${Math.round(PATIENTS / (unlimitedMs / 1000))} items/s (sandbox included)`,
		].join('\n'),
	);
	expect(limited.output('Semble')).toHaveLength(PATIENTS);
	expect(unlimited.output('Semble')).toHaveLength(PATIENTS);
});
