import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from './patient.fields';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';

/** Takes the practice Label.id; the patient's new assignment appears in `labels[]` with its own id. */
export const ADD_PATIENT_LABEL = gql`
	mutation AddPatientLabel($patientId: ID!, $labelReferenceId: ID!) {
		addPatientLabel(patientId: $patientId, labelReferenceId: $labelReferenceId) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Label ID',
		name: 'labelId',
		type: 'string',
		required: true,
		default: '',
		description: 'The practice label, from Label › Get Many. Adding a label the patient already has changes nothing.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['addLabel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const labelReferenceId = inputValidator(this.getNode(), i).id('Label ID', this.getNodeParameter('labelId', i));
	return await runPatientMutation.call(this, i, 'addPatientLabel', ADD_PATIENT_LABEL, { patientId, labelReferenceId });
}
