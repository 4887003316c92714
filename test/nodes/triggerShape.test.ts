import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { sembleClient } from '../harness/sembleClient';
import { pollOnce } from '../harness/triggers';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';

/**
 * A record the Semble Trigger emits has the shape the Semble node gives the same record, so a
 * workflow that maps fields from one works with the other. Compared for every watched
 * resource: the trigger's Fetch Test Event (which emits real records) against the action
 * node's Get / Get Many of the same records, with the matching Simplify setting.
 */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 60_000 },
});

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 77, scale: { patients: 20, bookings: 20 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());

async function triggerItems(resource: string, options: INodeParameters = {}): Promise<IDataObject[]> {
	const items = await pollOnce({
		parameters: { resource, event: 'createdOrUpdated', options },
		credentials: credentials(),
		staticData: {},
		mode: 'manual',
	});
	expect(items?.length).toBeGreaterThan(0);
	return (items ?? []).map(({ json }) => {
		const record = { ...json };
		delete record.triggerEvent;
		return record;
	});
}

async function nodeItems(parameters: INodeParameters, ids: string[] = ['']): Promise<IDataObject[]> {
	const result = await runWorkflow(sembleWorkflow(parameters, { items: ids.map((id) => ({ id })) }), {
		credentials: credentials(),
	});
	expect(result.error).toBeUndefined();
	return result.output('Semble').map((item) => item.json);
}

const byIdOf = (records: IDataObject[]) => new Map(records.map((record) => [record.id, record]));

test('patients: the trigger’s simplified patient is Patient › Get with Simplify', async () => {
	const emitted = await triggerItems('patient', { fields: 'simplified' });
	const fetched = await nodeItems(
		{ resource: 'patient', operation: 'get', patientId: byId('={{ $json.id }}'), simplify: true },
		emitted.map((record) => String(record.id)),
	);
	expect(emitted).toEqual(fetched);
});

test('patients: the trigger’s full patient is Patient › Get without Simplify', async () => {
	const emitted = await triggerItems('patient', { fields: 'full' });
	const fetched = await nodeItems(
		{ resource: 'patient', operation: 'get', patientId: byId('={{ $json.id }}'), simplify: false },
		emitted.map((record) => String(record.id)),
	);
	expect(emitted).toEqual(fetched);
});

test('bookings: the trigger’s booking is Booking › Get without Simplify', async () => {
	const emitted = await triggerItems('booking');
	const fetched = await nodeItems(
		{ resource: 'booking', operation: 'get', bookingId: '={{ $json.id }}', simplify: false },
		emitted.map((record) => String(record.id)),
	);
	expect(emitted).toEqual(fetched);
});

test.each([
	['invoice', { resource: 'invoice', operation: 'getMany', returnAll: true }],
	['product', { resource: 'product', operation: 'getMany', returnAll: true }],
])('%ss: the trigger’s record is the Get Many record', async (resource, parameters) => {
	if (resource === 'product') {
		// The seeded products last changed when the practice opened: change one, so there is a recent event.
		const [id] = sandbox.store.products.keys();
		await sembleClient(sandbox.url, sandbox.apiToken).request(
			'mutation ($id: ID!) { updateProduct(id: $id, productData: { stockLevel: 7 }) { data { id } error } }',
			{ id },
		);
	}
	const emitted = await triggerItems(resource);
	const listed = byIdOf(await nodeItems(parameters));
	for (const record of emitted) expect(record).toEqual(listed.get(record.id));
});
