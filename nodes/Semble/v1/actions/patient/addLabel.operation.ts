import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../common/locators';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

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

export const option: OperationOption = {
	name: 'Add Label',
	description: 'Put one of the practice labels on a patient',
	action: 'Add a label to a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	locator('label', {
		description: 'The practice label, e.g. VIP or Insurance. Adding a label the patient already has changes nothing.',
	}),
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const labelReferenceId = inputValidator(this.getNode(), i).id('Label', locatorParameter.call(this, 'labelId', i));
	return await runPatientMutation.call(this, i, 'addPatientLabel', ADD_PATIENT_LABEL, { patientId, labelReferenceId });
}
