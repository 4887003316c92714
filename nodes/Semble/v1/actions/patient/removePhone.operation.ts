import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

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

export const mutation = patientMutation('removePatientPhoneNumber', { patientId: 'ID!', phoneId: 'ID!' }, function (i) {
	const patientId = patientIdOf.call(this, i);
	const phoneId = inputValidator(this.getNode(), i).id('Phone ID', this.getNodeParameter('phoneId', i));
	return { patientId, phoneId };
});
