import type {
	INodeParameterResourceLocator,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { SIGN_IN_EMAIL, SIGN_IN_PASSWORD, startSandbox } from '../../sandbox';
import type { MethodCall } from '../harness/loadOptions';
import { listSearch, loadOptions } from '../harness/loadOptions';
import { nodeTypes } from '../harness/nodeTypes';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/**
 * The searchable lists behind the resource locators ("From List") and the dropdowns, called
 * as n8n's editor calls them (n8n-core's LoadOptionsContext, our credentials through n8n's
 * HTTP helpers) against the sandbox; and the locator fields read in a workflow.
 */

let sandbox: RunningSandbox;
const call = (extra: Partial<MethodCall> = {}): MethodCall => ({
	credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } },
	...extra,
});
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const patients = () => [...sandbox.store.patients.values()];
const users = () => [...sandbox.store.users.values()];
const names = (result: { results: Array<{ name: string }> }) => result.results.map((r) => r.name);
const values = (result: { results: Array<{ value: string | number | boolean }> }) => result.results.map((r) => r.value);

/** Every page of a list, following the pagination token; also returns the tokens seen. */
async function allPages(method: string, filter?: string) {
	const tokens: Array<string | undefined> = [];
	const results: Array<{ name: string; value: string | number | boolean }> = [];
	let token: string | undefined;
	do {
		const page = await listSearch(method, call(), filter, token);
		results.push(...page.results);
		token = page.paginationToken;
		tokens.push(token);
	} while (token && tokens.length < 50);
	return { results, tokens };
}

/** A patient whose first + last name no other patient shares. */
function aUniquelyNamedPatient(): PatientRecord {
	const key = (p: PatientRecord) => `${p.firstName} ${p.lastName}`.toLowerCase();
	const counts = new Map<string, number>();
	for (const p of patients()) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
	const found = patients().find((p) => counts.get(key(p)) === 1 && p.dob && p.email && p.phones.length > 0);
	if (!found) throw new Error('seed has no uniquely named patient with contact details');
	return found;
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 31, scale: { patients: 250, bookings: 100 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

test('every locator and dropdown in the node names a method the node has', () => {
	const node = nodeTypes.getByNameAndVersion('n8n-nodes-semble.semble', 1) as INodeType;
	const walk = (properties: Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>): INodeProperties[] =>
		properties.flatMap((p) => {
			if ('values' in p) return walk(p.values);
			if (!('type' in p)) return [];
			return [p, ...(p.type === 'collection' || p.type === 'fixedCollection' ? walk(p.options ?? []) : [])];
		});
	const fields = walk(node.description.properties);
	const searches = fields.flatMap((p) => (p.modes ?? []).map((m) => m.typeOptions?.searchListMethod).filter(Boolean));
	const dropdowns = fields.map((p) => p.typeOptions?.loadOptionsMethod).filter(Boolean);
	expect(new Set(searches)).toEqual(new Set(Object.keys(node.methods?.listSearch ?? {})));
	expect(new Set(dropdowns)).toEqual(new Set(Object.keys(node.methods?.loadOptions ?? {})));
	const locators = fields.filter((p) => p.type === 'resourceLocator');
	expect(locators.length).toBeGreaterThan(25);
	for (const field of locators) {
		expect(field.default).toEqual({ mode: 'list', value: '' });
		expect(field.modes?.map((m) => [m.name, m.displayName])).toEqual([['list', 'From List'], ['id', 'By ID']]);
		expect(field.modes?.[0].typeOptions?.searchable).toBe(true);
	}
});

describe('Patients', () => {
	test('a search by name finds the patient, shown as name and date of birth', async () => {
		const patient = aUniquelyNamedPatient();
		const result = await listSearch('searchPatients', call(), `${patient.firstName} ${patient.lastName}`);
		expect(result.results).toEqual([{ name: `${patient.firstName} ${patient.lastName} (${patient.dob})`, value: patient.id }]);
		expect(result.paginationToken).toBeUndefined();
		expect(sandbox.control.requestLog().map((entry) => entry.operationName)).toEqual(['SearchPatients']);
	});

	test('a search by email or date of birth finds the patient without showing the email', async () => {
		const patient = aUniquelyNamedPatient();
		const byEmail = await listSearch('searchPatients', call(), patient.email as string);
		expect(values(byEmail)).toContain(patient.id);
		expect(names(byEmail).join('\n')).not.toContain('@');
		const byDob = await listSearch('searchPatients', call(), patient.dob as string);
		expect(values(byDob)).toContain(patient.id);
		expect(names(byDob).every((name) => name.endsWith(`(${patient.dob})`))).toBe(true);
	});

	test('pages of 100 follow the token to the end; no name holds an email or phone number', async () => {
		const { results, tokens } = await allPages('searchPatients');
		expect(tokens).toEqual(['2', '3', undefined]);
		expect(values({ results }).sort()).toEqual(patients().map((p) => p.id).sort());
		const byIdMap = new Map(patients().map((p) => [p.id, p]));
		for (const { name, value } of results) {
			const patient = byIdMap.get(String(value)) as PatientRecord;
			expect(name).not.toMatch(/@|\+44|\d[\d ]{6,}\d/);
			for (const phone of patient.phones) expect(name).not.toContain(phone.phoneNumber.slice(-6));
			expect(name).toBe(`${patient.firstName} ${patient.lastName}${patient.dob ? ` (${patient.dob})` : ''}`);
		}
	});

	test('the sign-in credential works for lists too', async () => {
		const patient = aUniquelyNamedPatient();
		const result = await listSearch(
			'searchPatients',
			{
				credentialType: 'sembleSignInApi',
				credentials: {
					sembleSignInApi: { email: SIGN_IN_EMAIL, password: SIGN_IN_PASSWORD, endpoint: sandbox.url, requestsPerMinute: 6000 },
				},
			},
			patient.lastName,
		);
		expect(values(result)).toContain(patient.id);
	});
});

describe('Staff', () => {
	test('clinicians only: every doctor, by full name, and no one else', async () => {
		const result = await listSearch('searchClinicians', call());
		const doctors = users().filter((u) => u.isDoctor && !u.deleted);
		expect(result.results).toEqual(doctors.map((u) => ({ name: `${u.firstName} ${u.lastName}`, value: u.id })));
		expect(result.paginationToken).toBeUndefined();
		expect(names(await listSearch('searchClinicians', call(), 'raman'))).toEqual(['Priya Raman']);
		expect((await listSearch('searchClinicians', call(), 'Helen Carter')).results).toEqual([]); // the practice manager
	});

	test('Staff › Get lists every current member of staff', async () => {
		const result = await listSearch('searchStaff', call());
		expect(values(result)).toEqual(users().filter((u) => !u.deleted).map((u) => u.id));
		expect(names(await listSearch('searchStaff', call(), 'helen'))).toEqual(['Helen Carter']);
	});
});

describe('Practice lists', () => {
	test('rooms show "room — site"; the filter matches every word, in any order', async () => {
		const result = await listSearch('searchLocations', call());
		const rooms = [...sandbox.store.locations.values()];
		expect(result.results).toEqual(rooms.map((r) => ({ name: `${r.name} — ${r.groupName}`, value: r.id })));
		expect(names(result)).toContain('Room 1 — London Harley Street');
		expect(result.paginationToken).toBeUndefined();
		expect(names(await listSearch('searchLocations', call(), 'harley room 1'))).toEqual(['Room 1 — London Harley Street']);
		expect(names(await listSearch('searchLocations', call(), 'MANCHESTER'))).toEqual(['Room 1 — Manchester', 'Room 2 — Manchester']);
	});

	test('appointment types by title, filtered here', async () => {
		const all = await listSearch('searchAppointmentTypes', call());
		const bookable = [...sandbox.store.products.values()].filter((p) => p.isBookable && !p.deleted);
		expect(all.results).toEqual(bookable.map((p) => ({ name: p.name, value: p.id })));
		expect(names(await listSearch('searchAppointmentTypes', call(), 'consultation video'))).toEqual(['Video Consultation']);
	});

	test('payment types and number types are dropdowns, sorted, without deleted number types', async () => {
		const payments = await loadOptions('getPaymentTypes', call());
		expect(payments.map((o) => o.name)).toEqual(['Bank Transfer', 'Card', 'Cash', 'GoCardless', 'Stripe']);
		const stripe = sandbox.store.paymentTypes.find((t) => t.name === 'Stripe');
		expect(payments).toContainEqual({ name: 'Stripe', value: stripe?.id });

		sandbox.store.practiceNumbers.push({ id: 'retired-number-type', name: 'Old Clinic Number', idType: 'OLD', primary: false, deleted: true });
		const numbers = await loadOptions('getNumberTypes', call());
		expect(numbers.map((o) => o.name)).toEqual(['Hospital Number', 'NHS']);
	});
});

describe('Products and labels', () => {
	test('products: Semble searches by name; pages of 100 follow the token', async () => {
		expect(names(await listSearch('searchProducts', call(), 'brace'))).toEqual(['Knee Support Brace']);
		for (let n = 0; n < 150; n++) {
			const id = sandbox.store.ids.next('product');
			const template = [...sandbox.store.products.values()][0];
			sandbox.store.products.set(id, { ...template, id, name: `Gift Voucher ${n}` });
		}
		const { results, tokens } = await allPages('searchProducts');
		expect(tokens).toEqual(['2', undefined]);
		expect(results).toHaveLength([...sandbox.store.products.values()].filter((p) => !p.deleted).length);
	});

	test('labels: filtered here, page by page, skipping pages without a match', async () => {
		expect(names(await listSearch('searchLabels', call(), 'vip'))).toEqual(['VIP']);
		for (let n = 0; n < 150; n++) {
			const id = sandbox.store.ids.next('label');
			sandbox.store.labels.set(id, { id, title: n === 140 ? 'Needs Interpreter' : `Campaign ${n}`, color: '#000000' });
		}
		const first = await listSearch('searchLabels', call());
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('2');
		const second = await listSearch('searchLabels', call(), undefined, first.paginationToken);
		expect(second.results).toHaveLength(sandbox.store.labels.size - 100);
		expect(second.paginationToken).toBeUndefined();

		sandbox.control.clearLog();
		const interpreter = await listSearch('searchLabels', call(), 'interpreter');
		expect(names(interpreter)).toEqual(['Needs Interpreter']);
		expect(interpreter.paginationToken).toBeUndefined();
		expect(requestsTo('labels')).toBe(2); // page 1 had no match, so page 2 was read in the same call
	});
});

describe('bookings', () => {
	test('the next four weeks, named by practice time, clinician and appointment type, never the patient', async () => {
		const { results } = await allPages('searchBookings');
		expect(results.length).toBeGreaterThan(0);
		const patientNames = patients().map((p) => `${p.firstName} ${p.lastName}`);
		for (const { name, value } of results) {
			const record = sandbox.store.bookings.get(String(value));
			expect(record).toBeDefined();
			expect(Date.parse(String(record?.start))).toBeLessThan(Date.now() + 29 * 24 * 3600_000);
			expect(name).toMatch(/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}( · .+)?$/);
			expect(patientNames.some((patient) => name.includes(patient))).toBe(false);
		}
	});

	test('a search keeps the bookings whose name has every word', async () => {
		const { results } = await allPages('searchBookings');
		const clinician = results.map((r) => r.name.split(' · ')[1]).find(Boolean) as string;
		const found = await allPages('searchBookings', clinician.toLowerCase());
		expect(found.results.length).toBeGreaterThan(0);
		expect(found.results.every((r) => r.name.includes(clinician))).toBe(true);
		expect(found.results.length).toBeLessThanOrEqual(results.length);
	});
});

describe('Booking › Get', () => {
	test('a booking picked From List is read like one given By ID', async () => {
		const [picked] = (await listSearch('searchBookings', call())).results;
		const get = (bookingId: INodeParameterResourceLocator | string) =>
			runWorkflow(sembleWorkflow({ resource: 'booking', operation: 'get', bookingId }), { credentials: call().credentials });
		const fromList = await get({ __rl: true, mode: 'list', value: String(picked.value), cachedResultName: picked.name });
		const byIdResult = await get(byId(String(picked.value)));
		const plain = await get(String(picked.value));
		expect(fromList.error).toBeUndefined();
		expect(fromList.output('Semble')[0].json.id).toBe(picked.value);
		expect(byIdResult.output('Semble')).toEqual(fromList.output('Semble'));
		// A workflow saved before the field was a picker still works.
		expect(plain.output('Semble')).toEqual(fromList.output('Semble'));
	});
});

describe('Locator fields in a workflow', () => {
	const run = (parameters: INodeParameters) =>
		runWorkflow(sembleWorkflow({ resource: 'booking', ...parameters }), { credentials: call().credentials });
	const slot = { start: '2031-02-03T10:00', end: '2031-02-03T10:30', additionalFields: {} };
	const booking = () => {
		const record = [...sandbox.store.bookings.values()].find((b) => b.doctorId && !b.deleted);
		if (!record) throw new Error('seed has no booking');
		return record;
	};

	test('a value picked From List books like one given By ID', async () => {
		const model = booking();
		const fromList = (value: string, cachedResultName: string): INodeParameterResourceLocator => ({
			__rl: true,
			mode: 'list',
			value,
			cachedResultName,
		});
		const result = await run({
			operation: 'create',
			patientId: fromList(model.patientId, 'Jane Smith (1985-04-23)'),
			clinicianId: fromList(model.doctorId as string, 'Priya Raman'),
			locationId: fromList(model.locationId, 'Room 1 — London Harley Street'),
			appointmentTypeId: byId(model.bookingTypeId),
			...slot,
		});
		expect(result.error).toBeUndefined();
		const created = sandbox.store.bookings.get(String(result.output('Semble')[0].json.id));
		expect(created).toMatchObject({ patientId: model.patientId, doctorId: model.doctorId, locationId: model.locationId });
	});

	test('a workflow saved before the fields were locators (plain IDs) still runs', async () => {
		const model = booking();
		const result = await run({
			operation: 'create',
			patientId: model.patientId,
			clinicianId: model.doctorId,
			locationId: model.locationId,
			appointmentTypeId: model.bookingTypeId,
			...slot,
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.store.bookings.get(String(result.output('Semble')[0].json.id))?.patientId).toBe(model.patientId);
	});

	test('locators inside Update Fields and Filters are read too', async () => {
		const model = booking();
		const otherRoom = [...sandbox.store.locations.keys()].find((id) => id !== model.locationId) as string;
		const updated = await run({ operation: 'update', bookingId: model.id, updateFields: { locationId: byId(otherRoom) } });
		expect(updated.error).toBeUndefined();
		expect(sandbox.store.bookings.get(model.id)?.locationId).toBe(otherRoom);

		const listed = await run({ operation: 'getMany', returnAll: true, filters: { patientId: byId(model.patientId) } });
		expect(listed.output('Semble').map((item) => item.json.id)).toContain(model.id);
		expect(listed.output('Semble').every((item) => item.json.patientId === model.patientId)).toBe(true);
	});

	test('an empty locator is caught before any request, naming the field', async () => {
		const model = booking();
		const result = await run({
			operation: 'create',
			patientId: byId('={{ $json.nobody }}'),
			clinicianId: byId(model.doctorId as string),
			locationId: byId(model.locationId),
			appointmentTypeId: byId(model.bookingTypeId),
			...slot,
		});
		expect(result.error?.message).toBe('Invalid "Patient" in item 0: must not be empty');
		expect(requestsTo('createBooking')).toBe(0);
	});
});
