import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';
import { locator, locatorName, locatorParameter } from '../../../pickers/locators';
import { patientRecord } from '../../../records/patient';
import type { Mutation } from '../mutation';
import { recordWrite } from '../mutation';

/**
 * Shared by the patient sub-resource operations (labels, phones, identifier numbers, custom
 * attributes). Each Semble mutation answers `PatientResponsePayload { data: Patient, error }`;
 * a set `error` is turned into a clear node error by the transport.
 */

export const patientIdProperty: INodeProperties = locator('patient');

/** The entries a patient holds a list of, each picked from the patient's own list or by its ID. */
const entries = {
	phone: { name: 'phoneId', kind: 'patientPhone' },
	number: { name: 'numberId', kind: 'patientNumber' },
	attribute: { name: 'attributeId', kind: 'patientAttribute' },
} as const;

/** The field that picks the phone, number or attribute to remove or change. */
export function entryIdProperty(entry: keyof typeof entries): INodeProperties {
	const { name, kind } = entries[entry];
	return locator(kind, { name });
}

/** The validated entry ID of item `i`. */
export function entryIdOf(this: IExecuteFunctions, entry: keyof typeof entries, i: number): string {
	const { name, kind } = entries[entry];
	return inputValidator(this, i).id(locatorName(kind), locatorParameter.call(this, name, i));
}

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

/** The value of Add Number and Update Number, and when it must be an NHS number. */
export function numberValueFields(description: string): INodeProperties[] {
	return [
		{
			displayName: 'Number',
			name: 'value',
			type: 'string',
			required: true,
			placeholder: '943 476 5919',
			default: '',
			description,
		},
		{
			displayName: 'Validate as NHS Number',
			name: 'nhsCheck',
			type: 'options',
			options: [
				{
					name: 'When the Number Type Is NHS',
					value: 'auto',
					description: 'Checks NHS numbers; other identifiers, e.g. a hospital number, take any text',
				},
				{ name: 'Always', value: 'always' },
				{ name: 'Never', value: 'never' },
			],
			default: 'auto',
			description:
				'An NHS number must have 10 digits and a correct check digit, and is sent as 10 digits without spaces',
		},
	];
}

/** Archive and Unarchive take a reason from Semble's list for that direction (name → enum value). */
export function reasonProperty(reasons: Record<string, string>, defaultReason: string): INodeProperties {
	return {
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: Object.entries(reasons).map(([name, value]) => ({ name, value })),
		default: defaultReason,
	};
}

/** The validated patient ID of item `i`. */
export function patientIdOf(this: IExecuteFunctions, i: number): string {
	return inputValidator(this, i).id('Patient', locatorParameter.call(this, 'patientId', i));
}

/**
 * The identifier value of item `i`: an NHS number (10 digits) when it must be one, otherwise
 * any non-empty text. `isNhs` says whether the item's number type is NHS (read only when asked).
 */
export async function numberValueOf(this: IExecuteFunctions, i: number, isNhs: () => Promise<boolean>) {
	const input = inputValidator(this, i);
	const value = this.getNodeParameter('value', i);
	const check = this.getNodeParameter('nhsCheck', i, 'auto') as 'auto' | 'always' | 'never';
	const nhs = check === 'always' || (check === 'auto' && (await isNhs()));
	return nhs ? input.nhsNumber('Number', String(value ?? '')) : input.required('Number', value);
}

/**
 * A write on one patient, declared once (../mutation.ts): Semble answers each with the
 * patient as it now is, which is the item's output; with no patient in the answer, the output
 * names the patient written to.
 */
export function patientMutation(field: string, args: Record<string, string>, prepare: Mutation['prepare']): Mutation {
	return recordWrite(field, args, patientRecord, {
		prepare,
		output: (patient, call) => patient ?? { id: call.patientId as string },
	});
}
