import type { IDataObject, INode, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './runWorkflow';

/**
 * A resource locator set "By ID", as n8n saves it: what a workflow passes to a locator field
 * (patient, clinician, room, appointment type, product, label, staff member). The value may
 * be an expression, e.g. `byId('={{ $json.id }}')`.
 */
export const byId = (value: string): INodeParameterResourceLocator => ({ __rl: true, mode: 'id', value });

/** A Manual Trigger feeding `items` (pinned) into one Semble node: the smallest workflow to test an operation. */
export function sembleWorkflow(
	parameters: INodeParameters,
	options: { items?: IDataObject[]; credentialType?: string; settings?: Partial<INode> } = {},
): WorkflowJson {
	const credentialType = options.credentialType ?? 'sembleApi';
	const nodes: INode[] = [
		{
			id: '6b1f4c1e-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '6b1f4c1e-0000-4000-8000-000000000003',
			name: 'Semble',
			type: 'n8n-nodes-semble.semble',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				authentication: credentialType === 'sembleSignInApi' ? 'signIn' : 'apiToken',
				...parameters,
			},
			credentials: { [credentialType]: { id: `${credentialType}-1`, name: 'Semble sandbox' } },
			...options.settings,
		},
	];
	return {
		nodes,
		connections: {
			Start: { main: [[{ node: 'Semble', type: 'main', index: 0 }]] },
		},
		// The trigger's output is pinned, so each item reaches the Semble node as input.
		pinData: { Start: (options.items ?? [{}]).map((json) => ({ json })) },
	};
}
