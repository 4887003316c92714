import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/google-calendar-to-semble.json run through n8n's engine: Google Calendar is
 * intercepted (each calendar answers the events the test gives it), Semble is the sandbox. The
 * workflow's static data is kept between runs as n8n keeps it for a published workflow.
 */

const template = loadTemplate('google-calendar-to-semble.json');
const CAL_A = 'dr.okafor@clinic.example';
const CAL_B = 'ms.lawson@clinic.example';

let sandbox: RunningSandbox;
let okafor: UserRecord;
let lawson: UserRecord;
let staticData: IDataObject;
/** What each calendar lists now, and every request Google received (path and query). */
let events: Record<string, IDataObject[]>;
let googleCalls: Array<{ calendar: string; query: Record<string, string> }>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	googleCalendarOAuth2Api: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
});

/** The template with both clinicians' calendars in Clinician calendars. */
function configured(): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === 'Clinician calendars');
	const [assignment] = (node?.parameters.assignments as { assignments: Array<{ value: string }> }).assignments;
	assignment.value = JSON.stringify([
		{ calendarId: CAL_A, clinicianId: okafor.id, roomId: roomOf(okafor) },
		{ calendarId: CAL_B, clinicianId: lawson.id, roomId: roomOf(lawson) },
	]);
	return copy;
}

const roomOf = (user: UserRecord) => sandbox.store.clinicianRooms.get(user.id) as string;
const run = async (): Promise<RunResult> =>
	await runWorkflow(configured(), { credentials: credentials(), startNode: 'Every 10 minutes', staticData });
const liveBlocks = () => [...sandbox.store.bookings.values()].filter((b) => b.outOfOffice && !b.deleted);
const semble = () => sandbox.control.rootFieldCounts();
const state = () =>
	JSON.parse(JSON.stringify(staticData.global ?? {})) as {
		blocks?: Record<string, IDataObject>;
		watermarks?: Record<string, string>;
	};

/** A Google event as the Events API lists it (title and guests present, as they would be). */
const event = (id: string, start: string, end: string, extra: IDataObject = {}): IDataObject => ({
	kind: 'calendar#event',
	id,
	status: 'confirmed',
	summary: 'Hospital review: Mrs Patel',
	description: 'Private: patient details',
	attendees: [{ email: 'patient@example.org' }],
	start: { dateTime: start, timeZone: 'Europe/London' },
	end: { dateTime: end, timeZone: 'Europe/London' },
	updated: new Date().toISOString(),
	...extra,
});

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 14, scale: { patients: 10, bookings: 10 }, rateLimitPerMinute: 0 });
	const byName = (last: string) => [...sandbox.store.users.values()].find((u) => u.lastName === last) as UserRecord;
	[okafor, lawson] = [byName('Okafor'), byName('Lawson')];
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	sandbox.control.reset();
	sandbox.control.clearLog();
	for (const b of liveBlocks()) sandbox.store.bookings.delete(b.id);
	staticData = {};
	events = { [CAL_A]: [], [CAL_B]: [] };
	googleCalls = [];
	nock.cleanAll();
	nock('https://www.googleapis.com')
		.persist()
		.get(/^\/calendar\/v3\/calendars\/[^/]+\/events/)
		.reply((uri) => {
			const url = new URL(uri, 'https://www.googleapis.com');
			const calendar = decodeURIComponent(url.pathname.split('/')[4]);
			googleCalls.push({ calendar, query: Object.fromEntries(url.searchParams) });
			return [200, { kind: 'calendar#events', items: events[calendar] ?? [] }];
		});
});

/** Monday 4 March 2030, in London (GMT), well in the future. */
const AT = (hhmm: string) => `2030-03-04T${hhmm}:00Z`;

test('a new busy event blocks exactly its clinician, room and times, and nothing personal reaches Semble', async () => {
	events[CAL_A] = [event('evA1', '2030-03-04T10:00:00+00:00', '2030-03-04T11:30:00+00:00')];
	events[CAL_B] = [event('evB1', AT('14:00'), AT('15:00'))];
	const result = await run();
	expect(result.error).toBeUndefined();

	expect(semble()).toEqual({ createOutOfOfficeBooking: 2 }); // one request per block
	const made = liveBlocks().map((b) => ({ ...b }));
	expect(
		made.map(({ doctorId, locationId, start, end, comments }) => ({ doctorId, locationId, start, end, comments })),
	).toEqual([
		{
			doctorId: okafor.id,
			locationId: roomOf(okafor),
			start: '2030-03-04T10:00:00.000Z',
			end: '2030-03-04T11:30:00.000Z',
			comments: 'Busy (from Google Calendar)',
		},
		{
			doctorId: lawson.id,
			locationId: roomOf(lawson),
			start: '2030-03-04T14:00:00.000Z',
			end: '2030-03-04T15:00:00.000Z',
			comments: 'Busy (from Google Calendar)',
		},
	]);
	expect(JSON.stringify(made)).not.toMatch(/Patel|patient@example|Private/);
	// The first run reads every event from now on: no updatedMin, deleted events shown, occurrences expanded.
	expect(googleCalls.map((c) => c.calendar)).toEqual([CAL_A, CAL_B]);
	expect(googleCalls[0].query).toMatchObject({ showDeleted: 'true', singleEvents: 'true' });
	expect(googleCalls[0].query.timeMin).toBeDefined();
	expect(googleCalls[0].query.updatedMin).toBeUndefined();

	const { blocks, watermarks } = state();
	expect(blocks).toEqual({
		[`${CAL_A} evA1`]: {
			blockId: made[0].id,
			start: '2030-03-04T10:00:00.000Z',
			end: '2030-03-04T11:30:00.000Z',
			clinicianId: okafor.id,
			roomId: roomOf(okafor),
		},
		[`${CAL_B} evB1`]: {
			blockId: made[1].id,
			start: '2030-03-04T14:00:00.000Z',
			end: '2030-03-04T15:00:00.000Z',
			clinicianId: lawson.id,
			roomId: roomOf(lawson),
		},
	});
	expect(Object.keys(watermarks ?? {})).toEqual([CAL_A, CAL_B]);
});

test('the same event seen again sends nothing; the next read starts at the watermark (5 minutes overlap)', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	const mark = state().watermarks?.[CAL_A] as string;
	sandbox.control.clearLog();
	googleCalls = [];

	const again = await run();
	expect(again.error).toBeUndefined();
	expect(semble()).toEqual({});
	expect(liveBlocks()).toHaveLength(1);
	expect(googleCalls[0].query.updatedMin).toBe(new Date(Date.parse(mark) - 5 * 60_000).toISOString());
	expect(googleCalls[0].query.timeMin).toBeUndefined();
	expect(String(state().watermarks?.[CAL_A]) > mark).toBe(true);
});

test('a moved event frees the old block (no messages) and blocks the new time', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	const [old] = liveBlocks();
	sandbox.control.clearLog();

	events[CAL_A] = [event('evA1', AT('12:00'), AT('12:45'))];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({ booking: 1, deleteBooking: 1, createOutOfOfficeBooking: 1 }); // Free Time checks it is a block first
	expect(sandbox.store.bookings.get(old.id)).toMatchObject({
		deleted: true,
		patientMessagesSent: { cancellation: false },
	});
	expect(liveBlocks().map((b) => [b.start, b.end])).toEqual([['2030-03-04T12:00:00.000Z', '2030-03-04T12:45:00.000Z']]);
	expect(state().blocks?.[`${CAL_A} evA1`]).toMatchObject({
		start: '2030-03-04T12:00:00.000Z',
		blockId: liveBlocks()[0].id,
	});
});

test('a deleted, declined or now-free event frees its block; a block already gone from Semble is forgotten', async () => {
	events[CAL_A] = [
		event('gone', AT('09:00'), AT('09:30')),
		event('declined', AT('10:00'), AT('10:30')),
		event('free', AT('11:00'), AT('11:30')),
	];
	events[CAL_B] = [event('removedInSemble', AT('09:00'), AT('09:30'))];
	await run();
	expect(liveBlocks()).toHaveLength(4);
	const removedByHand = state().blocks?.[`${CAL_B} removedInSemble`]?.blockId as string;
	(sandbox.store.bookings.get(removedByHand) as BookingRecord).deleted = true;
	sandbox.control.clearLog();

	events[CAL_A] = [
		{ kind: 'calendar#event', id: 'gone', status: 'cancelled' }, // what showDeleted lists for a deleted event
		event('declined', AT('10:00'), AT('10:30'), {
			attendees: [{ email: CAL_A, self: true, responseStatus: 'declined' }],
		}),
		event('free', AT('11:00'), AT('11:30'), { transparency: 'transparent' }),
	];
	events[CAL_B] = [{ kind: 'calendar#event', id: 'removedInSemble', status: 'cancelled' }];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({ booking: 4, deleteBooking: 4 }); // per block: is it one, then remove it (the one gone already is refused, then forgotten)
	expect(liveBlocks()).toEqual([]);
	expect(state().blocks).toEqual({});
});

test('free, all-day and past events block nothing', async () => {
	events[CAL_A] = [
		event('free', AT('10:00'), AT('11:00'), { transparency: 'transparent' }),
		{ ...event('allDay', '', ''), start: { date: '2030-03-04' }, end: { date: '2030-03-05' } },
		event('past', '2020-01-06T10:00:00Z', '2020-01-06T11:00:00Z'),
	];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({});
	expect(state().blocks ?? {}).toEqual({});
	expect(Object.keys(state().watermarks ?? {})).toEqual([CAL_A, CAL_B]);
});

test('a run whose block fails (Semble 500) keeps the watermark; the next run blocks the event once', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	const mark = state().watermarks?.[CAL_A];
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00')), event('evA2', AT('13:00'), AT('14:00'))];
	sandbox.control.injectFault({ kind: 'http500', match: 'createOutOfOfficeBooking' });

	const failed = await run();
	expect(failed.error?.message).toMatch(/^Semble did not block 2030-03-04T13:00:00.000Z to 2030-03-04T14:00:00.000Z/);
	expect(state().watermarks?.[CAL_A]).toBe(mark);
	expect(liveBlocks()).toHaveLength(1);
	sandbox.control.clearLog();

	const next = await run();
	expect(next.error).toBeUndefined();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(
		liveBlocks()
			.map((b) => b.start)
			.sort(),
	).toEqual(['2030-03-04T10:00:00.000Z', '2030-03-04T13:00:00.000Z']);
	expect(String(state().watermarks?.[CAL_A]) > String(mark)).toBe(true);
});
