import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { inputValidator } from '../../../shared/validation';
import { sembleRequest } from '../../../transport';
import { locator, locatorParameter } from '../common/locators';
import { patientSchema } from '../../../records/patient';
import { payload } from '../../../records/fields';

/**
 * Shared by the patient sub-resource operations (labels, phones, identifier numbers, custom
 * attributes). Each Semble mutation answers `PatientResponsePayload { data: Patient, error }`;
 * a set `error` is turned into a clear node error by the transport.
 */

export const patientIdProperty: INodeProperties = locator('patient');

/** The phone fields of Create, Add Phone and Update Phone. */
export const phoneNumberField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	placeholder: '07700 900123',
	default: '',
	description: 'UK numbers in any common form are stored as +44…; other countries need their + code',
};

export const phoneTypeField: INodeProperties = {
	displayName: 'Phone Type',
	name: 'phoneType',
	type: 'options',
	options: [
		{ name: 'Home', value: 'Home' },
		{ name: 'Mobile', value: 'Mobile' },
		{ name: 'Other', value: 'Other' },
		{ name: 'Work', value: 'Work' },
	],
	default: 'Mobile',
	description: 'Label Semble shows beside the number',
};

export const validateNhsNumberProperty: INodeProperties = {
	displayName: 'Validate as NHS Number',
	name: 'validateNhsNumber',
	type: 'boolean',
	default: true,
	description:
		'Whether the value must be a valid NHS number (10 digits with a correct check digit). It is sent as 10 digits without spaces. Turn off for other identifiers, e.g. a hospital number.',
};

/** The validated patient ID of item `i`. */
export function patientIdOf(this: IExecuteFunctions, i: number): string {
	return inputValidator(this.getNode(), i).id('Patient', locatorParameter.call(this, 'patientId', i));
}

/** The identifier value of item `i`: an NHS number (10 digits) when so validated, otherwise any non-empty text. */
export function numberValueOf(this: IExecuteFunctions, i: number): string {
	const input = inputValidator(this.getNode(), i);
	const value = this.getNodeParameter('value', i);
	return this.getNodeParameter('validateNhsNumber', i, true)
		? input.nhsNumber('Value', String(value ?? ''))
		: input.required('Value', value);
}


/** Runs one patient mutation (root field `field`) and returns the updated patient as the item's output. */
export async function runPatientMutation(
	this: IExecuteFunctions,
	i: number,
	field: string,
	document: string,
	variables: Record<string, unknown>,
): Promise<INodeExecutionData[]> {
	const schema = z.object({
		[field]: payload(patientSchema),
	});
	const data = await sembleRequest.call(this, { document, variables, kind: 'write', schema, itemIndex: i });
	const patient = data[field]?.data;
	return [{ json: patient ?? { id: variables.patientId as string }, pairedItem: { item: i } }];
}
