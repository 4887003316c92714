import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { PATIENT_FIELDS, patientSchema } from './patient.fields';
import { communicationPreferencesField, demographicFields, toPatientData } from './patientData';
import { phoneTypeOptions } from './patientMutation';

export const CREATE_PATIENT = gql`
	mutation CreatePatient($patientData: CreatePatientDataInput) {
		createPatient(patientData: $patientData) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

const responseSchema = z.object({
	createPatient: z.object({ data: patientSchema.nullable(), error: z.string().nullish() }).nullable(),
});

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
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				placeholder: '07700 900123',
				default: '',
				description: 'UK numbers in any common form are stored as +44…',
			},
			{ displayName: 'Phone Type', name: 'phoneType', type: 'options', options: phoneTypeOptions, default: 'Mobile' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
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

	const data = await sembleRequest.call(this, {
		document: CREATE_PATIENT,
		variables: { patientData },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	return [{ json: data.createPatient?.data ?? {}, pairedItem: { item: i } }];
}
