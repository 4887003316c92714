import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { fakeDateOnly } from '../harness/clock';
import { DurableCursor, pollOnce } from '../harness/triggers';

/**
 * The Semble Trigger at clinic scale, through n8n-core's PollContext against the sandbox:
 * a 20,000-change backlog, a server that reshuffles every list, n8n's poll budget, and n8n's
 * durable poll cursor. Only Date is faked, so the trigger and the sandbox share one clock.
 */

const START = Date.parse('2026-11-02T10:00:00Z');
const MINUTE = 60_000;
const BACKLOG = 20_000;
let sandbox: RunningSandbox;

const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 60_000 },
});
const patients = { resource: 'patient', event: 'createdOrUpdated', options: { fields: 'full' } };
const listRequests = () => sandbox.control.requestLog().filter((entry) => entry.rootFields.includes('patients')).length;
const ids = (items: INodeExecutionData[] | null) =>
	(items ?? []).map((item) => `${item.json.id}@${item.json.updatedAt}`);

/** Every patient changes at `at` (+ spread ms), as a bulk import or a mass consent update does. */
function touchAll(at: number, spreadMs = 0, count = BACKLOG) {
	let n = 0;
	for (const patient of sandbox.store.patients.values()) {
		if (n++ >= count) break;
		patient.updatedAt = new Date(at + (spreadMs ? (n * 7919) % spreadMs : 0)).toISOString();
	}
}

beforeAll(async () => {
	fakeDateOnly(START);
	sandbox = await startSandbox({ seed: 91, scale: { patients: BACKLOG, bookings: 10 }, rateLimitPerMinute: 0 });
});
afterAll(async () => {
	await sandbox.close();
	jest.useRealTimers();
});
beforeEach(() => {
	sandbox.control.reset();
	sandbox.control.configure({ listOrder: 'stable' });
});

test('20,000 changes at one instant drain in 3 checks at the defaults, each once, in ≤ 1.2 × ceil(N/100) + 1 per check requests', async () => {
	jest.setSystemTime(START);
	const state: IDataObject = {};
	await pollOnce({ parameters: patients, credentials: credentials(), staticData: state });
	touchAll(START + MINUTE);
	sandbox.control.clearLog();
	const emitted: string[] = [];
	let checks = 0;
	for (let now = START + 5 * MINUTE; emitted.length < BACKLOG && checks < 10; now += 5 * MINUTE, checks++) {
		jest.setSystemTime(now);
		emitted.push(...ids(await pollOnce({ parameters: patients, credentials: credentials(), staticData: state })));
	}
	expect(checks).toBeLessThanOrEqual(3);
	expect(new Set(emitted).size).toBe(BACKLOG);
	expect(emitted).toHaveLength(BACKLOG);
	expect(listRequests()).toBeLessThanOrEqual(1.2 * Math.ceil(BACKLOG / 100) + checks);
}, 120_000);

test('a server that reshuffles every list: bursts of 1,200 at one millisecond and a spread, none lost, none twice', async () => {
	jest.setSystemTime(START + 60 * MINUTE);
	sandbox.control.configure({ listOrder: 'shuffled' });
	const state: IDataObject = {};
	await pollOnce({ parameters: patients, credentials: credentials(), staticData: state });
	touchAll(START + 61 * MINUTE, 0, 1200);
	let n = 0;
	for (const patient of sandbox.store.patients.values()) {
		if (n++ < 1200) continue;
		if (n > 1700) break;
		patient.updatedAt = new Date(START + 61 * MINUTE + n * 300).toISOString();
	}
	const emitted: string[] = [];
	for (let now = START + 65 * MINUTE, checks = 0; checks < 6; now += 5 * MINUTE, checks++) {
		jest.setSystemTime(now);
		emitted.push(...ids(await pollOnce({ parameters: patients, credentials: credentials(), staticData: state })));
	}
	expect(new Set(emitted).size).toBe(1700);
	expect(emitted).toHaveLength(1700);
}, 120_000);

test('n8n’s poll budget: a check stops before it and keeps its progress; the backlog drains over checks', async () => {
	jest.setSystemTime(START + 120 * MINUTE);
	const state: IDataObject = {};
	await pollOnce({ parameters: patients, credentials: credentials(), staticData: state });
	touchAll(START + 121 * MINUTE, 60 * MINUTE, 3000);
	sandbox.control.injectFault({ kind: 'slow', match: 'patients', delayMs: 200, count: 1000 });
	const emitted: string[] = [];
	let [longest, checks] = [0, 0];
	// About 30 requests of 200 ms each: more than one 3 s budget holds.
	for (let now = START + 185 * MINUTE; emitted.length < 3000 && checks < 20; now += 5 * MINUTE, checks++) {
		jest.setSystemTime(now);
		const started = performance.now(); // the harness's own set-up is inside this measure too
		emitted.push(
			...ids(
				await pollOnce({ parameters: patients, credentials: credentials(), staticData: state, pollBudgetMs: 3000 }),
			),
		);
		longest = Math.max(longest, performance.now() - started);
	}
	sandbox.control.clearFaults();
	expect(checks).toBeGreaterThan(1);
	expect(new Set(emitted).size).toBe(3000);
	expect(emitted).toHaveLength(3000);
	expect(longest).toBeLessThan(3000);
}, 120_000);

test('n8n’s durable poll cursor: the state is committed with the emitted items, and not at all when a check fails', async () => {
	jest.setSystemTime(START + 300 * MINUTE);
	const cursor = new DurableCursor();
	await pollOnce({ parameters: patients, credentials: credentials(), cursor });
	expect(cursor.commits).toBe(1); // the first state, committed alone (nothing emitted)
	touchAll(START + 301 * MINUTE, 0, 30);

	jest.setSystemTime(START + 305 * MINUTE);
	const before = structuredClone(cursor.committed);
	sandbox.control.injectFault({ kind: 'http500', count: 20 });
	await expect(pollOnce({ parameters: patients, credentials: credentials(), cursor })).rejects.toThrow();
	sandbox.control.clearFaults();
	expect(cursor.committed).toEqual(before);

	jest.setSystemTime(START + 306 * MINUTE); // the next check, once the circuit has half-opened
	const items = await pollOnce({ parameters: patients, credentials: credentials(), cursor });
	expect(items).toHaveLength(30);
	expect(cursor.commits).toBe(2);
	expect((cursor.committed.state as IDataObject).watermark).not.toEqual((before.state as IDataObject).watermark);
	jest.setSystemTime(START + 310 * MINUTE);
	expect(await pollOnce({ parameters: patients, credentials: credentials(), cursor })).toBeNull();
});
