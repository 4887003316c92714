import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { PRACTICE_TIMEZONE, plainDate, practiceDate } from './practiceTime';

/**
 * Input checks. The pure `check*` functions say whether a value is valid (and normalise
 * it); `inputValidator` turns a failed check into a per-item error that names the field
 * and the item before any request is made. Messages never echo the value (patient data).
 */

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

/** UK day-first text: 29/03/2026 or 29.03.2026, with or without a time (09:00, 9:00:30). */
const UK_DAY_FIRST = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:(?:[ T]|, ?)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Day and month with a two-digit year or none (03/12/26, 03/12): the year is not clear. */
const UNCLEAR_YEAR = /^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2})?(?:[ T,].*)?$/;

/**
 * Text a person typed, as ISO-8601 (no zone) for luxon: UK day-first text is turned round
 * ("03/12/2026 10:00" is 3 December); ISO text is kept; `unclear` when the year is missing or
 * has two digits, which could mean more than one date.
 */
function typedDate(value: unknown): string | 'unclear' {
	const text = String(value ?? '').trim();
	const uk = UK_DAY_FIRST.exec(text);
	if (uk) {
		const [, day, month, year, hour, minute, second] = uk;
		const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
		return hour ? `${date}T${hour.padStart(2, '0')}:${minute}:${second ?? '00'}` : date;
	}
	return UNCLEAR_YEAR.test(text) ? 'unclear' : text.replace(' ', 'T');
}

const unclear = (example: string) =>
	`does not say the year in full, so it could mean more than one date (write it day first, e.g. ${example})`;

/**
 * A date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900. `today` is
 * the practice's date (YYYY-MM-DD). A plain date is checked as text (dates of that form sort
 * as text); any other form luxon reads, as before.
 */
export function checkDateOfBirth(value: string, today = practiceDate()): Check {
	const text = typedDate(value);
	if (text === 'unclear') return bad(unclear('03/12/2026, or 2026-12-03'));
	const plain = plainDate(text);
	if (plain) return plain > today ? bad('is in the future') : plain < '1900' ? bad('is before 1900') : ok(plain);
	const date = DateTime.fromISO(text, { zone: PRACTICE_TIMEZONE });
	if (!date.isValid) return bad('is not a date (use e.g. 1985-04-23 or 23/04/1985)');
	if (date.startOf('day') > DateTime.fromISO(today, { zone: PRACTICE_TIMEZONE })) return bad('is in the future');
	if (date.year < 1900) return bad('is before 1900');
	return ok(date.toISODate() as string);
}

/**
 * A point in time for Semble: an explicit offset is kept; a naive time ("2026-03-29 09:00",
 * or UK day-first "29/03/2026 09:00") is read in the practice timezone. Always sent as
 * ISO-8601 with an offset, since Semble makes "no assumptions or adjustments" to the times
 * it is given.
 */
export function checkDateTime(value: string, zone = PRACTICE_TIMEZONE): Check {
	const text = typedDate(value);
	if (text === 'unclear') return bad(unclear('03/12/2026 10:00, or 2026-12-03T10:00'));
	const date = DateTime.fromISO(text, { zone, setZone: true });
	if (!date.isValid) return bad('is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)');
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
	const text = typedDate(value);
	if (!text) return bad('must not be empty');
	if (text === 'unclear') return bad(unclear('03/12/2026, or 2026-12-03'));
	const date = DateTime.fromISO(text, { zone });
	return date.isValid ? ok(date.toISODate() as string) : bad('is not a date (use e.g. 2026-03-29 or 29/03/2026)');
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

/** What an item's checks are made for: the node's run (its execute context). */
interface Run {
	getNode(): INode;
}

/** Every input problem found so far, per run and item: one error then names them all. */
const found = new WeakMap<Run, Map<number, Array<{ field: string; reason: string }>>>();

/**
 * The error for an item's input problems, or undefined when it has none; the problems are
 * then forgotten. The router, the batched writes and the transport ask before anything is
 * sent, so an item with a problem sends nothing, and its error names every bad field:
 * `Invalid "Email" in item 0: …` for one, `Invalid input in item 0: "Email" …; "Phone" …`
 * for several.
 */
export function inputProblems(run: Run, itemIndex: number): NodeOperationError | undefined {
	const problems = found.get(run)?.get(itemIndex);
	if (!problems?.length) return undefined;
	found.get(run)?.delete(itemIndex);
	const message =
		problems.length === 1
			? `Invalid "${problems[0].field}" in item ${itemIndex}: ${problems[0].reason}`
			: `Invalid input in item ${itemIndex}: ${problems.map(({ field, reason }) => `"${field}" ${reason}`).join('; ')}`;
	return new NodeOperationError(run.getNode(), message, {
		itemIndex,
		description: 'Nothing was sent to Semble for this item.',
	});
}

/** Whether an item has input problems so far (they stay noted). */
export const hasInputProblems = (run: Run, itemIndex: number) => (found.get(run)?.get(itemIndex)?.length ?? 0) > 0;

/**
 * Validators bound to one item: each returns the clean value, or notes the problem (see
 * inputProblems) and returns undefined, so that the item's other fields are still checked. A
 * class with methods, so that an item's validator is one small object (local tools make one
 * for each of tens of thousands of items).
 */
class ItemInput {
	constructor(
		private readonly run: Run,
		private readonly itemIndex: number,
	) {}

	/** Notes a problem with a field of this item. */
	problem(field: string, reason: string): void {
		let items = found.get(this.run);
		if (!items) found.set(this.run, (items = new Map()));
		const problems = items.get(this.itemIndex) ?? [];
		if (!problems.some((known) => known.field === field)) problems.push({ field, reason });
		items.set(this.itemIndex, problems);
	}

	private use<T>(field: string, check: Check<T>): T {
		if (check.ok) return check.value;
		this.problem(field, check.reason);
		return undefined as T;
	}

	email(field: string, value: string) {
		return this.use(field, checkEmail(value));
	}
	phone(field: string, value: string) {
		return this.use(field, checkPhone(value));
	}
	nhsNumber(field: string, value: string) {
		return this.use(field, checkNhsNumber(value));
	}
	dateOfBirth(field: string, value: string) {
		return this.use(field, checkDateOfBirth(value));
	}
	dateTime(field: string, value: string) {
		return this.use(field, checkDateTime(value));
	}
	id(field: string, value: unknown) {
		return this.use(field, checkId(value));
	}
	required(field: string, value: unknown) {
		return this.use(field, checkRequired(value));
	}
	/** A payment amount: pounds, more than 0. */
	amount(field: string, value: unknown) {
		return this.use(field, checkMoney(value, true));
	}
	/** A price or cost: pounds, 0 or more. */
	money(field: string, value: unknown) {
		return this.use(field, checkMoney(value, false));
	}
	wholeNumber(field: string, value: unknown, min = 0) {
		return this.use(field, checkWholeNumber(value, min));
	}
	calendarDate(field: string, value: unknown) {
		return this.use(field, checkCalendarDate(value));
	}
	/** The Limit of a Get Many: a whole number, 1 or more. */
	limit(value: unknown) {
		return this.use('Limit', checkWholeNumber(value, 1));
	}

	/** Refuses an update that would change nothing, before any request (after the problems of its fields). */
	somethingToUpdate(changes: object): void {
		if (Object.keys(changes).length > 0) return;
		throw (
			inputProblems(this.run, this.itemIndex) ??
			new NodeOperationError(this.run.getNode(), `Nothing to update in item ${this.itemIndex}: add at least one field`, {
				itemIndex: this.itemIndex,
			})
		);
	}

	jsonObject(field: string, value: unknown): Record<string, unknown> {
		const parsed = parseJsonObject(value);
		return typeof parsed === 'string' ? this.use(field, bad(parsed)) : parsed;
	}
}

export const inputValidator = (run: Run, itemIndex: number) => new ItemInput(run, itemIndex);
