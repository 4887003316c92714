import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../shared/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';

export const REMOVE_PATIENT_NUMBER = gql`
	mutation RemovePatientNumber($patientId: ID!, $patientNumberId: ID!) {
		removePatientNumber(patientId: $patientId, patientNumberId: $patientNumberId) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Number ID',
		name: 'numberId',
		type: 'string',
		required: true,
		default: '',
		description: 'The identifier to remove: an "ID" from the patient\'s numbers (Patient › Get)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['removeNumber'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const patientNumberId = inputValidator(this.getNode(), i).id('Number ID', this.getNodeParameter('numberId', i));
	return await runPatientMutation.call(this, i, 'removePatientNumber', REMOVE_PATIENT_NUMBER, {
		patientId,
		patientNumberId,
	});
}
