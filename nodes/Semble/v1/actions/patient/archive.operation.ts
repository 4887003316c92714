import type { INodeProperties } from 'n8n-workflow';

import { patientIdOf, patientIdProperty, patientMutation, reasonProperty } from './patientMutation';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Archive',
	description: 'Take a patient out of use, keeping the record',
	action: 'Archive a patient who is no longer seen, keeping the record',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	reasonProperty(
		{
			Deceased: 'DECEASED_PATIENT',
			Discharged: 'DISCHARGED_PATIENT',
			Inactive: 'INACTIVE_PATIENT',
			'Lapsed Membership': 'LAPSED_MEMBERSHIP',
			'Moved Away or Transfer of Care': 'MOVED_AWAY_OR_TRANSFER_OF_CARE',
			Other: 'OTHER',
			'Patient Request': 'PATIENT_REQUEST',
		},
		'INACTIVE_PATIENT',
	),
	{ displayName: 'Comments', name: 'comments', type: 'string', default: '' },
];

export const mutation = patientMutation(
	'archivePatient',
	{ patientId: 'ID!', reason: 'PatientArchiveReason!', comments: 'String' },
	function (i) {
		const comments = (this.getNodeParameter('comments', i, '') as string) || undefined;
		return { patientId: patientIdOf.call(this, i), reason: this.getNodeParameter('reason', i), comments };
	},
);
