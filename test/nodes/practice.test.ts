import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/** Practice › Get through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const credentials = (apiToken = sandbox.apiToken) => ({
	sembleApi: { apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const getPractice = (options: Parameters<typeof sembleWorkflow>[1] = {}) =>
	sembleWorkflow({ resource: 'practice', operation: 'get' }, options);

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 12, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('returns rooms with their sites, appointment types, payment types and identifier types', async () => {
	const result = await runWorkflow(getPractice(), { credentials: credentials() });
	expect(result.error).toBeUndefined();
	const [item] = result.output('Semble');
	const { store } = sandbox;
	expect(item.pairedItem).toEqual({ item: 0 });
	expect(item.json).toMatchObject({ id: store.practice.id, name: 'Sandbox Health Clinic', timezone: 'Europe/London' });
	expect(item.json.locations).toEqual(
		[...store.locations.values()].map((room) => ({
			id: room.id,
			name: room.name,
			groupName: room.groupName,
			address: room.address,
		})),
	);
	expect(item.json.locations).toContainEqual(
		expect.objectContaining({ name: 'Treatment Room', groupName: 'London Harley Street' }),
	);
	expect(item.json.appointmentTypes).toEqual(
		[...store.products.values()].filter((p) => p.isBookable).map((p) => ({ id: p.id, title: p.name })),
	);
	expect(item.json.paymentTypes).toEqual(store.paymentTypes);
	expect(item.json.practiceNumbers).toEqual(
		store.practiceNumbers.map(({ id, name, idType }) => ({ id, name, idType })),
	);
	expect(sandbox.control.rootFieldCounts().practice).toBe(1);
});

test('a token without the practice permission gets a clear Semble error', async () => {
	sandbox.control.addToken('no-practice-token', ['patients']);
	const result = await runWorkflow(getPractice(), { credentials: credentials('no-practice-token') });
	expect(result.error?.message).toMatch(/lacks the permission "practice"/);
});

test('continue on fail: a refused request becomes an error item, the next item still succeeds', async () => {
	// n8n answers a 401 by re-authenticating and sending once more, so both attempts of item 0 are refused.
	sandbox.control.injectFault({ kind: 'expiredToken', count: 2 });
	const result = await runWorkflow(getPractice({ settings: { continueOnFail: true }, items: [{}, {}] }), {
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	const [failed, ok] = result.output('Semble');
	expect(failed.json.error).toMatch(/Semble did not accept the credentials/);
	expect(failed.pairedItem).toEqual({ item: 0 });
	expect(ok.json.name).toBe('Sandbox Health Clinic');
	expect(ok.pairedItem).toEqual({ item: 1 });
	expect(sandbox.control.rootFieldCounts().practice).toBe(3);
});
