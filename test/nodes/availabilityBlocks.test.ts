import type { INodeParameters } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox, UserRecord } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runWorkflow } from '../harness/runWorkflow';
import { pollOnce } from '../harness/triggers';
import { byId, sembleWorkflow } from '../harness/workflows';

/** Availability › Block Time, Free Time and Get Slots through n8n's engine. */

let sandbox: RunningSandbox;
let okafor: UserRecord;
let room: string;
const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 6000 },
});
type Options = Parameters<typeof sembleWorkflow>[1];
const run = async (parameters: INodeParameters, options: Options = {}) =>
	await runWorkflow(sembleWorkflow({ resource: 'availability', ...parameters }, options), {
		credentials: credentials(),
	});
const requestsTo = (field: string) => sandbox.control.rootFieldCounts()[field] ?? 0;
const blocks = () => [...sandbox.store.bookings.values()].filter((b) => b.outOfOffice && !b.deleted);
const retryOnFail = { settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } };

/** Thursday 10 September 2026, 10:00–11:00 in London (BST). */
const block = (overrides: INodeParameters = {}) => ({
	operation: 'blockTime',
	clinicianId: byId(okafor.id),
	locationId: byId(room),
	start: '2026-09-10T10:00:00+01:00',
	end: '2026-09-10T11:00:00+01:00',
	...overrides,
});

beforeAll(async () => {
	sandbox = await startSandbox({
		seed: 5,
		scale: { patients: 50, bookings: 50 },
		rateLimitPerMinute: 0,
		now: () => new Date('2026-09-01T10:00:00.000Z'),
	});
	okafor = [...sandbox.store.users.values()].find((u) => u.lastName === 'Okafor') as UserRecord;
	room = sandbox.store.clinicianRooms.get(okafor.id) as string;
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.control.reset();
	sandbox.control.clearLog();
});

describe('Block Time', () => {
	test('one createOutOfOfficeBooking with the exact times and fixed comments; outputs the block', async () => {
		const result = await run(block());
		expect(result.error).toBeUndefined();
		expect(sandbox.control.rootFieldCounts()).toEqual({ createOutOfOfficeBooking: 1 });
		const [made] = blocks();
		expect(made).toMatchObject({
			start: '2026-09-10T09:00:00.000Z',
			end: '2026-09-10T10:00:00.000Z',
			doctorId: okafor.id,
			locationId: room,
			comments: 'Busy (from calendar)',
			patientId: '',
		});
		expect(result.output('Semble').map((item) => item.json)).toEqual([
			{ id: made.id, start: made.start, end: made.end, clinicianId: okafor.id, roomId: room },
		]);
	});

	test('bad input is named, every field at once, before any request', async () => {
		const result = await run(block({ clinicianId: byId('={{ $json.clinician }}'), end: '2026-09-10T09:00:00+01:00' }));
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Clinician" must not be empty; "End" must be after Start',
		);
		expect(sandbox.control.requestLog()).toHaveLength(0);
	});

	test('with Continue On Fail, an item Semble refuses fails alone', async () => {
		const items = [{ room }, { room: 'no-such-room' }];
		const result = await run(block({ locationId: byId('={{ $json.room }}') }), {
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		const output = result.output('Semble').map((item) => item.json);
		expect(output[0]).toMatchObject({ roomId: room });
		expect(String(output[1].error)).toMatch(/Location not found/);
		expect(requestsTo('createOutOfOfficeBooking')).toBe(2);
	});

	test('a block whose answer was lost is not sent again by Retry On Fail', async () => {
		const before = blocks().length;
		sandbox.control.injectFault({ kind: 'reset', match: 'createOutOfOfficeBooking' });
		const result = await run(
			block({ start: '2026-09-11T10:00:00+01:00', end: '2026-09-11T10:30:00+01:00' }),
			retryOnFail,
		);
		expect(result.error?.message).toBe('Not sent again: the earlier try of this item may have been saved by Semble');
		expect(blocks()).toHaveLength(before + 1);
		expect(requestsTo('createOutOfOfficeBooking')).toBe(1);
	});
});

describe('Free Time', () => {
	test('deletes the block with cancellation messages off, and its slots are free again', async () => {
		const made = await run(block({ start: '2026-09-14T14:00:00+01:00', end: '2026-09-14T15:00:00+01:00' }));
		const id = made.output('Semble')[0].json.id as string;
		const slotsAt = async () =>
			(
				await run({
					operation: 'getSlots',
					from: '2026-09-14T14:00:00+01:00',
					to: '2026-09-14T15:00:00+01:00',
					clinicianId: byId(okafor.id),
				})
			)
				.output('Semble')
				.map((item) => item.json.startLocal);
		expect(await slotsAt()).toEqual([]);
		const freed = await run({ operation: 'freeTime', blockId: byId(id) });
		expect(freed.output('Semble')[0].json).toEqual({
			id,
			start: '2026-09-14T13:00:00.000Z',
			end: '2026-09-14T14:00:00.000Z',
			clinicianId: okafor.id,
			roomId: room,
			freed: true,
		});
		const record = sandbox.store.bookings.get(id) as BookingRecord;
		expect(record).toMatchObject({ deleted: true, patientMessagesSent: { cancellation: false } });
		expect(await slotsAt()).toEqual(['2026-09-14T14:00:00', '2026-09-14T14:30:00']);
	});

	test('a patient’s booking is not blocked time: refused, nothing cancelled', async () => {
		const appointment = [...sandbox.store.bookings.values()].find((b) => b.patientId && !b.deleted) as BookingRecord;
		const result = await run({ operation: 'freeTime', blockId: byId(appointment.id) });
		expect(result.error?.message).toBe(
			'Invalid "Block" in item 0: is a patient’s booking, not blocked time: use Booking › Cancel',
		);
		expect(sandbox.control.rootFieldCounts()).toEqual({ booking: 1 });
		expect(sandbox.store.bookings.get(appointment.id)?.deleted).toBe(false);
	});

	test('no block named: refused before any request', async () => {
		const result = await run({ operation: 'freeTime', blockId: byId('={{ $json.blockId }}') });
		expect(result.error?.message).toBe('Invalid "Block" in item 0: must not be empty');
		expect(sandbox.control.requestLog()).toHaveLength(0);
	});
});

describe('Get Slots', () => {
	const slots = async (parameters: INodeParameters) =>
		(await run({ operation: 'getSlots', ...parameters })).output('Semble').map((item) => item.json);

	test('one availabilitySlots request, filtered here by time, clinician and room; UTC times added', async () => {
		const found = await slots({
			from: '2026-09-15T09:00:00+01:00',
			to: '2026-09-15T10:00:00+01:00',
			clinicianId: byId(okafor.id),
			locationId: byId(room),
		});
		expect(requestsTo('availabilitySlots')).toBe(1);
		const roomName = sandbox.store.locations.get(room)?.name;
		expect(found).toEqual([
			{
				startLocal: '2026-09-15T09:00:00',
				endLocal: '2026-09-15T09:30:00',
				start: '2026-09-15T08:00:00Z',
				end: '2026-09-15T08:30:00Z',
				clinicianId: okafor.id,
				clinicianName: 'James Okafor',
				roomId: room,
				roomName,
			},
			{
				startLocal: '2026-09-15T09:30:00',
				endLocal: '2026-09-15T10:00:00',
				start: '2026-09-15T08:30:00Z',
				end: '2026-09-15T09:00:00Z',
				clinicianId: okafor.id,
				clinicianName: 'James Okafor',
				roomId: room,
				roomName,
			},
		]);
	});

	test('without a clinician or room, every clinician’s slots in the range', async () => {
		const found = await slots({ from: '2026-09-15T09:00:00+01:00', to: '2026-09-15T09:30:00+01:00' });
		expect(new Set(found.map((slot) => slot.clinicianId)).size).toBe(sandbox.store.clinicianRooms.size);
		expect(found.every((slot) => slot.startLocal === '2026-09-15T09:00:00')).toBe(true);
	});

	test('a range over 4 weeks, or a bad room, is refused before any request', async () => {
		const result = await run({
			operation: 'getSlots',
			from: '2026-09-01T00:00:00Z',
			to: '2026-10-01T00:00:00Z',
			locationId: byId('  '),
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Room" must not be empty; "To" must be after From and at most 4 weeks later (Semble’s limit)',
		);
		expect(sandbox.control.requestLog()).toHaveLength(0);
		// A bad id alone, with good dates, stops the item in the operation itself.
		const badRoom = await run({
			operation: 'getSlots',
			from: '2026-09-15T09:00:00+01:00',
			to: '2026-09-15T10:00:00+01:00',
			locationId: byId('  '),
		});
		expect(badRoom.error?.message).toBe('Invalid "Room" in item 0: must not be empty');
		expect(sandbox.control.requestLog()).toHaveLength(0);
	});
});

describe('blocked time is not a booking', () => {
	test('Booking › Get Many leaves blocks out unless Include Blocked Time is on; the Semble Trigger never emits them', async () => {
		expect((await run(block())).error).toBeUndefined();
		const [made] = blocks();
		const day = { appointmentFrom: '2026-09-10T00:00:00+01:00', appointmentTo: '2026-09-11T00:00:00+01:00' };
		const listed = async (filters: INodeParameters) => {
			const result = await runWorkflow(
				sembleWorkflow({ resource: 'booking', operation: 'getMany', returnAll: true, filters }),
				{ credentials: credentials() },
			);
			expect(result.error).toBeUndefined();
			return result.output('Semble').map((item) => item.json.id);
		};
		expect(await listed(day)).not.toContain(made.id);
		expect(await listed({ ...day, includeBlocks: true })).toContain(made.id);

		// The block and a patient booking both changed a minute ago (the trigger reads the real
		// clock): the poll sees the booking, not the block.
		const booked = [...sandbox.store.bookings.values()].find((b) => b.patientId && !b.deleted) as BookingRecord;
		booked.updatedAt = made.updatedAt = new Date(Date.now() - 60_000).toISOString();
		const emitted = await pollOnce({
			parameters: {
				resource: 'booking',
				event: 'createdOrUpdated',
				options: { firstRun: 'backfill', backfillHours: 24, safetyLagMinutes: 0 },
			},
			credentials: credentials(),
			staticData: {},
		});
		const ids = (emitted ?? []).map((item) => item.json.id);
		expect(ids).toContain(booked.id);
		expect(ids).not.toContain(made.id);
	});
});
