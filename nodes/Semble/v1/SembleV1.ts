import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, sembleCredentials } from '../shared/authentication';
import { resourceProperty, resources } from './actions';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

/**
 * The data tools work on the items alone, so they ask for no Semble access. Only this node
 * has a `resource` to hide by: n8n 1.x refuses to activate a node whose parameters depend on
 * a parameter it does not have.
 */
const noAccessNeeded = { hide: { resource: ['dataTools'] } };

/** What version 1 adds to the base description in Semble.node.ts. */
const versionDescription: Omit<INodeTypeDescription, keyof INodeTypeBaseDescription> &
	Partial<INodeTypeDescription> = {
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	defaults: { name: 'Semble' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: sembleCredentials.map((credential) => ({
		...credential,
		displayOptions: { ...credential.displayOptions, ...noAccessNeeded },
	})),
	properties: [
		{ ...authenticationProperty, displayOptions: noAccessNeeded },
		resourceProperty,
		...Object.values(resources).flatMap((resource) => resource.description),
	],
};

export class SembleV1 implements INodeType {
	description: INodeTypeDescription;

	// The name, icon and description come from Semble.node.ts, as in n8n's own versioned
	// nodes: n8n resolves an icon beside the main node file, and so does the verification scan.
	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
