import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { MutationCall } from './mutation';

/**
 * What a write already did, so that running it again never writes twice.
 *
 * n8n's Retry On Fail runs the node again with the same input when it fails, or (with Continue
 * On Fail) when the first item of its output has an error. Items Semble already wrote are
 * answered from here instead of being sent again; an item whose request may have run is not
 * sent again.
 *
 * A write with a second step (a patient's NHS number after the create) also leaves its
 * unfinished second step here, keyed by a hash of the workflow, node, credential and the
 * item's arguments, so that n8n's "Retry" of the whole execution (a new run, same values)
 * finishes the second step on the patient already created instead of creating another.
 * Kept in this process's memory: a retry that lands on another worker is not covered.
 */

export type Written =
	| { state: 'written'; json: IDataObject; call: MutationCall; finished: boolean }
	| { state: 'uncertain' };

const byRun = new WeakMap<object, Map<number, Written>>();

/** This node's record of what it wrote for the current input items. */
export function ledgerOf(context: IExecuteFunctions): Map<number, Written> {
	// n8n's execute data: the same object on every try of one run of the node, a new one for the next run.
	const run = context.getExecuteData();
	let written = byRun.get(run);
	if (!written) byRun.set(run, (written = new Map()));
	return written;
}

/** Unfinished second steps, by the item's arguments; forgotten after a day. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const unfinished = new Map<string, { at: number; id: string }>();

/**
 * The workflow, the node, its credential and the first write's arguments (the second step's
 * own input left out, so a corrected NHS number still finds the patient made before). Hashed,
 * so the patient's details are not held in memory longer than the run needs.
 */
function keyOf(context: IExecuteFunctions, call: MutationCall, stepInput: string): string {
	const node = context.getNode();
	const credential = Object.values(node.credentials ?? {})[0]?.id ?? '';
	const first = Object.fromEntries(Object.entries(call).filter(([key]) => key !== stepInput));
	return createHash('sha256')
		.update(JSON.stringify([context.getWorkflow().id ?? '', node.name, credential, first]))
		.digest('hex');
}

export const unfinishedWrites = {
	/** Only the new record's id is kept. */
	remember(context: IExecuteFunctions, call: MutationCall, stepInput: string, id: string): void {
		const now = Date.now();
		for (const [key, entry] of unfinished) if (now - entry.at > KEEP_MS) unfinished.delete(key);
		unfinished.set(keyOf(context, call, stepInput), { at: now, id });
	},
	find(context: IExecuteFunctions, call: MutationCall, stepInput: string): string | undefined {
		return unfinished.get(keyOf(context, call, stepInput))?.id;
	},
	forget(context: IExecuteFunctions, call: MutationCall, stepInput: string): void {
		unfinished.delete(keyOf(context, call, stepInput));
	},
};
