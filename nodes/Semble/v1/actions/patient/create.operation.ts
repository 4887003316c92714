import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientRecord } from '../../../records/patient';
import { communicationPreferencesField, demographicFields, nhsNumberField, toPatientData } from './patientInput';
import { nhsNumberOf, nhsNumberStep } from './nhsNumberStep';
import { phoneNumberField, phoneTypeField } from './patientMutation';
import { batchOptions, recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = { name: 'Create', description: 'Add a new patient', action: 'Register a new patient (check for a duplicate first)' };

export const properties: INodeProperties[] = [
	{ displayName: 'First Name', name: 'firstName', type: 'string', required: true, default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', required: true, default: '' },
	collection('additionalFields', [
		...demographicFields,
		communicationPreferencesField,
		nhsNumberField,
		phoneNumberField,
		phoneTypeField,
	]),
	batchOptions,
];

/**
 * Many items go several to a request (Options › Batch Size); one declaration gives both the
 * single and the batched document. An NHS number is saved right after (nhsNumberStep.ts).
 */
export const mutation = recordWrite('createPatient', { patientData: 'CreatePatientDataInput' }, patientRecord, {
	batchable: true,
	creates: true,
	secondStep: nhsNumberStep,
	async prepare(i) {
		const input = inputValidator(this, i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const patientData: IDataObject = {
			first: input.required('First Name', this.getNodeParameter('firstName', i)),
			last: input.required('Last Name', this.getNodeParameter('lastName', i)),
			...toPatientData(this, i, extra),
		};
		if (extra.phoneNumber) {
			patientData.phoneNumber = input.phone('Phone Number', String(extra.phoneNumber));
			patientData.phoneType = String(extra.phoneType || 'Mobile');
		}
		return { patientData, nhsNumber: await nhsNumberOf(this, i, extra) };
	},
});
