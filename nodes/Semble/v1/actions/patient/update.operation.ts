import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientRecord } from '../../../records/patient';
import { communicationPreferencesField, demographicFields, nhsNumberField, toPatientData } from './patientInput';
import { nhsNumberOf, nhsNumberStep } from './nhsNumberStep';
import { patientIdOf, patientIdProperty } from './patientMutation';
import { batchOptions, recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Update',
	description: 'Change details, consent or the NHS number (phones, labels and other numbers have their own operations)',
	action: 'Change a patient’s details, consent flags or NHS number',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	collection('updateFields', [
		...demographicFields,
		communicationPreferencesField,
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		nhsNumberField,
	]),
	batchOptions,
];

/**
 * Many items go several to a request (Options › Batch Size); one declaration gives both the
 * single and the batched document. Phones, labels, numbers and custom attributes have their own
 * operations (Semble’s update excludes them); the NHS number is saved right after (nhsNumberStep.ts).
 */
export const mutation = recordWrite(
	'updatePatient',
	{ id: 'ID!', patientData: 'UpdatePatientDataInput!' },
	patientRecord,
	{
		batchable: true,
		secondStep: nhsNumberStep,
		async prepare(i) {
			const id = patientIdOf.call(this, i);
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const patientData = toPatientData(this, i, fields);
			const nhsNumber = await nhsNumberOf(this, i, fields);
			inputValidator(this, i).somethingToUpdate({ ...patientData, ...(fields.nhsNumber ? { nhsNumber } : {}) });
			return { id, patientData, nhsNumber };
		},
	},
);
