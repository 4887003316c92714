/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in plain Node, not inside n8n */

import type { IDataObject } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { fakeDateOnly } from '../harness/clock';
import { mulberry32 } from '../harness/random';
import { pollOnce } from '../harness/triggers';

/**
 * Seeded property test of the Semble Trigger (bookings, created or updated, cancelled ones
 * included). Each run interleaves random creates, updates, cancellations and journey
 * changes with checks; some changes land while a check is between pages; some instants
 * hold more than a page of changes; checks meet 429s, 500s and timeouts; n8n "restarts"
 * reload the static data from JSON; the per-check cap varies. Properties:
 *  - every booking's final version (id, updatedAt) is emitted at least once;
 *  - no (id, updatedAt) is emitted twice;
 *  - every emitted version really existed.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261121);
const MINUTE = 60_000;


let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 600_000, timeoutSeconds: 0.25 },
});

async function mutate(query: string, variables: object): Promise<{ id: string; updatedAt: string } | undefined> {
	const response = await fetch(sandbox.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-token': sandbox.apiToken },
		body: JSON.stringify({ query, variables }),
	});
	const body = (await response.json()) as { data?: Record<string, { data?: { id: string; updatedAt: string } }> };
	return Object.values(body.data ?? {})[0]?.data ?? undefined;
}

const CREATE = 'mutation ($b: BookingDataInput) { createBooking(bookingData: $b) { data { id updatedAt } error } }';
const UPDATE = 'mutation ($id: ID!, $c: String) { updateBooking(id: $id, bookingData: { comments: $c }) { data { id updatedAt } error } }';
const CANCEL = 'mutation ($id: ID!) { deleteBooking(id: $id) { data { id updatedAt } error } }';
const JOURNEY = 'mutation ($id: ID!) { updateBookingJourney(id: $id, bookingJourneyInput: { journeyStage: arrived }) { data { id updatedAt } error } }';

beforeAll(async () => {
	fakeDateOnly(Date.parse('2027-01-04T09:00:00Z'));
	sandbox = await startSandbox({ seed: 61, scale: { patients: 40, bookings: 30 }, rateLimitPerMinute: 0 });
});
afterAll(async () => {
	await sandbox.close();
	jest.useRealTimers();
});

test(`${RUNS} seeded runs: every change emitted at least once, none twice`, async () => {
	const random = mulberry32(SEED);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	let totalEmitted = 0;

	for (let run = 0; run < RUNS; run++) {
		sandbox.control.reset();
		let now = Date.parse('2027-01-04T09:00:00Z') + run * 7 * 24 * 60 * MINUTE;
		jest.setSystemTime(now);
		const template = [...sandbox.store.bookings.values()][0] as BookingRecord;
		const versions = new Map<string, Set<string>>();
		const record = (row?: { id: string; updatedAt: string }) => {
			if (row) versions.set(row.id, (versions.get(row.id) ?? new Set()).add(row.updatedAt));
		};
		const parameters = {
			resource: 'booking',
			event: 'createdOrUpdated',
			options: { fields: 'full', overlapMinutes: 2, safetyLagMinutes: 1, maxItems: pick([10, 50, 500]) },
		};
		let staticData: IDataObject = {};
		const emitted: string[] = [];
		const check = async (faulty: boolean) => {
			const working = structuredClone(staticData);
			if (faulty) {
				const fault = pick(['http429', 'http500', 'graphqlError', 'http500', 'slow'] as const);
				sandbox.control.injectFault({ kind: fault, count: 1 + Math.floor(random() * 2), retryAfterSeconds: 0, delayMs: 400 });
			}
			let items: Awaited<ReturnType<typeof pollOnce>> = null;
			try {
				items = await pollOnce({ parameters, credentials: credentials(), staticData: working });
			} catch {
				sandbox.control.clearFaults();
				return; // as in n8n: a failed check keeps the previous static data
			}
			sandbox.control.clearFaults();
			staticData = random() < 0.25 ? JSON.parse(JSON.stringify(working)) : working; // sometimes a restart
			for (const item of items ?? []) emitted.push(`${item.json.id}@${item.json.updatedAt}`);
		};

		await check(false); // activation
		const steps = 4 + Math.floor(random() * 8);
		for (let step = 0; step < steps; step++) {
			now += Math.floor(random() * 90_000);
			jest.setSystemTime(now);
			const existing = [...versions.keys()];
			const action = random();
			if (action < 0.35 || existing.length === 0) {
				const count = random() < 0.08 ? 110 : 1 + Math.floor(random() * 3); // sometimes > one page at one instant
				for (let n = 0; n < count; n++) {
					const start = new Date(now + (n + 1) * 3_600_000).toISOString();
					record(
						await mutate(CREATE, {
							b: {
								patient: template.patientId,
								doctor: template.doctorId,
								location: template.locationId,
								bookingType: template.bookingTypeId,
								start,
								end: new Date(Date.parse(start) + 30 * MINUTE).toISOString(),
							},
						}),
					);
				}
			} else if (action < 0.6) {
				record(await mutate(UPDATE, { id: pick(existing), c: `step ${step}` }));
			} else if (action < 0.7) {
				record(await mutate(CANCEL, { id: pick(existing) }));
			} else if (action < 0.8) {
				record(await mutate(JOURNEY, { id: pick(existing) }));
			} else if (action < 0.9 && existing.length > 0) {
				// A change lands while a check is in flight (its first page is delayed after running).
				sandbox.control.injectFault({ kind: 'slow', match: 'bookings', delayMs: 60 });
				const inFlight = check(false);
				await new Promise((resolve) => setTimeout(resolve, 20));
				record(await mutate(UPDATE, { id: pick(existing), c: 'mid-check' }));
				await inFlight;
			} else {
				await check(random() < 0.3);
			}
		}
		// Let every change age past the lag, then check until a check finds nothing
		// (a small cap takes several checks to drain a burst).
		for (let quiet = 0, guard = 0; quiet < 2 && guard < 300; guard++) {
			now += 3 * MINUTE;
			jest.setSystemTime(now);
			const before = emitted.length;
			await check(false);
			quiet = emitted.length === before ? quiet + 1 : 0;
		}

		const counts = new Map<string, number>();
		for (const key of emitted) counts.set(key, (counts.get(key) ?? 0) + 1);
		const twice = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
		expect({ run, twice }).toEqual({ run, twice: [] });
		const invented = emitted.filter((key) => !versions.get(key.split('@')[0])?.has(key.split('@')[1]));
		expect({ run, invented }).toEqual({ run, invented: [] });
		const finals = [...versions.keys()].map((id) => `${id}@${sandbox.store.bookings.get(id)?.updatedAt}`);
		const missing = finals.filter((key) => !counts.has(key));
		expect({ run, missing }).toEqual({ run, missing: [] });
		totalEmitted += emitted.length;
	}
	expect(totalEmitted).toBeGreaterThan(RUNS);
}, 15 * 60_000);
