import type { CompareAs, FieldRule } from './fieldRules';
import { CRITICAL_FIELDS } from './fieldRules';
import type { Json } from './fieldValues';
import { ABSENT, isEmpty, getPath, unwrap, sembleKeyOf, CONSENT_FLAGS, parseTimestamp, utcIso, normalise, readSemble, fromExternal, readExternal, setPath, toExternal } from './fieldValues';

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

/**
 * The external side of a field: of its paths, the first whose value matches Semble's, else
 * the first with a value, else the first present even if empty, else the first.
 */
function externalValue(external: Json, field: FieldRule, ours: ReturnType<typeof normalise>) {
	let withValue: { path: string; value: ReturnType<typeof normalise> } | undefined;
	let present: typeof withValue;
	let first: typeof withValue;
	for (const path of field.external) {
		const value = fromExternal(readExternal(external, path), field);
		const candidate = { path, value };
		first ??= candidate;
		if (value.state === 'value') {
			if (ours.state === 'value' && value.key === ours.key) return candidate;
			withValue ??= candidate;
		} else if (value.state !== 'absent') present ??= candidate;
	}
	return (withValue ?? present ?? first) as NonNullable<typeof first>;
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
	const sembleUpdatedAt = sembleTime === undefined ? null : utcIso(sembleTime);
	const externalUpdatedAt = externalTime === undefined ? null : utcIso(externalTime);

	const conflicts: Conflict[] = [];
	const filled: Fill[] = [];
	const merged = { semble: {} as Json, external: {} as Json };

	for (const field of fields) {
		// A field the external record does not have at all is not compared: skip it before normalising ours.
		if (!newExternal && field.external.every((path) => readExternal(external, path) === ABSENT)) continue;
		const key = sembleKeyOf(field.semble);
		const critical = field.critical || CRITICAL_FIELDS.includes(key);
		const ours = normalise(readSemble(semble, key), field.compareAs);

		// The external value: the first path with a value; one that matches Semble's is preferred.
		const { path, value: chosen } = externalValue(external, field, ours);
		let theirs = chosen;
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
			sembleUpdatedAt,
			externalUpdatedAt,
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
		else if (sembleTime === undefined || externalTime === undefined) conflicts.push(conflict('last write → manual review (a timestamp is missing)', 'review'));
		else if (sembleTime > externalTime) useSemble('last write → Semble is newer');
		else if (externalTime > sembleTime) useExternal(`last write → ${name} is newer`);
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
