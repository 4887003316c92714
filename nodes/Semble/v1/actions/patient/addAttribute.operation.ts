import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const ADD_PATIENT_ATTRIBUTE = gql`
	mutation AddPatientAttribute($patientId: ID!, $attributeData: AddCustomAttributeData!) {
		addPatientAttribute(patientId: $patientId, attributeData: $attributeData) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Add Attribute',
	description: 'Add a custom attribute (title and response) to a patient',
	action: 'Add a custom attribute to a patient',
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this.getNode(), i);
	const patientId = patientIdOf.call(this, i);
	const attributeData = {
		title: input.required('Title', this.getNodeParameter('title', i)),
		text: String(this.getNodeParameter('text', i, '') ?? '').trim(),
		response: input.required('Response', this.getNodeParameter('response', i)),
	};
	return await runPatientMutation.call(this, i, 'addPatientAttribute', ADD_PATIENT_ATTRIBUTE, {
		patientId,
		attributeData,
	});
}
