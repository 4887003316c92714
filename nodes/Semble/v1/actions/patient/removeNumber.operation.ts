import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const REMOVE_PATIENT_NUMBER = gql`
	mutation RemovePatientNumber($patientId: ID!, $patientNumberId: ID!) {
		removePatientNumber(patientId: $patientId, patientNumberId: $patientNumberId) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Remove Number',
	description: 'Remove an identifier such as an NHS number from a patient',
	action: 'Remove an identifier number from a patient',
};

export const properties: INodeProperties[] = [
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const patientNumberId = inputValidator(this.getNode(), i).id('Number ID', this.getNodeParameter('numberId', i));
	return await runPatientMutation.call(this, i, 'removePatientNumber', REMOVE_PATIENT_NUMBER, {
		patientId,
		patientNumberId,
	});
}
