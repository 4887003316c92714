import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { startRunnerTask } from './codeRunner';
import { TestCredentialsHelper } from './credentialsHelper';
import type { MemoryDataTables } from './dataTables';
import { nodeTypes } from './nodeTypes';

/**
 * Runs workflow JSON through n8n's own engine (n8n-core's WorkflowExecute) in-process, with
 * our node types resolved as an installed community package. Fast enough for node tests;
 * the real-n8n stage (test/realN8n) proves the same in a real n8n server.
 */

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: Record<string, unknown>;
	pinData?: IPinData;
}

export interface RunOptions {
	/** Credential data by credential type name. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Defaults to the first node without incoming connections. */
	startNode?: string;
	/**
	 * The workflow's static data (what `$getWorkflowStaticData` reads and writes). Pass the same
	 * object to the next run: n8n keeps it between executions of an active workflow.
	 */
	staticData?: IDataObject;
	/** n8n's Data Tables (test/harness/dataTables.ts); pass the same store to the next run. */
	dataTables?: MemoryDataTables;
	/**
	 * Other workflows an Execute Workflow node may call, by workflow id (this workflow is
	 * `test-workflow`). Each runs from its Execute Workflow Trigger, as n8n runs a sub-workflow.
	 */
	workflows?: Record<string, WorkflowJson>;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	error?: Error;
	credentials: TestCredentialsHelper;
	/** The items a node produced on one of its outputs (last run). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error a node stopped with, if any. */
	nodeError(nodeName: string): Error | undefined;
}

let executionCounter = 0;
const TEST_WORKFLOW_ID = 'test-workflow';

export async function runWorkflow(json: WorkflowJson, options: RunOptions): Promise<RunResult> {
	const executionId = String(++executionCounter);
	const workflowData = {
		id: TEST_WORKFLOW_ID,
		name: json.name ?? 'test',
		active: false,
		nodes: json.nodes,
		connections: json.connections,
		settings: { executionOrder: 'v1', timezone: 'Europe/London', ...json.settings },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
		staticData: options.staticData,
	});
	const credentials = new TestCredentialsHelper(options.credentials);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const dataTable = options.dataTables && { dataTableProxyProvider: options.dataTables.provider };
	const additionalData = testAdditionalData(credentials, {
		hooks,
		executionId,
		startRunnerTask,
		...(dataTable && { 'data-table': dataTable }),
		executeWorkflow: callWorkflow(json, options),
	});

	const startName = options.startNode ?? firstNodeName(json);
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`No node named ${startName}`);
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode, pinData: json.pinData });
	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		credentials,
		output: (nodeName, outputIndex = 0) => {
			const runs = runData[nodeName];
			return runs?.[runs.length - 1]?.data?.main?.[outputIndex] ?? [];
		},
		nodeError: (nodeName) => {
			const runs = runData[nodeName];
			return runs?.[runs.length - 1]?.error;
		},
	};
}

/**
 * What n8n hands a node besides the workflow: our credentials helper and the instance URLs.
 * `extra` adds e.g. execution hooks, or the node parameters a load-options call sees.
 */
export function testAdditionalData(
	credentials: TestCredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters: undefined,
		variables: {},
		userId: 'test-user',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		// n8n's server reads a sub-workflow's run back for paired items; the harness keeps none.
		getRunExecutionData: async () => undefined,
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * What n8n does when a node (Execute Workflow, an AI Agent's Call n8n Workflow Tool) calls a
 * workflow: this same one (`{{ $workflow.id }}`, sharing static data) or one of `options.workflows`,
 * from its Execute Workflow Trigger with the caller's items; answers the last node's items, or
 * throws the sub-workflow's error as n8n does.
 */
function callWorkflow(json: WorkflowJson, options: RunOptions): IWorkflowExecuteAdditionalData['executeWorkflow'] {
	return async (workflowInfo, _additionalData, { inputData }) => {
		const id = String(workflowInfo.id);
		const called = id === TEST_WORKFLOW_ID ? json : options.workflows?.[id];
		if (!called) throw new Error(`No workflow with ID ${id} to call`);
		const trigger = called.nodes.find((node) => node.type === 'n8n-nodes-base.executeWorkflowTrigger');
		if (!trigger) throw new Error(`Workflow ${id} has no Execute Workflow Trigger`);
		const sub = await runWorkflow(
			{ ...called, pinData: { [trigger.name]: inputData ?? [] } },
			id === TEST_WORKFLOW_ID
				? { ...options, startNode: trigger.name }
				: { ...options, startNode: trigger.name, staticData: undefined },
		);
		if (sub.error) throw sub.error;
		const last = sub.run.data.resultData.lastNodeExecuted;
		const runs = last ? sub.run.data.resultData.runData[last] : undefined;
		return { executionId: String(executionCounter), data: runs?.[runs.length - 1]?.data?.main ?? [] };
	};
}

function firstNodeName(json: WorkflowJson): string {
	const targets = new Set(
		Object.values(json.connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) => outputs.flatMap((list) => (list ?? []).map((c) => c.node))),
		),
	);
	const first = json.nodes.find((node) => !targets.has(node.name) && node.type !== 'n8n-nodes-base.stickyNote');
	if (!first) throw new Error('Workflow has no start node');
	return first.name;
}
