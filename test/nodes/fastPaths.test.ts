import { DateTime } from 'luxon';

import { bookingSchema } from '../../nodes/Semble/records/booking';
import { patientSchema } from '../../nodes/Semble/records/patient';
import { practiceDate, toPracticeTime } from '../../nodes/Semble/shared/practiceTime';
import { checkDateOfBirth } from '../../nodes/Semble/shared/validation';
import { MISMATCH, fastParse } from '../../nodes/Semble/transport/fastParse';
import { parseTimestamp, utcIso } from '../../nodes/Semble/v1/actions/dataTools/fieldValues';
import { mulberry32 } from '../harness/random';

/**
 * The fast paths that replaced luxon's time-zone conversion and zod's parse in the hot loops
 * (bench/ownProcessing.bench.ts) give exactly what the code before them gave: each is checked
 * against the luxon or zod expression it replaced, on seeded random inputs around every
 * awkward case (clock changes, 29 February, odd formats, wrong shapes).
 */

const random = mulberry32(20261130);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** UK clock changes 2020–2030 (01:00 UTC on the last Sundays of March and October), and random instants. */
function instants(count: number): number[] {
	const changes: number[] = [];
	for (let year = 2020; year <= 2030; year++) {
		for (const month of [2, 9]) {
			const last = new Date(Date.UTC(year, month + 1, 0));
			changes.push(Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1));
		}
	}
	const near = changes.flatMap((at) => [-3_600_001, -1, 0, 1, 59_999, 3_600_000].map((delta) => at + delta));
	const spread = Array.from(
		{ length: count },
		() => Date.UTC(1990, 0, 1) + Math.floor(random() * 50 * 365.25 * 86_400_000),
	);
	return [...near, ...spread];
}

function isoText(ms: number): string {
	const offset = pick([0, 0, 60, -300, 330, 840, -720]);
	const local = new Date(ms + offset * 60_000);
	const zone =
		offset === 0 && random() < 0.5
			? 'Z'
			: `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
	const seconds = pick([
		'',
		`:${pad(local.getUTCSeconds())}`,
		`:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`,
		':07.5',
	]);
	return `${local.toISOString().slice(0, 16)}${seconds}${zone}`;
}

const ODD_TIMES = [
	'',
	'2026-02-30T10:00:00Z',
	'2026-02-29T10:00:00Z',
	'2028-02-29T10:00:00Z',
	'2026-03-29T24:00:00Z',
	'2026-03-29T10:00:00',
	'2026-03-29 10:00:00Z',
	'2026-03-29T10:00:00z',
	'2026-03-29T10:00:00.123456Z',
	'2026-03-29T01:30:00+00:00',
	'0999-01-01T00:00:00Z',
	'+010000-01-01T00:00:00Z',
	'2026-03-29',
	'yesterday',
];

test('toPracticeTime: the same text as luxon, across clock changes, offsets and odd input', () => {
	const luxon = (iso: string) =>
		iso
			? DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London').toISO({ suppressMilliseconds: true })
			: null;
	const inputs = [...instants(20_000).map(isoText), ...ODD_TIMES];
	const different = inputs.filter((iso) => toPracticeTime(iso) !== luxon(iso));
	expect(different).toEqual([]);
	expect(toPracticeTime('2026-03-29T00:59:59Z')).toBe('2026-03-29T00:59:59+00:00');
	expect(toPracticeTime('2026-03-29T01:00:00Z')).toBe('2026-03-29T02:00:00+01:00');
});

test('practiceDate: the practice’s date, around midnight in winter and in summer', () => {
	for (const at of [
		...instants(5_000),
		Date.UTC(2026, 0, 1, 23, 59),
		Date.UTC(2026, 6, 1, 22, 59),
		Date.UTC(2026, 6, 1, 23, 0),
	]) {
		expect(practiceDate(at)).toBe(DateTime.fromMillis(at, { zone: 'Europe/London' }).toISODate());
	}
});

test('parseTimestamp and utcIso: what luxon read and wrote before', () => {
	const before = (raw: unknown) => {
		let date: DateTime;
		if (raw === '' || raw === null || raw === undefined) return undefined;
		if (typeof raw === 'number') date = DateTime.fromMillis(raw, { zone: 'utc' });
		else if (typeof raw === 'string' && /^\d{11,}$/.test(raw.trim()))
			date = DateTime.fromMillis(Number(raw.trim()), { zone: 'utc' });
		else if (typeof raw === 'string') date = DateTime.fromISO(raw.trim().replace(' ', 'T'), { setZone: true });
		else return undefined;
		return date.isValid ? (date.toUTC().toISO() as string) : undefined;
	};
	const inputs: unknown[] = [
		...instants(5_000).map(isoText),
		...ODD_TIMES,
		1772445600000,
		'1772445600000',
		8.64e15,
		8.64e15 + 1,
		Number.NaN,
		true,
	];
	const after = (raw: unknown) => {
		const ms = parseTimestamp(raw);
		return ms === undefined ? undefined : utcIso(ms);
	};
	expect(inputs.filter((raw) => after(raw) !== before(raw))).toEqual([]);
});

test('checkDateOfBirth: the answers of the luxon version, for plain dates and every other form', () => {
	const today = '2026-06-15';
	const before = (value: string) => {
		const date = DateTime.fromISO(value.trim(), { zone: 'Europe/London' });
		if (!date.isValid) return 'is not a date (use e.g. 1985-04-23 or 23/04/1985)';
		if (date.startOf('day') > DateTime.fromISO(today, { zone: 'Europe/London' })) return 'is in the future';
		if (date.year < 1900) return 'is before 1900';
		return date.toISODate();
	};
	const dates = Array.from({ length: 5_000 }, () => `${pad(int(1850, 2030), 4)}-${pad(int(0, 13))}-${pad(int(0, 32))}`);
	const inputs = [
		...dates,
		'2026-06-15',
		'2026-06-16',
		'1900-01-01',
		'1899-12-31',
		'2024-02-29',
		'2023-02-29',
		'0000-02-29',
		' 1980-01-02 ',
		'19800102',
		'1980-01-02T10:00',
		'',
	];
	const after = (value: string) => {
		const check = checkDateOfBirth(value, today);
		return check.ok ? check.value : check.reason;
	};
	expect(inputs.filter((value) => after(value) !== before(value))).toEqual([]);
});

describe('fastParse: what zod parses, key for key and in zod’s key order', () => {
	/** JSON that also shows a key set to undefined, which JSON.stringify would drop. */
	const exactly = (value: unknown) =>
		JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '(undefined)' : v));
	const booking = () => ({
		id: `b${int(1, 1e6)}`,
		start: '2026-03-29T09:00:00.000Z',
		end: null,
		updatedAt: '2026-03-29T09:00:00.000Z',
		patientId: 'p1',
		doctor: { fullName: 'Dr A', id: 'd1', extra: 1 },
		location: null,
		appointment: { id: 'a1', title: 'Check-up', duration: 30, price: 60.5 },
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		deleted: false,
		billed: true,
		notInTheSchema: 'dropped',
	});
	const mutations: Array<(record: Record<string, unknown>) => void> = [
		() => undefined,
		(record) => delete record.comments,
		(record) => (record.start = 5),
		(record) => (record.deleted = 'no'),
		(record) => (record.doctor = 'd1'),
		(record) => (record.appointment = { id: 'a1', price: Number.NaN }),
		(record) => (record.id = null),
		(record) => (record.doctor = JSON.parse('{"id":"d2","__proto__":{"x":1}}')),
		(record) => (record.location = []),
	];

	test('bookings and patients, whole pages and broken records', () => {
		const pageSchema = bookingSchema.array();
		for (let run = 0; run < 500; run++) {
			const page = Array.from({ length: int(0, 5) }, () => {
				const record: Record<string, unknown> = booking();
				pick(mutations)(record);
				return record;
			});
			const zod = pageSchema.safeParse(page);
			const fast = fastParse(pageSchema, page);
			if (zod.success) expect(exactly(fast)).toBe(exactly(zod.data));
			else expect(fast).toBe(MISMATCH);
		}
		const patient = {
			id: 'p1',
			firstName: 'Ola',
			phones: [{ phoneId: 'x', phoneNumber: '07700900123', phoneType: 'Mobile' }],
			numbers: [],
		};
		expect(fastParse(patientSchema, patient)).toEqual(patientSchema.parse(patient));
	});

	test('a record that fits is read without zod; what only zod can say goes to zod', () => {
		expect(fastParse(bookingSchema, booking())).not.toBe(MISMATCH);
		expect(
			fastParse(
				bookingSchema.refine(() => true),
				booking(),
			),
		).toBe(MISMATCH);
	});
});
