import { DateTime } from 'luxon';
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, createPatient as createSemblePatient, loadTemplate, patientTriggerItems, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/data-quality-gate.json run through n8n's engine. Patients are created in the Semble
 * sandbox and the Semble Trigger's real output for them is pinned; Asana is intercepted, and
 * every task it is asked to create is asserted exactly.
 */

const template = loadTemplate('data-quality-gate.json');
const TRIGGER = 'Patient created or updated';
const WORKSPACE = '1200000000000001';
const PROJECT = '1200000000000002';
const VALID_NHS = '9434765919';
const INVALID_NHS = '1234567890';
const CLOSING = 'Open the patient in Semble, correct these fields and save. The workflow checks the record again when it changes.';

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	asanaApi: { accessToken: 'asana-test-token' },
});

interface Task {
	name: string;
	workspace: string;
	projects: string[];
	notes: string;
	due_on?: string;
}
let tasks: Task[];

async function createPatient(data: Record<string, unknown>, nhsNumber?: string): Promise<string> {
	const id = await createSemblePatient(sandbox, data);
	if (nhsNumber) sandbox.store.patients.get(id)?.numbers.push({ id: `nhs-${id}`, numberId: 'nhs', name: 'NHS', value: nhsNumber });
	return id;
}

/** What the Semble Trigger emits for changes in the last `hours`. */
const triggerOutput = async (hours: number) =>
	await patientTriggerItems(sandbox, 'createdOrUpdated', { backfillHours: hours, maxItems: 5000 });

const ids = { good: '', badNhsAndEmail: '', poor: '' };
let items: Record<keyof typeof ids, INodeExecutionData>;
let seeded: INodeExecutionData[];

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 97, scale: { patients: 60, bookings: 0 }, rateLimitPerMinute: 0 });
	seeded = await triggerOutput(24 * 365 * 30);
	// Fictional patients.
	ids.good = await createPatient(
		{ first: 'Ellen', last: 'Ashworth', email: 'ellen.ashworth@example.com', phoneNumber: '07700 900321', dob: '1979-11-23', postcode: 'LS6 2QT' },
		VALID_NHS,
	);
	ids.badNhsAndEmail = await createPatient(
		{ first: 'Farid', last: 'Haddad', email: 'farid.haddad@@example', phoneNumber: '07700 900654', dob: '1991-02-14', postcode: 'M1 1AE' },
		INVALID_NHS,
	);
	ids.poor = await createPatient({ first: 'Gwen', last: 'Morgan', email: 'gwen-at-example' });
	const recent = await triggerOutput(1);
	const pick = (id: string) => recent.find((item) => item.json.id === id) as INodeExecutionData;
	items = { good: pick(ids.good), badNhsAndEmail: pick(ids.badNhsAndEmail), poor: pick(ids.poor) };
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	tasks = [];
	nock.cleanAll();
	nock('https://app.asana.com')
		.persist()
		.post('/api/1.0/tasks')
		.matchHeader('authorization', 'Bearer asana-test-token')
		.reply(201, (_uri, body) => {
			tasks.push((body as { data: Task }).data);
			return { data: { gid: String(1000 + tasks.length), resource_type: 'task' } };
		});
});

async function run(pinned: INodeExecutionData[]) {
	const result = await runWorkflow({ ...template, pinData: { [TRIGGER]: pinned } }, { credentials: credentials(), startNode: TRIGGER });
	expect(result.error).toBeUndefined();
	return result;
}

const todayInLondon = () => DateTime.now().setZone('Europe/London').toFormat('yyyy-MM-dd');

test('the trigger emits the new patients, simplified, with their NHS numbers', () => {
	expect(items.good.json).toMatchObject({ firstName: 'Ellen', nhsNumber: VALID_NHS, triggerEvent: 'createdOrUpdated' });
	expect(items.badNhsAndEmail.json).toMatchObject({ email: 'farid.haddad@@example', nhsNumber: INVALID_NHS });
});

test('a complete, valid patient makes no task', async () => {
	const result = await run([items.good]);
	expect(result.output('Check data quality')[0].json.dataQuality).toMatchObject({ score: 100, route: 'sync' });
	expect(result.output('Good data').map((item) => item.json.id)).toEqual([ids.good]);
	expect(tasks).toEqual([]);
});

test('an invalid NHS number and email make one review task listing exactly those issues', async () => {
	await run([items.badNhsAndEmail]);
	expect(tasks).toEqual([
		{
			name: `Check patient record: Farid H. (Semble ${ids.badNhsAndEmail})`,
			workspace: WORKSPACE,
			projects: [PROJECT],
			notes: [
				`Semble patient ID: ${ids.badNhsAndEmail}`,
				'Data-quality score: 65/100 (needs review)',
				'',
				'What to fix:',
				'- email: Email is not a valid email address',
				'- nhsNumber: NHS number is not a valid NHS number (10 digits with a correct check digit)',
				'',
				CLOSING,
			].join('\n'),
		},
	]);
});

test('a very poor record makes one urgent task, due today', async () => {
	await run([items.poor]);
	expect(tasks).toEqual([
		{
			name: `URGENT: fix patient record: Gwen M. (Semble ${ids.poor})`,
			workspace: WORKSPACE,
			projects: [PROJECT],
			due_on: todayInLondon(),
			notes: [
				`Semble patient ID: ${ids.poor}`,
				'Data-quality score: 50/100 (needs fixing by hand)',
				'',
				'What to fix:',
				'- email: Email is not a valid email address',
				'- phone: Phone number is missing',
				'- nhsNumber: NHS number is missing',
				'- dob: Date of birth is missing',
				'- postcode: Postcode is missing',
				'',
				CLOSING,
			].join('\n'),
		},
	]);
});

test('tasks never contain the wrong values or contact details', async () => {
	await run([items.good, items.badNhsAndEmail, items.poor]);
	expect(tasks).toHaveLength(2);
	const sent = JSON.stringify(tasks);
	for (const value of ['farid.haddad', '@@example', 'gwen-at-example', INVALID_NHS, '900654', '1991-02-14', 'M1 1AE', 'Haddad', 'Morgan']) {
		expect(sent).not.toContain(value);
	}
});

test('across seeded and new patients, tasks follow the data tool’s route exactly', async () => {
	expect(seeded.length).toBeGreaterThan(40);
	const all = [...seeded, items.good, items.badNhsAndEmail, items.poor];
	const result = await run(all);
	const routes = result.output('Check data quality').map((item) => ({
		id: String(item.json.id),
		route: (item.json.dataQuality as IDataObject).route as string,
		score: (item.json.dataQuality as IDataObject).score as number,
	}));
	expect(routes).toHaveLength(all.length);
	const byRoute = (route: string) => routes.filter((entry) => entry.route === route).map((entry) => entry.id);
	// Seeded records (mostly good, some to review) and the three above: every route is exercised.
	for (const route of ['sync', 'review', 'manual']) expect(byRoute(route).length).toBeGreaterThan(0);

	const taskId = (task: Task) => /\(Semble ([^)]+)\)$/.exec(task.name)?.[1];
	expect(result.output('Good data').map((item) => item.json.id)).toEqual(byRoute('sync'));
	expect(tasks.filter((task) => !task.name.startsWith('URGENT')).map(taskId)).toEqual(byRoute('review'));
	expect(tasks.filter((task) => task.name.startsWith('URGENT')).map(taskId)).toEqual(byRoute('manual'));
	for (const task of tasks) {
		const entry = routes.find((candidate) => candidate.id === taskId(task));
		expect(task.notes).toContain(`Data-quality score: ${entry?.score}/100`);
		expect(task.due_on).toBe(entry?.route === 'manual' ? todayInLondon() : undefined);
		const patient = all.find((item) => item.json.id === entry?.id)?.json as IDataObject;
		for (const field of ['email', 'phone', 'nhsNumber', 'dob', 'postcode', 'lastName']) {
			const value = String(patient[field] ?? '').trim();
			if (value.length > 3) expect(JSON.stringify(task)).not.toContain(value);
		}
	}
});
