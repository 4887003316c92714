import { checkCalendarDate, checkDateOfBirth, checkDateTime } from '../../nodes/Semble/shared/validation';

/**
 * What a person types into a date or time field (or n8n's date picker sends): ISO text as
 * before, UK text day first ("03/12/2026 10:00" is 3 December, UK time), and a year that is
 * missing or has two digits refused with a day-first example.
 */
describe('typed dates: ISO as before, UK text day first, an unclear year refused', () => {
	test.each([
		['2026-12-03T10:00', '2026-12-03T10:00:00+00:00'],
		['2026-12-03 10:00', '2026-12-03T10:00:00+00:00'],
		['03/12/2026 10:00', '2026-12-03T10:00:00+00:00'],
		['3/12/2026, 9:05', '2026-12-03T09:05:00+00:00'],
		['01.07.2026 09:00:30', '2026-07-01T09:00:30+01:00'],
		['2026-07-01T09:00:00Z', '2026-07-01T09:00:00Z'],
	])('date and time %s', (typed, expected) => {
		expect(checkDateTime(typed)).toEqual({ ok: true, value: expected });
	});

	test.each([
		['31/02/2026 10:00', 'is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)'],
		['12/31/2026 10:00', 'is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)'],
		[
			'03/12/26 10:00',
			'does not say the year in full, so it could mean more than one date (write it day first, e.g. 03/12/2026 10:00, or 2026-12-03T10:00)',
		],
		[
			'03/12 10:00',
			'does not say the year in full, so it could mean more than one date (write it day first, e.g. 03/12/2026 10:00, or 2026-12-03T10:00)',
		],
		['next tuesday', 'is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)'],
	])('refused: %s', (typed, reason) => {
		expect(checkDateTime(typed)).toEqual({ ok: false, reason });
	});

	test('dates and dates of birth read the same way', () => {
		expect(checkCalendarDate('03/12/2026')).toEqual({ ok: true, value: '2026-12-03' });
		expect(checkCalendarDate('2026-12-03T23:30:00Z')).toEqual({ ok: true, value: '2026-12-03' });
		expect(checkCalendarDate('03-12-26')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('e.g. 03/12/2026, or 2026-12-03'),
		});
		expect(checkDateOfBirth('23/04/1985', '2026-06-15')).toEqual({ ok: true, value: '1985-04-23' });
		expect(checkDateOfBirth('1985-04-23T00:00:00', '2026-06-15')).toEqual({ ok: true, value: '1985-04-23' });
		expect(checkDateOfBirth('23/04/85', '2026-06-15')).toMatchObject({ ok: false });
	});
});
