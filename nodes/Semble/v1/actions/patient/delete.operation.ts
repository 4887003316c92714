import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';

/** Deletion is final and invisible in later reads (Patient has no `deleted` flag): prefer Archive. */
export const DELETE_PATIENT = gql`
	mutation DeletePatient($id: ID!) {
		deletePatient(id: $id) {
			data { id }
			error
		}
	}
`;

const properties: INodeProperties[] = [
	{
		displayName: 'Deleting removes the patient for good. To keep the record but take it out of use, use Archive.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	patientIdProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = patientIdOf.call(this, i);
	const [item] = await runPatientMutation.call(this, i, 'deletePatient', DELETE_PATIENT, { id });
	return [{ ...item, json: { id, deleted: true } }];
}
