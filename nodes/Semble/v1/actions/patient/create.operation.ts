import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import type { BatchSpec } from '../batchRunner';
import { batchOptions } from '../batchRunner';
import { PATIENT_FIELDS, patientSchema } from '../../../shared/patient';
import { communicationPreferencesField, demographicFields, toPatientData } from './patientData';
import { phoneNumberField, phoneTypeField, runPatientMutation } from './patientMutation';

export const CREATE_PATIENT = gql`
	mutation CreatePatient($patientData: CreatePatientDataInput) {
		createPatient(patientData: $patientData) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

const properties: INodeProperties[] = [
	{ displayName: 'First Name', name: 'firstName', type: 'string', required: true, default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', required: true, default: '' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...demographicFields,
			communicationPreferencesField,
			phoneNumberField,
			phoneTypeField,
		],
	},
	batchOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['create'] } },
	properties,
);

/** Many items are sent several to a request (see Options › Batch Size). */
export const batch: BatchSpec = {
	shape: {
		field: 'createPatient',
		args: { patientData: 'CreatePatientDataInput' },
		selection: 'data { ...PatientFields } error',
		fragments: PATIENT_FIELDS,
	},
	schema: patientSchema,
	prepare(i) {
		const input = inputValidator(this.getNode(), i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const patientData: IDataObject = {
			first: input.required('First Name', this.getNodeParameter('firstName', i)),
			last: input.required('Last Name', this.getNodeParameter('lastName', i)),
			...toPatientData(this.getNode(), i, extra),
		};
		if (extra.phoneNumber) {
			patientData.phoneNumber = input.phone('Phone Number', String(extra.phoneNumber));
			patientData.phoneType = String(extra.phoneType || 'Mobile');
		}
		return { patientData };
	},
};

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await runPatientMutation.call(this, i, 'createPatient', CREATE_PATIENT, batch.prepare.call(this, i));
}
