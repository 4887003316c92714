import type { INodeProperties } from 'n8n-workflow';

import { entryIdOf, entryIdProperty, patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Remove Phone',
	description: 'Remove a phone number from a patient',
	action: 'Remove a phone number from a patient',
};

export const properties: INodeProperties[] = [patientIdProperty, entryIdProperty('phone')];

export const mutation = patientMutation('removePatientPhoneNumber', { patientId: 'ID!', phoneId: 'ID!' }, function (i) {
	const patientId = patientIdOf.call(this, i);
	const phoneId = entryIdOf.call(this, 'phone', i);
	return { patientId, phoneId };
});
