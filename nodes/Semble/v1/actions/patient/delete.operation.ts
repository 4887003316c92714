import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

/** Deletion is final and invisible in later reads (Patient has no `deleted` flag): prefer Archive. */
export const DELETE_PATIENT = gql`
	mutation DeletePatient($id: ID!) {
		deletePatient(id: $id) {
			data { id }
			error
		}
	}
`;

export const option: OperationOption = { name: 'Delete', description: 'Delete a patient for good', action: 'Delete a patient' };

export const properties: INodeProperties[] = [
	{
		displayName: 'Deleting removes the patient for good. To keep the record but take it out of use, use Archive.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	patientIdProperty,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = patientIdOf.call(this, i);
	const [item] = await runPatientMutation.call(this, i, 'deletePatient', DELETE_PATIENT, { id });
	return [{ ...item, json: { id, deleted: true } }];
}
