import type { INodeParameters } from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { validNhs, spaced } from '../harness/nhs';
import { byId, sembleWorkflow } from '../harness/workflows';

/**
 * The NHS number on Patient › Create and Update, through n8n's engine against the sandbox.
 * Semble's create has no NHS number, so it is a second write in the same step: the output says
 * which part was saved when it fails, and running the node again never makes a second patient.
 */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
type Options = Parameters<typeof sembleWorkflow>[1];
const run = async (parameters: INodeParameters, options: Options = {}) =>
	await runWorkflow(sembleWorkflow({ resource: 'patient', ...parameters }, options), { credentials: credentials() });
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const named = (lastName: string) => [...sandbox.store.patients.values()].filter((p) => p.lastName === lastName);
const nhsOf = (patient: PatientRecord) => patient.numbers.filter((n) => n.name === 'NHS').map((n) => n.value);
const create = (lastName: string, additionalFields: INodeParameters) => ({
	operation: 'create',
	firstName: 'Ada',
	lastName,
	additionalFields,
});
/** Semble refuses the next addPatientNumber (the NHS step), as it would a bad request. */
const refuseNhsStep = () =>
	sandbox.control.injectFault({ kind: 'payloadError', match: 'addPatientNumber', message: 'Number store unavailable' });
const retryOnFail = { settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } };

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 33, scale: { patients: 60, bookings: 10 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Create', () => {
	test('saves the NHS number right after creating the patient, as 10 digits', async () => {
		const nhs = validNhs(100001);
		const result = await run(create('Nhs-One', { nhsNumber: spaced(nhs), email: 'ada@example.com' }));
		expect(result.error).toBeUndefined();
		const [patient] = named('Nhs-One');
		expect(nhsOf(patient)).toEqual([nhs]);
		expect(result.output('Semble')[0].json).toMatchObject({ id: patient.id, numbers: [{ name: 'NHS', value: nhs }] });
		expect(sandbox.control.rootFieldCounts()).toEqual({ practice: 1, createPatient: 1, addPatientNumber: 1 });
	});

	test('a bad NHS number is named with every other bad field, and nothing is sent', async () => {
		const result = await run(create('Nhs-Bad', { nhsNumber: '999 123 4568', email: 'not-an-email' }));
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Email" is not a valid email address; "NHS Number" is not a valid NHS number (10 digits with a correct check digit)',
		);
		expect(sandbox.control.requestLog()).toHaveLength(0);
		expect(named('Nhs-Bad')).toHaveLength(0);
	});

	test('a practice with no NHS number type is told so before anything is written', async () => {
		const types = sandbox.store.practiceNumbers;
		sandbox.store.practiceNumbers = types.filter((type) => type.name !== 'NHS');
		try {
			const result = await run(create('Nhs-NoType', { nhsNumber: validNhs(100002) }));
			expect(result.error?.message).toMatch(
				/^Invalid "NHS Number" in item 0: this practice has no NHS number type in Semble/,
			);
			expect(requestsTo('createPatient')).toBe(0);
		} finally {
			sandbox.store.practiceNumbers = types;
		}
	});

	test('when the NHS number is refused, the error says the patient was created and which one', async () => {
		refuseNhsStep();
		const result = await run(create('Nhs-Half', { nhsNumber: validNhs(100003) }));
		const [patient] = named('Nhs-Half');
		expect(nhsOf(patient)).toEqual([]);
		expect(result.error?.message).toBe(
			`The patient was created (ID ${patient.id}), but its NHS number was not saved: Semble refused addPatientNumber: Number store unavailable`,
		);
		expect((result.error as { description?: string }).description).toMatch(/^Add it with Patient › Add Number/);
	});

	test('with Continue On Fail the item carries the created patient and the error; the others are whole', async () => {
		refuseNhsStep();
		const result = await run(
			{ ...create('={{ $json.last }}', { nhsNumber: '={{ $json.nhs }}' }), options: { batchSize: 10 } },
			{
				items: [
					{ last: 'Nhs-Cof-A', nhs: validNhs(100004) },
					{ last: 'Nhs-Cof-B', nhs: validNhs(100005) },
				],
				settings: { onError: 'continueRegularOutput' },
			},
		);
		expect(result.error).toBeUndefined();
		const [first, second] = result.output('Semble').map((item) => item.json);
		expect(first).toMatchObject({
			id: named('Nhs-Cof-A')[0].id,
			error: expect.stringMatching(/^The patient was created \(ID /),
		});
		expect(second).toMatchObject({ id: named('Nhs-Cof-B')[0].id, numbers: [{ name: 'NHS', value: validNhs(100005) }] });
		expect(second.error).toBeUndefined();
		expect(requestsTo('createPatient')).toBe(1);
	});

	test("n8n's Retry On Fail retries only the NHS number: one patient, with its number", async () => {
		refuseNhsStep();
		const nhs = validNhs(100006);
		const result = await run(create('Nhs-Retry', { nhsNumber: nhs }), retryOnFail);
		expect(result.error).toBeUndefined();
		expect(named('Nhs-Retry')).toHaveLength(1);
		expect(nhsOf(named('Nhs-Retry')[0])).toEqual([nhs]);
		expect(requestsTo('createPatient')).toBe(1);
		expect(requestsTo('addPatientNumber')).toBe(2);
	});

	test('running the same item again after a failed NHS number finishes that patient instead of making another', async () => {
		refuseNhsStep();
		const nhs = validNhs(100007);
		expect((await run(create('Nhs-Again', { nhsNumber: nhs }))).error).toBeDefined();
		const again = await run(create('Nhs-Again', { nhsNumber: nhs }));
		expect(again.error).toBeUndefined();
		expect(named('Nhs-Again')).toHaveLength(1);
		expect(nhsOf(named('Nhs-Again')[0])).toEqual([nhs]);
		expect(again.output('Semble')[0].json.id).toBe(named('Nhs-Again')[0].id);
		// Once finished, the same values make a new patient again, as any create does.
		expect((await run(create('Nhs-Again', { nhsNumber: nhs }))).error).toBeUndefined();
		expect(named('Nhs-Again')).toHaveLength(2);
	});
});

describe('Update', () => {
	const patientWith = (hasNhs: boolean) =>
		[...sandbox.store.patients.values()].find(
			(p) => !p.archived && nhsOf(p).length === (hasNhs ? 1 : 0),
		) as PatientRecord;

	test('adds an NHS number to a patient who has none', async () => {
		const patient = patientWith(false);
		const nhs = validNhs(100010);
		const result = await run({ operation: 'update', patientId: byId(patient.id), updateFields: { nhsNumber: nhs } });
		expect(result.error).toBeUndefined();
		expect(nhsOf(sandbox.store.patients.get(patient.id) as PatientRecord)).toEqual([nhs]);
		expect(result.output('Semble')[0].json.numbers).toContainEqual(
			expect.objectContaining({ name: 'NHS', value: nhs }),
		);
		expect(requestsTo('addPatientNumber')).toBe(1);
		expect(requestsTo('updatePatientNumber')).toBe(0);
	});

	test('corrects the NHS number a patient has, and leaves an unchanged one alone', async () => {
		const patient = patientWith(true);
		const nhs = validNhs(100011);
		const fields = {
			operation: 'update',
			patientId: byId(patient.id),
			updateFields: { nhsNumber: spaced(nhs), city: 'Leeds' },
		};
		expect((await run(fields)).error).toBeUndefined();
		const stored = sandbox.store.patients.get(patient.id) as PatientRecord;
		expect(nhsOf(stored)).toEqual([nhs]);
		expect(stored.address.city).toBe('Leeds');
		expect(requestsTo('updatePatientNumber')).toBe(1);

		sandbox.control.clearLog();
		expect((await run(fields)).error).toBeUndefined();
		expect(sandbox.control.rootFieldCounts()).toEqual({ practice: 1, updatePatient: 1 });
	});
});

describe('Running a write again', () => {
	test('Retry On Fail after one item is refused does not write the other items twice', async () => {
		sandbox.control.injectFault({ kind: 'payloadError', match: 'createPatient', message: 'Duplicate email' });
		const result = await run(
			{ ...create('={{ $json.last }}', {}), options: { batchSize: 1 } },
			{
				items: [{ last: 'Twice-A' }, { last: 'Twice-B' }, { last: 'Twice-C' }],
				settings: { ...retryOnFail.settings, onError: 'continueRegularOutput' },
			},
		);
		expect(result.error).toBeUndefined();
		// n8n ran the node twice (the first output had an error); the second try sent only the refused item.
		expect(requestsTo('createPatient')).toBe(4);
		for (const last of ['Twice-A', 'Twice-B', 'Twice-C']) expect(named(last)).toHaveLength(1);
		expect(result.output('Semble').map((item) => item.json.error)).toEqual([undefined, undefined, undefined]);
	});

	test('a write whose answer was lost is not sent again by Retry On Fail', async () => {
		sandbox.control.injectFault({ kind: 'reset', match: 'createPatient' });
		const result = await run(create('Lost-Answer', {}), retryOnFail);
		expect(result.error?.message).toBe('Not sent again: the earlier try of this item may have been saved by Semble');
		expect(named('Lost-Answer')).toHaveLength(1);
		expect(requestsTo('createPatient')).toBe(1);
	});
});

describe('Answers that leave a doubt', () => {
	test('a write answered without its record still says which patient, and a create cannot add an NHS number to no one', async () => {
		const patient = [...sandbox.store.patients.values()].find((p) => !p.archived) as PatientRecord;
		const label = [...sandbox.store.labels.values()][0];
		sandbox.control.injectFault({ kind: 'noRecord', match: 'addPatientLabel' });
		const labelled = await run({ operation: 'addLabel', patientId: byId(patient.id), labelId: byId(label.id) });
		expect(labelled.error).toBeUndefined();
		expect(labelled.output('Semble')[0].json).toEqual({ id: patient.id });

		sandbox.control.injectFault({ kind: 'noRecord', match: 'createPatient' });
		const made = await run(create('Nhs-NoRecord', { nhsNumber: validNhs(100020) }));
		expect(made.error?.message).toBe('Semble saved the patient but did not say its ID, so its NHS number was not saved');
		expect(named('Nhs-NoRecord')).toHaveLength(1);
		expect(requestsTo('addPatientNumber')).toBe(0);
	});

	test('an NHS number whose answer was lost is not added twice when the item runs again', async () => {
		const nhs = validNhs(100021);
		sandbox.control.injectFault({ kind: 'reset', match: 'addPatientNumber' });
		expect((await run(create('Nhs-Lost', { nhsNumber: nhs }))).error).toBeDefined();
		const again = await run(create('Nhs-Lost', { nhsNumber: nhs }));
		expect(again.error).toBeUndefined();
		expect(named('Nhs-Lost')).toHaveLength(1);
		expect(nhsOf(named('Nhs-Lost')[0])).toEqual([nhs]);
		expect(requestsTo('addPatientNumber')).toBe(1);
	});

	test('a corrected NHS number, run again, goes on the patient made before', async () => {
		refuseNhsStep();
		expect((await run(create('Nhs-Fixed', { nhsNumber: validNhs(100022) }))).error).toBeDefined();
		const fixed = validNhs(100023);
		expect((await run(create('Nhs-Fixed', { nhsNumber: fixed }))).error).toBeUndefined();
		expect(named('Nhs-Fixed')).toHaveLength(1);
		expect(nhsOf(named('Nhs-Fixed')[0])).toEqual([fixed]);
	});
});
