import type { INodeProperties } from 'n8n-workflow';

import { entryIdOf, entryIdProperty, patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Remove Number',
	description: 'Remove an identifier such as an NHS number from a patient',
	action: 'Remove an identifier number from a patient',
};

export const properties: INodeProperties[] = [patientIdProperty, entryIdProperty('number')];

export const mutation = patientMutation(
	'removePatientNumber',
	{ patientId: 'ID!', patientNumberId: 'ID!' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		const patientNumberId = entryIdOf.call(this, 'number', i);
		return {
			patientId,
			patientNumberId,
		};
	},
);
