import type { INodeProperties } from 'n8n-workflow';

import { patientIdOf, patientIdProperty, patientMutation, reasonProperty } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Unarchive',
	description: 'Bring an archived patient back',
	action: 'Bring an archived patient back into use',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	reasonProperty(
		{
			'Active Patient': 'ACTIVE_PATIENT',
			'Audit and Administrative Reasons': 'AUDIT_AND_ADMINISTRATIVE_REASONS',
			Other: 'OTHER',
			'Process Lab Results': 'PROCESS_LAB_RESULTS',
			'Process Letter or Task': 'PROCESS_LETTER_OR_TASK',
			'Process Payment': 'PROCESS_PAYMENT',
		},
		'ACTIVE_PATIENT',
	),
];

export const mutation = patientMutation(
	'unarchivePatient',
	{ patientId: 'ID!', reason: 'PatientUnarchiveReason' },
	function (i) {
		return { patientId: patientIdOf.call(this, i), reason: this.getNodeParameter('reason', i) };
	},
);
