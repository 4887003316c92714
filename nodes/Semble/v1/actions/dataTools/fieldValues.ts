import { DateTime } from 'luxon';

import { patientNhsNumber, patientPhone } from '../../../records/patient';
import { plainDate, plainIsoMs } from '../../../shared/practiceTime';
import { checkEmail, checkPhone } from '../../../shared/validation';
import type { CompareAs, FieldRule } from './fieldRules';
import { normalisePostcode } from './quality';

/** Data Tool › Detect Conflicts: reading a field from either record and normalising it for comparison. */

// ---------------------------------------------------------------------------------------
// Reading the records

export type Json = Record<string, unknown>;
export const ABSENT = Symbol('absent');
/** A value read from a record, or ABSENT when the record does not have the field. */
type Raw = unknown;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is an object (not an array) with `key`; the array check runs only on a hit, as it is the dearer one. */
const hasKey = (value: unknown, key: string): value is Json =>
	typeof value === 'object' && value !== null && key in value && !Array.isArray(value);

const pathKeys = new Map<string, string[]>();

export function getPath(record: unknown, path: string): Raw {
	// Most paths are one key: read it without splitting.
	if (!path.includes('.')) return hasKey(record, path) ? record[path] : ABSENT;
	let keys = pathKeys.get(path);
	if (!keys) pathKeys.set(path, (keys = path.split('.')));
	let current: unknown = record;
	for (let n = 0; n < keys.length; n++) {
		if (!hasKey(current, keys[n])) return ABSENT;
		current = current[keys[n]];
	}
	return current;
}

/** HubSpot's older API (and n8n's HubSpot node) wraps each property as `{ value, versions }`. */
export const unwrap = (value: Raw): Raw => (hasKey(value, 'value') ? value.value : value);

export const CONSENT_FLAGS = ['receiveEmail', 'receiveSMS', 'promotionalMarketing', 'paymentReminders'];
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
export function readSemble(record: Json, key: string): Raw {
	if (key === 'address') {
		if (typeof record.address === 'string' || record.address === null) return record.address;
		return isObject(record.address) ? getPath(record.address, 'address') : ABSENT;
	}
	if (key in record) return record[key];
	if (ADDRESS_PARTS.includes(key)) return isObject(record.address) ? getPath(record.address, key) : ABSENT;
	if (key === 'phone' && Array.isArray(record.phones)) return patientPhone(record) as Raw;
	if (key === 'nhsNumber' && Array.isArray(record.numbers)) return patientNhsNumber(record) as Raw;
	if (CONSENT_FLAGS.includes(key)) {
		return isObject(record.communicationPreferences) ? getPath(record.communicationPreferences, key) : ABSENT;
	}
	return getPath(record, key);
}

/** An external field, at its path or under `properties` (HubSpot), unwrapped. */
export function readExternal(record: Json, path: string): Raw {
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

export const isEmpty = (raw: unknown) => raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');

export function parseBoolean(raw: unknown): boolean | undefined {
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : undefined;
	const text = String(raw).trim().toLowerCase();
	if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
	if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
	return undefined;
}

/** Luxon's limits (±100,000,000 days), so that a time it would refuse is refused here too. */
const inRange = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/**
 * ISO-8601, or milliseconds since 1970 (HubSpot's older API), as milliseconds since 1970;
 * undefined when neither. A plain ISO time with a zone is read without luxon (see practiceTime).
 */
export function parseTimestamp(raw: unknown): number | undefined {
	if (isEmpty(raw)) return undefined;
	let ms: number;
	if (typeof raw === 'number') ms = raw;
	else if (typeof raw === 'string' && /^\d{11,}$/.test(raw.trim())) ms = Number(raw.trim());
	else if (typeof raw === 'string') {
		const text = raw.trim().replace(' ', 'T');
		ms = plainIsoMs(text);
		if (Number.isNaN(ms)) ms = DateTime.fromISO(text, { setZone: true }).toMillis();
	} else return undefined;
	return inRange(ms) ? ms : undefined;
}

/** A time as luxon's toUTC().toISO() writes it (`2026-03-02T10:00:00.000Z`). */
export function utcIso(ms: number): string {
	const date = new Date(ms);
	const year = date.getUTCFullYear();
	return year >= 1000 && year <= 9999 ? date.toISOString() : (DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string);
}

/** A calendar date from YYYY-MM-DD, an ISO date-time (the UTC day, as HubSpot's dates are) or milliseconds. */
function toIsoDate(raw: unknown): string | undefined {
	if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) return plainDate(raw.trim());
	const ms = parseTimestamp(raw);
	return ms === undefined ? undefined : utcIso(ms).slice(0, -14);
}

/** Runs of white space as one space, trimmed (text without any, e.g. most emails and ids, as it is). */
const collapse = (text: string) => (/\s/.test(text) ? text.replace(/\s+/g, ' ').trim() : text);

/** A value normalised for comparison, in Semble's form. */
// The value-less states, shared: they are read, never changed.
const ABSENT_VALUE: Value = { state: 'absent' };
const MISSING_VALUE: Value = { state: 'missing' };
const UNUSABLE_VALUE: Value = { state: 'unusable' };

export function normalise(raw: Raw, compareAs: CompareAs): Value {
	if (raw === ABSENT) return ABSENT_VALUE;
	if (isEmpty(raw)) return MISSING_VALUE;
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
			return flag === undefined ? UNUSABLE_VALUE : found(String(flag), flag);
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
export function fromExternal(raw: Raw, field: FieldRule): Value {
	if (raw === ABSENT || isEmpty(raw) || field.externalFormat !== 'mailchimpStatus') return normalise(raw, field.compareAs);
	const status = String(raw).trim().toLowerCase();
	const flag = status === 'subscribed' ? true : status === 'unsubscribed' ? false : undefined;
	return flag === undefined ? UNUSABLE_VALUE : { state: 'value', key: String(flag), value: flag, raw };
}

/** A value (in Semble's form) in the external system's format. */
export function toExternal(value: Value & { state: 'value' }, field: FieldRule): unknown {
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

export function setPath(target: Json, path: string, value: unknown) {
	const keys = path.split('.');
	let current = target;
	for (const key of keys.slice(0, -1)) {
		if (!isObject(current[key])) current[key] = {};
		current = current[key] as Json;
	}
	current[keys[keys.length - 1]] = value;
}
