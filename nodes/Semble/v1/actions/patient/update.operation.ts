import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientRecord } from '../../../records/patient';
import { communicationPreferencesField, demographicFields, toPatientData } from './patientInput';
import { patientIdOf, patientIdProperty } from './patientMutation';
import { batchOptions, recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Update',
	description: 'Change details or consent (phones, labels and numbers have their own operations)',
	action: 'Update a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	collection('updateFields', [
		...demographicFields,
		communicationPreferencesField,
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	]),
	batchOptions,
];

/**
 * Many items go several to a request (Options › Batch Size); one declaration gives both the
 * single and the batched document. Phones, labels, numbers and custom attributes have their own operations (Semble’s update excludes them).
 */
export const mutation = recordWrite(
	'updatePatient',
	{ id: 'ID!', patientData: 'UpdatePatientDataInput!' },
	patientRecord,
	{
		batchable: true,
		prepare(i) {
			const id = patientIdOf.call(this, i);
			const patientData = toPatientData(this, i, this.getNodeParameter('updateFields', i, {}) as IDataObject);
			inputValidator(this, i).somethingToUpdate(patientData);
			return { id, patientData };
		},
	},
);
