import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as availability from './availability';
import * as booking from './booking';
import * as graphql from './graphql';
import * as patient from './patient';

type Operation = { execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	availability: { getFreeSlots: availability.getFreeSlots },
	booking: {
		cancel: booking.cancel,
		create: booking.create,
		get: booking.get,
		getMany: booking.getMany,
		update: booking.update,
		updateJourney: booking.updateJourney,
	},
	graphql: { execute: graphql.execute },
	patient: {
		addAttribute: patient.addAttribute,
		addLabel: patient.addLabel,
		addNumber: patient.addNumber,
		addPhone: patient.addPhone,
		archive: patient.archive,
		create: patient.create,
		delete: patient.deletePatient,
		findDuplicates: patient.findDuplicates,
		get: patient.get,
		getMany: patient.getMany,
		removeAttribute: patient.removeAttribute,
		removeLabel: patient.removeLabel,
		removeNumber: patient.removeNumber,
		removePhone: patient.removePhone,
		unarchive: patient.unarchive,
		update: patient.update,
		updateAttribute: patient.updateAttribute,
		updateNumber: patient.updateNumber,
		updatePhone: patient.updatePhone,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}

	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			returnData.push(...(await handler.execute.call(this, i)));
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: { error: error.message }, pairedItem: { item: i } });
				continue;
			}
			// Our errors are already node errors (NodeOperationError passes through unchanged).
			throw error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error, { itemIndex: i });
		}
	}
	return [returnData];
}
