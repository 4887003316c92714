import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';
import { locator, locatorParameter } from '../../../pickers/locators';

/**
 * ASSUMPTION (docs/semble-api/NOTES.md §3, §10.14): `labelId` is the patient's label
 * assignment id (`Patient.labels[].id`), not the practice Label id. Semble's docs do not say.
 */
export const option: OperationOption = {
	name: 'Remove Label',
	description: 'Take a label off a patient',
	action: 'Take a practice label off a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	locator('patientLabel', { name: 'labelAssignmentId' }),
];

export const mutation = patientMutation('removePatientLabel', { patientId: 'ID!', labelId: 'ID!' }, function (i) {
	const patientId = patientIdOf.call(this, i);
	const labelId = inputValidator(this, i).id('Label on Patient', locatorParameter.call(this, 'labelAssignmentId', i));
	return { patientId, labelId };
});
