import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { entryIdOf, entryIdProperty, patientIdOf, patientIdProperty, patientMutation } from './patientMutation';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Update Attribute',
	description: 'Change a patient’s custom attribute',
	action: 'Change a patient’s custom attribute',
};

export const properties: INodeProperties[] = [
	patientIdProperty,
	entryIdProperty('attribute'),
	collection('updateFields', [
		{ displayName: 'Response', name: 'response', type: 'string', default: '', description: "The patient's answer" },
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			default: '',
			description: 'The question or explanation shown with the attribute',
		},
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Name of the custom attribute' },
	]),
];

/** A partial update: fields left out stay as they are. */
export const mutation = patientMutation(
	'updatePatientAttribute',
	{ patientId: 'ID!', attributeId: 'ID!', attributeData: 'UpdateCustomAttributeData!' },
	function (i) {
		const input = inputValidator(this, i);
		const patientId = patientIdOf.call(this, i);
		const attributeId = entryIdOf.call(this, 'attribute', i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const attributeData: IDataObject = {};
		if (fields.title !== undefined) attributeData.title = input.required('Title', fields.title);
		// Text and Response may be cleared on purpose, so an empty value is sent as it is.
		if (fields.text !== undefined) attributeData.text = String(fields.text ?? '').trim();
		if (fields.response !== undefined) attributeData.response = String(fields.response ?? '').trim();
		inputValidator(this, i).somethingToUpdate(attributeData);
		return {
			patientId,
			attributeId,
			attributeData,
		};
	},
);
