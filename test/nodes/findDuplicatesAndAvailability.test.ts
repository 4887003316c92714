import type { INodeParameters } from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { isValidNhsNumber, startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Patient › Find Duplicates and Availability › Get Free Slots through n8n's engine. */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const run = async (parameters: INodeParameters) =>
	await runWorkflow(sembleWorkflow(parameters), { credentials: credentials() });
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const patient = (id: string) => sandbox.store.patients.get(id) as PatientRecord;
const nhsOf = (p: PatientRecord) => p.numbers.find((n) => n.name === 'NHS' && isValidNhsNumber(n.value ?? ''))?.value;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 3, scale: { patients: 400, bookings: 400 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.clearLog());

describe('Find Duplicates', () => {
	const planted = (kind: string) => {
		const found = sandbox.store.duplicates.find((d) => d.kind === kind);
		if (!found) throw new Error(`seed planted no ${kind} duplicate`);
		return found;
	};
	const matchedIds = (json: Record<string, unknown>) =>
		(json.matches as Array<{ patientId: string }>).map((m) => m.patientId).sort();

	test('by email, ignoring case', async () => {
		const { originalId, duplicateId } = planted('email');
		const result = await run({ resource: 'patient', operation: 'findDuplicates', email: patient(originalId).email?.toUpperCase() });
		const [item] = result.output('Semble');
		expect(item.json.hasDuplicates).toBe(true);
		expect(matchedIds(item.json)).toEqual(expect.arrayContaining([originalId, duplicateId].sort()));
	});

	test('by name and date of birth, ignoring accents and case', async () => {
		const { originalId } = planted('nameAndDob');
		const original = patient(originalId);
		const result = await run({
			resource: 'patient',
			operation: 'findDuplicates',
			firstName: ` ${String(original.firstName).toUpperCase()} `,
			lastName: String(original.lastName),
			dob: String(original.dob),
		});
		const [item] = result.output('Semble');
		expect(matchedIds(item.json)).toContain(originalId);
		expect((item.json.matches as Array<{ matchedOn: string[] }>)[0].matchedOn).toContain('nameAndDob');
	});

	test('by NHS number across all patients, one request per 100 patients', async () => {
		const { originalId, duplicateId } = planted('nhsNumber');
		const nhs = nhsOf(patient(originalId)) as string;
		const spaced = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
		const result = await run({ resource: 'patient', operation: 'findDuplicates', nhsNumber: spaced, scanAllForNhsNumber: true });
		expect(matchedIds(result.output('Semble')[0].json)).toEqual([originalId, duplicateId].sort());
		expect(requestsTo('patients')).toBe(Math.ceil(sandbox.store.countPatients() / 100));
	});

	test('no match says so', async () => {
		const result = await run({ resource: 'patient', operation: 'findDuplicates', email: 'nobody-here@example.org' });
		expect(result.output('Semble')[0].json).toEqual({ hasDuplicates: false, matches: [] });
	});

	test('an invalid NHS number, or nothing to check, fails before any request', async () => {
		const invalid = await run({ resource: 'patient', operation: 'findDuplicates', nhsNumber: '1234567890', scanAllForNhsNumber: true });
		expect(invalid.error?.message).toBe('Invalid "NHS Number" in item 0: is not a valid NHS number (10 digits with a correct check digit)');
		const nothing = await run({ resource: 'patient', operation: 'findDuplicates', firstName: 'Ann' });
		expect(nothing.error?.message).toMatch(/^Nothing to check in item 0/);
		expect(requestsTo('patients')).toBe(0);
	});
});

describe('Get Free Slots', () => {
	const room = () => [...sandbox.store.locations.values()][0].id;

	test('returns free periods in a room, split into slots, with UK-local times', async () => {
		const result = await run({
			resource: 'availability',
			operation: 'getFreeSlots',
			locationId: byId(room()),
			from: '2030-01-07T00:00:00Z', // a Monday well after any seeded booking
			to: '2030-01-08T00:00:00Z',
			slotMinutes: 30,
		});
		const slots = result.output('Semble').map((item) => item.json);
		expect(slots).toHaveLength(16); // 09:00–17:00 GMT in 30-minute slots
		expect(slots[0]).toMatchObject({ start: '2030-01-07T09:00:00.000Z', end: '2030-01-07T09:30:00.000Z', startLocal: '2030-01-07T09:00:00+00:00' });
	});

	test('a range over 7 days is refused before any request', async () => {
		const result = await run({
			resource: 'availability',
			operation: 'getFreeSlots',
			locationId: byId(room()),
			from: '2030-01-01T00:00:00Z',
			to: '2030-01-09T00:00:00Z',
		});
		expect(result.error?.message).toBe('Invalid "To" in item 0: must be after From and at most 7 days later (Semble’s limit)');
		expect(requestsTo('availabilities')).toBe(0);
	});
});
