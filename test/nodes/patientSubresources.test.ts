import type { INodeParameters } from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { spaced, validNhs } from '../harness/nhs';
import { nodeTypes } from '../harness/nodeTypes';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Patient labels, phones, identifier numbers and custom attributes through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const run = async (operation: string, parameters: INodeParameters, options: Parameters<typeof sembleWorkflow>[1] = {}) =>
	await runWorkflow(sembleWorkflow({ resource: 'patient', operation, ...parameters }, options), {
		credentials: credentials(),
	});
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const stored = (id: string) => sandbox.store.patients.get(id) as PatientRecord;
const practiceNumber = (name: string) => sandbox.store.practiceNumbers.find((n) => n.name === name)?.id as string;
const nothingSent = 'Nothing was sent to Semble for this item.';

/** The n-th seeded patient that matches (deterministic: same seed, reset before each test). */
function aPatient(match: (p: PatientRecord) => boolean = () => true, nth = 0): PatientRecord {
	const found = [...sandbox.store.patients.values()].filter(match)[nth];
	if (!found) throw new Error('seed has no such patient');
	return found;
}

const withWrongCheckDigit = (nhs: string) => `${nhs.slice(0, 9)}${(Number(nhs[9]) + 1) % 10}`;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 9, scale: { patients: 150, bookings: 150 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('the node offers every sub-resource operation', () => {
	const node = nodeTypes.getByNameAndVersion('n8n-nodes-semble.semble', 1);
	const operation = node.description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('patient'),
	);
	const values = (operation?.options as Array<{ value: string }>).map((o) => o.value);
	expect(values).toEqual(
		expect.arrayContaining([
			...['addLabel', 'removeLabel', 'addPhone', 'updatePhone', 'removePhone', 'addNumber'],
			...['updateNumber', 'removeNumber', 'addAttribute', 'updateAttribute', 'removeAttribute'],
		]),
	);
});

describe('Labels', () => {
	test('Add Label puts a practice label on the patient', async () => {
		const label = [...sandbox.store.labels.values()][0];
		const patient = aPatient((p) => !p.labels.some((l) => l.referenceId === label.id));
		const result = await run('addLabel', { patientId: byId(patient.id), labelId: byId(label.id) });
		expect(result.error).toBeUndefined();
		const assignment = stored(patient.id).labels.find((l) => l.referenceId === label.id);
		expect(assignment).toBeDefined();
		const [item] = result.output('Semble');
		expect(item.json.id).toBe(patient.id);
		expect(item.json.labels).toContainEqual({ id: assignment?.id, referenceId: label.id, text: label.title, color: label.color });
	});

	test('Add Label with an unknown label is refused by Semble', async () => {
		const result = await run('addLabel', { patientId: byId(aPatient().id), labelId: byId('no-such-label') });
		expect(result.error?.message).toBe('Semble refused addPatientLabel: Label not found');
	});

	test('Add Label with an empty Label ID is caught before any request', async () => {
		const result = await run('addLabel', { patientId: byId(aPatient().id), labelId: byId('  ') });
		expect(result.error?.message).toBe('Invalid "Label" in item 0: must not be empty');
		expect((result.error as { description?: string }).description).toBe(nothingSent);
		expect(requestsTo('addPatientLabel')).toBe(0);
	});

	test('Remove Label takes the assignment off the patient', async () => {
		const patient = aPatient((p) => p.labels.length > 0);
		const [assignment, ...others] = patient.labels;
		const result = await run('removeLabel', { patientId: byId(patient.id), labelAssignmentId: assignment.id });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).labels).toEqual(others);
		expect((result.output('Semble')[0].json.labels as unknown[]).length).toBe(others.length);
	});

	test('Remove Label with the practice label ID (not the assignment ID) is refused and changes nothing', async () => {
		const patient = aPatient((p) => p.labels.length > 0);
		const before = structuredClone(patient.labels);
		const result = await run('removeLabel', { patientId: byId(patient.id), labelAssignmentId: before[0].referenceId });
		expect(result.error?.message).toBe('Semble refused removePatientLabel: Patient label (assignment id) not found');
		expect(stored(patient.id).labels).toEqual(before);
	});
});

describe('Phones', () => {
	test('Add Phone sends 07700 900123 as +447700900123', async () => {
		const patient = aPatient();
		const result = await run('addPhone', { patientId: byId(patient.id), phoneNumber: '07700 900123', phoneType: 'Home' });
		expect(result.error).toBeUndefined();
		const added = stored(patient.id).phones.at(-1);
		expect(added).toMatchObject({ phoneType: 'Home', phoneNumber: '+447700900123' });
		expect(result.output('Semble')[0].json.phones).toContainEqual({ ...added });
	});

	test('Add Phone refuses a bad number before any request', async () => {
		const result = await run('addPhone', { patientId: byId(aPatient().id), phoneNumber: 'call reception', phoneType: 'Mobile' });
		expect(result.error?.message).toBe(
			'Invalid "Phone Number" in item 0: is not a phone number (use e.g. 07700 900123 or +44 7700 900123)',
		);
		expect(requestsTo('addPatientPhoneNumber')).toBe(0);
	});

	test('continue on fail: a bad number fails its item only', async () => {
		const [first, second] = [aPatient(() => true, 0), aPatient(() => true, 1)];
		const firstPhones = structuredClone(first.phones);
		const result = await run(
			'addPhone',
			{ patientId: byId('={{ $json.patientId }}'), phoneNumber: '={{ $json.phone }}', phoneType: 'Mobile' },
			{
				settings: { continueOnFail: true },
				items: [
					{ patientId: first.id, phone: '07700 9001' },
					{ patientId: second.id, phone: '+44 (0)7700 900456' },
				],
			},
		);
		const [bad, ok] = result.output('Semble');
		expect(bad.json).toEqual({ error: 'Invalid "Phone Number" in item 0: is not a valid UK phone number' });
		expect(ok.json.id).toBe(second.id);
		expect(stored(second.id).phones.at(-1)).toMatchObject({ phoneType: 'Mobile', phoneNumber: '+447700900456' });
		expect(stored(first.id).phones).toEqual(firstPhones);
		expect(requestsTo('addPatientPhoneNumber')).toBe(1);
	});

	test('Update Phone changes the number (normalised) and its type', async () => {
		const patient = aPatient((p) => p.phones.length > 0);
		const { phoneId } = patient.phones[0];
		const others = structuredClone(patient.phones.slice(1));
		const result = await run('updatePhone', {
			patientId: byId(patient.id),
			phoneId,
			updateFields: { phoneNumber: '020 7946 0123', phoneType: 'Work' },
		});
		expect(result.error).toBeUndefined();
		const expected = { phoneId, phoneType: 'Work', phoneNumber: '+442079460123' };
		expect(stored(patient.id).phones).toEqual([expected, ...others]);
		expect(result.output('Semble')[0].json.phones).toContainEqual(expected);
	});

	test('Update Phone with nothing to change is refused before any request', async () => {
		const patient = aPatient((p) => p.phones.length > 0);
		const result = await run('updatePhone', { patientId: byId(patient.id), phoneId: patient.phones[0].phoneId, updateFields: {} });
		expect(result.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requestsTo('updatePatientPhoneNumber')).toBe(0);
	});

	test('Update Phone with an unknown phone is refused by Semble', async () => {
		const result = await run('updatePhone', { patientId: byId(aPatient().id), phoneId: 'nope', updateFields: { phoneType: 'Home' } });
		expect(result.error?.message).toBe('Semble refused updatePatientPhoneNumber: Phone not found');
	});

	test('Remove Phone deletes just that number', async () => {
		const patient = aPatient((p) => p.phones.length > 1);
		const [gone, ...kept] = patient.phones;
		const result = await run('removePhone', { patientId: byId(patient.id), phoneId: gone.phoneId });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).phones).toEqual(kept);
		expect(result.output('Semble')[0].json.phones).not.toContainEqual(gone);
	});

	test('Remove Phone with a Phone ID that resolves to nothing is caught before any request', async () => {
		const result = await run('removePhone', { patientId: byId(aPatient().id), phoneId: '={{ $json.phoneId }}' }, { items: [{}] });
		expect(result.error?.message).toBe('Invalid "Phone" in item 0: must not be empty');
		expect(requestsTo('removePatientPhoneNumber')).toBe(0);
	});
});

describe('Identifier numbers', () => {
	test('Add Number stores an NHS number as 10 digits without spaces', async () => {
		const patient = aPatient((p) => p.numbers.length === 0);
		const nhs = validNhs(123456);
		const result = await run('addNumber', { patientId: byId(patient.id), numberTypeId: practiceNumber('NHS'), value: spaced(nhs) });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).numbers).toEqual([expect.objectContaining({ name: 'NHS', value: nhs })]);
		expect(result.output('Semble')[0].json.numbers).toEqual([expect.objectContaining({ name: 'NHS', value: nhs })]);
	});

	test('Add Number refuses an invalid NHS number before any request', async () => {
		const patient = aPatient();
		const before = structuredClone(patient.numbers);
		const result = await run('addNumber', {
			patientId: byId(patient.id),
			numberTypeId: practiceNumber('NHS'),
			value: withWrongCheckDigit(validNhs(123456)),
		});
		expect(result.error?.message).toBe(
			'Invalid "Number" in item 0: is not a valid NHS number (10 digits with a correct check digit)',
		);
		expect(requestsTo('addPatientNumber')).toBe(0);
		expect(stored(patient.id).numbers).toEqual(before);
	});

	test('Add Number checks the value as an NHS number only when the type is NHS (or when told to)', async () => {
		const patient = aPatient();
		const hospital = { patientId: byId(patient.id), numberTypeId: practiceNumber('Hospital Number'), value: 'HN 004711' };
		const result = await run('addNumber', hospital);
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).numbers.at(-1)).toMatchObject({ name: 'Hospital Number', value: 'HN 004711' });

		const always = await run('addNumber', { ...hospital, nhsCheck: 'always' });
		expect(always.error?.message).toBe('Invalid "Number" in item 0: is not a valid NHS number (10 digits with a correct check digit)');
		const never = await run('addNumber', { ...hospital, numberTypeId: practiceNumber('NHS'), value: 'X1', nhsCheck: 'never' });
		expect(never.error).toBeUndefined();
		expect(requestsTo('addPatientNumber')).toBe(2);
	});

	test('Add Number with a type the practice does not have is refused before it is sent', async () => {
		const result = await run('addNumber', { patientId: byId(aPatient().id), numberTypeId: 'nhs', value: validNhs(222222) });
		expect(result.error?.message).toBe(`Invalid "Number Type" in item 0: is not one of this practice’s number types in Semble`);
		expect(requestsTo('addPatientNumber')).toBe(0);
	});

	test('the number types are read once per run, however many items', async () => {
		const patients = [aPatient(), aPatient(undefined, 1), aPatient(undefined, 2)];
		const result = await run(
			'addNumber',
			{ patientId: byId('={{ $json.id }}'), numberTypeId: practiceNumber('Hospital Number'), value: '={{ $json.hn }}' },
			{ items: patients.map((p, n) => ({ id: p.id, hn: `HN${n}` })) },
		);
		expect(result.error).toBeUndefined();
		expect(requestsTo('practice')).toBe(1);
		expect(requestsTo('addPatientNumber')).toBe(3);
	});

	test('Update Number corrects the value', async () => {
		const patient = aPatient((p) => p.numbers.some((n) => n.name === 'NHS'));
		const number = patient.numbers.find((n) => n.name === 'NHS') as PatientRecord['numbers'][number];
		const nhs = validNhs(654321);
		const result = await run('updateNumber', { patientId: byId(patient.id), numberId: number.id, value: spaced(nhs) });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).numbers.find((n) => n.id === number.id)?.value).toBe(nhs);
		expect(result.output('Semble')[0].json.numbers).toContainEqual({ id: number.id, name: 'NHS', value: nhs });
	});

	test('Update Number refuses an invalid NHS number before any request', async () => {
		const patient = aPatient((p) => p.numbers.some((n) => n.name === 'NHS'));
		const number = patient.numbers.find((n) => n.name === 'NHS') as PatientRecord['numbers'][number];
		const result = await run('updateNumber', { patientId: byId(patient.id), numberId: number.id, value: '12345' });
		expect(result.error?.message).toBe(
			'Invalid "Number" in item 0: is not a valid NHS number (10 digits with a correct check digit)',
		);
		expect(requestsTo('updatePatientNumber')).toBe(0);
	});

	test('Update Number takes any text for a number that is not the NHS number', async () => {
		const patient = aPatient((p) => p.numbers.some((n) => n.name === 'Hospital Number'));
		const number = patient.numbers.find((n) => n.name === 'Hospital Number') as PatientRecord['numbers'][number];
		const result = await run('updateNumber', { patientId: byId(patient.id), numberId: number.id, value: 'HN 12345' });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).numbers.find((n) => n.id === number.id)?.value).toBe('HN 12345');
	});

	test('Update Number with a number the patient does not have is refused before it is sent', async () => {
		const result = await run('updateNumber', { patientId: byId(aPatient().id), numberId: 'no-such-number', value: 'HN 1' });
		expect(result.error?.message).toBe(
			'Invalid "Identifier" in item 0: the patient has no number with this ID (see "numbers" in Patient › Get)',
		);
		expect(requestsTo('updatePatientNumber')).toBe(0);
	});

	test('Remove Number deletes the identifier', async () => {
		const patient = aPatient((p) => p.numbers.length > 0);
		const [gone, ...kept] = patient.numbers;
		const result = await run('removeNumber', { patientId: byId(patient.id), numberId: gone.id });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).numbers).toEqual(kept);
		expect((result.output('Semble')[0].json.numbers as Array<{ id: string }>).map((n) => n.id)).toEqual(kept.map((n) => n.id));
	});

	test('Remove Number for an unknown patient is refused by Semble', async () => {
		const result = await run('removeNumber', { patientId: byId('no-such-patient'), numberId: 'x' });
		expect(result.error?.message).toBe('Semble refused removePatientNumber: Patient not found');
	});
});

describe('Custom attributes', () => {
	test('Add Attribute records the response', async () => {
		const patient = aPatient();
		const attribute = { title: 'Preferred clinician', text: 'Who would you like to see?', response: 'Dr Patel' };
		const result = await run('addAttribute', { patientId: byId(patient.id), ...attribute });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).customAttributes.at(-1)).toMatchObject(attribute);
		expect(result.output('Semble')[0].json.customAttributes).toContainEqual(expect.objectContaining(attribute));
	});

	test('Add Attribute without a response is caught before any request', async () => {
		const result = await run('addAttribute', { patientId: byId(aPatient().id), title: 'Insurer', text: '', response: ' ' });
		expect(result.error?.message).toBe('Invalid "Response" in item 0: must not be empty');
		expect(requestsTo('addPatientAttribute')).toBe(0);
	});

	test('Update Attribute changes only the given fields', async () => {
		const patient = aPatient((p) => p.customAttributes.length > 0);
		const before = structuredClone(patient.customAttributes[0]);
		const result = await run('updateAttribute', {
			patientId: byId(patient.id),
			attributeId: before.id,
			updateFields: { response: 'Friend or family' },
		});
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).customAttributes[0]).toEqual({ ...before, response: 'Friend or family' });
		expect(result.output('Semble')[0].json.customAttributes).toContainEqual({ ...before, response: 'Friend or family' });
	});

	test('Update Attribute with nothing to change is refused before any request', async () => {
		const result = await run('updateAttribute', { patientId: byId(aPatient().id), attributeId: 'a1', updateFields: {} });
		expect(result.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requestsTo('updatePatientAttribute')).toBe(0);
	});

	test('Update Attribute with an unknown attribute is refused by Semble', async () => {
		const result = await run('updateAttribute', { patientId: byId(aPatient().id), attributeId: 'nope', updateFields: { title: 'X' } });
		expect(result.error?.message).toBe('Semble refused updatePatientAttribute: Custom attribute not found');
	});

	test('Remove Attribute deletes it', async () => {
		const patient = aPatient((p) => p.customAttributes.length > 0);
		const [gone, ...kept] = patient.customAttributes;
		const result = await run('removeAttribute', { patientId: byId(patient.id), attributeId: gone.id });
		expect(result.error).toBeUndefined();
		expect(stored(patient.id).customAttributes).toEqual(kept);
		expect(result.output('Semble')[0].json.customAttributes).not.toContainEqual(expect.objectContaining({ id: gone.id }));
	});

	test('Remove Attribute with an ID containing spaces is caught before any request', async () => {
		const result = await run('removeAttribute', { patientId: byId(aPatient().id), attributeId: 'attr 1' });
		expect(result.error?.message).toBe('Invalid "Custom Attribute" in item 0: must not contain spaces');
		expect(requestsTo('removePatientAttribute')).toBe(0);
	});
});
