import { Settings as Luxon } from 'luxon';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { BookingRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	interceptSlack,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
} from './templateTestKit';

/**
 * workflows/google-calendar-to-semble.json run through n8n's engine: Google Calendar is
 * intercepted (each calendar holds the events the test gives it and answers a list request as
 * Google does: updatedMin, timeMin, timeMax, occurrences only when singleEvents), Semble is the
 * sandbox, Slack is intercepted. The workflow's static data is kept between runs as n8n keeps it
 * for a published workflow, and "now" (luxon's clock, which the Code nodes read) is pinned: each
 * run starts 10 minutes after the last, as the schedule runs it.
 */

const template = loadTemplate('google-calendar-to-semble.json');
const CAL_A = 'dr.okafor@clinic.example';
const CAL_B = 'ms.lawson@clinic.example';
const SLACK_TOKEN = 'xoxb-test-token';
/** Friday 1 March 2030, 08:00 UTC: the first run's "now"; the horizon (8 weeks) ends 26 April 08:00. */
const FIRST_RUN = Date.parse('2030-03-01T08:00:00.000Z');
const WEEK = 7 * 24 * 3600_000;

let sandbox: RunningSandbox;
let okafor: UserRecord;
let lawson: UserRecord;
let staticData: IDataObject;
let now: number;
/** What each calendar holds now, and every request Google received (calendar and query). */
let events: Record<string, IDataObject[]>;
let googleCalls: Array<{ calendar: string; query: Record<string, string> }>;
let slack: Array<Record<string, unknown>>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	googleCalendarOAuth2Api: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
	slackApi: { accessToken: SLACK_TOKEN },
});

const roomOf = (user: UserRecord) => sandbox.store.clinicianRooms.get(user.id) as string;

/** The template with both clinicians' calendars in Settings (calendar A's room can be replaced). */
function configured(roomA = roomOf(okafor)): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === 'Settings');
	const [calendars] = (node?.parameters.assignments as { assignments: Array<{ value: string }> }).assignments;
	calendars.value = JSON.stringify([
		{ calendarId: CAL_A, clinicianId: okafor.id, roomId: roomA },
		{ calendarId: CAL_B, clinicianId: lawson.id, roomId: roomOf(lawson) },
	]);
	return copy;
}

/** One scheduled run at `now`; the next one is 10 minutes later. */
async function run(workflow = configured()): Promise<RunResult> {
	const result = await runWorkflow(workflow, { credentials: credentials(), startNode: 'Every 10 minutes', staticData });
	now += 10 * 60_000;
	return result;
}
const iso = (ms: number) => new Date(ms).toISOString();
const liveBlocks = () =>
	[...sandbox.store.bookings.values()]
		.filter((b) => b.outOfOffice && !b.deleted)
		.sort((x, y) => x.start.localeCompare(y.start));
const semble = () => sandbox.control.rootFieldCounts();
const state = () =>
	JSON.parse(JSON.stringify(staticData.global ?? {})) as {
		blocks?: Record<string, IDataObject>;
		watermarks?: Record<string, string>;
		horizons?: Record<string, string>;
		failures?: Record<string, IDataObject>;
		refused?: Record<string, IDataObject>;
	};
/** What every list request asks besides times: deleted events too, recurring events as occurrences. */
const listing = { maxResults: '100', showDeleted: 'true', singleEvents: 'true' };
const readsOf = (calendar: string) => googleCalls.filter((c) => c.calendar === calendar).map((c) => c.query);

/** A Google event as the Events API lists it (title and guests present, as they would be), changed now. */
const event = (id: string, start: string, end: string, extra: IDataObject = {}): IDataObject => ({
	kind: 'calendar#event',
	id,
	status: 'confirmed',
	summary: 'Hospital review: Mrs Patel',
	description: 'Private: patient details',
	attendees: [{ email: 'patient@example.org' }],
	start: { dateTime: start, timeZone: 'Europe/London' },
	end: { dateTime: end, timeZone: 'Europe/London' },
	updated: iso(now),
	...extra,
});

/** Whether Google lists `e` for this query: changed since updatedMin, overlapping [timeMin, timeMax). */
function listed(e: IDataObject, query: Record<string, string>): boolean {
	if (e.recurringEventId && query.singleEvents !== 'true') return false; // occurrences only when expanded
	if (query.updatedMin && Date.parse(String(e.updated)) < Date.parse(query.updatedMin)) return false;
	const when = (t?: IDataObject) => Date.parse(String(t?.dateTime ?? t?.date));
	if (!e.start) return true; // a deleted event as showDeleted lists it: only its id
	if (query.timeMin && when(e.end as IDataObject) <= Date.parse(query.timeMin)) return false;
	return !(query.timeMax && when(e.start as IDataObject) >= Date.parse(query.timeMax));
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 14, scale: { patients: 10, bookings: 10 }, rateLimitPerMinute: 0 });
	const byName = (last: string) => [...sandbox.store.users.values()].find((u) => u.lastName === last) as UserRecord;
	[okafor, lawson] = [byName('Okafor'), byName('Lawson')];
	Luxon.now = () => now;
});
afterAll(async () => {
	Luxon.now = () => Date.now();
	await closeIsolatedSandbox(sandbox);
});
beforeEach(() => {
	sandbox.control.reset();
	sandbox.control.clearLog();
	for (const b of liveBlocks()) sandbox.store.bookings.delete(b.id);
	staticData = {};
	now = FIRST_RUN;
	events = { [CAL_A]: [], [CAL_B]: [] };
	googleCalls = [];
	nock.cleanAll();
	nock('https://www.googleapis.com')
		.persist()
		.get(/^\/calendar\/v3\/calendars\/[^/]+\/events/)
		.reply((uri) => {
			const url = new URL(uri, 'https://www.googleapis.com');
			const calendar = decodeURIComponent(url.pathname.split('/')[4]);
			const query = Object.fromEntries(url.searchParams);
			googleCalls.push({ calendar, query });
			return [200, { kind: 'calendar#events', items: (events[calendar] ?? []).filter((e) => listed(e, query)) }];
		});
	slack = interceptSlack(SLACK_TOKEN);
});

/** Monday 4 March 2030, in London (GMT). */
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
	// The first run reads every event from now to the horizon (8 weeks): deleted events shown, occurrences expanded.
	const firstRead = {
		...listing,
		timeMin: iso(FIRST_RUN),
		timeMax: iso(FIRST_RUN + 8 * WEEK),
	};
	expect(googleCalls).toEqual([
		{ calendar: CAL_A, query: firstRead },
		{ calendar: CAL_B, query: firstRead },
	]);

	const { blocks, watermarks, horizons } = state();
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
	expect(watermarks).toEqual({ [CAL_A]: iso(FIRST_RUN), [CAL_B]: iso(FIRST_RUN) });
	expect(horizons).toEqual({ [CAL_A]: iso(FIRST_RUN + 8 * WEEK), [CAL_B]: iso(FIRST_RUN + 8 * WEEK) });
	expect(slack).toEqual([]);
});

test('the same event seen again sends nothing; the next run reads changes since the watermark and the new slice of the horizon', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	sandbox.control.clearLog();
	googleCalls = [];

	const second = now;
	const again = await run();
	expect(again.error).toBeUndefined();
	expect(semble()).toEqual({});
	expect(liveBlocks()).toHaveLength(1);
	const updatedMin = iso(FIRST_RUN - 5 * 60_000); // 5 minutes' overlap
	expect(readsOf(CAL_A)).toEqual([
		// every event in the slice that came within the horizon since the last run
		{ ...listing, timeMin: iso(FIRST_RUN + 8 * WEEK), timeMax: iso(second + 8 * WEEK) },
		// events changed since the watermark, from 4 weeks ago to a year past the horizon
		{ ...listing, updatedMin, timeMin: iso(second - 4 * WEEK), timeMax: iso(second + 60 * WEEK) },
	]);
	expect(state().watermarks?.[CAL_A]).toBe(iso(second));
	expect(state().horizons?.[CAL_A]).toBe(iso(second + 8 * WEEK));
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

	const deleted = (id: string) => ({ kind: 'calendar#event', id, status: 'cancelled', updated: iso(now) }); // as showDeleted lists it
	events[CAL_A] = [
		deleted('gone'),
		event('declined', AT('10:00'), AT('10:30'), {
			attendees: [{ email: CAL_A, self: true, responseStatus: 'declined' }],
		}),
		event('free', AT('11:00'), AT('11:30'), { transparency: 'transparent' }),
	];
	events[CAL_B] = [deleted('removedInSemble')];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({ booking: 4, deleteBooking: 4 }); // per block: is it one, then remove it (the one gone already is refused, then forgotten)
	expect(liveBlocks()).toEqual([]);
	expect(state().blocks).toEqual({});
	expect(state().failures).toEqual({});
});

test('free, all-day and past events block nothing', async () => {
	await run(); // so the next run reads changes with no timeMin, and lists the past event
	events[CAL_A] = [
		event('free', AT('10:00'), AT('11:00'), { transparency: 'transparent' }),
		{ ...event('allDay', '', ''), start: { date: '2030-03-04' }, end: { date: '2030-03-05' } },
		event('past', '2030-02-25T10:00:00Z', '2030-03-01T07:00:00Z'),
	];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({});
	expect(state().blocks ?? {}).toEqual({});
	expect(Object.keys(state().watermarks ?? {})).toEqual([CAL_A, CAL_B]);
});

test('events our Semble → Google Calendar template wrote (id semble…) send nothing to Semble', async () => {
	events[CAL_A] = [
		event('semble64b7c0ffee0a1b2c3d4e5f60', AT('10:00'), AT('11:00')), // 'semble' + Semble booking id
		event(`sembleh${'5e1f'.repeat(16)}`, AT('12:00'), AT('13:00')), // 'sembleh' + sha256 of a long id
		event('evA1', AT('15:00'), AT('16:00')),
	];
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 }); // only the clinician's own event
	expect(liveBlocks().map((b) => b.start)).toEqual(['2030-03-04T15:00:00.000Z']);
	expect(Object.keys(state().blocks ?? {})).toEqual([`${CAL_A} evA1`]);
});

test('a block Semble refuses on calendar A: B is blocked in the same run, only A is read again; after 3 refusals it is given up and Slack told once', async () => {
	const noRoom = configured('no-such-room'); // a lasting refusal, for calendar A only
	await run(noRoom); // nothing yet: both watermarks at the first run
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	events[CAL_B] = [event('evB1', AT('14:00'), AT('15:00'))];
	const refusedRun = now;

	const first = await run(noRoom);
	expect(first.error).toBeUndefined();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 2 });
	expect(liveBlocks().map((b) => [b.doctorId, b.start])).toEqual([[lawson.id, '2030-03-04T14:00:00.000Z']]);
	expect(state().watermarks).toEqual({ [CAL_A]: iso(FIRST_RUN), [CAL_B]: iso(refusedRun) });
	const failure = {
		action: 'block',
		key: `${CAL_A} evA1`,
		calendarId: CAL_A,
		eventId: 'evA1',
		updated: iso(refusedRun),
		start: '2030-03-04T10:00:00.000Z',
		end: '2030-03-04T11:00:00.000Z',
		error: expect.stringMatching(/Location not found/) as unknown,
	};
	expect(state().failures).toEqual({ [`block ${CAL_A} evA1`]: { ...failure, tries: 1, failedIn: iso(refusedRun) } });

	// Next run: A's changes are read again from its old watermark and the event is tried once more.
	sandbox.control.clearLog();
	googleCalls = [];
	await run(noRoom);
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(readsOf(CAL_A)[1].updatedMin).toBe(iso(FIRST_RUN - 5 * 60_000));
	expect(state().failures?.[`block ${CAL_A} evA1`]).toMatchObject({ tries: 2 });
	expect(state().watermarks?.[CAL_A]).toBe(iso(FIRST_RUN));
	expect(slack).toEqual([]);

	// Third refusal: given up, kept in the refused list, A's watermark moves, the clinic is told.
	sandbox.control.clearLog();
	const thirdRun = now;
	await run(noRoom);
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(state().failures).toEqual({});
	expect(state().refused).toEqual({
		[`block ${CAL_A} evA1`]: { ...failure, tries: 3, failedIn: iso(thirdRun), alertedIn: iso(thirdRun) },
	});
	expect(state().watermarks?.[CAL_A]).toBe(iso(thirdRun));
	const error = state().refused?.[`block ${CAL_A} evA1`]?.error as string;
	expect(slack).toEqual([
		expect.objectContaining({
			channel: '#clinic-admin',
			text:
				'Semble refused these Google Calendar changes 3 times. They are not tried again until the event changes ' +
				'in Google Calendar: please block or free this time in Semble by hand.\n' +
				`- Not blocked: 2030-03-04T10:00:00.000Z to 2030-03-04T11:00:00.000Z (UTC), calendar ${CAL_A}, event evA1. ` +
				`Semble said: ${error}`,
		}),
	]);
	expect(JSON.stringify(slack)).not.toMatch(/Patel|patient@example|Private/);

	// Listed again unchanged (here: A's watermark rolled back, as when another of A's changes holds it): not tried, no second alert.
	sandbox.control.clearLog();
	(staticData.global as { watermarks: Record<string, string> }).watermarks[CAL_A] = iso(FIRST_RUN);
	await run(noRoom);
	expect(readsOf(CAL_A).length).toBeGreaterThan(0);
	expect(semble()).toEqual({});
	expect(slack).toHaveLength(1);

	// The clinician changes the event in Google: it is tried again.
	sandbox.control.clearLog();
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run(noRoom);
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(state().failures?.[`block ${CAL_A} evA1`]).toMatchObject({ tries: 1 });
});

test("a block that fails once (Semble 500) keeps only its calendar's watermark; the next run blocks that event once", async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	const mark = state().watermarks?.[CAL_A] as string;
	events[CAL_A] = [...events[CAL_A], event('evA2', AT('13:00'), AT('14:00'))];
	sandbox.control.injectFault({ kind: 'http500', match: 'createOutOfOfficeBooking' });

	const failedRun = now;
	const failed = await run();
	expect(failed.error).toBeUndefined(); // the run carries on; the failure is kept to retry
	expect(state().watermarks).toEqual({ [CAL_A]: mark, [CAL_B]: iso(failedRun) });
	expect(state().failures?.[`block ${CAL_A} evA2`]).toMatchObject({ tries: 1, start: '2030-03-04T13:00:00.000Z' });
	expect(liveBlocks()).toHaveLength(1);
	sandbox.control.clearLog();

	const next = await run();
	expect(next.error).toBeUndefined();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(liveBlocks().map((b) => b.start)).toEqual(['2030-03-04T10:00:00.000Z', '2030-03-04T13:00:00.000Z']);
	expect(state().failures).toEqual({});
	expect(state().watermarks?.[CAL_A]).toBe(iso(now - 10 * 60_000));
});

test('a moved event whose old block Semble fails to free: the new time is blocked, the old block is freed next run', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	const [old] = liveBlocks();
	events[CAL_A] = [event('evA1', AT('12:00'), AT('13:00'))];
	sandbox.control.injectFault({ kind: 'http500', match: 'deleteBooking' });
	await run();
	expect(liveBlocks().map((b) => b.start)).toEqual(['2030-03-04T10:00:00.000Z', '2030-03-04T12:00:00.000Z']);
	expect(state().failures?.[`free ${old.id}`]).toMatchObject({ tries: 1, blockId: old.id });
	sandbox.control.clearLog();

	await run();
	expect(semble()).toEqual({ booking: 1, deleteBooking: 1 });
	expect(sandbox.store.bookings.get(old.id)?.deleted).toBe(true);
	expect(liveBlocks().map((b) => b.start)).toEqual(['2030-03-04T12:00:00.000Z']);
	expect(state().failures).toEqual({});
});

/** A weekly event with no end as Google expands it (two years of occurrences), last changed a day before the first run. */
const weekly = (id: string, first: string, minutes: number) =>
	Array.from({ length: 104 }, (_, week) => {
		const start = Date.parse(first) + week * WEEK;
		const stamp = iso(start).replace(/[-:]|\.000/g, '');
		return event(`${id}_${stamp}`, iso(start), iso(start + minutes * 60_000), {
			recurringEventId: id,
			updated: iso(FIRST_RUN - 24 * 3600_000),
		});
	});

test('a weekly event with no end is blocked only within the horizon; a later run blocks the occurrence that came within it', async () => {
	events[CAL_A] = weekly('teaching', AT('10:00'), 60);
	await run();
	const mondays = ['03-04', '03-11', '03-18', '03-25', '04-01', '04-08', '04-15', '04-22'];
	expect(semble()).toEqual({ createOutOfOfficeBooking: 8 }); // 8 weeks ahead, not 104
	expect(liveBlocks().map((b) => b.start)).toEqual(mondays.map((day) => `2030-${day}T10:00:00.000Z`));
	sandbox.control.clearLog();
	googleCalls = [];

	now = FIRST_RUN + WEEK; // a week later the horizon ends 3 May: the 29 April occurrence came within it
	await run();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(liveBlocks().map((b) => b.start)).toEqual([...mondays, '04-29'].map((day) => `2030-${day}T10:00:00.000Z`));
	expect(readsOf(CAL_A)[0]).toEqual({
		...listing,
		timeMin: iso(FIRST_RUN + 8 * WEEK),
		timeMax: iso(FIRST_RUN + 9 * WEEK),
	});
});

test('an event moved beyond the horizon frees its block, and is blocked when it comes within the horizon', async () => {
	events[CAL_A] = [event('evA1', AT('10:00'), AT('11:00'))];
	await run();
	sandbox.control.clearLog();

	events[CAL_A] = [event('evA1', '2030-06-03T10:00:00Z', '2030-06-03T11:00:00Z')]; // beyond 26 April
	await run();
	expect(semble()).toEqual({ booking: 1, deleteBooking: 1 });
	expect(liveBlocks()).toEqual([]);
	expect(state().blocks).toEqual({});
	sandbox.control.clearLog();

	now = Date.parse('2030-04-15T08:00:00Z'); // the horizon now ends 10 June
	await run();
	expect(semble()).toEqual({ createOutOfOfficeBooking: 1 });
	expect(liveBlocks().map((b) => b.start)).toEqual(['2030-06-03T10:00:00.000Z']);
});

test('a run cannot outlast the schedule: timeout 5 minutes, every 10 minutes', () => {
	const trigger = template.nodes.find((n) => n.name === 'Every 10 minutes');
	expect(trigger?.parameters.rule).toEqual({ interval: [{ field: 'minutes', minutesInterval: 10 }] });
	expect(template.settings?.executionTimeout).toBe(300);
});
