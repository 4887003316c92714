import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { gql } from '../../../shared/gql';
import { PATIENT_FIELDS } from '../../../records/patient';
import { patientIdOf, patientIdProperty, runPatientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

export const ARCHIVE_PATIENT = gql`
	mutation ArchivePatient($patientId: ID!, $reason: PatientArchiveReason!, $comments: String) {
		archivePatient(patientId: $patientId, reason: $reason, comments: $comments) {
			data { ...PatientFields }
			error
		}
	}
	${PATIENT_FIELDS}
`;

export const option: OperationOption = {
	name: 'Archive',
	description: 'Take a patient out of use, keeping the record',
	action: 'Archive a patient',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: [
			{ name: 'Deceased', value: 'DECEASED_PATIENT' },
			{ name: 'Discharged', value: 'DISCHARGED_PATIENT' },
			{ name: 'Inactive', value: 'INACTIVE_PATIENT' },
			{ name: 'Lapsed Membership', value: 'LAPSED_MEMBERSHIP' },
			{ name: 'Moved Away or Transfer of Care', value: 'MOVED_AWAY_OR_TRANSFER_OF_CARE' },
			{ name: 'Other', value: 'OTHER' },
			{ name: 'Patient Request', value: 'PATIENT_REQUEST' },
		],
		default: 'INACTIVE_PATIENT',
	},
	{ displayName: 'Comments', name: 'comments', type: 'string', default: '' },
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const patientId = patientIdOf.call(this, i);
	return await runPatientMutation.call(this, i, 'archivePatient', ARCHIVE_PATIENT, {
		patientId,
		reason: this.getNodeParameter('reason', i),
		comments: (this.getNodeParameter('comments', i, '') as string) || undefined,
	});
}
