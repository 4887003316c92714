import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { BatchCall, BatchShape } from '../../shared/batch';
import { aliasOutcome, batchDocument } from '../../shared/batch';
import { sembleRequestAllowingErrors } from '../../transport';

/** An operation that can send many items' mutations in one request. */
export interface BatchSpec {
	shape: BatchShape;
	/** The shape of one alias's `data`. */
	schema: z.ZodTypeAny;
	/** Validates item `i` and returns its mutation arguments; throws the item's input error. */
	prepare: (this: IExecuteFunctions, i: number) => BatchCall;
}

export interface Operation {
	execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]>;
	batch?: BatchSpec;
}

const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 10,
	description:
		'How many items to send to Semble in one request (several mutations in one GraphQL document). Saves requests on bulk jobs; each item still gets its own result. 1 sends items one by one. If Semble refuses a batch as a whole, the node falls back to one item per request.',
};

/** The Options collection of a batchable operation. */
export const batchOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [batchSizeOption],
};

/**
 * Runs a batchable operation over all input items. Every item is validated before anything
 * is sent, so bad input stops the run with nothing written. An item Semble refuses fails
 * alone; with Continue On Fail the others carry on, otherwise the node stops at it (items
 * already sent in that batch stay written, as they would one by one).
 */
export async function runBatched(this: IExecuteFunctions, operation: Operation & { batch: BatchSpec }, size: number) {
	const { batch } = operation;
	const items = this.getInputData();
	const results: INodeExecutionData[][] = [];
	const fail = (error: Error, index: number) => {
		if (!this.continueOnFail()) throw error;
		results[index] = [{ json: { error: error.message }, pairedItem: { item: index } }];
	};

	const ready: Array<{ index: number; call: BatchCall }> = [];
	for (let index = 0; index < items.length; index++) {
		try {
			ready.push({ index, call: batch.prepare.call(this, index) });
		} catch (error) {
			fail(error as Error, index);
		}
	}

	const schema = z.record(z.object({ data: batch.schema.nullable(), error: z.string().nullish() }).nullable()).nullable();
	for (let start = 0; start < ready.length; start += size) {
		const chunk = ready.slice(start, start + size);
		const { document, variables } = batchDocument(batch.shape, chunk.map((entry) => entry.call));
		let response;
		try {
			response = await sembleRequestAllowingErrors.call(this, { document, variables, kind: 'write', schema });
		} catch (error) {
			// The request as a whole failed (and may have run): every item in it reports that.
			for (const { index } of chunk) fail(error as Error, index);
			continue;
		}
		for (const [position, { index }] of chunk.entries()) {
			if (response.data === null) {
				// Refused before running (e.g. a batch too large for Semble): send this item alone.
				try {
					results[index] = await operation.execute.call(this, index);
				} catch (error) {
					fail(error as Error, index);
				}
				continue;
			}
			const outcome = aliasOutcome<IDataObject>(response.data, response.errors, batch.shape, position);
			if (outcome.ok) results[index] = [{ json: outcome.data ?? {}, pairedItem: { item: index } }];
			else fail(new NodeApiError(this.getNode(), { message: outcome.message }, { message: outcome.message, itemIndex: index }), index);
		}
	}
	return results.flat();
}

/** The node's batch size, read once from the first item (1 = no batching). */
export function batchSizeOf(context: IExecuteFunctions): number {
	const size = context.getNodeParameter('options.batchSize', 0, 1) as number;
	if (!Number.isInteger(size) || size < 1) {
		throw new NodeOperationError(context.getNode(), 'Invalid "Batch Size": must be a whole number, 1 or more');
	}
	return size;
}
