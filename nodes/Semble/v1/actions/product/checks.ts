import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PRACTICE_TIMEZONE } from '../../../shared/validation';

/**
 * Input checks that `shared/validation.ts` does not have yet (numbers, calendar dates),
 * with the same per-item message: the field is named, the value is never echoed, nothing is sent.
 * Candidates to move into shared/validation.ts.
 */

export type NumberCheck = { ok: true; value: number } | { ok: false; reason: string };
export type DateCheck = { ok: true; value: string } | { ok: false; reason: string };

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.trim());
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

const hasPenceOnly = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** Money in pounds: a number with at most 2 decimal places; `positive` also rules out 0. */
export function checkMoney(value: unknown, positive: boolean): NumberCheck {
	const n = toNumber(value);
	if (n === undefined) return { ok: false, reason: 'is not a number (use pounds, e.g. 45.50)' };
	if (positive && n <= 0) return { ok: false, reason: 'must be more than 0' };
	if (n < 0) return { ok: false, reason: 'must not be negative' };
	if (!hasPenceOnly(n)) return { ok: false, reason: 'must have at most 2 decimal places (pounds and pence)' };
	return { ok: true, value: Math.round(n * 100) / 100 };
}

export function checkWholeNumber(value: unknown, min: number): NumberCheck {
	const n = toNumber(value);
	if (n === undefined || !Number.isInteger(n)) return { ok: false, reason: 'must be a whole number' };
	return n < min ? { ok: false, reason: `must be ${min} or more` } : { ok: true, value: n };
}

/** A calendar date (YYYY-MM-DD). A date-time is read as the practice-time day it falls on. */
export function checkCalendarDate(value: unknown, zone = PRACTICE_TIMEZONE): DateCheck {
	const text = String(value ?? '').trim();
	if (!text) return { ok: false, reason: 'must not be empty' };
	const date = DateTime.fromISO(text.replace(' ', 'T'), { zone });
	return date.isValid ? { ok: true, value: date.toISODate() as string } : { ok: false, reason: 'is not a date (use YYYY-MM-DD)' };
}

/** Today's date at the practice (UK time), as YYYY-MM-DD. */
export function todayAtPractice(): string {
	return DateTime.now().setZone(PRACTICE_TIMEZONE).toISODate() as string;
}

/** Validators bound to one item, like `inputValidator`. */
export function extraValidator(node: INode, itemIndex: number) {
	const use = <T>(field: string, check: { ok: true; value: T } | { ok: false; reason: string }): T => {
		if (!check.ok) {
			throw new NodeOperationError(node, `Invalid "${field}" in item ${itemIndex}: ${check.reason}`, {
				itemIndex,
				description: 'Nothing was sent to Semble for this item.',
			});
		}
		return check.value;
	};
	return {
		/** A payment amount: pounds, more than 0. */
		amount: (field: string, value: unknown) => use(field, checkMoney(value, true)),
		/** A price or cost: pounds, 0 or more. */
		money: (field: string, value: unknown) => use(field, checkMoney(value, false)),
		wholeNumber: (field: string, value: unknown, min = 0) => use(field, checkWholeNumber(value, min)),
		calendarDate: (field: string, value: unknown) => use(field, checkCalendarDate(value)),
		/** The Limit of a Get Many: a whole number, 1 or more. */
		limit: (value: unknown) => use('Limit', checkWholeNumber(value, 1)),
		/** Stops an update that would change nothing. */
		nothingToUpdate: (field: string) => use<never>(field, { ok: false, reason: 'add at least one field to change' }),
	};
}
