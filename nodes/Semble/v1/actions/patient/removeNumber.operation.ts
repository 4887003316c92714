import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

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

export const mutation = patientMutation(
	'removePatientNumber',
	{ patientId: 'ID!', patientNumberId: 'ID!' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		const patientNumberId = inputValidator(this.getNode(), i).id('Number ID', this.getNodeParameter('numberId', i));
		return {
			patientId,
			patientNumberId,
		};
	},
);
