import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { noteRecord } from '../../../records/note';
import { recordWrite } from '../mutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Update',
	description: 'Change a note’s title or text',
	action: 'Change the title or text of a note',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Note ID',
		name: 'noteId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Semble ID of the note, e.g. from Note › Create. Semble has no query that lists notes, so there is no list to pick from.',
	},
	collection('updateFields', [
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'New text of the note',
		},
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'New heading of the note' },
	]),
];

export const mutation = recordWrite(
	'updateFreeTextRecord',
	{ id: 'ID!', recordData: 'UpdateFreeTextRecordDataInput!' },
	noteRecord,
	{
		prepare(i) {
			const input = inputValidator(this, i);
			const id = input.id('Note ID', this.getNodeParameter('noteId', i));
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const recordData: IDataObject = {};
			if ('title' in fields) recordData.question = input.required('Title', fields.title);
			if ('text' in fields) recordData.answer = input.required('Text', fields.text);
			inputValidator(this, i).somethingToUpdate(recordData);
			return { id, recordData };
		},
	},
);
