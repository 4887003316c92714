import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { numberValueOf, numberValueFields, patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';
import { isNhsNumberType } from './numberTypes';

export const option: OperationOption = {
	name: 'Add Number',
	description: 'Add an identifier such as an NHS number to a patient',
	action: 'Add an identifier such as an NHS number to a patient',
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
	...numberValueFields('The identifier itself, e.g. the NHS number'),
];

/** `numberId` is a practice identifier type (`practice.practiceNumbers[].id`), e.g. the NHS number type. */
export const mutation = patientMutation(
	'addPatientNumber',
	{ patientId: 'ID!', patientNumber: 'AddPatientNumberData!' },
	async function (i) {
		const patientId = patientIdOf.call(this, i);
		const numberId = inputValidator(this, i).id('Number Type', this.getNodeParameter('numberTypeId', i));
		const value = await numberValueOf.call(this, i, async () => !!numberId && (await isNhsNumberType(this, numberId, i)));
		return { patientId, patientNumber: { numberId, value } };
	},
);
