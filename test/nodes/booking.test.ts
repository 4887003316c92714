import type { INodeParameters } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { byId, sembleWorkflow } from '../harness/workflows';
import { NO_BOOKING_MATCHED } from '../../nodes/Semble/v1/actions/common/hints';

/** Booking operations through n8n's engine against the sandbox: a success and failures each. */

let sandbox: RunningSandbox;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
const run = async (parameters: INodeParameters, options: Parameters<typeof sembleWorkflow>[1] = {}) =>
	await runWorkflow(sembleWorkflow({ resource: 'booking', ...parameters }, options), { credentials: credentials() });
const bookings = () => [...sandbox.store.bookings.values()];
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;

function aFutureBooking(): BookingRecord {
	const now = Date.now();
	const found = bookings().find((b) => !b.deleted && Date.parse(b.start) > now && b.doctorId);
	if (!found) throw new Error('seed has no future booking');
	return found;
}

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 5, scale: { patients: 200, bookings: 600 }, rateLimitPerMinute: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.control.reset());

describe('Get', () => {
	test('returns the booking with its derived status and practice-local times', async () => {
		const cancelled = bookings().find((b) => b.deleted) as BookingRecord;
		const noShow = bookings().find((b) => !b.deleted && b.bookingJourney.dna) as BookingRecord;
		for (const [record, status] of [
			[cancelled, 'cancelled'],
			[noShow, 'no-show'],
		] as const) {
			const result = await run({ operation: 'get', bookingId: record.id });
			const [item] = result.output('Semble');
			expect(item.json).toMatchObject({ id: record.id, patientId: record.patientId, status });
			expect(Date.parse(String(item.json.startLocal))).toBe(Date.parse(record.start));
			expect(String(item.json.startLocal)).toMatch(/\+0[01]:00$/);
		}
	});

	test('Simplify names things as the form does (clinician, room, appointment type); full mode keeps Semble’s names', async () => {
		const record = aFutureBooking();
		const [simple] = (await run({ operation: 'get', bookingId: record.id })).output('Semble');
		expect(simple.json).toMatchObject({
			clinicianId: record.doctorId,
			roomId: record.locationId,
			room: sandbox.store.locations.get(record.locationId)?.name,
			appointmentTypeId: record.bookingTypeId,
		});
		expect(Object.keys(simple.json).filter((key) => /doctor|location|appointment(?!Type)/.test(key))).toEqual([]);
		const [full] = (await run({ operation: 'get', bookingId: record.id, simplify: false })).output('Semble');
		expect(full.json).toMatchObject({ doctor: { id: record.doctorId }, location: { id: record.locationId } });
	});

	test('an unknown ID is a clear error', async () => {
		const result = await run({ operation: 'get', bookingId: 'no-such-booking' });
		expect(result.error?.message).toBe('No booking with ID no-such-booking');
	});
});

describe('Get Many', () => {
	test('filters by clinician with an exact limit, and hides cancelled bookings unless asked', async () => {
		const clinician = aFutureBooking().doctorId as string;
		const result = await run({ operation: 'getMany', returnAll: false, limit: 7, filters: { clinicianId: byId(clinician) } });
		const items = result.output('Semble');
		expect(items).toHaveLength(7);
		expect(items.every((item) => item.json.clinicianId === clinician)).toBe(true);
		expect(items.every((item) => item.json.status !== 'cancelled')).toBe(true);

		const withCancelled = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { clinicianId: byId(clinician), includeCancelled: true },
		});
		const expected = bookings().filter((b) => b.doctorId === clinician).length;
		expect(withCancelled.output('Semble')).toHaveLength(expected);
	});

	test('finds changes by update time, not appointment time', async () => {
		const target = aFutureBooking();
		sandbox.control.advanceClock(60_000);
		await run({ operation: 'updateJourney', bookingId: target.id, journeyStage: 'arrived' });
		const since = new Date(sandbox.control.now().getTime() - 5_000).toISOString();
		const result = await run({ operation: 'getMany', returnAll: true, filters: { updatedAfter: since } });
		expect(result.output('Semble').map((item) => item.json.id)).toEqual([target.id]);
	});

	test('a bad date is caught before any request', async () => {
		const result = await run({ operation: 'getMany', returnAll: true, filters: { appointmentFrom: 'next tuesday' } });
		expect(result.error?.message).toBe('Invalid "Appointment From" in item 0: is not a date and time (use e.g. 2026-03-29T09:00 or 29/03/2026 09:00)');
		expect(requestsTo('bookings')).toBe(0);
	});

	test('no booking in the range: a hint says which filter reads which time', async () => {
		const result = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { appointmentFrom: '2099-01-01T00:00', appointmentTo: '2099-01-02T00:00' },
		});
		expect(result.output('Semble')).toEqual([]);
		expect(result.run.data.resultData.runData.Semble[0].hints).toEqual([{ message: NO_BOOKING_MATCHED, location: 'outputPane' }]);
	});
});

describe('Create', () => {
	const template = () => {
		const model = aFutureBooking();
		return {
			operation: 'create',
			patientId: byId(model.patientId),
			clinicianId: byId(model.doctorId as string),
			locationId: byId(model.locationId),
			appointmentTypeId: byId(model.bookingTypeId),
			start: '2027-01-12T10:00',
			end: '2027-01-12T10:45',
			additionalFields: { comments: 'Booked by n8n', sendPatientMessages: ['confirmation'] },
		};
	};

	test('books the appointment, reading naive times in UK time', async () => {
		const parameters = template();
		const result = await run(parameters);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Semble');
		const stored = sandbox.store.bookings.get(String(item.json.id)) as BookingRecord;
		expect(stored).toMatchObject({
			patientId: parameters.patientId.value,
			doctorId: parameters.clinicianId.value,
			locationId: parameters.locationId.value,
			bookingTypeId: parameters.appointmentTypeId.value,
			comments: 'Booked by n8n',
		});
		expect(stored.start).toBe('2027-01-12T10:00:00.000Z'); // GMT in January
		expect(item.json.status).toBe('booked');
	});

	test('an empty End is Start plus the appointment type’s length; UK day-first text is read day first', async () => {
		const parameters = { ...template(), start: '12/01/2027 10:00', end: '' };
		const minutes = sandbox.store.products.get(String(parameters.appointmentTypeId.value))?.duration as number;
		const result = await run(parameters);
		expect(result.error).toBeUndefined();
		const stored = sandbox.store.bookings.get(String(result.output('Semble')[0].json.id)) as BookingRecord;
		expect(stored.start).toBe('2027-01-12T10:00:00.000Z');
		expect(Date.parse(stored.end) - Date.parse(stored.start)).toBe(minutes * 60_000);
		expect(result.output('Semble')[0].json.notice).toBeUndefined();
	});

	test('an End that disagrees with the appointment type books as given, with a notice; the length is read once per run', async () => {
		const parameters = template();
		const minutes = sandbox.store.products.get(String(parameters.appointmentTypeId.value))?.duration as number;
		const end = new Date(Date.parse('2027-01-12T10:00:00Z') + (minutes + 15) * 60_000).toISOString();
		const result = await run({ ...parameters, end }, { items: [{}, {}] });
		expect(result.output('Semble').map((item) => item.json.notice)).toEqual([
			`End is ${minutes + 15} minutes after Start; the appointment type lasts ${minutes} minutes in Semble. The booking was made with the End given.`,
			`End is ${minutes + 15} minutes after Start; the appointment type lasts ${minutes} minutes in Semble. The booking was made with the End given.`,
		]);
		expect(requestsTo('product')).toBe(1);
		expect(requestsTo('createBooking')).toBe(2);
	});

	test('a two-digit year is refused with a day-first example, before any request', async () => {
		const result = await run({ ...template(), start: '12/01/27 10:00' });
		expect(result.error?.message).toBe(
			'Invalid "Start" in item 0: does not say the year in full, so it could mean more than one date (write it day first, e.g. 03/12/2026 10:00, or 2026-12-03T10:00)',
		);
		expect(requestsTo('createBooking') + requestsTo('product')).toBe(0);
	});

	test('an end before the start fails that item only, before any request (continue on fail)', async () => {
		const good = template();
		const result = await run(
			{ ...good, start: '={{ $json.start }}', end: '={{ $json.end }}' },
			{
				settings: { continueOnFail: true },
				items: [
					{ start: '2027-02-01T11:00', end: '2027-02-01T10:00' },
					{ start: '2027-07-01T11:00', end: '2027-07-01T11:30' },
				],
			},
		);
		const [bad, ok] = result.output('Semble');
		expect(bad.json.error).toBe('Invalid "End" in item 0: must be after Start');
		expect(ok.json.start).toBe('2027-07-01T10:00:00.000Z'); // BST in July
		expect(requestsTo('createBooking')).toBe(1);
	});

	test('Semble refusing an unknown patient is reported', async () => {
		const result = await run({ ...template(), patientId: byId('unknown-patient') });
		expect(result.error?.message).toMatch(/^Semble refused createBooking: /);
	});
});

describe('Update, Cancel, Update Journey', () => {
	test('reschedules', async () => {
		const target = aFutureBooking();
		const result = await run({
			operation: 'update',
			bookingId: target.id,
			updateFields: { start: '2027-03-03T09:00:00Z', end: '2027-03-03T09:30:00Z' },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.store.bookings.get(target.id)).toMatchObject({
			start: '2027-03-03T09:00:00.000Z',
			patientId: target.patientId,
		});
	});

	test('an update with no fields is refused before any request', async () => {
		const result = await run({ operation: 'update', bookingId: aFutureBooking().id, updateFields: {} });
		expect(result.error?.message).toBe('Nothing to update in item 0: add at least one field');
		expect(requestsTo('updateBooking')).toBe(0);
	});

	test('cancels, keeping the booking readable as cancelled', async () => {
		const target = aFutureBooking();
		const result = await run({ operation: 'cancel', bookingId: target.id, sendCancellationMessages: false });
		expect(result.output('Semble')[0].json).toMatchObject({ id: target.id, deleted: true, status: 'cancelled' });
		expect(sandbox.store.bookings.get(target.id)?.deleted).toBe(true);
	});

	test('cancelling an unknown booking is reported', async () => {
		const result = await run({ operation: 'cancel', bookingId: 'nope', sendCancellationMessages: false });
		expect(result.error?.message).toMatch(/^Semble refused deleteBooking: /);
	});

	test('marks a no-show at the given time', async () => {
		const target = aFutureBooking();
		const result = await run({
			operation: 'updateJourney',
			bookingId: target.id,
			journeyStage: 'dna',
			date: '2027-01-12T10:20',
		});
		expect(result.output('Semble')[0].json.status).toBe('no-show');
		expect(sandbox.store.bookings.get(target.id)?.bookingJourney.dna).toBe('2027-01-12T10:20:00.000Z');
	});

	test('a bad journey time is caught before any request', async () => {
		const result = await run({ operation: 'updateJourney', bookingId: 'x', journeyStage: 'arrived', date: '31/02/2027' });
		expect(result.error?.message).toMatch(/^Invalid "Time" in item 0/);
		expect(requestsTo('updateBookingJourney')).toBe(0);
	});
});
