import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Add Attribute',
	description: 'Add a custom attribute (title and response) to a patient',
	action: 'Add a custom attribute (title and response) to a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		placeholder: 'Referral source',
		default: '',
		description: 'Name of the custom attribute',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		placeholder: 'How did you hear about us?',
		default: '',
		description: 'The question or explanation shown with the attribute (may be empty)',
	},
	{
		displayName: 'Response',
		name: 'response',
		type: 'string',
		required: true,
		placeholder: 'GP referral',
		default: '',
		description: "The patient's answer",
	},
];

export const mutation = patientMutation(
	'addPatientAttribute',
	{ patientId: 'ID!', attributeData: 'AddCustomAttributeData!' },
	function (i) {
		const input = inputValidator(this, i);
		const patientId = patientIdOf.call(this, i);
		const attributeData = {
			title: input.required('Title', this.getNodeParameter('title', i)),
			text: String(this.getNodeParameter('text', i, '') ?? '').trim(),
			response: input.required('Response', this.getNodeParameter('response', i)),
		};
		return {
			patientId,
			attributeData,
		};
	},
);
