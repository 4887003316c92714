import type { INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../../../pickers/locators';
import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Add Label',
	description: 'Put one of the practice labels on a patient',
	action: 'Put a practice label on a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	locator('label', {
		description: 'The practice label, e.g. VIP or Insurance. Adding a label the patient already has changes nothing.',
	}),
];

/** Takes the practice Label.id; the patient's new assignment appears in `labels[]` with its own id. */
export const mutation = patientMutation('addPatientLabel', { patientId: 'ID!', labelReferenceId: 'ID!' }, function (i) {
	const patientId = patientIdOf.call(this, i);
	const labelReferenceId = inputValidator(this, i).id('Label', locatorParameter.call(this, 'labelId', i));
	return { patientId, labelReferenceId };
});
