import type { INodeProperties } from 'n8n-workflow';

import {
	numberValueOf,
	entryIdOf,
	entryIdProperty,
	patientIdOf,
	patientIdProperty,
	patientMutation,
	numberValueFields,
} from './patientMutation';
import type { OperationOption } from '../operation';
import { isNhsNumberEntry } from './numberTypes';

export const option: OperationOption = {
	name: 'Update Number',
	description: 'Correct the value of a patient’s identifier such as an NHS number',
	action: 'Correct a patient’s identifier number, such as an NHS number',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	entryIdProperty('number'),
	...numberValueFields('The new value of the identifier, e.g. the corrected NHS number'),
];

/** Only the value can change; to change the type, remove the number and add a new one. */
export const mutation = patientMutation(
	'updatePatientNumber',
	{ patientId: 'ID!', patientNumberId: 'ID!', value: 'String' },
	async function (i) {
		const patientId = patientIdOf.call(this, i);
		const patientNumberId = entryIdOf.call(this, 'number', i);
		const value = await numberValueOf.call(
			this,
			i,
			async () => !!patientId && !!patientNumberId && (await isNhsNumberEntry(this, patientId, patientNumberId, i)),
		);
		return { patientId, patientNumberId, value };
	},
);
