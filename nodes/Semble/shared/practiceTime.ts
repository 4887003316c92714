import { DateTime } from 'luxon';

/**
 * Practice time (Europe/London) for many items at once. Luxon's time-zone conversion asks
 * Intl for the offset on every call; for 50,000 bookings or patients that was most of the
 * time spent. The offset only changes on a whole hour, so it is asked once per UTC hour and
 * remembered; the text is then built by hand. Anything but a plain ISO-8601 time with an
 * offset (or Z) goes to luxon as before, so the output is the same text either way.
 */

export const PRACTICE_TIMEZONE = 'Europe/London';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Per UTC day: the offset all day, or null on a day the clocks change (then per hour). */
const dayOffsets = new Map<number, number | null>();
const hourOffsets = new Map<number, number>();

const luxonOffset = (ms: number) => DateTime.fromMillis(ms, { zone: PRACTICE_TIMEZONE }).offset;

/** The practice's UTC offset in minutes at `ms`. */
function offsetAt(ms: number): number {
	const day = Math.floor(ms / DAY_MS);
	let offset = dayOffsets.get(day);
	if (offset === undefined) {
		const first = luxonOffset(day * DAY_MS);
		offset = first === luxonOffset((day + 1) * DAY_MS - 1) ? first : null;
		dayOffsets.set(day, offset);
	}
	if (offset !== null) return offset;
	const hour = Math.floor(ms / HOUR_MS);
	let hourly = hourOffsets.get(hour);
	if (hourly === undefined) hourOffsets.set(hour, (hourly = luxonOffset(hour * HOUR_MS)));
	return hourly;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `2026-03-29T09:00:00+01:00`: luxon's toISO({ suppressMilliseconds: true }) at the practice. */
function formatAt(ms: number): string {
	const offset = offsetAt(ms);
	const local = new Date(ms + offset * 60_000);
	const ms3 = local.getUTCMilliseconds();
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return (
		`${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
		`T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
		(ms3 ? `.${three(ms3)}` : '') +
		`${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
	);
}

/** Plain ISO times with a zone; years 1000–9999 so that luxon and this print them alike (plainDate checks the day). */
const PLAIN_ISO = /^[1-9]\d{3}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A plain YYYY-MM-DD that names a real day (most dates of birth), else undefined; no luxon, no time zone. */
export function plainDate(text: string): string | undefined {
	const parts = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
	if (!parts) return undefined;
	const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) ? text : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month of the (proleptic) Gregorian calendar, as Date and luxon count them. */
const daysIn = (year: number, month: number) =>
	month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1];

/** Milliseconds since 1970 for a plain ISO time that names a real day, else NaN. */
export function plainIsoMs(iso: string): number {
	// Date.parse rolls 30 February over into March; luxon calls it invalid.
	return PLAIN_ISO.test(iso) && plainDate(iso.slice(0, 10)) ? Date.parse(iso) : NaN;
}

/** A Semble time as practice time, e.g. `2026-03-29T10:00:00+01:00`; null when empty. */
export function toPracticeTime(iso: string | null | undefined): string | null {
	if (!iso) return null;
	const ms = plainIsoMs(iso);
	if (!Number.isNaN(ms)) return formatAt(ms);
	return DateTime.fromISO(iso, { setZone: true }).setZone(PRACTICE_TIMEZONE).toISO({ suppressMilliseconds: true });
}

let today: { minute: number; date: string } | undefined;

/** Today's date at the practice, YYYY-MM-DD (worked out once a minute). */
export function practiceDate(now = Date.now()): string {
	const minute = Math.floor(now / 60_000);
	if (today?.minute !== minute) today = { minute, date: formatAt(minute * 60_000).slice(0, 10) };
	return today.date;
}
