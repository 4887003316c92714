import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const UNARCHIVE_PATIENT = gql`
	mutation UnarchivePatient($patientId: ID!, $reason: PatientUnarchiveReason) {
		unarchivePatient(patientId: $patientId, reason: $reason) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = { name: 'Unarchive', description: 'Bring an archived patient back', action: 'Unarchive a patient' };

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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	return await runPatientMutation.call(this, i, 'unarchivePatient', UNARCHIVE_PATIENT, {
		patientId,
		reason: this.getNodeParameter('reason', i),
	});
}
