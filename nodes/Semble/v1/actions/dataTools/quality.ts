import { patientNhsNumber, patientPhone } from '../../../records/patient';
import { plainDate, practiceDate } from '../../../shared/practiceTime';
import { checkDateOfBirth, checkEmail, checkNhsNumber, checkPhone } from '../../../shared/validation';

/**
 * Data Tool › Check Data Quality: scores a patient record 0–100 so a workflow can route it
 * (sync it, send it to a person to review, or fix it by hand). Pure: no request is made.
 * Messages name the field and the problem, never the value (patient data).
 */

export type Severity = 'error' | 'warning';
export type Route = 'sync' | 'review' | 'manual';

export interface QualityIssue {
	field: string;
	problem: string;
	severity: Severity;
	deduction: number;
}

export interface QualityOptions {
	/** A score at or above this routes `sync` (unless the record has an error). */
	syncThreshold: number;
	/** A score at or above this (and below Sync) routes `review`; below it, `manual`. */
	reviewThreshold: number;
	/** A missing NHS number is an error taking the full weight, not a small warning. */
	requireNhsNumber: boolean;
	/** The practice's date, YYYY-MM-DD (default: today). */
	today?: string;
}

export interface DataQuality {
	score: number;
	issues: QualityIssue[];
	isValid: boolean;
	route: Route;
	/** The record's values in one canonical form; null where missing or invalid. */
	normalised: {
		email: string | null;
		phone: string | null;
		nhsNumber: string | null;
		dob: string | null;
		postcode: string | null;
	};
}

/**
 * What each check is worth (they add up to 100) and what a missing value costs. A missing
 * value costs less than a wrong one: a gap is visible, a wrong value spreads.
 */
export const QUALITY_WEIGHTS = {
	firstName: { weight: 10, missing: 10 },
	lastName: { weight: 10, missing: 10 },
	email: { weight: 20, missing: 10 },
	phone: { weight: 15, missing: 10 },
	nhsNumber: { weight: 15, missing: 5 },
	dob: { weight: 20, missing: 10 },
	postcode: { weight: 10, missing: 5 },
} as const;

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = { syncThreshold: 80, reviewThreshold: 60, requireNhsNumber: false };

export const MAX_AGE_YEARS = 120;

/** UK postcodes (outward code, space optional, inward code), and GIR 0AA. */
const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** A value as text; empty when missing. Numbers (an NHS number typed as a number) become text. */
export function textOf(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return '';
}

/**
 * The fields checked, from either shape the Semble node outputs: the simplified patient
 * (`phone`, `nhsNumber`, `postcode`) or the full record (`phones[]`, `numbers[]` with an
 * NHS entry, `address { postcode }`).
 */
export function patientFieldsOf(record: Json) {
	const address = isObject(record.address) ? record.address : {};
	return {
		firstName: textOf(record.firstName),
		lastName: textOf(record.lastName),
		email: textOf(record.email),
		phone: textOf(patientPhone(record)),
		nhsNumber: textOf(patientNhsNumber(record)),
		dob: textOf(record.dob),
		postcode: textOf(record.postcode) || textOf(address.postcode),
	};
}

/** A UK postcode in its written form ("SW1A 1AA"), or undefined if it is not UK-shaped. */
export function normalisePostcode(value: string): string | undefined {
	const compact = value.toUpperCase().replace(/\s+/g, '');
	if (!UK_POSTCODE.test(compact)) return undefined;
	return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function routeFor(score: number, isValid: boolean, options: QualityOptions): Route {
	if (score >= options.syncThreshold && isValid) return 'sync';
	return score >= options.reviewThreshold ? 'review' : 'manual';
}

/** Why the thresholds cannot be used, or undefined when they can. */
export function thresholdProblem(options: QualityOptions): string | undefined {
	const inRange = (n: number) => Number.isFinite(n) && n >= 0 && n <= 100;
	if (!inRange(options.syncThreshold) || !inRange(options.reviewThreshold)) return 'thresholds must be between 0 and 100';
	if (options.reviewThreshold > options.syncThreshold) return 'the Review Threshold must not be above the Sync Threshold';
	return undefined;
}

/** The date `years` before a YYYY-MM-DD date; 29 February becomes the 28th in a common year. */
export function yearsBefore(date: string, years: number): string {
	const same = `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
	return plainDate(same) ?? `${same.slice(0, 4)}-02-28`;
}

export function checkDataQuality(record: Json, options: QualityOptions = DEFAULT_QUALITY_OPTIONS): DataQuality {
	const fields = patientFieldsOf(record);
	const today = options.today ?? practiceDate();
	const issues: QualityIssue[] = [];
	const issue = (field: string, problem: string, severity: Severity, deduction: number) =>
		issues.push({ field, problem, severity, deduction });
	const normalised: DataQuality['normalised'] = { email: null, phone: null, nhsNumber: null, dob: null, postcode: null };

	if (!fields.firstName) issue('firstName', 'First name is missing', 'error', QUALITY_WEIGHTS.firstName.missing);
	if (!fields.lastName) issue('lastName', 'Last name is missing', 'error', QUALITY_WEIGHTS.lastName.missing);

	if (!fields.email) issue('email', 'Email is missing', 'warning', QUALITY_WEIGHTS.email.missing);
	else {
		const email = checkEmail(fields.email);
		if (email.ok) normalised.email = email.value;
		else issue('email', `Email ${email.reason}`, 'error', QUALITY_WEIGHTS.email.weight);
	}

	if (!fields.phone) issue('phone', 'Phone number is missing', 'warning', QUALITY_WEIGHTS.phone.missing);
	else {
		const phone = checkPhone(fields.phone);
		if (phone.ok) normalised.phone = phone.value;
		else issue('phone', `Phone number ${phone.reason}`, 'error', QUALITY_WEIGHTS.phone.weight);
	}

	if (!fields.nhsNumber) {
		if (options.requireNhsNumber) issue('nhsNumber', 'NHS number is missing (required)', 'error', QUALITY_WEIGHTS.nhsNumber.weight);
		else issue('nhsNumber', 'NHS number is missing', 'warning', QUALITY_WEIGHTS.nhsNumber.missing);
	} else {
		const nhs = checkNhsNumber(fields.nhsNumber);
		if (nhs.ok) normalised.nhsNumber = nhs.value;
		else issue('nhsNumber', `NHS number ${nhs.reason}`, 'error', QUALITY_WEIGHTS.nhsNumber.weight);
	}

	if (!fields.dob) issue('dob', 'Date of birth is missing', 'warning', QUALITY_WEIGHTS.dob.missing);
	else {
		const dob = checkDateOfBirth(fields.dob, today);
		if (!dob.ok) issue('dob', `Date of birth ${dob.reason}`, 'error', QUALITY_WEIGHTS.dob.weight);
		else if (dob.value < yearsBefore(today, MAX_AGE_YEARS)) {
			issue('dob', `Date of birth gives an age over ${MAX_AGE_YEARS}`, 'error', QUALITY_WEIGHTS.dob.weight);
		} else normalised.dob = dob.value;
	}

	if (!fields.postcode) issue('postcode', 'Postcode is missing', 'warning', QUALITY_WEIGHTS.postcode.missing);
	else {
		const postcode = normalisePostcode(fields.postcode);
		if (postcode) normalised.postcode = postcode;
		else issue('postcode', 'Postcode is not a UK postcode', 'warning', QUALITY_WEIGHTS.postcode.weight);
	}

	const score = Math.max(0, 100 - issues.reduce((sum, found) => sum + found.deduction, 0));
	const isValid = !issues.some((found) => found.severity === 'error');
	return { score, issues, isValid, route: routeFor(score, isValid, options), normalised };
}
