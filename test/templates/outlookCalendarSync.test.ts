import nock from 'nock';

import type { BookingRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/outlook-calendar-sync.json run through n8n's engine: the real Semble Trigger reads
 * the sandbox (a manual run fetches the latest bookings), Microsoft Graph is a small fake
 * Outlook (events kept in memory, found by category as Graph's $filter would) so a booking
 * seen twice meets the event the first run made. Every request is recorded and asserted.
 */

const template = loadTemplate('outlook-calendar-sync.json');
const TRIGGER = 'Booking changed in Semble';
const DEFAULT = 'replace-with-your-outlook-calendar-id';
const ME = '/v1.0/me';

let sandbox: RunningSandbox;
let model: BookingRecord;
let doctors: UserRecord[];

interface GraphCall {
	method: string;
	path: string;
	query: Record<string, string>;
	body: Record<string, unknown> | undefined;
}
interface FakeEvent {
	id: string;
	calendarId: string;
	categories: string[];
}
let calls: GraphCall[];
/** The Authorization header of every request. */
let authorizations: string[];
let events: FakeEvent[];
/** Forced answers by "METHOD path", for failures; everything else is the fake Outlook. */
let answers: Record<string, [number, object?]>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	microsoftOutlookOAuth2Api: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
});

/** What Graph does with one request: list by category, create, update or delete an event. */
function fakeOutlook(call: GraphCall): [number, object] {
	const list = /^\/v1\.0\/me\/calendars\/([^/]+)\/events$/.exec(call.path);
	const one = /^\/v1\.0\/me\/calendar\/events\/([^/]+)$/.exec(call.path);
	if (list && call.method === 'GET') {
		const category = /^categories\/any\(c:c eq '(.*)'\)$/.exec(call.query.$filter)?.[1].replace(/''/g, "'");
		const value = events.filter((e) => e.calendarId === list[1] && e.categories.includes(category as string));
		return [200, { value: value.map((e) => ({ id: e.id })) }];
	}
	if (list && call.method === 'POST') {
		const event = {
			id: `AAMk-event-${events.length + 1}`,
			calendarId: list[1],
			categories: call.body?.categories as string[],
		};
		events.push(event);
		return [201, { ...call.body, id: event.id }];
	}
	const index = events.findIndex((e) => e.id === one?.[1]);
	if (index < 0)
		return [404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } }];
	if (call.method === 'DELETE') {
		events.splice(index, 1);
		return [204, {}];
	}
	return [200, { ...call.body, id: events[index].id }];
}

/** Puts exactly these bookings in the sandbox: a manual trigger run (Fetch Test Event) then emits them. */
function only(...bookings: BookingRecord[]): void {
	sandbox.store.bookings.clear();
	for (const booking of bookings) sandbox.store.bookings.set(booking.id, booking);
}

function booking(overrides: Partial<BookingRecord> & { id: string }): BookingRecord {
	return {
		...model,
		doctorId: doctors[0].id,
		start: '2026-07-01T08:00:00.000Z', // 09:00 in London (BST)
		end: '2026-07-01T08:30:00.000Z',
		comments: 'Follow-up: knee pain, MRI results',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		updatedAt: new Date(Date.now() - 60_000).toISOString(),
		...overrides,
	};
}

async function run(workflow: WorkflowJson = template): Promise<RunResult> {
	return await runWorkflow(workflow, { credentials: credentials(), startNode: TRIGGER });
}

/** The template with calendarByClinician set to this mapping. */
function withCalendars(mapping: Record<string, string>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === 'Calendar per clinician');
	const assignments = (node?.parameters.assignments as { assignments: Array<{ name: string; value: string }> })
		.assignments;
	(assignments.find((a) => a.name === 'calendarByClinician') as { value: string }).value = JSON.stringify(mapping);
	return copy;
}

const category = (bookingId: string) => `Semble booking ${bookingId}`;
const find = (calendarId: string, bookingId: string) => ({
	method: 'GET',
	path: `${ME}/calendars/${calendarId}/events`,
	query: { $filter: `categories/any(c:c eq '${category(bookingId)}')`, $select: 'id', $top: '10' },
	body: undefined,
});
const lines = () => calls.map((c) => `${c.method} ${c.path}`);
/** An event the fake Outlook already holds for this booking. */
function existing(bookingId: string, calendarId = DEFAULT, copy = 1): string {
	const id = `AAMk-existing-${bookingId}-${copy}`;
	events.push({ id, calendarId, categories: [category(bookingId)] });
	return id;
}

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 74, scale: { patients: 20, bookings: 10 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	doctors = [...sandbox.store.users.values()].filter((user) => user.isDoctor);
	expect(doctors.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	authorizations = [];
	events = [];
	answers = {};
	nock.cleanAll();
	const scope = nock('https://graph.microsoft.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply(function (uri, body) {
			const url = new URL(uri, 'https://graph.microsoft.com');
			authorizations.push(this.req.headers.authorization as string);
			const call = {
				method: method.toUpperCase(),
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: body ? (body as Record<string, unknown>) : undefined,
			};
			calls.push(call);
			return answers[`${call.method} ${call.path}`] ?? fakeOutlook(call);
		});
	}
});

test('a new booking: looked up by its category, not found, so exactly one event is created, with no patient detail', async () => {
	const fresh = booking({ id: '64d0000000000000000000aa' });
	only(fresh);

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(calls).toEqual([
		find(DEFAULT, fresh.id),
		expect.objectContaining({ method: 'POST', path: `${ME}/calendars/${DEFAULT}/events` }),
	]);
	const doctor = doctors[0];
	const site = sandbox.store.locations.get(fresh.locationId)?.groupName as string;
	expect(calls[1].body).toEqual({
		subject: `Appointment – ${doctor.firstName} ${doctor.lastName}`,
		start: { dateTime: '2026-07-01T08:00:00', timeZone: 'UTC' },
		end: { dateTime: '2026-07-01T08:30:00', timeZone: 'UTC' },
		body: {
			content: `Site: ${site}. Semble booking ${fresh.id}. Patient and appointment details are in Semble.`,
			contentType: 'html',
		},
		categories: [category(fresh.id)],
	});

	const sent = JSON.stringify(calls.map((c) => [c.body, c.query]));
	const patient = sandbox.store.patients.get(fresh.patientId);
	const product = sandbox.store.products.get(fresh.bookingTypeId);
	for (const secret of [
		product?.name,
		patient?.firstName,
		patient?.lastName,
		patient?.id,
		patient?.email,
		'knee',
		'MRI',
	]) {
		expect(secret).toBeTruthy();
		expect(sent).not.toContain(secret as string);
	}
	expect(calls[1].body).not.toHaveProperty('attendees'); // the patient is not invited
	expect(authorizations).toEqual(['Bearer x', 'Bearer x']);
});

test('the same booking seen twice (or moved) updates the one event: never a second event', async () => {
	const first = booking({ id: '64d0000000000000000000ab' });
	only(first);
	expect((await run()).error).toBeUndefined();
	const moved = booking({ id: first.id, start: '2026-12-01T14:15:00.000Z', end: '2026-12-01T15:00:00.000Z' });
	only(moved);
	calls = [];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(events).toHaveLength(1);
	expect(lines()).toEqual([`GET ${ME}/calendars/${DEFAULT}/events`, `PATCH ${ME}/calendar/events/${events[0].id}`]);
	expect(calls[1].body).toEqual({
		subject: expect.stringMatching(/^Appointment – /),
		start: { dateTime: '2026-12-01T14:15:00', timeZone: 'UTC' }, // 14:15 GMT
		end: { dateTime: '2026-12-01T15:00:00', timeZone: 'UTC' },
		body: { content: expect.stringContaining(`Semble booking ${first.id}.`), contentType: 'html' },
	});
});

test('a cancelled booking deletes its event and nothing else', async () => {
	const cancelled = booking({ id: '64d0000000000000000000ac', deleted: true, cancellationReason: 'Patient unwell' });
	only(cancelled);
	const id = existing(cancelled.id);

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.output(TRIGGER)[0].json).toMatchObject({ id: cancelled.id, status: 'cancelled' });
	expect(lines()).toEqual([`GET ${ME}/calendars/${DEFAULT}/events`, `DELETE ${ME}/calendar/events/${id}`]);
	expect(events).toEqual([]);
});

test('a booking with two events from before (a duplicate) has both deleted when cancelled', async () => {
	const cancelled = booking({ id: '64d0000000000000000000b3', deleted: true });
	only(cancelled);
	const ids = [existing(cancelled.id), existing(cancelled.id, DEFAULT, 2)];

	expect((await run()).error).toBeUndefined();
	expect(lines()).toEqual([
		`GET ${ME}/calendars/${DEFAULT}/events`,
		...ids.map((id) => `DELETE ${ME}/calendar/events/${id}`),
	]);
	expect(events).toEqual([]);
});

test('a cancelled booking with no event in Outlook sends nothing but the lookup', async () => {
	const cancelled = booking({ id: '64d0000000000000000000ad', deleted: true });
	only(cancelled);

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(calls).toEqual([find(DEFAULT, cancelled.id)]);
	expect(result.output('Nothing to delete')).toHaveLength(1);
});

test('an event gone between lookup and delete (404) does not fail the run', async () => {
	const cancelled = booking({ id: '64d0000000000000000000ae', deleted: true });
	only(cancelled);
	const id = existing(cancelled.id);
	answers[`DELETE ${ME}/calendar/events/${id}`] = [404, { error: { code: 'ErrorItemNotFound', message: 'Not found' } }];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(result.output('Nothing to delete')).toHaveLength(1);
	expect(lines()).toEqual([`GET ${ME}/calendars/${DEFAULT}/events`, `DELETE ${ME}/calendar/events/${id}`]);
});

test('any other Outlook error on delete stops the run, naming the booking', async () => {
	const cancelled = booking({ id: '64d0000000000000000000af', deleted: true });
	only(cancelled);
	const id = existing(cancelled.id);
	answers[`DELETE ${ME}/calendar/events/${id}`] = [500, { error: { code: 'InternalServerError', message: 'boom' } }];

	const result = await run();
	expect(result.error?.message).toContain(`did not delete the event for cancelled Semble booking ${cancelled.id}`);
	expect(result.output('Nothing to delete')).toHaveLength(0);
});

test('a clinician with their own calendar gets events there; everyone else goes to the default', async () => {
	const [mapped, unmapped] = doctors;
	const own = 'AAMk-calendar-dr-own';
	const theirs = booking({ id: '64d0000000000000000000b0', doctorId: mapped.id });
	const others = booking({ id: '64d0000000000000000000b1', doctorId: unmapped.id });
	const cancelledTheirs = booking({ id: '64d0000000000000000000b2', doctorId: mapped.id, deleted: true });
	only(theirs, others, cancelledTheirs);
	const gone = existing(cancelledTheirs.id, own);

	const result = await run(withCalendars({ [mapped.id]: own }));
	expect(result.error).toBeUndefined();
	expect(lines().sort()).toEqual(
		[
			`GET ${ME}/calendars/${own}/events`,
			`POST ${ME}/calendars/${own}/events`,
			`GET ${ME}/calendars/${DEFAULT}/events`,
			`POST ${ME}/calendars/${DEFAULT}/events`,
			`GET ${ME}/calendars/${own}/events`,
			`DELETE ${ME}/calendar/events/${gone}`,
		].sort(),
	);
	expect(events.map((e) => [e.calendarId, e.categories[0]]).sort()).toEqual(
		[
			[own, category(theirs.id)],
			[DEFAULT, category(others.id)],
		].sort(),
	);
});
