import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resources } from './index';
import { runMutation } from './runMutation';
import { inputProblems } from '../../shared/validation';

/** Finds the operation in its resource's record and runs it over the input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}
	if ('mutation' in handler) return [await runMutation.call(this, handler.mutation)];

	const returnData: INodeExecutionData[] = [];
	// Kept apart too, for an operation that combines what its items gave (e.g. one FHIR Bundle).
	const succeeded: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const output = await handler.execute.call(this, i);
			const problems = inputProblems(this, i);
			if (problems) throw problems;
			returnData.push(...output);
			if (handler.combine) succeeded.push(...output);
		} catch (thrown) {
			// An item with input problems fails with them, whatever they led to afterwards.
			const error = inputProblems(this, i) ?? thrown;
			if (this.continueOnFail()) {
				const errorItem = { json: { error: error.message }, pairedItem: { item: i } };
				returnData.push(errorItem);
				failed.push(errorItem);
				continue;
			}
			// Our errors are already node errors (NodeOperationError passes through unchanged).
			throw error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error, { itemIndex: i });
		}
	}
	const combined = handler.combine?.call(this, succeeded);
	return [combined ? [...combined, ...failed] : returnData];
}
