/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { detectConflicts } from '../../nodes/Semble/v1/actions/dataTools/conflicts';
import { HUBSPOT_FIELDS } from '../../nodes/Semble/v1/actions/dataTools/fieldRules';
import { checkDataQuality } from '../../nodes/Semble/v1/actions/dataTools/quality';
import { patientSchema, simplifyPatient } from '../../nodes/Semble/records/patient';
import { runWorkflow } from '../harness/runWorkflow';
import { sembleWorkflow } from '../harness/workflows';

/**
 * Data Tool › Check Data Quality and Detect Conflicts through n8n's engine. Neither may send
 * a request: the credentials point at a local server that counts every request it gets.
 */

let server: http.Server;
let requests = 0;
let endpoint = '';

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		requests++;
		response.writeHead(500).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	requests = 0;
});
afterEach(() => expect(requests).toBe(0));

const credentials = () => ({ sembleApi: { apiToken: 'unused-token', endpoint, requestsPerMinute: 6000 } });

async function run(parameters: INodeParameters, items: IDataObject[], continueOnFail = false) {
	const result = await runWorkflow(
		sembleWorkflow({ resource: 'dataTools', ...parameters }, { items, settings: { continueOnFail } }),
		{ credentials: credentials() },
	);
	return { result, out: result.output('Semble').map((item) => item.json) };
}

/** A clean patient as Patient › Get returns it with Simplify on. */
const patient = (overrides: IDataObject = {}): IDataObject => ({
	id: 'pat-1',
	title: 'Ms',
	firstName: 'Jane',
	lastName: 'Smith',
	fullName: 'Jane Smith',
	dob: '1985-04-23',
	email: 'Jane.Smith@Example.com',
	phone: '07700 900123',
	phoneE164: '+447700900123',
	city: 'York',
	postcode: 'yo1 7hh',
	nhsNumber: '943 476 5919',
	receiveEmail: true,
	receiveSMS: true,
	promotionalMarketing: false,
	paymentReminders: true,
	labels: ['VIP'],
	archived: false,
	createdAt: '2024-01-10T09:00:00.000Z',
	updatedAt: '2026-03-01T10:00:00.000Z',
	...overrides,
});

describe('Check Data Quality', () => {
	const check = async (items: IDataObject[], extra: INodeParameters = {}, continueOnFail = false) =>
		await run({ operation: 'checkDataQuality', ...extra }, items, continueOnFail);
	const quality = (json: IDataObject) => json.dataQuality as IDataObject & { issues: IDataObject[] };

	test('a clean patient scores 100 and routes to sync; the item is kept and normalised values added', async () => {
		const { result, out } = await check([patient()]);
		expect(result.error).toBeUndefined();
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ id: 'pat-1', firstName: 'Jane', labels: ['VIP'] });
		expect(out[0].dataQuality).toEqual({
			score: 100,
			issues: [],
			isValid: true,
			route: 'sync',
			normalised: {
				email: 'jane.smith@example.com',
				phone: '+447700900123',
				nhsNumber: '9434765919',
				dob: '1985-04-23',
				postcode: 'YO1 7HH',
			},
		});
		expect(result.run.data.resultData.runData.Semble[0].data?.main[0]?.[0].pairedItem).toEqual({ item: 0 });
	});

	test('the full (not simplified) patient record is read too: phones[], numbers[] and address{}', async () => {
		const full = {
			id: 'pat-2',
			firstName: 'Ravi',
			lastName: 'Patel',
			dob: '1990-12-01',
			email: 'ravi@example.com',
			phones: [{ phoneId: 'ph1', phoneType: 'Mobile', phoneNumber: '+44 (0)7700 900456' }],
			numbers: [{ id: 'n1', name: 'NHS', value: '9434765919' }],
			address: { address: '1 High Street', city: 'Leeds', postcode: 'LS1 4AP', country: 'UK' },
			communicationPreferences: { receiveEmail: true, promotionalMarketing: true },
		};
		const { out } = await check([full]);
		expect(quality(out[0])).toMatchObject({
			score: 100,
			route: 'sync',
			normalised: { phone: '+447700900456', nhsNumber: '9434765919', postcode: 'LS1 4AP' },
		});
	});

	test.each([
		[
			'an NHS number with a wrong check digit',
			{ nhsNumber: '943 476 5918' },
			{ field: 'nhsNumber', problem: 'NHS number is not a valid NHS number (10 digits with a correct check digit)', severity: 'error', deduction: 15 },
			85,
			'review',
		],
		[
			'a date of birth in the future',
			{ dob: '2099-01-01' },
			{ field: 'dob', problem: 'Date of birth is in the future', severity: 'error', deduction: 20 },
			80,
			'review',
		],
		[
			'a date of birth giving an age over 120',
			{ dob: '1901-06-01' },
			{ field: 'dob', problem: 'Date of birth gives an age over 120', severity: 'error', deduction: 20 },
			80,
			'review',
		],
		[
			'an unfinished email (jane@)',
			{ email: 'jane@' },
			{ field: 'email', problem: 'Email is not a valid email address', severity: 'error', deduction: 20 },
			80,
			'review',
		],
		[
			'a phone number that is not one (12345)',
			{ phone: '12345' },
			{
				field: 'phone',
				problem: 'Phone number is not a phone number (use e.g. 07700 900123 or +44 7700 900123)',
				severity: 'error',
				deduction: 15,
			},
			85,
			'review',
		],
		[
			'a missing email (a warning: still sync)',
			{ email: null },
			{ field: 'email', problem: 'Email is missing', severity: 'warning', deduction: 10 },
			90,
			'sync',
		],
		[
			'a missing NHS number (a smaller deduction than a wrong one)',
			{ nhsNumber: null },
			{ field: 'nhsNumber', problem: 'NHS number is missing', severity: 'warning', deduction: 5 },
			95,
			'sync',
		],
		[
			'a missing last name (required)',
			{ lastName: '  ' },
			{ field: 'lastName', problem: 'Last name is missing', severity: 'error', deduction: 10 },
			90,
			'review',
		],
		[
			'a postcode that is not a UK postcode',
			{ postcode: '75001' },
			{ field: 'postcode', problem: 'Postcode is not a UK postcode', severity: 'warning', deduction: 10 },
			90,
			'sync',
		],
	])('%s', async (_name, defect, issue, score, route) => {
		const { out } = await check([patient(defect)]);
		const dq = quality(out[0]);
		expect(dq.issues).toEqual([issue]);
		expect(dq.score).toBe(score);
		expect(dq.isValid).toBe(issue.severity !== 'error');
		expect(dq.route).toBe(route);
	});

	test('messages never contain the patient’s values', async () => {
		const { out } = await check([patient({ email: 'jane@', phone: '12345', nhsNumber: '9434765918', dob: '2099-01-01' })]);
		const text = JSON.stringify(quality(out[0]).issues);
		for (const value of ['jane@', '12345', '9434765918', '2099']) expect(text).not.toContain(value);
	});

	test('defects add up: 65 routes to review, 50 to manual, and every item gets its own result', async () => {
		const { out } = await check([
			patient({ email: 'jane@', phone: '12345' }),
			patient({ email: 'jane@', phone: '12345', nhsNumber: '9434765918' }),
			patient(),
		]);
		expect(out.map((json) => [quality(json).score, quality(json).route])).toEqual([
			[65, 'review'],
			[50, 'manual'],
			[100, 'sync'],
		]);
		expect(quality(out[1]).issues.map((issue) => issue.field)).toEqual(['email', 'phone', 'nhsNumber']);
	});

	test('custom thresholds change the route', async () => {
		const items = [patient({ email: null }), patient({ email: 'jane@', phone: '12345', nhsNumber: '9434765918' })];
		const strict = await check(items, { options: { syncThreshold: 95, reviewThreshold: 92 } });
		expect(strict.out.map((json) => quality(json).route)).toEqual(['manual', 'manual']);
		const stricterSync = await check(items, { options: { syncThreshold: 95 } });
		expect(stricterSync.out.map((json) => quality(json).route)).toEqual(['review', 'manual']);
		const lenient = await check(items, { options: { syncThreshold: 70, reviewThreshold: 40 } });
		expect(lenient.out.map((json) => quality(json).route)).toEqual(['sync', 'review']);
	});

	test('Require NHS Number makes a missing one an error', async () => {
		const { out } = await check([patient({ nhsNumber: '' })], { options: { requireNhsNumber: true } });
		expect(quality(out[0])).toMatchObject({
			score: 85,
			isValid: false,
			route: 'review',
			issues: [{ field: 'nhsNumber', problem: 'NHS number is missing (required)', severity: 'error', deduction: 15 }],
		});
	});

	test('Patient can point at part of the item', async () => {
		const { out } = await check([{ source: 'web form', patient: patient({ dob: '2099-01-01' }) }], {
			patient: '={{ $json.patient }}',
		});
		expect(out[0].source).toBe('web form');
		expect(quality(out[0])).toMatchObject({ score: 80, route: 'review' });
	});

	test('any other expression is still worked out for each item, in Patient and in Options', async () => {
		// Only the defaults ={{ $json }} / ={{ $json.field }} and expression-free values are read once (itemParameters.ts).
		const { out } = await check(
			[{ p: patient(), at: 90 }, { p: patient({ phone: '' }), at: 95 }],
			{ patient: '={{ { ...$json.p, firstName: $json.p.firstName + "!" } }}', options: { syncThreshold: '={{ $json.at }}' } },
		);
		expect(quality(out[0])).toMatchObject({ score: 100, route: 'sync' });
		// 90 points routes to sync at the default 80, to review at this item's 95.
		expect(quality(out[1])).toMatchObject({ score: 90, route: 'review' });
		expect(quality(out[1]).issues).toEqual([expect.objectContaining({ field: 'phone' })]);
		expect(out.map((item) => item.at)).toEqual([90, 95]);
	});

	test('a Review Threshold above the Sync Threshold is refused', async () => {
		const { result } = await check([patient()], { options: { syncThreshold: 60, reviewThreshold: 80 } });
		expect(result.error?.message).toBe(
			'Invalid thresholds in item 0: the Review Threshold must not be above the Sync Threshold',
		);
	});

	test('a Patient that is not JSON fails that item only (continue on fail)', async () => {
		const { result, out } = await check(
			[{ raw: '{ "firstName": "Jane"' }, { raw: JSON.stringify(patient()) }],
			{ patient: '={{ $json.raw }}' },
			true,
		);
		expect(result.error).toBeUndefined();
		expect(out[0]).toEqual({ error: 'Invalid "Patient" in item 0: is not valid JSON' });
		expect(quality(out[1])).toMatchObject({ score: 100, route: 'sync' });
	});
});

describe('checkDataQuality (pure)', () => {
	const today = '2026-06-15';

	test('an empty record is all missing: names are errors, the rest warnings', () => {
		const result = checkDataQuality({}, { syncThreshold: 80, reviewThreshold: 60, requireNhsNumber: false, today });
		expect(result.issues.map((issue) => [issue.field, issue.severity, issue.deduction])).toEqual([
			['firstName', 'error', 10],
			['lastName', 'error', 10],
			['email', 'warning', 10],
			['phone', 'warning', 10],
			['nhsNumber', 'warning', 5],
			['dob', 'warning', 10],
			['postcode', 'warning', 5],
		]);
		expect(result).toMatchObject({ score: 40, isValid: false, route: 'manual' });
	});

	test('the simplified and the full patient give the same result (the Semble node’s two outputs)', () => {
		const full = patientSchema.parse({
			id: 'pat-3',
			firstName: 'Ola',
			lastName: 'Nowak',
			dob: '1978-02-28',
			email: 'ola@example.com',
			phones: [{ phoneId: 'ph1', phoneType: 'Mobile', phoneNumber: '0044 7700 900321' }],
			numbers: [{ id: 'n1', name: 'NHS Number', value: '401 023 2137' }],
			address: { address: '3 Mill Lane', city: 'Hull', postcode: 'HU1 1AA', country: 'United Kingdom' },
			communicationPreferences: { receiveEmail: true, receiveSMS: false, promotionalMarketing: true, paymentReminders: true },
			updatedAt: '2026-03-01T10:00:00.000Z',
		});
		const simplified = simplifyPatient(full);
		const options = { syncThreshold: 80, reviewThreshold: 60, requireNhsNumber: false, today };
		expect(checkDataQuality(simplified, options)).toEqual(checkDataQuality(full, options));
		expect(checkDataQuality(full, options)).toMatchObject({ score: 100, normalised: { phone: '+447700900321', nhsNumber: '4010232137' } });
		// The full record as Semble's side, the simplified one as the 'external' side: the same person.
		const asExternal = HUBSPOT_FIELDS.map((field) => ({ ...field, external: [field.semble], externalFormat: 'plain' as const }));
		const same = detectConflicts(full, simplified, asExternal, { externalName: 'simplified' });
		expect(same).toMatchObject({ conflicts: [], filled: [], merged: { semble: {}, external: {} } });
		const moved = detectConflicts(full, { ...simplified, city: 'Leeds', phone: '07700 900999' }, asExternal, { externalName: 'simplified' });
		expect(moved.conflicts.map((c) => [c.field, c.semble, c.external, c.rule])).toEqual([
			['phone', '0044 7700 900321', '07700 900999', 'critical → manual review'],
			['city', 'Hull', 'Leeds', 'owned by Semble'],
		]);
	});

	test('age is counted from the practice’s today: 120 years exactly is allowed, a day more is not', () => {
		const options = { syncThreshold: 80, reviewThreshold: 60, requireNhsNumber: false, today };
		const base = { firstName: 'A', lastName: 'B', email: 'a@example.com', phone: '07700900123', nhsNumber: '9434765919', postcode: 'YO1 7HH' };
		expect(checkDataQuality({ ...base, dob: '1906-06-15' }, options).issues).toEqual([]);
		expect(checkDataQuality({ ...base, dob: '1906-06-14' }, options).issues.map((issue) => issue.problem)).toEqual([
			'Date of birth gives an age over 120',
		]);
		expect(checkDataQuality({ ...base, dob: '2026-06-16' }, options).issues.map((issue) => issue.problem)).toEqual([
			'Date of birth is in the future',
		]);
	});
});

// ---------------------------------------------------------------------------------------

/** A HubSpot contact (CRM API v3) holding the same person as `patient()`, formatted differently. */
const hubspotContact = (properties: IDataObject = {}, extra: IDataObject = {}): IDataObject => ({
	id: '501',
	properties: {
		firstname: 'jane ',
		lastname: 'SMITH',
		email: 'JANE.SMITH@example.com',
		phone: '+44 7700 900123',
		mobilephone: null,
		date_of_birth: '1985-04-23',
		nhs_number: '9434765919',
		city: 'York',
		zip: 'YO17HH',
		marketing_opt_in: 'false',
		lastmodifieddate: '2026-03-02T10:00:00.000Z',
		...properties,
	},
	createdAt: '2024-02-01T09:00:00.000Z',
	updatedAt: '2026-03-02T10:00:00.000Z',
	archived: false,
	...extra,
});

/** A Mailchimp list member for the same person. */
const mailchimpMember = (overrides: IDataObject = {}, mergeFields: IDataObject = {}): IDataObject => ({
	id: '8b1a9953c4611296a827abf8c47804d7',
	email_address: 'jane.smith@example.com',
	status: 'subscribed',
	merge_fields: { FNAME: 'Jane', LNAME: 'Smith', PHONE: '07700900123', BIRTHDAY: '04/23', ...mergeFields },
	last_changed: '2026-03-02T10:00:00+00:00',
	...overrides,
});

describe('Detect Conflicts', () => {
	type Result = {
		conflicts: IDataObject[];
		hasConflicts: boolean;
		needsReview: boolean;
		merged: { semble: IDataObject; external: IDataObject };
		filled: IDataObject[];
	};
	const detect = async (items: IDataObject[], extra: INodeParameters = {}, continueOnFail = false) => {
		const { result, out } = await run({ operation: 'detectConflicts', ...extra }, items, continueOnFail);
		return { result, out: out as unknown as Array<Result & IDataObject> };
	};
	const hubspot = async (semble: IDataObject, external: IDataObject, extra: INodeParameters = {}) => {
		const { result, out } = await detect([{ semble, external }], { mapping: 'hubspot', ...extra });
		expect(result.error).toBeUndefined();
		return out[0];
	};

	test('HubSpot: the same person written differently (case, spaces, +44, postcode) is no conflict', async () => {
		const out = await hubspot(patient({ phone: '07700 900123' }), hubspotContact());
		expect(out).toMatchObject({ hasConflicts: false, needsReview: false, conflicts: [], filled: [] });
		expect(out.merged).toEqual({ semble: {}, external: {} });
		expect(out.semble).toMatchObject({ id: 'pat-1' }); // the item is kept
	});

	test('HubSpot: an email differing only by case is no conflict', async () => {
		const out = await hubspot(patient({ email: 'jane.smith@example.com' }), hubspotContact({ email: ' Jane.Smith@EXAMPLE.com' }));
		expect(out.conflicts).toEqual([]);
	});

	test('HubSpot: 07700 900123 and +44 7700 900123 are the same phone', async () => {
		const out = await hubspot(patient({ phone: '07700 900123' }), hubspotContact({ phone: '+44 7700 900123' }));
		expect(out.conflicts).toEqual([]);
		expect(out.hasConflicts).toBe(false);
	});

	test('HubSpot: a different date of birth goes to review and is changed on neither side', async () => {
		const out = await hubspot(patient(), hubspotContact({ date_of_birth: '1985-04-24' }));
		expect(out.conflicts).toEqual([
			{
				field: 'dob',
				externalField: 'date_of_birth',
				semble: '1985-04-23',
				external: '1985-04-24',
				sembleUpdatedAt: '2026-03-01T10:00:00.000Z',
				externalUpdatedAt: '2026-03-02T10:00:00.000Z',
				critical: true,
				rule: 'critical → manual review',
				resolution: 'review',
			},
		]);
		expect(out.needsReview).toBe(true);
		expect(out.hasConflicts).toBe(true);
		expect(out.merged).toEqual({ semble: {}, external: {} });
	});

	test('HubSpot: critical fields go to review even when the CRM is newer (email, phone, NHS number)', async () => {
		const out = await hubspot(
			patient(),
			hubspotContact({ email: 'jane@other.example', phone: '07700 900999', nhs_number: '4010232137' }, { updatedAt: '2030-01-01T00:00:00Z' }),
			{ options: { nonCritical: 'lastWrite' } },
		);
		expect(out.conflicts.map((c) => [c.field, c.rule])).toEqual([
			['email', 'critical → manual review'],
			['phone', 'critical → manual review'],
			['nhsNumber', 'critical → manual review'],
		]);
		expect(out.merged).toEqual({ semble: {}, external: {} });
	});

	test('HubSpot: the CRM owns marketing consent: Semble is told to take its value', async () => {
		const out = await hubspot(patient({ promotionalMarketing: false }), hubspotContact({ marketing_opt_in: 'true' }));
		expect(out.merged).toEqual({ semble: { promotionalMarketing: true }, external: {} });
		expect(out.conflicts).toMatchObject([
			{ field: 'promotionalMarketing', externalField: 'marketing_opt_in', semble: false, external: 'true', rule: 'owned by HubSpot', resolution: 'useExternal' },
		]);
		expect(out.needsReview).toBe(false);
		expect(out.hasConflicts).toBe(true);
	});

	test('HubSpot: Semble owns the address: the CRM is told to take Semble’s city', async () => {
		const out = await hubspot(patient({ city: 'York' }), hubspotContact({ city: 'Leeds' }));
		expect(out.merged).toEqual({ semble: {}, external: { city: 'York' } });
		expect(out.conflicts).toMatchObject([{ field: 'city', semble: 'York', external: 'Leeds', rule: 'owned by Semble', resolution: 'useSemble' }]);
		expect(out.needsReview).toBe(false);
	});

	test('last write: the newer record wins (timestamps from the records, or given)', async () => {
		const lastWrite = { options: { nonCritical: 'lastWrite' } };
		// HubSpot changed on 2 March, Semble on 1 March.
		const crmNewer = await hubspot(patient(), hubspotContact({ city: 'Leeds' }), lastWrite);
		expect(crmNewer.merged).toEqual({ semble: { city: 'Leeds' }, external: {} });
		expect(crmNewer.conflicts[0].rule).toBe('last write → HubSpot is newer');

		const sembleNewer = await hubspot(patient(), hubspotContact({ city: 'Leeds' }), {
			options: { nonCritical: 'lastWrite', sembleUpdatedAt: '2026-03-05T08:00:00Z' },
		});
		expect(sembleNewer.merged).toEqual({ semble: {}, external: { city: 'York' } });
		expect(sembleNewer.conflicts[0]).toMatchObject({ rule: 'last write → Semble is newer', sembleUpdatedAt: '2026-03-05T08:00:00.000Z' });

		const noTime = await hubspot(patient({ updatedAt: null }), hubspotContact({ city: 'Leeds' }), lastWrite);
		expect(noTime.merged).toEqual({ semble: {}, external: {} });
		expect(noTime).toMatchObject({ needsReview: true, conflicts: [{ field: 'city', rule: 'last write → manual review (a timestamp is missing)', sembleUpdatedAt: null }] });
	});

	test('HubSpot: a value only one side has is filled in, not a conflict', async () => {
		const out = await hubspot(patient({ city: null }), hubspotContact({ city: 'Leeds', zip: '' }));
		expect(out.hasConflicts).toBe(false);
		expect(out.merged).toEqual({ semble: { city: 'Leeds' }, external: { zip: 'YO1 7HH' } });
		expect(out.filled).toEqual([
			{ field: 'city', externalField: 'city', filled: 'semble', rule: 'missing in Semble: filled from HubSpot' },
			{ field: 'postcode', externalField: 'zip', filled: 'external', rule: 'missing in HubSpot: filled from Semble' },
		]);
		const off = await hubspot(patient({ city: null }), hubspotContact({ city: 'Leeds', zip: '' }), { options: { fillMissing: false } });
		expect(off.merged).toEqual({ semble: {}, external: {} });
	});

	test('HubSpot: no contact yet (an empty record): every Semble value is filled in, in HubSpot’s names', async () => {
		const out = await hubspot(patient(), {});
		expect(out.merged.semble).toEqual({});
		expect(out.merged.external).toEqual({
			firstname: 'Jane',
			lastname: 'Smith',
			email: 'jane.smith@example.com',
			phone: '+447700900123',
			date_of_birth: '1985-04-23',
			nhs_number: '9434765919',
			city: 'York',
			zip: 'YO1 7HH',
			marketing_opt_in: 'false',
		});
		expect(out.hasConflicts).toBe(false);
	});

	test('HubSpot: the full Semble record and HubSpot’s older { value } properties are read too', async () => {
		const full = {
			id: 'pat-2',
			firstName: 'Jane',
			lastName: 'Smith',
			email: 'jane.smith@example.com',
			phones: [{ phoneId: 'ph1', phoneType: 'Mobile', phoneNumber: '07700900123' }],
			numbers: [{ id: 'n1', name: 'NHS', value: '9434765919' }],
			address: { address: '1 High Street', city: 'York', postcode: 'YO1 7HH', country: 'United Kingdom' },
			communicationPreferences: { promotionalMarketing: true },
			updatedAt: '2026-03-01T10:00:00.000Z',
		};
		const v1 = {
			vid: 501,
			properties: {
				email: { value: 'jane.smith@example.com', versions: [] },
				mobilephone: { value: '+447700900123' },
				nhs_number: { value: '9434765919' },
				address: { value: '2 Low Street' },
				marketing_opt_in: { value: 'true' },
				lastmodifieddate: { value: '1772445600000' },
			},
		};
		const out = await hubspot(full, v1);
		expect(out.conflicts.map((c) => [c.field, c.rule])).toEqual([['address', 'owned by Semble']]);
		expect(out.conflicts[0].externalUpdatedAt).toBe('2026-03-02T10:00:00.000Z');
		// firstname, lastname and city are not in the HubSpot record: not compared; the rest matches.
		expect(out.merged).toEqual({ semble: {}, external: { address: '1 High Street' } });
	});

	test('Mailchimp: unsubscribed in Mailchimp turns promotional marketing off in Semble (the CRM owns it)', async () => {
		const { result, out } = await detect(
			[{ semble: patient({ promotionalMarketing: true }), external: mailchimpMember({ status: 'unsubscribed' }) }],
			{ mapping: 'mailchimp' },
		);
		expect(result.error).toBeUndefined();
		expect(out[0].merged).toEqual({ semble: { promotionalMarketing: false }, external: {} });
		expect(out[0].conflicts).toEqual([
			{
				field: 'promotionalMarketing',
				externalField: 'status',
				semble: true,
				external: 'unsubscribed',
				sembleUpdatedAt: '2026-03-01T10:00:00.000Z',
				externalUpdatedAt: '2026-03-02T10:00:00.000Z',
				critical: false,
				rule: 'owned by Mailchimp',
				resolution: 'useExternal',
			},
		]);
		expect(out[0].needsReview).toBe(false);
	});

	test('Mailchimp: merge fields are filled as nested objects; pending members and MM/DD birthdays are handled', async () => {
		const { out } = await detect(
			[
				{ semble: patient(), external: mailchimpMember({ status: 'pending' }, { FNAME: '', BIRTHDAY: '04/23' }) },
				{ semble: patient(), external: mailchimpMember({ status: 'unsubscribed' }, { BIRTHDAY: '05/23' }) },
			],
			{ mapping: 'mailchimp' },
		);
		// A pending (not yet confirmed) member is left alone; the birthday matches on month and day.
		expect(out[0].merged).toEqual({ semble: {}, external: { merge_fields: { FNAME: 'Jane' } } });
		expect(out[0].hasConflicts).toBe(false);
		// A different birthday is a date-of-birth conflict: review.
		expect(out[1].conflicts).toMatchObject([{ field: 'dob', externalField: 'merge_fields.BIRTHDAY', rule: 'critical → manual review' }]);
		expect(out[1].merged).toEqual({ semble: {}, external: {} });
	});

	test('Custom mapping: owners, nested paths, and critical fields forced to review', async () => {
		const external = {
			contact: { town: 'Leeds', mail: 'JANE.SMITH@EXAMPLE.COM', reminders: 'no', phoneNumber: '07700 900888' },
			modified: '2026-03-04T00:00:00Z',
		};
		const { result, out } = await detect([{ semble: patient(), external }], {
			mapping: 'custom',
			fields: {
				field: [
					{ sembleField: 'city', externalField: 'contact.town', owner: 'semble' },
					{ sembleField: 'email', externalField: 'contact.mail', owner: 'external' },
					{ sembleField: 'phone', externalField: 'contact.phoneNumber', owner: 'external' },
					{ sembleField: 'communicationPreferences.paymentReminders', externalField: 'contact.reminders', owner: 'lastWrite' },
				],
			},
			options: { externalUpdatedAt: '={{ $json.external.modified }}' },
		});
		expect(result.error).toBeUndefined();
		expect(out[0].conflicts.map((c) => [c.field, c.externalField, c.rule])).toEqual([
			['city', 'contact.town', 'owned by Semble'],
			['phone', 'contact.phoneNumber', 'critical → manual review'],
			['paymentReminders', 'contact.reminders', 'last write → the external system is newer'],
		]);
		expect(out[0].merged).toEqual({ semble: { paymentReminders: false }, external: { contact: { town: 'York' } } });
		expect(out[0].needsReview).toBe(true);
	});

	test('Custom mapping without fields is refused', async () => {
		const { result } = await detect([{ semble: patient(), external: {} }], { mapping: 'custom' });
		expect(result.error?.message).toBe('No fields to compare in item 0: add at least one row under Fields, or pick a preset');
	});

	test('A record that is not JSON fails that item only (continue on fail)', async () => {
		const { result, out } = await detect(
			[
				{ semble: patient(), external: '{ "properties": ' },
				{ semble: patient(), external: hubspotContact({ city: 'Leeds' }) },
				{ external: hubspotContact() },
			],
			{ mapping: 'hubspot' },
			true,
		);
		expect(result.error).toBeUndefined();
		expect(out[0]).toEqual({ error: 'Invalid "External Record" in item 0: is not valid JSON' });
		expect(out[1].merged).toEqual({ semble: {}, external: { city: 'York' } });
		expect(out[2]).toEqual({ error: 'Invalid "Semble Record" in item 2: must be a JSON object' });
		const paired = result.run.data.resultData.runData.Semble[0].data?.main[0]?.map((item) => item.pairedItem);
		expect(paired).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('Without continue on fail, a bad record stops the node with a clear error', async () => {
		const { result } = await detect([{ semble: patient(), external: hubspotContact() }], {
			mapping: 'hubspot',
			externalRecord: '{ nope',
		});
		expect(result.error?.message).toBe('Invalid "External Record" in item 0: is not valid JSON');
	});

	test('A timestamp that is not a date is refused', async () => {
		const { result } = await detect([{ semble: patient(), external: hubspotContact() }], {
			mapping: 'hubspot',
			options: { sembleUpdatedAt: 'last Tuesday' },
		});
		expect(result.error?.message).toBe(
			'Invalid "Semble Updated At" in item 0: is not a date and time (use e.g. 2026-03-29T09:00:00Z)',
		);
	});
});
