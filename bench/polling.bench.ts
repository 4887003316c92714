/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- not shipped: a benchmark that prints its results */
import type { IDataObject } from 'n8n-workflow';

import type { RunningSandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import { pollOnce } from '../test/harness/triggers';

/**
 * The Semble Trigger draining backlogs through n8n-core's PollContext at Semble's 240
 * requests a minute, with the trigger's default options and the 40 s budget it uses on an n8n
 * without a poll budget: a single instant, a day, steady load, and a burst under a server
 * that reshuffles every list. For each: requests used against ceil(changes / 100), checks to
 * drain, the longest check against its budget, and the heap one check's items hold.
 */

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);
const LIMIT = 240;
const BUDGET_MS = 40_000;
const DAY = 24 * 3_600_000;

jest.setTimeout(60 * 60_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 17, scale: { patients: BACKLOG, bookings: 10 }, rateLimitPerMinute: LIMIT });
});
afterAll(async () => await sandbox.close());

const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: LIMIT },
});
const listRequests = () => sandbox.control.requestLog().filter((entry) => entry.rootFields.includes('patients')).length;
const patients = (options: IDataObject = {}) => ({
	resource: 'patient',
	event: 'createdOrUpdated',
	options: { fields: 'full', ...options },
});

/** Stamps the first `count` patients with `stampOf(n)`: the changes of a bulk import or a mass update. */
function change(count: number, stampOf: (n: number) => number) {
	let n = 0;
	for (const patient of sandbox.store.patients.values()) {
		if (n >= count) break;
		patient.updatedAt = new Date(stampOf(n++)).toISOString();
	}
}

interface Drain {
	changes: number;
	requests: number;
	checks: number;
	longestMs: number;
	heapMb: number;
}

/** Checks back to back until `changes` distinct changes were emitted (each check's window ends at its own now). */
async function drain(changes: number, state: IDataObject, between?: (check: number) => void): Promise<Drain> {
	const emitted = new Set<string>();
	let [checks, longestMs, heapMb] = [0, 0, 0];
	sandbox.control.clearLog();
	while (emitted.size < changes && checks < 60) {
		between?.(checks);
		const heapBefore = process.memoryUsage().heapUsed;
		const started = Date.now();
		const items = await pollOnce({
			parameters: patients(),
			credentials: credentials(),
			staticData: state,
			pollBudgetMs: BUDGET_MS,
		});
		longestMs = Math.max(longestMs, Date.now() - started);
		heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
		for (const item of items ?? []) emitted.add(`${item.json.id}@${item.json.updatedAt}`);
		checks++;
	}
	return { changes, requests: listRequests(), checks, longestMs, heapMb };
}

const rows: Array<[string, Drain]> = [];
/** Activates the trigger; with `backMs` its first check starts that far back (n8n was down). */
const activate = async (backMs = 0) => {
	const state: IDataObject = {};
	await pollOnce({ parameters: patients(), credentials: credentials(), staticData: state });
	const first = state.state as IDataObject;
	first.watermark = first.since = new Date(Date.parse(String(first.watermark)) - backMs).toISOString();
	return state;
};

test(`${BACKLOG} changes at one instant`, async () => {
	const state = await activate();
	const at = Date.now();
	await new Promise((resolve) => setTimeout(resolve, 5));
	change(BACKLOG, () => at + 1);
	rows.push(['single instant', await drain(BACKLOG, state)]);
});

test(`${BACKLOG} changes over a day (n8n was down)`, async () => {
	const now = Date.now();
	const state = await activate(DAY + 60_000);
	change(BACKLOG, (n) => now - DAY + ((n * 7919) % DAY));
	rows.push(['a day', await drain(BACKLOG, state)]);
});

test('steady load: 100–450 changes between checks, 24 checks', async () => {
	const state = await activate();
	let [changed, next, requests, longestMs, heapMb] = [0, 0, 0, 0, 0];
	let since = Date.now();
	for (let check = 0; check < 24; check++) {
		await new Promise((resolve) => setTimeout(resolve, 20));
		const count = 100 + ((check * 7919) % 351);
		const span = Date.now() - since - 1;
		let n = 0;
		for (const patient of sandbox.store.patients.values()) {
			if (n++ < next) continue;
			if (n > next + count) break;
			patient.updatedAt = new Date(since + 1 + (n % span)).toISOString();
		}
		next = (next + count) % BACKLOG;
		changed += count;
		sandbox.control.clearLog();
		since = Date.now();
		const heapBefore = process.memoryUsage().heapUsed;
		await pollOnce({ parameters: patients(), credentials: credentials(), staticData: state, pollBudgetMs: BUDGET_MS });
		heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
		longestMs = Math.max(longestMs, Date.now() - since);
		requests += listRequests();
	}
	rows.push(['steady load', { changes: changed, requests, checks: 24, longestMs, heapMb }]);
});

test('a burst of 1,200 at one millisecond plus 3,000 spread, the server reshuffling every list', async () => {
	sandbox.control.configure({ listOrder: 'shuffled' });
	const state = await activate(61_000);
	const at = Date.now() - 1;
	change(4200, (n) => (n < 1200 ? at : at - 1 - (n % 60_000)));
	rows.push(['burst, reshuffled', await drain(4200, state)]);
	sandbox.control.configure({ listOrder: 'stable' });
});

afterAll(() => {
	const lines = rows.map(([name, run]) => {
		const minimum = Math.ceil(run.changes / 100);
		return [
			name.padEnd(18),
			String(run.changes).padStart(6),
			`${run.requests} req (min ${minimum}, ×${(run.requests / minimum).toFixed(2)})`.padEnd(26),
			`${run.checks} checks`.padEnd(10),
			run.longestMs ? `longest ${(run.longestMs / 1000).toFixed(1)} s of ${BUDGET_MS / 1000} s` : '',
			run.heapMb ? `heap ${run.heapMb.toFixed(0)} MB` : '',
		].join('  ');
	});
	console.log([`Semble Trigger at ${LIMIT}/min, default options, ${BUDGET_MS / 1000} s budget`, ...lines].join('\n'));
});
