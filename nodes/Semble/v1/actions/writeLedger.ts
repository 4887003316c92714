import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { MutationCall } from './mutation';

/**
 * What a write already did, so that running it again never writes twice.
 *
 * n8n's Retry On Fail runs the node again with the same input items (the same array), after
 * any item failed, including with Continue On Fail. Items Semble already wrote are answered
 * from here instead of being sent again; an item whose request may have run is not sent again.
 *
 * A write with a second step (a patient's NHS number after the create) also leaves its
 * unfinished second step here, keyed by the workflow, the node and a hash of the item's
 * arguments, so that n8n's "Retry" of the whole execution (new input objects, same values)
 * finishes the second step on the patient already created instead of creating another.
 * Kept in this process's memory: a retry that lands on another worker is not covered.
 */

export type Written =
	| { state: 'written'; json: IDataObject; call: MutationCall; finished: boolean }
	| { state: 'uncertain' };

const byInput = new WeakMap<object, Map<string, Map<number, Written>>>();

/** This node's record of what it wrote for the current input items. */
export function ledgerOf(context: IExecuteFunctions): Map<number, Written> {
	const items = context.getInputData();
	let nodes = byInput.get(items);
	if (!nodes) byInput.set(items, (nodes = new Map()));
	const name = context.getNode().name;
	let written = nodes.get(name);
	if (!written) nodes.set(name, (written = new Map()));
	return written;
}

/** Unfinished second steps, by the item's arguments; forgotten after a day. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const unfinished = new Map<string, { at: number; id: string }>();

function keyOf(context: IExecuteFunctions, call: MutationCall): string {
	const workflow = context.getWorkflow().id ?? '';
	// A hash, so the patient's details are not held in memory longer than the run needs.
	return createHash('sha256')
		.update(JSON.stringify([workflow, context.getNode().name, call]))
		.digest('hex');
}

export const unfinishedWrites = {
	/** Only the new record's id is kept. */
	remember(context: IExecuteFunctions, call: MutationCall, id: string): void {
		const now = Date.now();
		for (const [key, entry] of unfinished) if (now - entry.at > KEEP_MS) unfinished.delete(key);
		unfinished.set(keyOf(context, call), { at: now, id });
	},
	find(context: IExecuteFunctions, call: MutationCall): string | undefined {
		return unfinished.get(keyOf(context, call))?.id;
	},
	forget(context: IExecuteFunctions, call: MutationCall): void {
		unfinished.delete(keyOf(context, call));
	},
};
