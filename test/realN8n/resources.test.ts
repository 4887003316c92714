import type { ResultData } from './n8nApi';
import { executionsOf, n8nApi, postToWebhook, realN8nState, until } from './n8nApi';
import { whereRan } from './queueMode';
import { freePort, n8nEnv, runN8nCli } from './realN8n';
import { resourceWorkflows } from './resourceWorkflows';

/**
 * Every Semble resource's operations, chained in one workflow each, run by real n8n: with
 * `n8n execute`, or in queue mode as a production execution from a webhook, which n8n's main
 * process enqueues and a worker runs (n8n's own logs say which).
 */

jest.setTimeout(120_000);

const state = realN8nState();

type Item = { json: Record<string, unknown> };

async function executeInCli(name: keyof typeof resourceWorkflows): Promise<ResultData> {
	// `execute` prints the run through n8n's logger: below `info` it prints nothing.
	const env = { ...n8nEnv(state.userFolder, await freePort(), await freePort()), N8N_LOG_LEVEL: 'info' };
	const output = runN8nCli(state.n8nDir, env, ['execute', `--id=${state.workflowIds[name]}`, '--rawOutput']);
	const start = output.indexOf('\n{') + 1;
	return (JSON.parse(output.slice(start, output.indexOf('\n}', start) + 2)) as { data: { resultData: ResultData } }).data
		.resultData;
}

async function executeOnWorker(name: keyof typeof resourceWorkflows): Promise<ResultData> {
	const id = state.workflowIds[name];
	await n8nApi(state, 'POST', `/workflows/${id}/activate`);
	try {
		expect(await postToWebhook(state, name)).toBe(200);
		const execution = await until(`${name} to finish`, async () => {
			const [latest] = await executionsOf(state, id);
			return latest && latest.status !== 'new' && latest.status !== 'running' ? latest : undefined;
		});
		expect(whereRan(state.queue!, execution.id)).toEqual({ enqueuedBy: ['main'], startedOn: [expect.stringMatching(/^worker-\d$/)] });
		return execution.data!.resultData;
	} finally {
		await n8nApi(state, 'POST', `/workflows/${id}/deactivate`);
	}
}

async function execute(name: keyof typeof resourceWorkflows): Promise<(node: string) => Item[]> {
	const { runData, error } = state.queue ? await executeOnWorker(name) : await executeInCli(name);
	expect(error?.message).toBeUndefined();
	for (const step of resourceWorkflows[name].nodes) expect(runData[step.name]?.[0]?.error).toBeUndefined();
	return (node) => runData[node][0].data?.main[0] ?? [];
}

test('patient: create (with an NHS number and a UK date of birth), get, update, add phone, find duplicates', async () => {
	const out = await execute('resource-patient');
	expect(out('Create')[0].json).toMatchObject({ dob: '1985-04-23', numbers: [{ name: 'NHS', value: '9434765919' }] });
	expect(out('Update')[0].json).toMatchObject({ firstName: 'Real', address: { city: 'York' } });
	expect((out('Add Phone')[0].json.phones as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber)).toContain('+447700900555');
	expect(out('Find Duplicates')[0].json).toMatchObject({ hasDuplicates: true });
});

test('booking: create, update journey, get many, cancel (with practice, staff and patient lookups)', async () => {
	const out = await execute('resource-booking');
	// 06/05/2031 09:00 typed day first; no End given, so Start + the Initial Consultation's 60 minutes.
	expect((out('Practice')[0].json.appointmentTypes as Array<{ title: string }>)[0].title).toBe('Initial Consultation');
	expect(out('Create')[0].json).toMatchObject({
		status: 'booked',
		startLocal: '2031-05-06T09:00:00+01:00',
		endLocal: '2031-05-06T10:00:00+01:00',
	});
	expect(out('Update Journey')[0].json.status).toBe('arrived');
	expect(out('Get Many').map((item) => item.json.id)).toContain(out('Create')[0].json.id);
	expect(out('Cancel').every((item) => item.json.status === 'cancelled')).toBe(true);
});

test('availability: free slots in a room', async () => {
	const out = await execute('resource-availability');
	expect(out('Free Slots')).toHaveLength(8); // 09:00–17:00 in hour slots
});

test('availability: get slots, block a slot (then it is gone), free it (then it is back)', async () => {
	const out = await execute('resource-availability-blocks');
	const [slot] = out('Get Slots');
	expect(slot.json).toMatchObject({ clinicianId: out('Clinician')[0].json.id, startLocal: expect.any(String) });
	const block = out('Block Time');
	expect(block).toHaveLength(1); // once, not once per slot
	const at = (value: unknown) => Date.parse(String(value));
	expect(block[0].json).toMatchObject({ id: expect.any(String), roomId: slot.json.roomId });
	expect([at(block[0].json.start), at(block[0].json.end)]).toEqual([at(slot.json.start), at(slot.json.end)]);
	expect(out('Slots While Blocked').filter((item) => item.json.start)).toEqual([]);
	expect(out('Free Time')[0].json).toMatchObject({ id: block[0].json.id, freed: true });
	expect(out('Slots After').map((item) => at(item.json.start))).toEqual([at(slot.json.start)]);
});

test('Convert to FHIR: a Bundle of UK Core Patients, and Appointments with offsets', async () => {
	const out = await execute('resource-fhir');
	const [bundle] = out('Patients as FHIR');
	const entries = (bundle.json as { resourceType: string; type: string; entry: Array<{ resource: Record<string, unknown> }> });
	expect(entries).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
	expect(entries.entry.map((entry) => entry.resource.id)).toEqual(out('Patients').map((item) => item.json.id));
	for (const { resource } of entries.entry) {
		expect(resource).toMatchObject({ resourceType: 'Patient', meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] } });
	}
	const appointments = out('Bookings as FHIR').map((item) => item.json);
	expect(appointments).toHaveLength(out('Bookings').length);
	for (const appointment of appointments) {
		expect(appointment).toMatchObject({ resourceType: 'Appointment', start: expect.stringMatching(/[+-]\d\d:\d\d$/) });
	}
});

test('staff, product, invoice, note, label and GraphQL', async () => {
	expect((await execute('resource-staff'))('Get')).toHaveLength(2);
	const product = await execute('resource-product');
	expect(product('Get')[0].json).toMatchObject({ name: 'Real n8n Check-up', price: 60 });
	const invoice = await execute('resource-invoice');
	expect(invoice('Add Payment')[0].json).toMatchObject({ total: 80, outstanding: 50 });
	expect(invoice('Get Many').map((item) => item.json.id)).toContain(invoice('Create')[0].json.id);
	const note = await execute('resource-note-label');
	expect(note('Note Update')[0].json).toMatchObject({ answer: 'Called twice' });
	expect(note('Add Label')).toHaveLength(1);
	const graphql = await execute('resource-graphql');
	expect(graphql('Query')[0].json).toMatchObject({ practice: { timezone: 'Europe/London' } });
});
