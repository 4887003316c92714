import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { nodeTypes } from './nodeTypes';
import { testAdditionalData } from './runWorkflow';

/**
 * Our trigger nodes run the way n8n runs them, with n8n-core's own contexts: the polling
 * trigger's poll() in a PollContext, the webhook trigger's lifecycle (checkExists, create,
 * delete) in a HookContext and its webhook() in a WebhookContext. Action nodes run through
 * n8n's engine in runWorkflow.ts; both use the one node-type registry (nodeTypes.ts).
 */

export interface TriggerNode {
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** For webhook triggers. */
	webhookId?: string;
	name?: string;
}

function nodeOf(trigger: TriggerNode): INode {
	return {
		id: '6b1f4c1e-0000-4000-8000-0000000000aa',
		name: trigger.name ?? 'Trigger',
		type: trigger.type,
		typeVersion: 1,
		position: [0, 0],
		webhookId: trigger.webhookId,
		parameters: { authentication: 'apiToken', ...trigger.parameters },
		credentials: { sembleApi: { id: 'sembleApi-1', name: 'Semble sandbox' } },
	};
}

const nodeType = (type: string) => nodeTypes.getByNameAndVersion(type, 1) as INodeType;

/**
 * n8n's durable poll cursor (n8n 2.36+, trigger-execution-context.factory in n8n's CLI): each
 * poll runs in a staging scope on a copy of the committed cursor, which is the node's static
 * data; the copy is committed with the emitted items, or alone (__commitCursor) when the poll
 * emitted nothing, and dropped when the poll failed.
 */
export class DurableCursor {
	committed: IDataObject = {};
	commits = 0;
	private staged?: IDataObject;

	/** PollContext's hooks, in its constructor's order from __commitCursor. */
	hooks() {
		return {
			commitCursor: async () => this.commit(),
			runPoll: async <T>(poll: () => Promise<T>) => {
				this.staged = structuredClone(this.committed);
				try {
					return await poll();
				} finally {
					this.staged = undefined;
				}
			},
			resolveNodeStaticData: () => {
				if (!this.staged) throw new Error('static data read outside a poll');
				return this.staged;
			},
		};
	}

	/** What n8n does with the staged copy when the execution (or the empty poll) is recorded. */
	commit() {
		if (this.staged) {
			this.committed = structuredClone(this.staged);
			this.commits++;
		}
	}
}

/**
 * poll() as n8n's active-workflow manager calls it. The node's static data is the object the
 * test supplies, so a "restart" can reload it from JSON; like n8n, the caller keeps it only
 * if poll() succeeds. `pollBudgetMs` is what n8n 2.38+ hands a poll (getPollBudgetMs);
 * `cursor` runs the poll under n8n's durable poll cursor instead of plain static data.
 */
export async function pollOnce(options: {
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	pollBudgetMs?: number;
	cursor?: DurableCursor;
}): Promise<INodeExecutionData[] | null> {
	const node = nodeOf({ type: 'n8n-nodes-semble.sembleTrigger', name: 'Semble Trigger', ...options });
	const workflow = new Workflow({ id: 'poll-test', nodes: [node], connections: {}, active: true, nodeTypes });
	const durable = options.cursor?.hooks();
	const context = new PollContext(
		workflow,
		workflow.getNode(node.name) as INode,
		testAdditionalData(new TestCredentialsHelper(options.credentials)),
		options.mode ?? 'trigger',
		'activate',
		undefined, // __emit and __emitError: n8n's own
		undefined,
		durable?.commitCursor,
		durable?.runPoll,
		durable?.resolveNodeStaticData ?? (() => options.staticData ?? {}),
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number,
	);
	const poll = nodeType(node.type).poll!;
	// As n8n's poll engines do: the poll and its hand-off in one staging scope.
	const result = await context.__runPoll!(async () => {
		const items = await poll.call(context);
		if (options.cursor) {
			if (items)
				options.cursor.commit(); // committed with the execution it starts
			else await context.__commitCursor!();
		}
		return items;
	});
	return result ? result[0] : null;
}

/**
 * A webhook trigger as n8n holds it between calls: the workflow's static data is saved as
 * JSON after each lifecycle or webhook call and loaded for the next, as n8n does between
 * activation, deliveries and deactivation.
 */
export class WebhookTriggerUnderTest {
	/** The workflow's static data as n8n last saved it. */
	staticData: IDataObject = {};

	constructor(
		readonly trigger: TriggerNode & { webhookId: string },
		readonly webhookBaseUrl: string,
	) {}

	get node(): INode {
		return nodeOf(this.trigger);
	}

	/** The node's own static data (n8n keeps it under "node:<name>"). */
	nodeState(): IDataObject {
		return (this.staticData[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	async hook(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
		const { workflow, additionalData, webhookData, save } = this.n8nObjects();
		const node = workflow.getNode(this.node.name) as INode;
		const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookData);
		try {
			return await nodeType(node.type).webhookMethods!.default![method].call(context);
		} finally {
			save();
		}
	}

	/** webhook() for one request; static data is saved only when it returns, as n8n saves it with the execution. */
	async webhook(httpRequest: unknown, httpResponse: unknown): Promise<IWebhookResponseData> {
		const { workflow, additionalData, webhookData, save } = this.n8nObjects({ httpRequest, httpResponse });
		const node = workflow.getNode(this.node.name) as INode;
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		const result = await nodeType(node.type).webhook!.call(context);
		save();
		return result;
	}

	private n8nObjects(http: { httpRequest?: unknown; httpResponse?: unknown } = {}) {
		const node = this.node;
		const workflow = new Workflow({
			id: 'webhook-trigger-test',
			name: 'Clinic sync',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: structuredClone(this.staticData),
		});
		const credentials = new TestCredentialsHelper(this.trigger.credentials);
		const additionalData = testAdditionalData(credentials, { webhookBaseUrl: this.webhookBaseUrl, ...http });
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: 'webhook',
			webhookDescription: nodeType(node.type).description.webhooks![0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		} as IWebhookData;
		const save = () => {
			this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		};
		return { workflow, additionalData, webhookData, save };
	}
}
