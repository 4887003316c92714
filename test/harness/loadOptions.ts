import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { nodeTypes } from './nodeTypes';
import { testAdditionalData } from './runWorkflow';

/**
 * Calls the node's listSearch and loadOptions methods the way n8n's editor does (n8n's
 * DynamicNodeParametersService): a one-node workflow holding the node's current parameters,
 * and n8n-core's own LoadOptionsContext, so credentials and HTTP go through n8n's helpers.
 */

export interface MethodCall {
	/** Credential data by credential type name. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Defaults to 'sembleApi'. */
	credentialType?: 'sembleApi' | 'sembleSignInApi';
	/** The node's other parameters as the editor has them (resource, operation, …). */
	parameters?: INodeParameters;
	/** The parameter being filled, e.g. `parameters.patientId`. */
	path?: string;
}

function contextFor(call: MethodCall): LoadOptionsContext {
	const credentialType = call.credentialType ?? 'sembleApi';
	const node: INode = {
		id: '6b1f4c1e-0000-4000-8000-0000000000ff',
		name: 'Temp-Node',
		type: 'n8n-nodes-semble.semble',
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: credentialType === 'sembleSignInApi' ? 'signIn' : 'apiToken', ...call.parameters },
		credentials: { [credentialType]: { id: `${credentialType}-1`, name: 'Semble sandbox' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const current = workflow.getNode(node.name) as INode;
	const additionalData = testAdditionalData(new TestCredentialsHelper(call.credentials), {
		currentNodeParameters: current.parameters,
	});
	return new LoadOptionsContext(workflow, current, additionalData, call.path ?? 'parameters.id');
}

const semble = () => nodeTypes.getByNameAndVersion('n8n-nodes-semble.semble', 1) as INodeType;

export async function listSearch(
	method: string,
	call: MethodCall,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = semble().methods?.listSearch?.[method];
	if (!search) throw new Error(`The node has no listSearch method ${method}`);
	return await search.call(contextFor(call), filter, paginationToken);
}

export async function loadOptions(method: string, call: MethodCall): Promise<INodePropertyOptions[]> {
	const load = semble().methods?.loadOptions?.[method];
	if (!load) throw new Error(`The node has no loadOptions method ${method}`);
	return await load.call(contextFor(call));
}
