import { PollContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { nodeTypes } from './nodeTypes';
import { testAdditionalData } from './runWorkflow';

/**
 * Runs the Semble Trigger's poll() the way n8n's active-workflow manager does: n8n-core's
 * own PollContext, with the node's static data supplied by the test so a "restart" can
 * reload it from JSON. Like n8n, the caller keeps the static data only if poll() succeeds.
 */
export async function pollOnce(options: {
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
}): Promise<INodeExecutionData[] | null> {
	const node: INode = {
		id: '6b1f4c1e-0000-4000-8000-0000000000aa',
		name: 'Semble Trigger',
		type: 'n8n-nodes-semble.sembleTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: 'apiToken', ...options.parameters },
		credentials: { sembleApi: { id: 'sembleApi-1', name: 'Semble sandbox' } },
	};
	const workflow = new Workflow({ id: 'poll-test', nodes: [node], connections: {}, active: true, nodeTypes });
	const context = new PollContext(
		workflow,
		workflow.getNode(node.name) as INode,
		testAdditionalData(new TestCredentialsHelper(options.credentials)),
		options.mode ?? 'trigger',
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => options.staticData,
	);
	const trigger = nodeTypes.getByNameAndVersion('n8n-nodes-semble.sembleTrigger', 1) as INodeType;
	const result = await trigger.poll!.call(context);
	return result ? result[0] : null;
}
