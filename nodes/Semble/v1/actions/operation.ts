import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Mutation } from './mutation';

/**
 * One operation of the Semble node, all in its own `<operation>.operation.ts`: its entry in
 * the Operation list, its fields, and how it runs. A resource's `index.ts` lists its
 * operations in one record; the Operation list, the fields' display rules and the router all
 * derive from that record, so the key there is the operation's one name.
 */
export interface OperationOption {
	name: string;
	description: string;
	/**
	 * Listed in n8n's node panel, and, as "<action> in Semble", the description an AI Agent
	 * reads for the Semble Tool: so it says when to use the operation, not just its name.
	 */
	action: string;
}

interface Common {
	option: OperationOption;
	/** Shown only for this resource and operation (resourceDescription adds the rule). */
	properties: INodeProperties[];
}

/** Runs item by item. */
export interface ItemOperation extends Common {
	execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]>;
	/**
	 * Makes the node's output from what the items gave, e.g. one Bundle of them all, or
	 * returns undefined to keep the items as they are. Items that failed under Continue On
	 * Fail are not passed; their error items follow.
	 */
	combine?: (this: IExecuteFunctions, succeeded: INodeExecutionData[]) => INodeExecutionData[] | undefined;
}

/** A write declared once (./mutation.ts): the router runs it over all items. */
export interface MutationOperation extends Common {
	mutation: Mutation;
}

export type Operation = ItemOperation | MutationOperation;

/** The Operation list of a resource and the fields of each of its operations. */
export function resourceDescription(
	resource: string,
	operations: Record<string, Operation>,
	defaultOperation: string,
): INodeProperties[] {
	const entries = Object.entries(operations);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: entries
				.map(([value, { option }]) => ({ ...option, value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultOperation,
		},
		...entries.flatMap(([operation, { properties }]) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties),
		),
	];
}
