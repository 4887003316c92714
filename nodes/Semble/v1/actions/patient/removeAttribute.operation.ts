import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const REMOVE_PATIENT_ATTRIBUTE = gql`
	mutation RemovePatientAttribute($patientId: ID!, $attributeId: ID!) {
		removePatientAttribute(patientId: $patientId, attributeId: $attributeId) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const attributeId = inputValidator(this.getNode(), i).id('Attribute ID', this.getNodeParameter('attributeId', i));
	return await runPatientMutation.call(this, i, 'removePatientAttribute', REMOVE_PATIENT_ATTRIBUTE, {
		patientId,
		attributeId,
	});
}
