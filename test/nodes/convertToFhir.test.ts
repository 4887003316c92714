import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { isValidNhsNumber, startSandbox } from '../../sandbox';
import { validateR4 } from '../harness/fhirR4';
import { runWorkflow } from '../harness/runWorkflow';
import { ukCoreProblems } from '../harness/ukCore';
import { sembleWorkflow } from '../harness/workflows';

/**
 * Data Tool › Convert to FHIR through n8n's engine, on the sandbox practice's records as
 * Get Many returns them (full and simplified): every resource is valid FHIR R4 (HL7's schema
 * and cardinalities, test/harness/fhirR4.ts) and keeps the UK Core constraints
 * (test/harness/ukCore.ts). Converting sends nothing to Semble.
 */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const SYSTEM = 'https://fhir.yourclinic.example/Id/semble';

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 15, scale: { patients: 150, bookings: 400 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());

async function getMany(resource: string, simplify: boolean): Promise<IDataObject[]> {
	const filters =
		resource === 'booking' ? { includeCancelled: true } : resource === 'staff' ? { includeDeleted: true } : {};
	const result = await runWorkflow(
		sembleWorkflow({ resource, operation: 'getMany', returnAll: true, simplify, filters }),
		{
			credentials: credentials(),
		},
	);
	expect(result.error).toBeUndefined();
	return result.output('Semble').map((item) => item.json);
}

async function convert(items: IDataObject[], parameters: INodeParameters, continueOnFail = false) {
	sandbox.control.clearLog();
	const result = await runWorkflow(
		sembleWorkflow(
			{ resource: 'dataTools', operation: 'convertToFhir', localIdentifierSystem: SYSTEM, ...parameters },
			{ items, settings: { continueOnFail } },
		),
		{ credentials: credentials() },
	);
	expect(sandbox.control.rootFieldCounts()).toEqual({});
	return { result, out: result.output('Semble') };
}

const problemsOf = (resources: IDataObject[]) =>
	resources.flatMap((resource) =>
		[...validateR4(resource), ...ukCoreProblems(resource)].map((p) => `${resource.id}: ${p}`),
	);

describe.each([
	['patient', 'Patient'],
	['booking', 'Appointment'],
	['staff', 'Practitioner'],
])('%s records become valid %s resources', (recordType, resourceType) => {
	test.each([true, false])('simplified: %s', async (simplify) => {
		const records = await getMany(recordType, simplify);
		expect(records.length).toBeGreaterThan(recordType === 'staff' ? 5 : 100);
		const { result, out } = await convert(records, { recordType });
		expect(result.error).toBeUndefined();
		expect(out).toHaveLength(records.length);
		const resources = out.map((item) => item.json);
		expect(problemsOf(resources)).toEqual([]);
		expect(resources.every((resource) => resource.resourceType === resourceType)).toBe(true);
		expect(out.map((item) => item.pairedItem)).toEqual(records.map((_, item) => ({ item })));
	});
});

test('every booking state of the practice maps to its FHIR status; comments never go in', async () => {
	const [full, simplified] = [await getMany('booking', false), await getMany('booking', true)];
	const statuses = async (records: IDataObject[]) =>
		(await convert(records, { recordType: 'booking' })).out.map((item) => item.json.status);
	const fromFull = await statuses(full);
	// The sandbox's patients who arrive are always seen, so "arrived" is left to fhirMapping.test.ts.
	expect(new Set(fromFull)).toEqual(new Set(['booked', 'fulfilled', 'noshow', 'cancelled']));
	expect(await statuses(simplified)).toEqual(fromFull);
	const { out } = await convert(full, { recordType: 'booking' });
	const text = JSON.stringify(out);
	for (const booking of full.filter((b) => b.comments)) expect(text).not.toContain(String(booking.comments));
});

test('an NHS number goes in only with a right check digit, and is never "verified"', async () => {
	const records = await getMany('patient', true);
	const { out } = await convert(records, { recordType: 'patient' });
	const nhs = out.map((item) =>
		(item.json.identifier as IDataObject[]).find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number'),
	);
	const valid = records.filter((r) => isValidNhsNumber(String(r.nhsNumber ?? '').replace(/[\s-]/g, '')));
	expect(valid.length).toBeLessThan(records.length);
	expect(nhs.filter(Boolean)).toHaveLength(valid.length);
	for (const identifier of nhs.filter(Boolean)) {
		expect(JSON.stringify(identifier)).toContain('"code":"02","display":"Number present but not traced"');
	}
});

test('One Bundle per Run: one collection Bundle holding every resource, paired with every item', async () => {
	const records = await getMany('booking', true);
	const { result, out } = await convert(records, { recordType: 'booking', output: 'bundle' });
	expect(result.error).toBeUndefined();
	expect(out).toHaveLength(1);
	const bundle = out[0].json as IDataObject & { entry: Array<{ resource: IDataObject }> };
	expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
	expect(bundle.entry).toHaveLength(records.length);
	expect(validateR4(bundle)).toEqual([]);
	expect(problemsOf(bundle.entry.map((entry) => entry.resource))).toEqual([]);
	expect(out[0].pairedItem).toEqual(records.map((_, item) => ({ item })));
});

describe('bad input', () => {
	const patient = { id: 'pat-1', firstName: 'Jane', lastName: 'Smith', dob: '1985-04-23' };

	test('an item naming every bad field at once; nothing is made', async () => {
		const { result } = await convert([{ ...patient, id: '', dob: '31/02/1985' }], { recordType: 'patient' });
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "id" must not be empty; "dob" is not a date (use e.g. 1985-04-23 or 23/04/1985)',
		);
	});

	test('a record that is not an object, and a Local Identifier System that is not an absolute URI', async () => {
		const { result } = await convert([{}], {
			recordType: 'patient',
			record: '=[1, 2]',
			localIdentifierSystem: 'semble-ids',
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Local Identifier System" must be an absolute URI, e.g. https://fhir.yourclinic.example/Id/semble-patient; "Record" must be a JSON object',
		);
	});

	test('a booking without times or patient, or ending before it starts', async () => {
		const booking = { id: 'b-1', start: '2026-03-29T09:00:00Z', end: '2026-03-29T09:30:00Z', patientId: 'p-1' };
		const { out } = await convert(
			[
				{ id: 'b-1', status: 'booked' },
				{ ...booking, end: '2026-03-29T08:00:00Z' },
				{ ...booking, start: 'next tuesday', status: 'rescheduled' },
			],
			{ recordType: 'booking' },
			true,
		);
		expect(out.map((item) => item.json.error)).toEqual([
			'Invalid input in item 0: "start" must not be empty; "end" must not be empty; "patientId" must not be empty',
			'Invalid "end" in item 1: is before start',
			'Invalid input in item 2: "status" is not a booking status (booked, arrived, in consultation, completed, no-show, cancelled); "start" is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)',
		]);
	});

	test('Continue On Fail: good items are converted, bad ones give an error item; in a Bundle, errors follow it', async () => {
		const items = [patient, { ...patient, id: 'has space' }, { ...patient, id: 'pat-3' }];
		const perItem = await convert(items, { recordType: 'patient' }, true);
		expect(perItem.out.map((item) => item.json.id ?? item.json.error)).toEqual([
			'pat-1',
			'Invalid "id" in item 1: is not usable as a FHIR id (letters, digits, "-" and "." only, at most 64)',
			'pat-3',
		]);
		const bundled = await convert(items, { recordType: 'patient', output: 'bundle' }, true);
		expect(bundled.out).toHaveLength(2);
		expect((bundled.out[0].json.entry as unknown[]).length).toBe(2);
		expect(bundled.out[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(bundled.out[1]).toMatchObject({
			json: { error: expect.stringContaining('item 1') },
			pairedItem: { item: 1 },
		});
	});
});
