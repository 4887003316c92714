import type { INodeParameterResourceLocator } from 'n8n-workflow';

import type { PatientRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { MethodCall } from '../harness/loadOptions';
import { listSearch } from '../harness/loadOptions';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/**
 * The lists behind the invoice locator and the locators of a patient's own entries (phones,
 * numbers, custom attributes, labels), called as n8n's editor calls them, against the sandbox.
 */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const forPatient = (patientId: string | INodeParameterResourceLocator): MethodCall => ({
	credentials: credentials(),
	parameters: { resource: 'patient', operation: 'removePhone', patientId },
});
const names = (result: { results: Array<{ name: string }> }) => result.results.map((r) => r.name);
const values = (result: { results: Array<{ value: string | number | boolean }> }) => result.results.map((r) => r.value);
const patientWith = (has: (p: PatientRecord) => boolean) =>
	[...sandbox.store.patients.values()].find((p) => !p.archived && has(p)) as PatientRecord;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 41, scale: { patients: 120, bookings: 300 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Invoices', () => {
	test('the last 90 days, by number, date, patient and amount; a search keeps every word', async () => {
		const { results } = await listSearch('searchInvoices', { credentials: credentials() });
		expect(results.length).toBeGreaterThan(0);
		const cutoff = new Date(Date.now() - 91 * 24 * 3600_000).toISOString().slice(0, 10);
		for (const { name, value } of results) {
			const invoice = sandbox.store.invoices.get(String(value));
			expect(String(invoice?.date) >= cutoff).toBe(true);
			expect(name).toMatch(
				/^Invoice \d+ · \d{1,2} [A-Z][a-z]{2} \d{4} · .+ · £\d+\.\d\d \((£\d+\.\d\d outstanding|paid)\)$/,
			);
			const patient = sandbox.store.patients.get(String(invoice?.patientId));
			expect(name).toContain(`${patient?.firstName} ${patient?.lastName}`);
		}
		const [first] = results;
		const number = first.name.split(' · ')[0];
		const found = await listSearch('searchInvoices', { credentials: credentials() }, number.toLowerCase());
		expect(found.results.length).toBeGreaterThan(0);
		expect(found.results.every((r) => r.name.split(' · ')[0] === number)).toBe(true);
	});

	test('an invoice picked From List takes a payment like one given By ID', async () => {
		const { results } = await listSearch('searchInvoices', { credentials: credentials() });
		const owing = results.find((r) => r.name.includes('outstanding')) as { name: string; value: string };
		const invoiceId = { __rl: true, mode: 'list', value: owing.value, cachedResultName: owing.name };
		const paymentTypeId = sandbox.store.paymentTypes[0].id;
		const result = await runWorkflow(
			sembleWorkflow({
				resource: 'invoice',
				operation: 'addPayment',
				invoiceId,
				amount: 1,
				paymentTypeId,
				paymentDate: '',
			}),
			{ credentials: credentials() },
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Semble')[0].json.id).toBe(owing.value);
	});
});

describe("A patient's own entries", () => {
	test('phones by type and last three digits, never the whole number', async () => {
		const patient = patientWith((p) => p.phones.length > 0);
		const result = await listSearch('searchPatientPhones', forPatient(byId(patient.id)));
		expect(values(result)).toEqual(patient.phones.map((phone) => phone.phoneId));
		for (const [n, phone] of patient.phones.entries()) {
			expect(names(result)[n]).toBe(`${phone.phoneType} ending ${phone.phoneNumber.replace(/\D/g, '').slice(-3)}`);
		}
	});

	test('identifier numbers by type and last digits; the filter keeps matching ones', async () => {
		const patient = patientWith((p) => p.numbers.some((n) => n.name === 'NHS') && p.numbers.length > 1);
		const all = await listSearch('searchPatientNumbers', forPatient(byId(patient.id)));
		expect(values(all)).toEqual(patient.numbers.map((n) => n.id));
		const nhs = await listSearch('searchPatientNumbers', forPatient(byId(patient.id)), 'nhs');
		expect(names(nhs)).toEqual([expect.stringMatching(/^NHS ending \d{3}$/)]);
	});

	test('custom attributes by title and labels by text, for the patient picked From List too', async () => {
		const patient = patientWith((p) => p.customAttributes.length > 0 && p.labels.length > 0);
		const picked = {
			__rl: true,
			mode: 'list',
			value: patient.id,
			cachedResultName: 'x',
		} as INodeParameterResourceLocator;
		const attributes = await listSearch('searchPatientAttributes', forPatient(picked));
		expect(names(attributes)).toEqual(patient.customAttributes.map((a) => a.title));
		const labels = await listSearch('searchPatientLabels', forPatient(picked));
		expect(values(labels)).toEqual(patient.labels.map((l) => l.id));
		expect(names(labels)).toEqual(patient.labels.map((l) => sandbox.store.labels.get(l.referenceId)?.title));
	});

	test('without a patient chosen the list says to choose one, and nothing is sent', async () => {
		await expect(listSearch('searchPatientPhones', forPatient(byId('')))).rejects.toThrow(
			'Choose the patient first: this list shows that patient’s entries',
		);
		await expect(listSearch('searchPatientPhones', forPatient(byId('={{ $json.id }}')))).rejects.toThrow(
			/Choose the patient first/,
		);
		expect(sandbox.control.requestLog()).toHaveLength(0);
	});

	test('a phone picked From List is removed like one given By ID', async () => {
		const patient = patientWith((p) => p.phones.length > 0);
		const [picked] = (await listSearch('searchPatientPhones', forPatient(byId(patient.id)))).results;
		const phoneId = { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name };
		const result = await runWorkflow(
			sembleWorkflow({ resource: 'patient', operation: 'removePhone', patientId: byId(patient.id), phoneId }),
			{ credentials: credentials() },
		);
		expect(result.error).toBeUndefined();
		expect(sandbox.store.patients.get(patient.id)?.phones.map((p) => p.phoneId)).not.toContain(picked.value);
	});
});
