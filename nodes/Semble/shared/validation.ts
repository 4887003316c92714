import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

/**
 * Input checks. The pure `check*` functions say whether a value is valid (and normalise
 * it); `inputValidator` turns a failed check into a per-item error that names the field
 * and the item before any request is made. Messages never echo the value (patient data).
 */

export const PRACTICE_TIMEZONE = 'Europe/London';

export type Check<T = string> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const emailSchema = z.string().trim().email();

export function checkEmail(value: string): Check {
	const parsed = emailSchema.safeParse(value);
	return parsed.success ? ok(parsed.data.toLowerCase()) : bad('is not a valid email address');
}

/**
 * UK numbers arrive as 07…, +44 7…, 0044 7…, 44 7… or +44 (0)7…; all become E.164.
 * Other countries are accepted when written with + (or 00) and their code.
 */
export function checkPhone(value: string): Check {
	const compact = value.replace(/\(0\)/g, '').replace(/[\s\-().]/g, '');
	let e164: string | undefined;
	if (/^\+\d+$/.test(compact)) e164 = compact;
	else if (/^00\d+$/.test(compact)) e164 = `+${compact.slice(2)}`;
	else if (/^0\d+$/.test(compact)) e164 = `+44${compact.slice(1)}`;
	else if (/^44\d{10}$/.test(compact)) e164 = `+${compact}`;
	if (!e164) return bad('is not a phone number (use e.g. 07700 900123 or +44 7700 900123)');
	if (e164.startsWith('+44')) {
		return /^\+44[1-35789]\d{8,9}$/.test(e164) ? ok(e164) : bad('is not a valid UK phone number');
	}
	return /^\+[1-9]\d{7,14}$/.test(e164) ? ok(e164) : bad('is not a valid international phone number');
}

/** NHS numbers: 10 digits whose last is the modulus-11 check digit of the first nine. */
export function checkNhsNumber(value: string): Check {
	const digits = value.replace(/[\s-]/g, '');
	const invalid = bad('is not a valid NHS number (10 digits with a correct check digit)');
	if (!/^\d{10}$/.test(digits)) return invalid;
	const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
	const check = 11 - (sum % 11);
	if (check === 10) return invalid;
	return (check === 11 ? 0 : check) === Number(digits[9]) ? ok(digits) : invalid;
}

/** A date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900. */
export function checkDateOfBirth(value: string, today = DateTime.now()): Check {
	const date = DateTime.fromISO(String(value).trim(), { zone: PRACTICE_TIMEZONE });
	if (!date.isValid) return bad('is not a date (use YYYY-MM-DD)');
	if (date.startOf('day') > today.setZone(PRACTICE_TIMEZONE).startOf('day')) return bad('is in the future');
	if (date.year < 1900) return bad('is before 1900');
	return ok(date.toISODate() as string);
}

/**
 * A point in time for Semble: an explicit offset is kept; a naive time ("2026-03-29 09:00")
 * is read in the practice timezone. Always sent as ISO-8601 with an offset, since Semble
 * makes "no assumptions or adjustments" to the times it is given.
 */
export function checkDateTime(value: string, zone = PRACTICE_TIMEZONE): Check {
	const text = String(value).trim().replace(' ', 'T');
	const date = DateTime.fromISO(text, { zone, setZone: true });
	if (!date.isValid) return bad('is not a date and time (use e.g. 2026-03-29T09:00)');
	return ok(date.toISO({ suppressMilliseconds: true }) as string);
}

export function checkId(value: unknown): Check {
	const id = String(value ?? '').trim();
	if (!id) return bad('must not be empty');
	return /\s/.test(id) ? bad('must not contain spaces') : ok(id);
}

export function checkRequired(value: unknown): Check {
	const text = String(value ?? '').trim();
	return text ? ok(text) : bad('must not be empty');
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.trim());
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

/** Money in pounds: at most 2 decimal places; `positive` also rules out 0. */
export function checkMoney(value: unknown, positive: boolean): Check<number> {
	const n = toNumber(value);
	if (n === undefined) return bad('is not a number (use pounds, e.g. 45.50)');
	if (positive && n <= 0) return bad('must be more than 0');
	if (n < 0) return bad('must not be negative');
	if (Math.abs(Math.round(n * 100) - n * 100) >= 1e-6) return bad('must have at most 2 decimal places (pounds and pence)');
	return ok(Math.round(n * 100) / 100);
}

export function checkWholeNumber(value: unknown, min: number): Check<number> {
	const n = toNumber(value);
	if (n === undefined || !Number.isInteger(n)) return bad('must be a whole number');
	return n < min ? bad(`must be ${min} or more`) : ok(n);
}

/** A calendar date (YYYY-MM-DD). A date-time is read as the practice-time day it falls on. */
export function checkCalendarDate(value: unknown, zone = PRACTICE_TIMEZONE): Check {
	const text = String(value ?? '').trim();
	if (!text) return bad('must not be empty');
	const date = DateTime.fromISO(text.replace(' ', 'T'), { zone });
	return date.isValid ? ok(date.toISODate() as string) : bad('is not a date (use YYYY-MM-DD)');
}

/** Today's date at the practice (UK time), as YYYY-MM-DD. */
export function todayAtPractice(): string {
	return DateTime.now().setZone(PRACTICE_TIMEZONE).toISODate() as string;
}

function parseJsonObject(value: unknown): Record<string, unknown> | string {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	if (typeof value !== 'string') return 'must be a JSON object';
	if (!value.trim()) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch {
		return 'is not valid JSON';
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : 'must be a JSON object';
}

/** Validators bound to one item: each returns the clean value or throws a clear item error. */
export function inputValidator(node: INode, itemIndex: number) {
	const fail = (field: string, reason: string) =>
		new NodeOperationError(node, `Invalid "${field}" in item ${itemIndex}: ${reason}`, {
			itemIndex,
			description: 'Nothing was sent to Semble for this item.',
		});
	const use = <T>(field: string, check: Check<T>): T => {
		if (!check.ok) throw fail(field, check.reason);
		return check.value;
	};
	return {
		email: (field: string, value: string) => use(field, checkEmail(value)),
		phone: (field: string, value: string) => use(field, checkPhone(value)),
		nhsNumber: (field: string, value: string) => use(field, checkNhsNumber(value)),
		dateOfBirth: (field: string, value: string) => use(field, checkDateOfBirth(value)),
		dateTime: (field: string, value: string) => use(field, checkDateTime(value)),
		id: (field: string, value: unknown) => use(field, checkId(value)),
		required: (field: string, value: unknown) => use(field, checkRequired(value)),
		/** A payment amount: pounds, more than 0. */
		amount: (field: string, value: unknown) => use(field, checkMoney(value, true)),
		/** A price or cost: pounds, 0 or more. */
		money: (field: string, value: unknown) => use(field, checkMoney(value, false)),
		wholeNumber: (field: string, value: unknown, min = 0) => use(field, checkWholeNumber(value, min)),
		calendarDate: (field: string, value: unknown) => use(field, checkCalendarDate(value)),
		/** The Limit of a Get Many: a whole number, 1 or more. */
		limit: (value: unknown) => use('Limit', checkWholeNumber(value, 1)),
		/** Refuses an update that would change nothing, before any request. */
		somethingToUpdate: (changes: object) => {
			if (Object.keys(changes).length === 0) {
				throw new NodeOperationError(node, `Nothing to update in item ${itemIndex}: add at least one field`, { itemIndex });
			}
		},
		jsonObject: (field: string, value: unknown): Record<string, unknown> => {
			const parsed = parseJsonObject(value);
			if (typeof parsed === 'string') throw fail(field, parsed);
			return parsed;
		},
	};
}
