import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { PATIENT_FIELDS, patientSchema } from './patient.fields';

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
			{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Street address' },
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '' },
			{
				displayName: 'Date of Birth',
				name: 'dob',
				type: 'string',
				placeholder: '1985-04-23',
				default: '',
				description: 'YYYY-MM-DD; must not be in the future',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@example.com',
				default: '',
			},
			{ displayName: 'Gender', name: 'gender', type: 'string', default: '' },
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				placeholder: '07700 900123',
				default: '',
				description: 'UK numbers in any common form are stored as +44…',
			},
			{
				displayName: 'Phone Type',
				name: 'phoneType',
				type: 'string',
				default: 'Mobile',
				description: 'Label Semble shows beside the number, e.g. Mobile or Home',
			},
			{ displayName: 'Postcode', name: 'postcode', type: 'string', default: '' },
			{ displayName: 'Sex', name: 'sex', type: 'string', default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'Ms' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['patient'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this.getNode(), i);
	const first = input.required('First Name', this.getNodeParameter('firstName', i));
	const last = input.required('Last Name', this.getNodeParameter('lastName', i));
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;

	const patientData: IDataObject = { first, last };
	for (const key of ['title', 'gender', 'sex', 'address', 'city', 'postcode', 'country'] as const) {
		if (extra[key]) patientData[key] = String(extra[key]).trim();
	}
	if (extra.email) patientData.email = input.email('Email', String(extra.email));
	if (extra.dob) patientData.dob = input.dateOfBirth('Date of Birth', String(extra.dob));
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
