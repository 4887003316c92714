import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import {
	entryIdOf,
	entryIdProperty,
	patientIdOf,
	patientIdProperty,
	phoneNumberField,
	phoneTypeField,
	patientMutation,
} from './patientMutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Update Phone',
	description: 'Change a patient’s phone number or its type',
	action: 'Change a patient’s phone number or its type',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	entryIdProperty('phone'),
	collection('updateFields', [phoneNumberField, phoneTypeField]),
];

export const mutation = patientMutation(
	'updatePatientPhoneNumber',
	{ patientId: 'ID!', phoneId: 'ID!', phoneData: 'UpdatePhoneData' },
	function (i) {
		const input = inputValidator(this, i);
		const patientId = patientIdOf.call(this, i);
		const phoneId = entryIdOf.call(this, 'phone', i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const phoneData: IDataObject = {};
		if (fields.phoneNumber !== undefined)
			phoneData.phoneNumber = input.phone('Phone Number', String(fields.phoneNumber));
		if (fields.phoneType !== undefined) phoneData.phoneType = input.required('Phone Type', fields.phoneType);
		inputValidator(this, i).somethingToUpdate(phoneData);
		return {
			patientId,
			phoneId,
			phoneData,
		};
	},
);
