/**
 * Data Tool › Detect Conflicts: which fields are compared, who owns each, and the presets
 * (HubSpot, Mailchimp). See conflicts.ts for how they are compared.
 */

export type Owner = 'semble' | 'external' | 'lastWrite';
export type CompareAs = 'text' | 'email' | 'phone' | 'nhsNumber' | 'date' | 'birthday' | 'boolean' | 'postcode';
/** How the external system writes a value, when not as the plain normalised value. */
export type ExternalFormat = 'plain' | 'booleanText' | 'mailchimpStatus' | 'monthDay';

export interface FieldRule {
	/** Semble's name for the field: `email`, `phone`, `city`, `promotionalMarketing`, … or a dotted path. */
	semble: string;
	/** The external field, as a dotted path (`merge_fields.FNAME`); later entries are read when earlier ones are empty. */
	external: string[];
	owner: Owner;
	critical: boolean;
	compareAs: CompareAs;
	externalFormat: ExternalFormat;
}

export type Preset = 'hubspot' | 'mailchimp' | 'custom';

/** Fields that always go to a person when they differ, whatever the mapping says. */
export const CRITICAL_FIELDS = ['email', 'phone', 'dob', 'nhsNumber'];

const rule = (
	semble: string,
	external: string | string[],
	owner: Owner,
	compareAs: CompareAs,
	externalFormat: ExternalFormat = 'plain',
): FieldRule => ({
	semble,
	external: Array.isArray(external) ? external : [external],
	owner,
	critical: CRITICAL_FIELDS.includes(semble),
	compareAs,
	externalFormat,
});

/**
 * HubSpot contact properties (read from `properties`, as HubSpot's API and n8n's HubSpot node
 * return them; `merged.external` uses the bare property names, ready for `{ properties: … }`).
 * `date_of_birth`, `nhs_number` and `marketing_opt_in` are custom properties the practice
 * creates: HubSpot's Marketing contact status (`hs_marketable_status`) cannot be changed
 * through its API, and email subscriptions live in its Communication Preferences API.
 */
export const HUBSPOT_FIELDS: FieldRule[] = [
	rule('firstName', 'firstname', 'semble', 'text'),
	rule('lastName', 'lastname', 'semble', 'text'),
	rule('email', 'email', 'semble', 'email'),
	rule('phone', ['phone', 'mobilephone'], 'semble', 'phone'),
	rule('dob', 'date_of_birth', 'semble', 'date'),
	rule('nhsNumber', 'nhs_number', 'semble', 'nhsNumber'),
	rule('address', 'address', 'semble', 'text'),
	rule('city', 'city', 'semble', 'text'),
	rule('postcode', 'zip', 'semble', 'postcode'),
	rule('country', 'country', 'semble', 'text'),
	rule('promotionalMarketing', 'marketing_opt_in', 'external', 'boolean', 'booleanText'),
];

/**
 * Mailchimp list members: `email_address`, the default merge fields, and `status`
 * (`subscribed` ↔ promotional marketing on, `unsubscribed` ↔ off; `pending`, `cleaned`,
 * `transactional` and `archived` are left alone). Mailchimp's BIRTHDAY is month and day
 * (MM/DD), so only those are compared. The ADDRESS merge field is not mapped: Mailchimp
 * refuses an address without all its parts.
 */
export const MAILCHIMP_FIELDS: FieldRule[] = [
	rule('firstName', 'merge_fields.FNAME', 'semble', 'text'),
	rule('lastName', 'merge_fields.LNAME', 'semble', 'text'),
	rule('email', 'email_address', 'semble', 'email'),
	rule('phone', 'merge_fields.PHONE', 'semble', 'phone'),
	rule('dob', 'merge_fields.BIRTHDAY', 'semble', 'birthday', 'monthDay'),
	rule('promotionalMarketing', 'status', 'external', 'boolean', 'mailchimpStatus'),
];

export const PRESETS: Record<Exclude<Preset, 'custom'>, { name: string; fields: FieldRule[] }> = {
	hubspot: { name: 'HubSpot', fields: HUBSPOT_FIELDS },
	mailchimp: { name: 'Mailchimp', fields: MAILCHIMP_FIELDS },
};
