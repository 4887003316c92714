import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, phoneNumberField, phoneTypeField, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

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

export const mutation = patientMutation(
	'addPatientPhoneNumber',
	{ patientId: 'ID!', phoneData: 'AddPhoneData!' },
	function (i) {
		const input = inputValidator(this, i);
		const patientId = patientIdOf.call(this, i);
		const phoneData = {
			phoneNumber: input.phone('Phone Number', String(this.getNodeParameter('phoneNumber', i) ?? '')),
			phoneType: input.required('Phone Type', this.getNodeParameter('phoneType', i)),
		};
		return { patientId, phoneData };
	},
);
