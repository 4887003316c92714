import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { combineFields, compareAsFor, detectConflicts } from './conflicts';
import type { CompareAs, FieldRule, Owner, Preset } from './fieldRules';
import { CRITICAL_FIELDS, PRESETS } from './fieldRules';
import { parseTimestamp, sembleKeyOf } from './fieldValues';
import { inputValidator } from '../../../shared/validation';
import { itemParameter, nodeOf } from '../common/itemParameters';
import type { OperationOption } from '../operation';
import { collection } from '../../../shared/collections';

export const option: OperationOption = {
	name: 'Detect Conflicts',
	description: 'Compare a Semble patient with a CRM record field by field and say what to update on each side',
	action: 'Compare a patient with a CRM contact and list the fields that differ',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Compares a Semble patient with a record from another system (e.g. a HubSpot contact) without contacting either. Email, phone, date of birth and NHS number are never changed when they differ: they go to review (needsReview). Other differences go to the field’s owner. "merged.semble" and "merged.external" hold only the fields to change on each side.',
		name: 'detectConflictsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Semble Record',
		name: 'sembleRecord',
		type: 'json',
		default: '={{ $json.semble }}',
		description: 'The Semble patient, as Patient › Get returns it (simplified or not)',
	},
	{
		displayName: 'External Record',
		name: 'externalRecord',
		type: 'json',
		default: '={{ $json.external }}',
		description:
			'The same person in the other system, e.g. a HubSpot contact or a Mailchimp member. An empty object means they are not there yet: every Semble value is filled in.',
	},
	{
		displayName: 'Field Mapping',
		name: 'mapping',
		type: 'options',
		options: [
			{
				name: 'Custom',
				value: 'custom',
				description: 'Only the fields listed below',
			},
			{
				name: 'HubSpot Contact',
				value: 'hubspot',
				description:
					'Semble owns firstname, lastname, email, phone (or mobilephone), date_of_birth, nhs_number, address, city, zip and country; HubSpot owns marketing_opt_in (promotional marketing)',
			},
			{
				name: 'Mailchimp Member',
				value: 'mailchimp',
				description:
					'Semble owns email_address and the FNAME, LNAME, PHONE and BIRTHDAY (month and day) merge fields; Mailchimp owns status (subscribed or unsubscribed: promotional marketing)',
			},
		],
		default: 'hubspot',
		description: 'Which fields to compare, and which system owns each',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		description:
			'With Custom, the fields to compare. With a preset, extra fields; a row for a Semble field the preset already maps replaces the preset’s row.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Compare As',
						name: 'compareAs',
						type: 'options',
						options: [
							{ name: 'Automatic (From the Semble Field)', value: 'auto' },
							{ name: 'Date', value: 'date' },
							{ name: 'Email', value: 'email' },
							{ name: 'NHS Number', value: 'nhsNumber' },
							{ name: 'Phone', value: 'phone' },
							{ name: 'Postcode', value: 'postcode' },
							{ name: 'Text', value: 'text' },
							{ name: 'True or False', value: 'boolean' },
						],
						default: 'auto',
						description: 'How values are normalised before they are compared',
					},
					{
						displayName: 'Critical',
						name: 'critical',
						type: 'boolean',
						default: false,
						description:
							'Whether a difference goes to a person instead of being resolved. Email, phone, date of birth and NHS number are always critical.',
					},
					{
						displayName: 'External Field',
						name: 'externalField',
						type: 'string',
						default: '',
						placeholder: 'merge_fields.CITY',
						description:
							'Where the other system keeps it, as a dotted path (HubSpot properties can be named without "properties."). Several, separated by commas, are read in turn.',
					},
					{
						displayName: 'Owner',
						name: 'owner',
						type: 'options',
						options: [
							{ name: 'Newest Change Wins', value: 'lastWrite', description: 'The record changed last wins' },
							{ name: 'Other System', value: 'external', description: 'Semble is updated to match' },
							{ name: 'Semble', value: 'semble', description: 'The other system is updated to match' },
						],
						default: 'lastWrite',
						description: 'Which side wins when the values differ',
					},
					{
						displayName: 'Semble Field',
						name: 'sembleField',
						type: 'string',
						default: '',
						placeholder: 'city',
						description:
							'As the Semble patient names it: firstName, lastName, email, phone, dob, nhsNumber, address, city, postcode, country, receiveEmail, receiveSMS, promotionalMarketing, paymentReminders, or a dotted path',
					},
				],
			},
		],
	},
	collection('options', [
			{
				displayName: 'External Updated At',
				name: 'externalUpdatedAt',
				type: 'string',
				default: '',
				placeholder: '2026-03-29T09:00:00Z',
				description:
					'When the external record last changed. Empty: read from the record (HubSpot updatedAt or properties.lastmodifieddate, Mailchimp last_changed).',
			},
			{
				displayName: 'Fill Missing Values',
				name: 'fillMissing',
				type: 'boolean',
				default: true,
				description:
					'Whether a value only one side has is copied to the other (not a conflict; listed in "filled"). Off: only differences are resolved.',
			},
			{
				displayName: 'Resolve Other Differences By',
				name: 'nonCritical',
				type: 'options',
				options: [
					{ name: 'Field Owner', value: 'owner', description: 'The owner in the mapping wins' },
					{ name: 'Newest Change', value: 'lastWrite', description: 'The record changed last wins, whoever owns the field' },
				],
				default: 'owner',
				description: 'How differences in fields other than email, phone, date of birth and NHS number are resolved',
			},
			{
				displayName: 'Semble Updated At',
				name: 'sembleUpdatedAt',
				type: 'string',
				default: '',
				placeholder: '2026-03-29T09:00:00Z',
				description: 'When the Semble patient last changed. Empty: the record’s updatedAt.',
			},
		]),
];

interface FieldRow {
	sembleField?: string;
	externalField?: string;
	owner?: Owner;
	critical?: boolean;
	compareAs?: CompareAs | 'auto';
}

interface Options {
	externalUpdatedAt?: string;
	sembleUpdatedAt?: string;
	fillMissing?: boolean;
	nonCritical?: 'owner' | 'lastWrite';
}

type FieldsParameter = { field?: FieldRow[] };
type Invalid = (field: string, reason: string) => Error;

/** The rules found for one Fields parameter and mapping, kept while that parameter is the same object (the same for every item). */
const rulesSeen = new WeakMap<FieldsParameter, Map<string, { fields: FieldRule[]; externalName: string }>>();

/** The field rules of an item: the preset's, with the rows under Fields replacing or adding to them. */
function rulesFor(parameter: FieldsParameter, mapping: Preset, invalid: Invalid, noFields: () => Error) {
	const seen = rulesSeen.get(parameter)?.get(mapping);
	if (seen) return seen;
	const rows = (parameter.field ?? []).map((row, n): FieldRule => {
		const sembleField = String(row.sembleField ?? '').trim();
		const externalPaths = String(row.externalField ?? '')
			.split(',')
			.map((path) => path.trim())
			.filter(Boolean);
		if (!sembleField) throw invalid('Semble Field', `row ${n + 1} is empty`);
		if (externalPaths.length === 0) throw invalid('External Field', `row ${n + 1} is empty`);
		return {
			semble: sembleField,
			external: externalPaths,
			owner: row.owner ?? 'lastWrite',
			critical: Boolean(row.critical) || CRITICAL_FIELDS.includes(sembleKeyOf(sembleField)),
			compareAs: !row.compareAs || row.compareAs === 'auto' ? compareAsFor(sembleField) : row.compareAs,
			externalFormat: 'plain',
		};
	});
	let rules: { fields: FieldRule[]; externalName: string };
	if (mapping === 'custom') {
		if (rows.length === 0) throw noFields();
		rules = { fields: rows, externalName: 'the external system' };
	} else {
		const preset = PRESETS[mapping];
		if (!preset) throw invalid('Field Mapping', 'is not a known preset');
		rules = { fields: combineFields(preset.fields, rows), externalName: preset.name };
	}
	if (!rulesSeen.has(parameter)) rulesSeen.set(parameter, new Map());
	rulesSeen.get(parameter)?.set(mapping, rules);
	return rules;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const node = nodeOf(this);
	const input = inputValidator(this, i);
	const invalid = (field: string, reason: string) =>
		new NodeOperationError(node, `Invalid "${field}" in item ${i}: ${reason}`, { itemIndex: i });

	const semble = input.jsonObject('Semble Record', itemParameter(this, 'sembleRecord', i));
	const external = input.jsonObject('External Record', itemParameter(this, 'externalRecord', i));
	if (Object.keys(semble).length === 0) throw invalid('Semble Record', 'is empty');
	const mapping = itemParameter<Preset>(this, 'mapping', i);
	const { fields, externalName } = rulesFor(itemParameter<FieldsParameter>(this, 'fields', i, {}), mapping, invalid, () =>
		new NodeOperationError(node, `No fields to compare in item ${i}: add at least one row under Fields, or pick a preset`, {
			itemIndex: i,
		}),
	);

	const options = itemParameter<Options>(this, 'options', i, {});
	const timestamp = (field: string, value: unknown) => {
		if (value === undefined || value === null || String(value).trim() === '') return undefined;
		if (parseTimestamp(value) === undefined) throw invalid(field, 'is not a date and time (use e.g. 2026-03-29T09:00:00Z)');
		return value;
	};

	const result = detectConflicts(semble, external, fields, {
		externalName,
		sembleUpdatedAt: timestamp('Semble Updated At', options.sembleUpdatedAt),
		externalUpdatedAt: timestamp('External Updated At', options.externalUpdatedAt),
		fillMissing: options.fillMissing ?? true,
		nonCritical: options.nonCritical ?? 'owner',
	});
	const item = this.getInputData()[i];
	return [{ json: { ...item.json, ...(result as unknown as IDataObject) }, pairedItem: { item: i } }];
}
