import type { INodeProperties } from 'n8n-workflow';

import { patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';

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

export const mutation = patientMutation(
	'archivePatient',
	{ patientId: 'ID!', reason: 'PatientArchiveReason!', comments: 'String' },
	function (i) {
		const patientId = patientIdOf.call(this, i);
		return {
			patientId,
			reason: this.getNodeParameter('reason', i),
			comments: (this.getNodeParameter('comments', i, '') as string) || undefined,
		};
	},
);
