import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

/**
 * ASSUMPTION (docs/semble-api/NOTES.md §3, §10.14): `labelId` is the patient's label
 * assignment id (`Patient.labels[].id`), not the practice Label id. Semble's docs do not say.
 */
export const option: OperationOption = {
	name: 'Remove Label',
	description: 'Take a label off a patient',
	action: 'Remove a label from a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Label Assignment ID',
		name: 'labelAssignmentId',
		type: 'string',
		required: true,
		default: '',
		description:
			'The ID of this label on this patient: an "ID" from the patient\'s labels (Patient › Get), not the practice label\'s ID (that one is "Reference ID" there). Semble does not document which ID it expects; this is our best reading.',
	},
];

export const mutation = patientMutation('removePatientLabel', { patientId: 'ID!', labelId: 'ID!' }, function (i) {
	const patientId = patientIdOf.call(this, i);
	const labelId = inputValidator(this, i).id(
		'Label Assignment ID',
		this.getNodeParameter('labelAssignmentId', i),
	);
	return { patientId, labelId };
});
