import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorParameter } from '../../../pickers/locators';
import { noteRecord } from '../../../records/note';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Create',
	description: 'Add a note to a patient’s record',
	action: 'Add a note to a patient record',
};

export const properties: INodeProperties[] = [
	locator('patient', { description: 'The patient whose record gets the note' }),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Phone call',
		description: 'Heading of the note (Semble calls it the question)',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The note itself (Semble calls it the answer)',
	},
	collection('additionalFields', [
		{
			displayName: 'Consultation ID',
			name: 'consultationId',
			type: 'string',
			default: '',
			description: 'The consultation to file the note under, if any. Semble’s API does not list consultations, so this takes the ID.',
		},
		{
			displayName: 'Section',
			name: 'sectionTitle',
			type: 'string',
			default: '',
			placeholder: 'Admin notes',
			description: 'Section of the record the note appears in',
		},
	]),
];

export const mutation = recordWrite(
	'createFreeTextRecord',
	{ recordData: 'CreateFreeTextRecordDataInput!' },
	noteRecord,
	{
		prepare(i) {
			const input = inputValidator(this, i);
			const recordData: IDataObject = {
				patientId: input.id('Patient', locatorParameter.call(this, 'patientId', i)),
				question: input.required('Title', this.getNodeParameter('title', i)),
				answer: input.required('Text', this.getNodeParameter('text', i)),
			};
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			if (extra.sectionTitle) recordData.sectionTitle = String(extra.sectionTitle).trim();
			if (extra.consultationId) recordData.consultationId = input.id('Consultation ID', extra.consultationId);
			return { recordData };
		},
	},
);
