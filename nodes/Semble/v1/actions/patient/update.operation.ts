import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import type { BatchSpec } from '../batchRunner';
import { batchOptions } from '../batchRunner';
import { PATIENT_FIELDS, patientSchema } from '../../../shared/patient';
import { communicationPreferencesField, demographicFields, toPatientData } from './patientData';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';

/** Phones, labels, numbers and custom attributes have their own operations (Semble's update excludes them). */
export const UPDATE_PATIENT = gql`
	mutation UpdatePatient($id: ID!, $patientData: UpdatePatientDataInput!) {
		updatePatient(id: $id, patientData: $patientData) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...demographicFields,
			communicationPreferencesField,
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		],
	},
	batchOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['update'] } },
	properties,
);

/** Many items are sent several to a request (see Options › Batch Size). */
export const batch: BatchSpec = {
	shape: {
		field: 'updatePatient',
		args: { id: 'ID!', patientData: 'UpdatePatientDataInput!' },
		selection: 'data { ...PatientFields } error',
		fragments: PATIENT_FIELDS,
	},
	schema: patientSchema,
	prepare(i) {
		const id = patientIdOf.call(this, i);
		const patientData = toPatientData(this.getNode(), i, this.getNodeParameter('updateFields', i, {}) as IDataObject);
		inputValidator(this.getNode(), i).somethingToUpdate(patientData);
		return { id, patientData };
	},
};

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await runPatientMutation.call(this, i, 'updatePatient', UPDATE_PATIENT, batch.prepare.call(this, i));
}
