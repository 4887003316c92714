import type { INodeParameters } from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { checkPhone } from '../../nodes/Semble/shared/validation';
import { NO_PATIENT_MATCHED } from '../../nodes/Semble/v1/actions/common/hints';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Core patient operations through n8n's engine against the sandbox: a success and failures each. */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const run = async (parameters: INodeParameters, options: Parameters<typeof sembleWorkflow>[1] = {}) =>
	await runWorkflow(sembleWorkflow({ resource: 'patient', ...parameters }, options), { credentials: credentials() });
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const anyPatient = () => [...sandbox.store.patients.values()].find((p) => !p.archived) as PatientRecord;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 21, scale: { patients: 250, bookings: 250 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Create', () => {
	test('creates the patient with a normalised phone and the consent given', async () => {
		const result = await run({
			operation: 'create',
			firstName: 'Priya',
			lastName: 'Shah',
			additionalFields: {
				email: ' Priya.Shah@Example.com ',
				dob: '1990-02-28',
				phoneNumber: '07700 900123',
				communicationPreferences: { promotionalMarketing: false, receiveSMS: true },
			},
		});
		expect(result.error).toBeUndefined();
		const stored = sandbox.store.patients.get(String(result.output('Semble')[0].json.id)) as PatientRecord;
		expect(stored).toMatchObject({ firstName: 'Priya', lastName: 'Shah', email: 'priya.shah@example.com', dob: '1990-02-28' });
		expect(stored.phones.map((p) => p.phoneNumber)).toEqual(['+447700900123']);
		expect(stored.communicationPreferences).toMatchObject({ promotionalMarketing: false, receiveSMS: true });
	});

	test.each([
		['email', { email: 'priya@' }, 'Invalid "Email" in item 0: is not a valid email address'],
		['phone', { phoneNumber: '12345' }, 'Invalid "Phone Number" in item 0: is not a phone number (use e.g. 07700 900123 or +44 7700 900123)'],
		['date of birth', { dob: '2999-01-01' }, 'Invalid "Date of Birth" in item 0: is in the future'],
	])('a bad %s fails before any request', async (_name, additionalFields, message) => {
		const result = await run({ operation: 'create', firstName: 'Priya', lastName: 'Shah', additionalFields });
		expect(result.error?.message).toBe(message);
		expect(requestsTo('createPatient')).toBe(0);
	});

	test('every bad field of an item in one error, and nothing sent', async () => {
		const result = await run({
			operation: 'create',
			firstName: 'Priya',
			lastName: 'Shah',
			additionalFields: { email: 'priya@', dob: '2999-01-01', phoneNumber: '12345' },
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Email" is not a valid email address; "Date of Birth" is in the future; ' +
				'"Phone Number" is not a phone number (use e.g. 07700 900123 or +44 7700 900123)',
		);
		expect(requestsTo('createPatient')).toBe(0);
	});

	test('continue on fail in a batch: each bad item lists its own problems, the good ones are created together', async () => {
		const result = await run(
			{ operation: 'create', firstName: 'Ann', lastName: 'Jones', additionalFields: { email: '={{ $json.email }}', phoneNumber: '={{ $json.phone }}' } },
			{
				settings: { continueOnFail: true },
				items: [
					{ email: 'x@', phone: '1' },
					{ email: 'ann@example.com', phone: '07700 900123' },
					{ email: 'ok@example.com', phone: '99' },
				],
			},
		);
		expect(result.output('Semble').map((item) => item.json.error ?? 'created')).toEqual([
			'Invalid input in item 0: "Email" is not a valid email address; "Phone Number" is not a phone number (use e.g. 07700 900123 or +44 7700 900123)',
			'created',
			'Invalid "Phone Number" in item 2: is not a phone number (use e.g. 07700 900123 or +44 7700 900123)',
		]);
		expect(requestsTo('createPatient')).toBe(1);
	});

	test('continue on fail: the bad item reports, the good one is created', async () => {
		const result = await run(
			{ operation: 'create', firstName: '={{ $json.first }}', lastName: 'Jones', additionalFields: { email: '={{ $json.email }}' } },
			{ settings: { continueOnFail: true }, items: [{ first: 'Ann', email: 'not-an-email' }, { first: 'Bea', email: 'bea@example.com' }] },
		);
		const [bad, good] = result.output('Semble');
		expect(bad.json.error).toBe('Invalid "Email" in item 0: is not a valid email address');
		expect(good.json.firstName).toBe('Bea');
		expect(requestsTo('createPatient')).toBe(1);
	});
});

describe('Get and Get Many', () => {
	test('gets a patient; an unknown ID is a clear error', async () => {
		const patient = anyPatient();
		const found = await run({ operation: 'get', patientId: byId(patient.id) });
		expect(found.output('Semble')[0].json).toMatchObject({ id: patient.id, lastName: patient.lastName });
		const missing = await run({ operation: 'get', patientId: byId('no-such-patient') });
		expect(missing.error?.message).toBe('No patient with ID no-such-patient');
	});

	test('searches by email and honours an exact limit', async () => {
		const patient = [...sandbox.store.patients.values()].find((p) => p.email?.includes('@')) as PatientRecord;
		const found = await run({ operation: 'getMany', returnAll: true, filters: { search: patient.email } });
		expect(found.output('Semble').map((item) => item.json.id)).toContain(patient.id);
		const limited = await run({ operation: 'getMany', returnAll: false, limit: 42 });
		expect(limited.output('Semble')).toHaveLength(42);
		expect(requestsTo('patients')).toBe(2);
	});

	test('a search that matches nobody says what Semble searches, once for all items and without the search text', async () => {
		const result = await run(
			{ operation: 'getMany', returnAll: true, filters: { search: '={{ $json.q }}' } },
			{ items: [{ q: 'Zzyzx Nobody' }, { q: 'Qwxz Nobody' }] },
		);
		expect(result.output('Semble')).toEqual([]);
		const hints = result.run.data.resultData.runData.Semble[0].hints ?? [];
		expect(hints).toEqual([{ message: NO_PATIENT_MATCHED, location: 'outputPane' }]);
		expect(JSON.stringify(hints)).not.toMatch(/Zzyzx|Qwxz/);
		const found = await run({ operation: 'getMany', returnAll: false, limit: 1, filters: { search: '' } });
		expect(found.run.data.resultData.runData.Semble[0].hints ?? []).toEqual([]);
	});
});

describe('Simplify', () => {
	test('on (the default): one flat object with contact details, NHS number and consent', async () => {
		const patient = [...sandbox.store.patients.values()].find((p) => p.numbers.some((n) => n.name === 'NHS')) as PatientRecord;
		const [item] = (await run({ operation: 'get', patientId: byId(patient.id) })).output('Semble');
		expect(item.json).toMatchObject({
			id: patient.id,
			nhsNumber: patient.numbers.find((n) => n.name === 'NHS')?.value,
			promotionalMarketing: patient.communicationPreferences.promotionalMarketing,
			postcode: patient.address.postcode,
		});
		expect(item.json.numbers).toBeUndefined();
		const phone = patient.phones[0]?.phoneNumber;
		const e164 = phone ? checkPhone(phone) : undefined;
		expect(item.json.phoneE164).toBe(e164?.ok ? e164.value : null);
	});

	test('phones in any UK form come out in E.164 for SMS and CRMs', async () => {
		const created = await run({ operation: 'create', firstName: 'Sam', lastName: 'Text', additionalFields: { phoneNumber: '0044 (0)7700 900 321' } });
		const [item] = (await run({ operation: 'get', patientId: byId(String(created.output('Semble')[0].json.id)) })).output('Semble');
		expect(item.json.phoneE164).toBe('+447700900321');
	});

	test('off: Semble’s full nested record', async () => {
		const patient = anyPatient();
		const [item] = (await run({ operation: 'get', patientId: byId(patient.id), simplify: false })).output('Semble');
		expect(item.json.communicationPreferences).toEqual(expect.objectContaining({ receiveEmail: patient.communicationPreferences.receiveEmail }));
		expect(item.json.nhsNumber).toBeUndefined();
	});
});

describe('Update, Archive, Unarchive, Delete', () => {
	test('withdrawn marketing consent is written to Semble', async () => {
		const patient = anyPatient();
		const result = await run({
			operation: 'update',
			patientId: byId(patient.id),
			updateFields: { communicationPreferences: { promotionalMarketing: false }, city: 'Leeds' },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.store.patients.get(patient.id)).toMatchObject({
			address: expect.objectContaining({ city: 'Leeds' }),
			communicationPreferences: expect.objectContaining({ promotionalMarketing: false }),
		});
	});

	test('an update with nothing to change is refused before any request', async () => {
		const result = await run({ operation: 'update', patientId: byId(anyPatient().id), updateFields: {} });
		expect(result.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requestsTo('updatePatient')).toBe(0);
	});

	test('archives with a reason, then unarchives', async () => {
		const patient = anyPatient();
		const archived = await run({ operation: 'archive', patientId: byId(patient.id), reason: 'MOVED_AWAY_OR_TRANSFER_OF_CARE', comments: 'Moved to Leeds' });
		expect(archived.output('Semble')[0].json.archived).toBe(true);
		expect(sandbox.store.patients.get(patient.id)?.archivedInfo?.archivedReason).toBe('MOVED_AWAY_OR_TRANSFER_OF_CARE');
		const unarchived = await run({ operation: 'unarchive', patientId: byId(patient.id), reason: 'ACTIVE_PATIENT' });
		expect(unarchived.output('Semble')[0].json.archived).toBe(false);
	});

	test('deletes; deleting an unknown patient is Semble’s refusal, reported', async () => {
		const patient = anyPatient();
		const deleted = await run({ operation: 'delete', patientId: byId(patient.id) });
		expect(deleted.output('Semble')[0].json).toEqual({ id: patient.id, deleted: true });
		expect(sandbox.store.patients.has(patient.id)).toBe(false);
		const again = await run({ operation: 'delete', patientId: byId(patient.id) });
		expect(again.error?.message).toMatch(/^Semble refused deletePatient: /);
	});
});
