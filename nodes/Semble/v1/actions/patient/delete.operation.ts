import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { Mutation } from '../mutation';
import { patientIdOf, patientIdProperty } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = { name: 'Delete', description: 'Delete a patient for good', action: 'Delete a patient record for good (archiving is usually wanted instead)' };

export const properties: INodeProperties[] = [
	{
		displayName: 'Deleting removes the patient for good. To keep the record but take it out of use, use Archive.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	patientIdProperty,
];

/** Deletion is final and invisible in later reads (Patient has no `deleted` flag): prefer Archive. */
export const mutation: Mutation = {
	field: 'deletePatient',
	args: { id: 'ID!' },
	selection: 'data { id } error',
	schema: z.object({ id: z.string() }),
	prepare(i) {
		return { id: patientIdOf.call(this, i) };
	},
	output: (_deleted, call) => ({ id: call.id as string, deleted: true }),
};
