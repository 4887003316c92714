import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputValidator } from '../../../shared/validation';

/** Demographic and consent fields Create and Update share, and their Semble input keys. */

const text = (displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...extra,
});

export const demographicFields: INodeProperties[] = [
	text('Address', 'address', { description: 'Street address' }),
	text('City', 'city'),
	text('Comments', 'comments', { typeOptions: { rows: 3 }, description: 'Internal notes on the patient record' }),
	text('Country', 'country'),
	text('Date of Birth', 'dob', {
		type: 'dateTime',
		description: 'Pick it, or type 1985-04-23 or 23/04/1985; must not be in the future',
	}),
	text('Email', 'email', { placeholder: 'name@example.com' }),
	text('Gender', 'gender'),
	text('Payment Reference', 'paymentReference'),
	text('Postcode', 'postcode'),
	text('Sex', 'sex'),
	text('Title', 'title', { placeholder: 'Ms' }),
];

const consent = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'boolean',
	default: false,
	description,
});

export const communicationPreferencesField: INodeProperties = {
	displayName: 'Communication Preferences',
	name: 'communicationPreferences',
	type: 'collection',
	placeholder: 'Add Preference',
	default: {},
	description: 'The patient’s consent flags; only the ones added here are changed',
	options: [
		consent('Payment Reminders', 'paymentReminders', 'Whether the patient agrees to payment reminders'),
		consent('Promotional Marketing', 'promotionalMarketing', 'Whether the patient agrees to marketing messages'),
		consent('Receive Email', 'receiveEmail', 'Whether the patient agrees to be emailed'),
		consent('Receive SMS', 'receiveSMS', 'Whether the patient agrees to text messages'),
	],
};

const PLAIN_KEYS = ['title', 'gender', 'sex', 'address', 'city', 'postcode', 'country', 'comments', 'paymentReference'];

/** Validates and maps the shared fields of one item to Semble's patient input. */
export function toPatientData(run: IExecuteFunctions, itemIndex: number, values: IDataObject): IDataObject {
	const input = inputValidator(run, itemIndex);
	const data: IDataObject = {};
	for (const key of PLAIN_KEYS) if (values[key]) data[key] = String(values[key]).trim();
	if (values.firstName) data.first = input.required('First Name', values.firstName);
	if (values.lastName) data.last = input.required('Last Name', values.lastName);
	if (values.email) data.email = input.email('Email', String(values.email));
	if (values.dob) data.dob = input.dateOfBirth('Date of Birth', String(values.dob));
	const preferences = values.communicationPreferences as IDataObject | undefined;
	if (preferences && Object.keys(preferences).length > 0) data.communicationPreferences = preferences;
	return data;
}

/** Create and Update take the NHS number too; Semble saves it with a second write (nhsNumberStep.ts). */
export const nhsNumberField: INodeProperties = text('NHS Number', 'nhsNumber', {
	placeholder: '943 476 5919',
	description:
		'10 digits with a correct check digit, saved under the practice’s NHS number type. Semble’s patient create and update do not take it, so the node saves it right after, in the same step.',
});
