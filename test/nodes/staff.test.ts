import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Staff (Semble users) through n8n's engine against the sandbox. Read-only: no reset needed. */

let sandbox: RunningSandbox;
const run = (workflow: WorkflowJson) =>
	runWorkflow(workflow, {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } },
	});
const users = () => [...sandbox.store.users.values()];
const requests = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.clearLog());

describe('Get', () => {
	test('returns the staff member with the fields clinics use', async () => {
		const clinician = users().find((u) => u.lastName === 'Raman')!;
		const result = await run(sembleWorkflow({ resource: 'staff', operation: 'get', staffId: byId(clinician.id) }));
		expect(result.error).toBeUndefined();
		const [item] = result.output('Semble');
		expect(item.json).toEqual({
			id: clinician.id,
			title: 'Dr',
			firstName: 'Priya',
			lastName: 'Raman',
			fullName: 'Priya Raman',
			email: clinician.email,
			isDoctor: true,
			qualifications: clinician.qualifications,
			registration: clinician.registration,
			deleted: false,
			createdAt: clinician.createdAt,
			updatedAt: clinician.updatedAt,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('an empty ID is refused before any request', async () => {
		const result = await run(sembleWorkflow({ resource: 'staff', operation: 'get', staffId: byId('  ') }));
		expect(result.error?.message).toMatch(/Invalid "Staff Member" in item 0: must not be empty/);
		expect(requests('user')).toBe(0);
	});

	test('an unknown ID is a clear error', async () => {
		const result = await run(sembleWorkflow({ resource: 'staff', operation: 'get', staffId: byId('640100000000000000000999') }));
		expect(result.error?.message).toMatch(/No staff member with ID 640100000000000000000999/);
	});

	test('continue on fail: the bad item becomes an error item, the others succeed', async () => {
		const [a, b] = users().filter((u) => u.isDoctor);
		const result = await run(
			sembleWorkflow(
				{ resource: 'staff', operation: 'get', staffId: byId('={{ $json.id }}') },
				{ settings: { continueOnFail: true }, items: [{ id: a.id }, { id: '' }, { id: b.id }] },
			),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Semble');
		expect(out.map((o) => o.json.id ?? o.json.error)).toEqual([
			a.id,
			expect.stringMatching(/Invalid "Staff Member" in item 1/),
			b.id,
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(requests('user')).toBe(2);
	});
});

describe('Get Many', () => {
	const getMany = (extra: Record<string, unknown>) =>
		run(sembleWorkflow({ resource: 'staff', operation: 'getMany', returnAll: true, filters: {}, ...extra }));

	test('clinicians only by default (sent as filters.isClinician)', async () => {
		const result = await getMany({});
		const expected = users().filter((u) => u.isDoctor && !u.deleted).map((u) => u.id);
		expect(result.output('Semble').map((o) => o.json.id)).toEqual(expected);
		expect(result.output('Semble').every((o) => o.json.isDoctor === true)).toBe(true);
		expect(expected).toHaveLength(8);
	});

	test('turning Clinicians Only off lists every current member of staff', async () => {
		const result = await getMany({ cliniciansOnly: false });
		expect(result.output('Semble').map((o) => o.json.id)).toEqual(users().filter((u) => !u.deleted).map((u) => u.id));
	});

	test('Include Deleted adds removed staff; Search matches the name', async () => {
		const all = await getMany({ cliniciansOnly: false, filters: { includeDeleted: true } });
		expect(all.output('Semble')).toHaveLength(users().length);
		expect(all.output('Semble').some((o) => o.json.deleted === true)).toBe(true);
		const found = await getMany({ filters: { search: 'fletcher' } });
		expect(found.output('Semble').map((o) => o.json.fullName)).toEqual(['Tom Fletcher']);
	});

	test('Limit returns that many in one request', async () => {
		const result = await run(sembleWorkflow({ resource: 'staff', operation: 'getMany', returnAll: false, limit: 3 }));
		expect(result.output('Semble')).toHaveLength(3);
		expect(requests('users')).toBe(1);
	});

	test('a Limit below 1 is refused before any request', async () => {
		const result = await run(sembleWorkflow({ resource: 'staff', operation: 'getMany', returnAll: false, limit: 0 }));
		expect(result.error?.message).toMatch(/Invalid "Limit" in item 0: must be 1 or more/);
		expect(requests('users')).toBe(0);
	});
});
