import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureFromGraphQLErrors, toNodeApiError } from '../../transport/errors';
import { mayHaveWritten } from '../../transport';
import { inputProblems } from '../../shared/validation';
import type { AliasOutcome, Mutation, MutationCall } from './mutation';
import { aliasOutcome, batchSizeOf, sendWrites } from './mutation';
import { ledgerOf, unfinishedWrites } from './writeLedger';

type Entry = { index: number; call: MutationCall };
type Settled = Entry & ({ ok: true; data: IDataObject | null } | { ok: false; error: Error });

/**
 * Runs a write over all input items. Every item is validated before anything is sent, so bad
 * input stops the run with nothing written. An item Semble refuses fails alone; with
 * Continue On Fail the others carry on, otherwise the node stops at it (items already sent in
 * that batch stay written, as they would one by one). What was written is noted first
 * (writeLedger.ts), so n8n running the node again never writes an item twice.
 */
export async function runMutation(this: IExecuteFunctions, mutation: Mutation): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const ledger = ledgerOf(this);
	const results: INodeExecutionData[][] = [];
	const put = (index: number, json: IDataObject) => (results[index] = [{ json, pairedItem: { item: index } }]);
	const fail = (error: Error, index: number, saved?: IDataObject) => {
		if (!this.continueOnFail()) throw error;
		put(index, { ...saved, error: error.message });
	};
	const step = mutation.secondStep;
	const needsStep = (call: MutationCall) => step !== undefined && call[step.input] !== undefined;

	/** The item's second step, after its first write; a failure says what was saved. */
	const finish = async ({ index, call }: Entry, first: IDataObject) => {
		if (!step || !needsStep(call)) {
			put(index, first);
			return;
		}
		try {
			const json = await step.run.call(this, first, call, index);
			ledger.set(index, { state: 'written', json, call, finished: true });
			if (mutation.creates) unfinishedWrites.forget(this, call, step.input);
			put(index, json);
		} catch (error) {
			fail(partlySaved(this, mutation, first, error as Error, index), index, first);
		}
	};

	const size = batchSizeOf(this, mutation);
	const ready: Entry[] = [];
	for (let index = 0; index < items.length; index++) {
		const before = ledger.get(index);
		if (before?.state === 'uncertain') fail(notSentAgain(this, index), index);
		else if (before?.finished) put(index, before.json);
		// Its second step failed before: it reads the record afresh, as that step may have half-run.
		else if (before) await finish({ index, call: before.call }, { id: before.json.id });
		else {
			const call = await prepared(this, mutation, index).catch((error: Error) => error);
			if (call instanceof Error) fail(call, index);
			else {
				// A record made by an earlier try whose second step failed: finish that one.
				const madeBefore =
					mutation.creates && needsStep(call) ? unfinishedWrites.find(this, call, step!.input) : undefined;
				if (madeBefore) await finish({ index, call }, { id: madeBefore });
				else ready.push({ index, call });
			}
		}
	}

	const output = mutation.output ?? ((data: IDataObject | null) => data ?? {});
	for (let start = 0; start < ready.length; start += size) {
		const chunk = ready.slice(start, start + size);
		const settled = await settleChunk(this, mutation, chunk);
		// Noted before anything is reported: a failure reported below may end the run.
		const written = settled.map((entry) => {
			if (!entry.ok) {
				if (mayHaveWritten(entry.error)) ledger.set(entry.index, { state: 'uncertain' });
				return entry;
			}
			const json = output(entry.data, entry.call);
			const finished = !needsStep(entry.call);
			ledger.set(entry.index, { state: 'written', json, call: entry.call, finished });
			if (!finished && mutation.creates && json.id)
				unfinishedWrites.remember(this, entry.call, step!.input, String(json.id));
			return { ...entry, json };
		});
		for (const entry of written) {
			if (!('json' in entry)) fail(entry.error, entry.index);
			else if (needsStep(entry.call) && !entry.json.id)
				fail(noIdForSecondStep(this, mutation, entry.index), entry.index, entry.json);
			else await finish(entry, entry.json);
		}
	}
	return results.flat();
}

async function prepared(context: IExecuteFunctions, mutation: Mutation, index: number): Promise<MutationCall> {
	try {
		const call = await mutation.prepare.call(context, index);
		const problems = inputProblems(context, index);
		if (problems) throw problems;
		return call;
	} catch (error) {
		throw inputProblems(context, index) ?? error;
	}
}

/** Sends one chunk and says, for each item, what Semble wrote or why it did not. */
async function settleChunk(context: IExecuteFunctions, mutation: Mutation, chunk: Entry[]): Promise<Settled[]> {
	const send = async (entries: Entry[]) =>
		await sendWrites(
			context,
			mutation,
			entries.map((entry) => entry.call),
			entries.length === 1 ? entries[0].index : undefined,
		).catch((error: Error) => error);
	const answer = await send(chunk);
	// The request as a whole failed (and may have run): every item in it reports that.
	if (answer instanceof Error) return chunk.map((entry) => ({ ...entry, ok: false, error: answer }));
	const settled: Settled[] = [];
	for (const [position, entry] of chunk.entries()) {
		// Refused before running (e.g. a batch too large for Semble): send this item alone.
		const alone = answer.data === null && chunk.length > 1 ? await send([entry]) : answer;
		if (alone instanceof Error) {
			settled.push({ ...entry, ok: false, error: alone });
			continue;
		}
		const outcome: AliasOutcome =
			alone.data === null
				? { ok: false, failure: failureFromGraphQLErrors(alone.errors) }
				: aliasOutcome(alone.data, alone.errors, mutation, alone === answer ? position : 0);
		settled.push(
			outcome.ok
				? { ...entry, ok: true, data: outcome.data }
				: { ...entry, ok: false, error: toNodeApiError(context.getNode(), outcome.failure, entry.index) },
		);
	}
	return settled;
}

function partlySaved(
	context: IExecuteFunctions,
	mutation: Mutation,
	first: IDataObject,
	error: Error,
	itemIndex: number,
) {
	const step = mutation.secondStep!;
	const done = mutation.creates ? 'created' : 'saved';
	return new NodeOperationError(
		context.getNode(),
		`The ${step.record} was ${done} (ID ${String(first.id)}), but its ${step.what} was not saved: ${error.message}`,
		{
			itemIndex,
			description: `${step.remedy} If this node runs again with this item (Retry On Fail, or the same values on this n8n within a day), it adds only the ${step.what} to this ${step.record}${mutation.creates ? ` and does not create it again` : ''}.`,
		},
	);
}

function noIdForSecondStep(context: IExecuteFunctions, mutation: Mutation, itemIndex: number) {
	const step = mutation.secondStep!;
	return new NodeOperationError(
		context.getNode(),
		`Semble saved the ${step.record} but did not say its ID, so its ${step.what} was not saved`,
		{ itemIndex, description: `Find the ${step.record} in Semble. ${step.remedy}` },
	);
}

function notSentAgain(context: IExecuteFunctions, itemIndex: number) {
	return new NodeOperationError(
		context.getNode(),
		'Not sent again: the earlier try of this item may have been saved by Semble',
		{
			itemIndex,
			description:
				'Semble did not answer that request (a timeout or a server error after it was sent), so it may have been carried out. Check Semble before running this item again.',
		},
	);
}
