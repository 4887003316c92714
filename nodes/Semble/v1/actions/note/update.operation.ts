import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { NOTE_FIELDS, notePayload } from '../../../records/note';
import type { OperationOption } from '../operation';
import { collection } from '../common/collections';

export const UPDATE_NOTE = gql`
	mutation UpdateNote($id: ID!, $recordData: UpdateFreeTextRecordDataInput!) {
		updateFreeTextRecord(id: $id, recordData: $recordData) {
			data { ...NoteFields }
			error
		}
	}
	${NOTE_FIELDS}
`;

const responseSchema = z.object({ updateFreeTextRecord: notePayload });

export const option: OperationOption = {
	name: 'Update',
	description: 'Change a note’s title or text',
	action: 'Update a note',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Note ID',
		name: 'noteId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Semble ID of the note',
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this.getNode(), i);
	const id = input.id('Note ID', this.getNodeParameter('noteId', i));
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const recordData: IDataObject = {};
	if ('title' in fields) recordData.question = input.required('Title', fields.title);
	if ('text' in fields) recordData.answer = input.required('Text', fields.text);
	inputValidator(this.getNode(), i).somethingToUpdate(recordData);

	const data = await sembleRequest.call(this, {
		document: UPDATE_NOTE,
		variables: { id, recordData },
		kind: 'write',
		schema: responseSchema,
		itemIndex: i,
	});
	return [{ json: data.updateFreeTextRecord?.data ?? {}, pairedItem: { item: i } }];
}
