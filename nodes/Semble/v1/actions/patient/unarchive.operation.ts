import type { INodeProperties } from 'n8n-workflow';

import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Unarchive',
	description: 'Bring an archived patient back',
	action: 'Unarchive a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: [
			{ name: 'Active Patient', value: 'ACTIVE_PATIENT' },
			{ name: 'Audit and Administrative Reasons', value: 'AUDIT_AND_ADMINISTRATIVE_REASONS' },
			{ name: 'Other', value: 'OTHER' },
			{ name: 'Process Lab Results', value: 'PROCESS_LAB_RESULTS' },
			{ name: 'Process Letter or Task', value: 'PROCESS_LETTER_OR_TASK' },
			{ name: 'Process Payment', value: 'PROCESS_PAYMENT' },
		],
		default: 'ACTIVE_PATIENT',
	},
];

export const mutation = patientMutation(
	'unarchivePatient',
	{ patientId: 'ID!', reason: 'PatientUnarchiveReason' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		return {
			patientId,
			reason: this.getNodeParameter('reason', i),
		};
	},
);
