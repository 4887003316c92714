import { DateTime } from 'luxon';

import { normalisePostcode } from './dataQuality';
import { checkEmail, checkPhone } from './validation';

/**
 * Data Tool › Detect Conflicts: compares a Semble patient with a record from another system
 * (a HubSpot contact, a Mailchimp member, …) field by field, under a field-ownership map, and
 * says what each side should be updated to. Pure: no request is made.
 *
 * - Values are compared normalised (emails lower-case, phones in E.164, NHS numbers as digits,
 *   dates as YYYY-MM-DD, text trimmed and case-insensitive), so formatting is not a conflict.
 * - A critical field (email, phone, date of birth, NHS number, or any row marked critical)
 *   that differs is a conflict for a person to review: neither side is changed.
 * - Otherwise the field's owner wins: Semble, the external system, or the newer record
 *   (last write, by the two records' timestamps; without both, a person reviews it).
 * - A value only one side has is not a conflict: it is copied to the other side (`filled`).
 * - A field a record does not include at all (not even as empty) is not compared: the
 *   simplified Semble patient has no address line, a HubSpot contact only the properties
 *   that were asked for.
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

// ---------------------------------------------------------------------------------------
// Reading the records

type Json = Record<string, unknown>;
const ABSENT = Symbol('absent');
/** A value read from a record, or ABSENT when the record does not have the field. */
type Raw = unknown;

const isObject = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

function getPath(record: unknown, path: string): Raw {
	let current: unknown = record;
	for (const key of path.split('.')) {
		if (!isObject(current) || !(key in current)) return ABSENT;
		current = current[key];
	}
	return current;
}

/** HubSpot's older API (and n8n's HubSpot node) wraps each property as `{ value, versions }`. */
const unwrap = (value: Raw): Raw => (isObject(value) && 'value' in value ? value.value : value);

const CONSENT_FLAGS = ['receiveEmail', 'receiveSMS', 'promotionalMarketing', 'paymentReminders'];
const ADDRESS_PARTS = ['address', 'city', 'postcode', 'country'];

/** Nested Semble paths that mean one of the simplified patient's fields. */
const SEMBLE_ALIASES: Record<string, string> = {
	dateOfBirth: 'dob',
	'address.address': 'address',
	'address.city': 'city',
	'address.postcode': 'postcode',
	'address.country': 'country',
	...Object.fromEntries(CONSENT_FLAGS.map((flag) => [`communicationPreferences.${flag}`, flag])),
};

export const sembleKeyOf = (path: string) => SEMBLE_ALIASES[path.trim()] ?? path.trim();

/** A Semble field from the simplified patient or the full record (phones[], numbers[], address{}, communicationPreferences{}). */
function readSemble(record: Json, key: string): Raw {
	if (key === 'address') {
		if (typeof record.address === 'string' || record.address === null) return record.address;
		return isObject(record.address) ? getPath(record.address, 'address') : ABSENT;
	}
	if (key in record) return record[key];
	if (ADDRESS_PARTS.includes(key)) return isObject(record.address) ? getPath(record.address, key) : ABSENT;
	if (key === 'phone' && Array.isArray(record.phones)) {
		return record.phones.find((phone) => isObject(phone) && phone.phoneNumber)?.phoneNumber ?? null;
	}
	if (key === 'nhsNumber' && Array.isArray(record.numbers)) {
		return record.numbers.find((number) => isObject(number) && /nhs/i.test(String(number.name ?? '')))?.value ?? null;
	}
	if (CONSENT_FLAGS.includes(key)) {
		return isObject(record.communicationPreferences) ? getPath(record.communicationPreferences, key) : ABSENT;
	}
	return getPath(record, key);
}

/** An external field, at its path or under `properties` (HubSpot), unwrapped. */
function readExternal(record: Json, path: string): Raw {
	const direct = getPath(record, path);
	if (direct !== ABSENT) return unwrap(direct);
	return isObject(record.properties) ? unwrap(getPath(record.properties, path)) : ABSENT;
}

// ---------------------------------------------------------------------------------------
// Normalising values

/**
 * One side's value: not in the record at all (`absent`), empty (`missing`), present but not
 * comparable (`unusable`, e.g. a Mailchimp `pending` status), or a value as compared (`key`)
 * and as written to Semble (`value`).
 */
type Value =
	| { state: 'absent' }
	| { state: 'missing' }
	| { state: 'unusable' }
	| { state: 'value'; key: string; value: unknown; raw: unknown };

const isEmpty = (raw: unknown) => raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');

export function parseBoolean(raw: unknown): boolean | undefined {
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : undefined;
	const text = String(raw).trim().toLowerCase();
	if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
	if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
	return undefined;
}

/** ISO-8601, or milliseconds since 1970 (HubSpot's older API); undefined when neither. */
export function parseTimestamp(raw: unknown): DateTime | undefined {
	if (isEmpty(raw)) return undefined;
	let date: DateTime;
	if (typeof raw === 'number') date = DateTime.fromMillis(raw, { zone: 'utc' });
	else if (typeof raw === 'string' && /^\d{11,}$/.test(raw.trim())) date = DateTime.fromMillis(Number(raw.trim()), { zone: 'utc' });
	else if (typeof raw === 'string') date = DateTime.fromISO(raw.trim().replace(' ', 'T'), { setZone: true });
	else return undefined;
	return date.isValid ? date : undefined;
}

/** A calendar date from YYYY-MM-DD, an ISO date-time (the UTC day, as HubSpot's dates are) or milliseconds. */
function toIsoDate(raw: unknown): string | undefined {
	if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) {
		const date = DateTime.fromISO(raw.trim());
		return date.isValid ? (date.toISODate() as string) : undefined;
	}
	return parseTimestamp(raw)?.toUTC().toISODate() ?? undefined;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A value normalised for comparison, in Semble's form. */
function normalise(raw: Raw, compareAs: CompareAs): Value {
	if (raw === ABSENT) return { state: 'absent' };
	if (isEmpty(raw)) return { state: 'missing' };
	const text = collapse(typeof raw === 'object' ? JSON.stringify(raw) : String(raw));
	const found = (key: string, value: unknown): Value => ({ state: 'value', key, value, raw });
	switch (compareAs) {
		case 'email': {
			const email = checkEmail(text);
			return email.ok ? found(email.value, email.value) : found(text.toLowerCase(), text);
		}
		case 'phone': {
			const phone = checkPhone(text);
			return phone.ok ? found(phone.value, phone.value) : found(text.replace(/[^\d+]/g, ''), text);
		}
		case 'nhsNumber': {
			const digits = text.replace(/\D/g, '');
			return found(digits || text, digits || text);
		}
		case 'date': {
			const date = toIsoDate(raw);
			return date ? found(date, date) : found(text.toLowerCase(), text);
		}
		case 'birthday': {
			const date = toIsoDate(raw);
			if (date) return found(`${date.slice(5, 7)}/${date.slice(8, 10)}`, date);
			const monthDay = /^(\d{1,2})[/-](\d{1,2})$/.exec(text);
			if (monthDay) return found(`${monthDay[1].padStart(2, '0')}/${monthDay[2].padStart(2, '0')}`, undefined);
			return found(text.toLowerCase(), undefined);
		}
		case 'boolean': {
			const flag = parseBoolean(raw);
			return flag === undefined ? { state: 'unusable' } : found(String(flag), flag);
		}
		case 'postcode': {
			const postcode = normalisePostcode(text);
			return found(text.toUpperCase().replace(/\s/g, ''), postcode ?? text.toUpperCase());
		}
		default:
			return found(text.toLowerCase(), text);
	}
}

/** Reads an external value in its own format into Semble's form. */
function fromExternal(raw: Raw, field: FieldRule): Value {
	if (raw === ABSENT || isEmpty(raw) || field.externalFormat !== 'mailchimpStatus') return normalise(raw, field.compareAs);
	const status = String(raw).trim().toLowerCase();
	const flag = status === 'subscribed' ? true : status === 'unsubscribed' ? false : undefined;
	return flag === undefined ? { state: 'unusable' } : { state: 'value', key: String(flag), value: flag, raw };
}

/** A value (in Semble's form) in the external system's format. */
function toExternal(value: Value & { state: 'value' }, field: FieldRule): unknown {
	switch (field.externalFormat) {
		case 'booleanText':
			return String(value.value);
		case 'mailchimpStatus':
			return value.value ? 'subscribed' : 'unsubscribed';
		case 'monthDay':
			return value.key;
		default:
			return value.value;
	}
}

function setPath(target: Json, path: string, value: unknown) {
	const keys = path.split('.');
	let current = target;
	for (const key of keys.slice(0, -1)) {
		if (!isObject(current[key])) current[key] = {};
		current = current[key] as Json;
	}
	current[keys[keys.length - 1]] = value;
}

// ---------------------------------------------------------------------------------------
// Comparing

export type Resolution = 'review' | 'useSemble' | 'useExternal';

export interface Conflict {
	/** Semble's name for the field. */
	field: string;
	/** The external system's name for the field. */
	externalField: string;
	semble: unknown;
	external: unknown;
	sembleUpdatedAt: string | null;
	externalUpdatedAt: string | null;
	critical: boolean;
	rule: string;
	resolution: Resolution;
}

export interface Fill {
	field: string;
	externalField: string;
	/** The side that had no value and is given the other side's. */
	filled: 'semble' | 'external';
	rule: string;
}

export interface ConflictOptions {
	/** The external system's name, for the rules ("owned by HubSpot"). */
	externalName: string;
	sembleUpdatedAt?: unknown;
	externalUpdatedAt?: unknown;
	/** `lastWrite`: every non-critical difference goes to the newer record, whoever owns the field. */
	nonCritical?: 'owner' | 'lastWrite';
	/** Copy a value only one side has to the other (default on). */
	fillMissing?: boolean;
}

export interface ConflictResult {
	conflicts: Conflict[];
	hasConflicts: boolean;
	needsReview: boolean;
	merged: { semble: Json; external: Json };
	filled: Fill[];
}

/** Where the records keep their last-changed time when no timestamp is given. */
export const EXTERNAL_TIMESTAMP_PATHS = [
	'updatedAt',
	'properties.lastmodifieddate',
	'properties.hs_lastmodifieddate',
	'last_changed',
	'updated_at',
];

export function timestampOf(record: Json, paths: string[]): unknown {
	for (const path of paths) {
		const raw = unwrap(getPath(record, path));
		if (raw !== ABSENT && !isEmpty(raw)) return raw;
	}
	return undefined;
}

/** Replaces the rows of `base` that have the same Semble field as an extra row; adds the rest. */
export function combineFields(base: FieldRule[], extra: FieldRule[]): FieldRule[] {
	const keys = new Set(extra.map((field) => sembleKeyOf(field.semble)));
	return [...base.filter((field) => !keys.has(sembleKeyOf(field.semble))), ...extra];
}

/** Infers how to compare a custom field from its Semble name. */
export function compareAsFor(sembleField: string): CompareAs {
	const key = sembleKeyOf(sembleField);
	const known: Record<string, CompareAs> = {
		email: 'email',
		phone: 'phone',
		nhsNumber: 'nhsNumber',
		dob: 'date',
		postcode: 'postcode',
		...Object.fromEntries(CONSENT_FLAGS.map((flag) => [flag, 'boolean' as CompareAs])),
	};
	return known[key] ?? 'text';
}

export function detectConflicts(
	semble: Json,
	external: Json,
	fields: FieldRule[],
	options: ConflictOptions,
): ConflictResult {
	const name = options.externalName;
	const fillMissing = options.fillMissing ?? true;
	const newExternal = Object.keys(external).length === 0;
	const sembleTime = parseTimestamp(options.sembleUpdatedAt ?? semble.updatedAt);
	const externalTime = parseTimestamp(options.externalUpdatedAt ?? timestampOf(external, EXTERNAL_TIMESTAMP_PATHS));
	const iso = (time: DateTime | undefined) => (time ? (time.toUTC().toISO() as string) : null);

	const conflicts: Conflict[] = [];
	const filled: Fill[] = [];
	const merged = { semble: {} as Json, external: {} as Json };

	for (const field of fields) {
		const key = sembleKeyOf(field.semble);
		const critical = field.critical || CRITICAL_FIELDS.includes(key);
		const ours = normalise(readSemble(semble, key), field.compareAs);

		// The external value: the first path with a value; one that matches Semble's is preferred.
		const candidates = field.external.map((path) => ({ path, value: fromExternal(readExternal(external, path), field) }));
		const present = candidates.filter((candidate) => candidate.value.state === 'value');
		const matching = present.find(
			(candidate) => ours.state === 'value' && candidate.value.state === 'value' && candidate.value.key === ours.key,
		);
		const chosen = matching ?? present[0] ?? candidates.find((candidate) => candidate.value.state !== 'absent') ?? candidates[0];
		const path = chosen.path;
		let theirs = chosen.value;
		if (theirs.state === 'absent' && newExternal) theirs = { state: 'missing' };

		if (ours.state === 'absent' || theirs.state === 'absent') continue;
		if (ours.state === 'unusable' || theirs.state === 'unusable') continue;
		if (ours.state === 'missing' && theirs.state === 'missing') continue;

		if (ours.state === 'missing' || theirs.state === 'missing') {
			if (!fillMissing) continue;
			if (ours.state === 'value') {
				setPath(merged.external, path, toExternal(ours, field));
				filled.push({ field: key, externalField: path, filled: 'external', rule: `missing in ${name}: filled from Semble` });
			} else if (theirs.state === 'value' && theirs.value !== undefined) {
				// A Mailchimp birthday has no year, so it cannot fill a date of birth.
				setPath(merged.semble, key, theirs.value);
				filled.push({ field: key, externalField: path, filled: 'semble', rule: `missing in Semble: filled from ${name}` });
			}
			continue;
		}
		if (ours.key === theirs.key) continue;

		const conflict = (ruleText: string, resolution: Resolution): Conflict => ({
			field: key,
			externalField: path,
			semble: ours.raw,
			external: theirs.raw,
			sembleUpdatedAt: iso(sembleTime),
			externalUpdatedAt: iso(externalTime),
			critical,
			rule: ruleText,
			resolution,
		});
		const useSemble = (ruleText: string) => {
			setPath(merged.external, path, toExternal(ours, field));
			conflicts.push(conflict(ruleText, 'useSemble'));
		};
		const useExternal = (ruleText: string) => {
			if (theirs.value === undefined) {
				conflicts.push(conflict(`${ruleText}, but the ${name} value cannot be written to Semble → manual review`, 'review'));
				return;
			}
			setPath(merged.semble, key, theirs.value);
			conflicts.push(conflict(ruleText, 'useExternal'));
		};

		if (critical) {
			conflicts.push(conflict('critical → manual review', 'review'));
			continue;
		}
		const owner = options.nonCritical === 'lastWrite' ? 'lastWrite' : field.owner;
		if (owner === 'semble') useSemble('owned by Semble');
		else if (owner === 'external') useExternal(`owned by ${name}`);
		else if (!sembleTime || !externalTime) conflicts.push(conflict('last write → manual review (a timestamp is missing)', 'review'));
		else if (sembleTime.toMillis() > externalTime.toMillis()) useSemble('last write → Semble is newer');
		else if (externalTime.toMillis() > sembleTime.toMillis()) useExternal(`last write → ${name} is newer`);
		else conflicts.push(conflict('last write → manual review (both changed at the same time)', 'review'));
	}

	return {
		conflicts,
		hasConflicts: conflicts.length > 0,
		needsReview: conflicts.some((found) => found.resolution === 'review'),
		merged,
		filled,
	};
}
