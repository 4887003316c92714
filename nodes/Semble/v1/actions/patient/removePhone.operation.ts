import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const REMOVE_PATIENT_PHONE = gql`
	mutation RemovePatientPhoneNumber($patientId: ID!, $phoneId: ID!) {
		removePatientPhoneNumber(patientId: $patientId, phoneId: $phoneId) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Remove Phone',
	description: 'Remove a phone number from a patient',
	action: 'Remove a phone number from a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Phone ID',
		name: 'phoneId',
		type: 'string',
		required: true,
		default: '',
		description: 'The number to remove: a "Phone ID" from the patient\'s phones (Patient › Get)',
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const phoneId = inputValidator(this.getNode(), i).id('Phone ID', this.getNodeParameter('phoneId', i));
	return await runPatientMutation.call(this, i, 'removePatientPhoneNumber', REMOVE_PATIENT_PHONE, { patientId, phoneId });
}
