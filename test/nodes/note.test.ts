import type { INodeParameters } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Note (Semble free-text record) › Create and Update through n8n's engine against the sandbox. */

let sandbox: RunningSandbox;
const run = (workflow: WorkflowJson) =>
	runWorkflow(workflow, {
		credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 } },
	});
const requests = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const firstPatientId = () => sandbox.store.patients.keys().next().value as string;
const create = (params: Record<string, unknown>) =>
	sembleWorkflow({ resource: 'note', operation: 'create', additionalFields: {}, ...params });

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 14, scale: { patients: 200, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Create', () => {
	test('adds the note to the patient’s record', async () => {
		const patientId = firstPatientId();
		const result = await run(
			create({ patientId: byId(patientId), title: 'Phone call', text: 'Asked to move Tuesday’s appointment.', additionalFields: { sectionTitle: 'Admin notes' } }),
		);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Semble');
		expect(item.pairedItem).toEqual({ item: 0 });
		const stored = sandbox.store.freeTextRecords.get(item.json.id as string);
		expect(stored).toMatchObject({
			patientId,
			question: 'Phone call',
			answer: 'Asked to move Tuesday’s appointment.',
			sectionTitle: 'Admin notes',
		});
		expect(item.json).toMatchObject({ patientId, question: 'Phone call', sectionTitle: 'Admin notes', createdAt: stored?.createdAt });
	});

	test('an empty Title is refused before any request', async () => {
		const result = await run(create({ patientId: byId(firstPatientId()), title: ' ', text: 'Something' }));
		expect(result.error?.message).toMatch(/Invalid "Title" in item 0: must not be empty/);
		expect(requests('createFreeTextRecord')).toBe(0);
	});

	test('an unknown patient is reported from Semble’s payload error', async () => {
		const before = sandbox.store.freeTextRecords.size;
		const result = await run(create({ patientId: byId('64a000000000000000099999'), title: 'Call', text: 'Hello' }));
		expect(result.error?.message).toMatch(/Semble refused createFreeTextRecord: Patient not found/);
		expect(sandbox.store.freeTextRecords.size).toBe(before);
	});

	test('continue on fail: the item with no text becomes an error item, the others are created', async () => {
		const patientId = firstPatientId();
		const result = await run(
			sembleWorkflow(
				{ resource: 'note', operation: 'create', patientId: byId(patientId), title: '={{ $json.title }}', text: '={{ $json.text }}', additionalFields: {} },
				{
					settings: { continueOnFail: true },
					items: [{ title: 'First', text: 'one' }, { title: 'Second', text: '' }, { title: 'Third', text: 'three' }],
				},
			),
		);
		expect(result.error).toBeUndefined();
		const out = result.output('Semble');
		expect(out.map((o) => o.json.question ?? o.json.error)).toEqual([
			'First',
			expect.stringMatching(/Invalid "Text" in item 1/),
			'Third',
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(requests('createFreeTextRecord')).toBe(2);
	});
});

describe('Update', () => {
	const update = (noteId: string, updateFields: INodeParameters) =>
		sembleWorkflow({ resource: 'note', operation: 'update', noteId, updateFields });
	const seededNote = () => sandbox.store.freeTextRecords.values().next().value!;

	test('changes only the text when only Text is given', async () => {
		const note = seededNote();
		const title = note.question;
		const result = await run(update(note.id, { text: 'Updated after review.' }));
		expect(result.error).toBeUndefined();
		expect(sandbox.store.freeTextRecords.get(note.id)).toMatchObject({ question: title, answer: 'Updated after review.' });
		expect(result.output('Semble')[0].json).toMatchObject({ id: note.id, question: title, answer: 'Updated after review.' });
	});

	test('no fields to change is refused before any request', async () => {
		const result = await run(update(seededNote().id, {}));
		expect(result.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requests('updateFreeTextRecord')).toBe(0);
	});

	test('an unknown note is reported from Semble’s payload error', async () => {
		const result = await run(update('64d000000000000000099999', { title: 'New title' }));
		expect(result.error?.message).toMatch(/Semble refused updateFreeTextRecord: Record not found/);
	});
});
