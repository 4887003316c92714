import type { INodeProperties } from 'n8n-workflow';

import { entryIdOf, entryIdProperty, patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Remove Attribute',
	description: 'Remove a custom attribute from a patient',
	action: 'Remove a custom attribute from a patient',
};

export const properties: INodeProperties[] = [patientIdProperty, entryIdProperty('attribute')];

export const mutation = patientMutation(
	'removePatientAttribute',
	{ patientId: 'ID!', attributeId: 'ID!' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		const attributeId = entryIdOf.call(this, 'attribute', i);
		return {
			patientId,
			attributeId,
		};
	},
);
