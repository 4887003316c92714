import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, phoneNumberField, phoneTypeField, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const ADD_PATIENT_PHONE = gql`
	mutation AddPatientPhoneNumber($patientId: ID!, $phoneData: AddPhoneData!) {
		addPatientPhoneNumber(patientId: $patientId, phoneData: $phoneData) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Add Phone',
	description: 'Add a phone number to a patient',
	action: 'Add a phone number to a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{ ...phoneNumberField, required: true },
	phoneTypeField,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this.getNode(), i);
	const patientId = patientIdOf.call(this, i);
	const phoneData = {
		phoneNumber: input.phone('Phone Number', String(this.getNodeParameter('phoneNumber', i) ?? '')),
		phoneType: input.required('Phone Type', this.getNodeParameter('phoneType', i)),
	};
	return await runPatientMutation.call(this, i, 'addPatientPhoneNumber', ADD_PATIENT_PHONE, { patientId, phoneData });
}
