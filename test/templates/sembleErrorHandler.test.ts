import nock from 'nock';
import type { DataTableRow, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { RunningSandbox } from '../../sandbox';
import { MemoryDataTables } from '../harness/dataTables';
import type { WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	DEAD_LETTER_COLUMNS,
	interceptSlack,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/semble-error-handler.json run through n8n's engine. Its input is what n8n hands an
 * Error Trigger: a workflow that really failed in the harness (a Semble node against the
 * sandbox, or a node whose message echoes patient details), its error as n8n serialises it.
 * The Data tables are in memory; Slack is intercepted.
 */

const template = loadTemplate('semble-error-handler.json');
const TRIGGER = 'When a Semble workflow fails';
let sandbox: RunningSandbox;
let dataTables: MemoryDataTables;
let slack: Array<Record<string, unknown>>;

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 15, scale: { patients: 5, bookings: 0 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	dataTables = new MemoryDataTables();
	dataTables.create('semble_dead_letters', DEAD_LETTER_COLUMNS);
	slack = interceptSlack('xoxb-test');
});
afterEach(() => nock.cleanAll());

const node = (name: string, type: string, typeVersion: number, parameters: IDataObject, extra: Partial<INode> = {}) =>
	({
		id: name,
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		...extra,
	}) as INode;

/** A small "Semble template" that fails at its second node. */
function failingWorkflow(failing: INode): WorkflowJson {
	return {
		nodes: [node('Start', 'n8n-nodes-base.manualTrigger', 1, {}), failing],
		connections: { Start: { main: [[{ node: failing.name, type: 'main', index: 0 }]] } },
	};
}

const readMissingPatient = node(
	'Read the patient',
	'n8n-nodes-semble.semble',
	1,
	{ resource: 'patient', operation: 'get', patientId: { __rl: true, mode: 'id', value: 'missing-patient-1' } },
	{ credentials: { sembleApi: { id: null, name: 'Semble account' } } },
);

let executions = 100;

/** Runs the failing workflow, then hands its failure to the error handler as n8n does; returns the Error Trigger's input. */
async function failAndHandle(failing: INode, workflow = { id: 'wf-sync', name: 'Sync Semble patients to HubSpot' }) {
	const failed = await runWorkflow(failingWorkflow(failing), { credentials: { sembleApi: sembleCredential(sandbox) } });
	expect(failed.status).toBe('error');
	const id = String(++executions);
	const input = {
		execution: {
			id,
			url: `http://127.0.0.1:5678/workflow/${workflow.id}/executions/${id}`,
			// n8n stores the execution and hands the error on as JSON (its toJSON: message, name, description, context…).
			error: JSON.parse(JSON.stringify(failed.error)) as IDataObject,
			lastNodeExecuted: failed.run.data.resultData.lastNodeExecuted,
			mode: 'trigger',
		},
		workflow,
	};
	await handle(input);
	return input;
}

async function handle(input: IDataObject) {
	const result = await runWorkflow(
		{ ...template, pinData: { [TRIGGER]: [{ json: input }] } },
		{ credentials: { slackApi: { accessToken: 'xoxb-test' } }, dataTables },
	);
	expect(result.error).toBeUndefined();
}

const rows = () => dataTables.rows('semble_dead_letters');

test('three failures in one incident: three rows, one Slack message, the record named by id', async () => {
	for (let i = 0; i < 3; i++) await failAndHandle(readMissingPatient);

	expect(rows()).toEqual(
		['101', '102', '103'].map((executionId, index) => ({
			id: index + 1,
			itemKey: `wf-sync:${executionId}:Read the patient:0`,
			incidentKey: 'wf-sync:Read the patient:NodeOperationError',
			workflowId: 'wf-sync',
			workflowName: 'Sync Semble patients to HubSpot',
			node: 'Read the patient',
			executionId,
			executionUrl: `http://127.0.0.1:5678/workflow/wf-sync/executions/${executionId}`,
			itemIndex: 0,
			errorClass: 'NodeOperationError',
			message: 'No patient with ID missing-patient-1',
			recordType: 'patient',
			recordId: 'missing-patient-1',
			status: 'new',
			tries: 0,
		})),
	);
	expect(slack).toHaveLength(1);
	expect(slack[0]).toMatchObject({
		channel: '#semble-alerts',
		text:
			'Semble workflow *Sync Semble patients to HubSpot* failed at *Read the patient*: NodeOperationError: No patient with ID missing-patient-1\n' +
			'Execution 101: http://127.0.0.1:5678/workflow/wf-sync/executions/101\n' +
			'Further failures like this in the next 30 minutes are recorded in the Data table semble_dead_letters without another message.',
	});
});

test('the same failed item handed over twice is recorded and announced once', async () => {
	const input = await failAndHandle(readMissingPatient);
	await handle(input);
	expect(rows()).toHaveLength(1);
	expect(slack).toHaveLength(1);
});

test('a new incident (another node, another kind of error, or after 30 minutes) alerts again', async () => {
	await failAndHandle(readMissingPatient);
	await failAndHandle({ ...readMissingPatient, name: 'Read the patient again' });
	await failAndHandle(
		node('Check the reply', 'n8n-nodes-base.code', 2, { jsCode: "throw new Error('HubSpot said no');" }),
	);
	expect(slack).toHaveLength(3);
	// The incident's first row is now older than the window: the next failure is a new incident.
	dataTables.backdate('semble_dead_letters', 1, 31);
	await failAndHandle(readMissingPatient);
	expect(slack).toHaveLength(4);
	expect(rows()).toHaveLength(4);
});

test('patient values in an error message never reach the table or Slack', async () => {
	// As a third-party node might echo a record back: email, mobile, NHS number, postcode, date of birth.
	const message = 'Rejected contact jane.doe@example.com, 07700 900123, NHS 943 476 5919, SW1A 1AA, born 1979-11-23';
	await failAndHandle(
		node('Push to HubSpot', 'n8n-nodes-base.code', 2, { jsCode: `throw new Error(${JSON.stringify(message)});` }),
	);
	const [row] = rows();
	expect(row.message).toBe('Rejected contact [email], [phone], NHS [number], [postcode], born [date]');
	const everything = JSON.stringify([rows(), slack]);
	for (const value of ['jane.doe', 'example.com', '07700', '900123', '943 476 5919', 'SW1A', '1979-11-23']) {
		expect(everything).not.toContain(value);
	}
	// And nothing any sandbox patient holds.
	const sensitive = [...sandbox.store.patients.values()].flatMap((patient) =>
		[patient.email, patient.firstName, patient.lastName, patient.dob].filter((value): value is string =>
			Boolean(value),
		),
	);
	for (const value of sensitive) expect(everything).not.toContain(value);
});

test('a trigger that fails before any execution is recorded by workflow', async () => {
	await handle({
		trigger: { error: { name: 'NodeApiError', message: 'Semble did not accept the credentials' }, mode: 'trigger' },
		workflow: { id: 'wf-poll', name: 'Sync Semble bookings to Google Calendar' },
	});
	expect(rows().map((row: DataTableRow) => [row.itemKey, row.executionId, row.itemIndex])).toEqual([
		['wf-poll:trigger:trigger:all', '', null],
	]);
	expect(slack).toHaveLength(1);
});
