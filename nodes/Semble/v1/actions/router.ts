import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as availability from './availability';
import type { Operation } from './batchRunner';
import { batchSizeOf, runBatched } from './batchRunner';
import * as booking from './booking';
import * as dataTools from './dataTools';
import * as graphql from './graphql';
import * as invoice from './invoice';
import * as label from './label';
import * as note from './note';
import * as patient from './patient';
import * as practice from './practice';
import * as product from './product';
import * as staff from './staff';


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
	dataTools: { checkDataQuality: dataTools.checkDataQuality, detectConflicts: dataTools.detectConflicts },
	graphql: { execute: graphql.execute },
	invoice: { addPayment: invoice.addPayment, create: invoice.create, getMany: invoice.getMany },
	label: { getMany: label.getMany },
	note: { create: note.create, update: note.update },
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
	practice: { get: practice.get },
	product: {
		create: product.create,
		delete: product.delete,
		get: product.get,
		getMany: product.getMany,
		update: product.update,
	},
	staff: { get: staff.get, getMany: staff.getMany },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}

	if (handler.batch && items.length > 1) {
		const size = batchSizeOf(this);
		if (size > 1) return [await runBatched.call(this, { ...handler, batch: handler.batch }, size)];
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
