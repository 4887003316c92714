import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Remove Attribute',
	description: 'Remove a custom attribute from a patient',
	action: 'Remove a custom attribute from a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Attribute ID',
		name: 'attributeId',
		type: 'string',
		required: true,
		default: '',
		description: 'The attribute to remove: an "ID" from the patient\'s custom attributes (Patient › Get)',
	},
];

export const mutation = patientMutation(
	'removePatientAttribute',
	{ patientId: 'ID!', attributeId: 'ID!' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		const attributeId = inputValidator(this.getNode(), i).id('Attribute ID', this.getNodeParameter('attributeId', i));
		return {
			patientId,
			attributeId,
		};
	},
);
