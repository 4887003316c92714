import type { IDataObject } from 'n8n-workflow';

import { MemoryDataTables } from '../harness/dataTables';
import { runWorkflow } from '../harness/runWorkflow';
import { loadTemplate, SYNC_LOG_COLUMNS } from './templateTestKit';

/**
 * workflows/semble-sync-log.json run through n8n's engine with the items an Execute Workflow node
 * in a sync template hands it (its inputs: workflow, recordType, recordId, fields, direction), and
 * the Data tables in memory. It makes no request to any service.
 */

const template = loadTemplate('semble-sync-log.json');
const TRIGGER = 'When a sync template logs a change';

let dataTables: MemoryDataTables;
beforeEach(() => {
	dataTables = new MemoryDataTables();
	dataTables.create('semble_sync_log', SYNC_LOG_COLUMNS);
});

const call = async (items: IDataObject[]) =>
	await runWorkflow(
		{ ...template, pinData: { [TRIGGER]: items.map((json) => ({ json })) } },
		{ credentials: {}, dataTables },
	);

const change = (overrides: IDataObject = {}) => ({
	workflow: 'Sync Semble patients with HubSpot',
	recordType: 'patient',
	recordId: '65a1f0c2e4b0a1b2c3d4e5f6',
	fields: ['email', 'marketingConsent'],
	direction: 'Semble > HubSpot',
	...overrides,
});

test('each change a sync template reports becomes one row: record, field names, direction; the time is the row’s', async () => {
	const result = await call([
		change(),
		change({ recordId: '987', fields: ['marketingConsent'], direction: 'HubSpot > Semble' }),
	]);
	expect(result.error).toBeUndefined();
	expect(dataTables.rows('semble_sync_log')).toEqual([
		{
			id: 1,
			workflow: 'Sync Semble patients with HubSpot',
			recordType: 'patient',
			recordId: '65a1f0c2e4b0a1b2c3d4e5f6',
			fields: 'email, marketingConsent',
			direction: 'Semble > HubSpot',
		},
		{
			id: 2,
			workflow: 'Sync Semble patients with HubSpot',
			recordType: 'patient',
			recordId: '987',
			fields: 'marketingConsent',
			direction: 'HubSpot > Semble',
		},
	]);
	expect(result.output('Append to the sync log')[0].json.createdAt).toBeDefined();
});

test('a comma-separated list of field names is accepted as well', async () => {
	await call([change({ fields: 'email, phone' })]);
	expect(dataTables.rows('semble_sync_log')[0].fields).toBe('email, phone');
});

test.each([
	['a value in place of a field name', { fields: ['jane.doe@example.com'] }, /fields must be a list of field names/],
	['a field with its value', { fields: ['email: jane.doe@example.com'] }, /fields must be a list of field names/],
	['a phone number as the record id', { recordId: '07700 900123' }, /recordId must be/],
	['no fields', { fields: [] }, /fields must be a list/],
	['a sentence as the direction', { direction: 'sent Jane Doe, born 1979-11-23' }, /direction must/],
])('%s is refused and nothing is logged', async (_case, overrides, error) => {
	const result = await call([change(), change(overrides)]);
	expect(result.error?.message).toMatch(error);
	expect(dataTables.rows('semble_sync_log')).toEqual([]);
});
