import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { PATIENT_FIELDS } from '../../../records/patient';
import {
	numberValueOf,
	patientIdOf,
	patientIdProperty,
	runPatientMutation,
	validateNhsNumberProperty,
} from './patientMutation';
import type { OperationOption } from '../operation';

/** `numberId` is a practice identifier type (`practice.practiceNumbers[].id`), e.g. the NHS number type. */
export const ADD_PATIENT_NUMBER = gql`
	mutation AddPatientNumber($patientId: ID!, $patientNumber: AddPatientNumberData!) {
		addPatientNumber(patientId: $patientId, patientNumber: $patientNumber) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Add Number',
	description: 'Add an identifier such as an NHS number to a patient',
	action: 'Add an identifier number to a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Number Type Name or ID',
		name: 'numberTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getNumberTypes' },
		required: true,
		default: '',
		description:
			'The practice\'s identifier type, e.g. NHS or Hospital Number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		placeholder: '943 476 5919',
		default: '',
		description: 'The identifier itself, e.g. the NHS number',
	},
	validateNhsNumberProperty,
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	const numberId = inputValidator(this.getNode(), i).id('Number Type', this.getNodeParameter('numberTypeId', i));
	const patientNumber = { numberId, value: numberValueOf.call(this, i) };
	return await runPatientMutation.call(this, i, 'addPatientNumber', ADD_PATIENT_NUMBER, { patientId, patientNumber });
}
