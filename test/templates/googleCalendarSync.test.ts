import { createHash } from 'node:crypto';
import nock from 'nock';

import type { BookingRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult, WorkflowJson } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import { closeIsolatedSandbox, loadTemplate, sembleCredential, startIsolatedSandbox } from './templateTestKit';

/**
 * workflows/google-calendar-sync.json run through n8n's engine: the real Semble Trigger reads
 * the sandbox (a manual run fetches the latest bookings), Google Calendar is intercepted.
 * Every request to Google is recorded, so "nothing else was sent" is asserted too.
 */

const template = loadTemplate('google-calendar-sync.json');
const TRIGGER = 'Booking changed in Semble';
const EVENTS = '/calendar/v3/calendars';
const DEFAULT_CALENDAR = 'replace-with-your-calendar-id@group.calendar.google.com';
/** The default calendar as it appears in request paths. */
const DEFAULT = encodeURIComponent(DEFAULT_CALENDAR);

let sandbox: RunningSandbox;
let model: BookingRecord;
let doctors: UserRecord[];

interface GoogleCall {
	method: string;
	path: string;
	body: Record<string, unknown> | undefined;
}
let calls: GoogleCall[];
/** What Google answers, by "METHOD path"; anything not listed gets 200 {}. */
let answers: Record<string, [number, object?]>;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	googleCalendarOAuth2Api: {
		clientId: 'client-id',
		clientSecret: 'client-secret',
		oauthTokenData: { access_token: 'x', refresh_token: 'y' },
	},
});

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
		// Just changed: Fetch Test Event shows the most recent changes.
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
	const assignments = (node?.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
	(assignments.find((a) => a.name === 'calendarByClinician') as { value: string }).value = JSON.stringify(mapping);
	return copy;
}

const eventId = (bookingId: string) => `semble${bookingId}`;

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 72, scale: { patients: 20, bookings: 10 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	doctors = [...sandbox.store.users.values()].filter((user) => user.isDoctor);
	expect(doctors.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	answers = {};
	nock.cleanAll();
	const scope = nock('https://www.googleapis.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply((uri, body) => {
			const call = { method: method.toUpperCase(), path: uri, body: body ? (body as Record<string, unknown>) : undefined };
			calls.push(call);
			const [status, reply] = answers[`${call.method} ${uri}`] ?? [200, {}];
			return [status, reply ?? {}];
		});
	}
});

test('the template watches bookings created or updated (cancellations included) and has one default calendar', () => {
	const trigger = template.nodes.find((n) => n.name === TRIGGER);
	expect(trigger?.parameters).toMatchObject({ resource: 'booking', event: 'createdOrUpdated' });
	const perClinician = template.nodes.find((n) => n.name === 'Calendar per clinician');
	expect(JSON.stringify(perClinician?.parameters)).toContain(`"name":"defaultCalendarId","value":"${DEFAULT_CALENDAR}"`);
});

test('a new booking becomes an event keyed by the booking id, at the right UK time, with no clinical detail', async () => {
	const fresh = booking({ id: '64b0000000000000000000aa' });
	only(fresh);
	const id = eventId(fresh.id);
	answers[`PATCH ${EVENTS}/${DEFAULT}/events/${id}`] = [404, { error: { code: 404, message: 'Not Found' } }];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
		`PATCH ${EVENTS}/${DEFAULT}/events/${id}`,
		`POST ${EVENTS}/${DEFAULT}/events`,
	]);
	const doctor = doctors[0];
	const site = sandbox.store.locations.get(fresh.locationId)?.groupName as string;
	expect(calls[1].body).toEqual({
		id,
		start: { dateTime: '2026-07-01T08:00:00Z', timeZone: 'Europe/London' },
		end: { dateTime: '2026-07-01T08:30:00Z', timeZone: 'Europe/London' },
		summary: `Appointment – ${doctor.firstName} ${doctor.lastName}`,
		location: site,
		description: `Semble booking ${fresh.id}. Patient and appointment details are in Semble.`,
		recurrence: [],
	});
	expect(id).toMatch(/^[0-9a-v]{5,1024}$/); // Google's rule for event ids (base32hex)

	const sent = JSON.stringify(calls.map((c) => c.body));
	const patient = sandbox.store.patients.get(fresh.patientId);
	const product = sandbox.store.products.get(fresh.bookingTypeId);
	for (const secret of [product?.name, patient?.firstName, patient?.lastName, patient?.id, 'knee', 'MRI']) {
		expect(secret).toBeTruthy();
		expect(sent).not.toContain(secret as string);
	}
	expect(calls[1].body).not.toHaveProperty('attendees'); // the patient is not invited
});

test('a rescheduled booking moves its event (same id, new times) and creates nothing', async () => {
	const moved = booking({ id: '64b0000000000000000000ab', start: '2026-12-01T14:15:00.000Z', end: '2026-12-01T15:00:00.000Z' });
	only(moved);
	const id = eventId(moved.id);
	answers[`PATCH ${EVENTS}/${DEFAULT}/events/${id}`] = [200, { id, status: 'confirmed' }];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`PATCH ${EVENTS}/${DEFAULT}/events/${id}`]);
	expect(calls[0].body).toMatchObject({
		start: { dateTime: '2026-12-01T14:15:00Z', timeZone: 'Europe/London', date: null }, // 14:15 GMT
		end: { dateTime: '2026-12-01T15:00:00Z', timeZone: 'Europe/London', date: null },
	});
	expect(Object.keys(calls[0].body ?? {}).sort()).toEqual(['description', 'end', 'location', 'start', 'summary']);
});

test('a cancelled booking deletes its event and nothing else', async () => {
	const cancelled = booking({ id: '64b0000000000000000000ac', deleted: true, cancellationReason: 'Patient unwell' });
	only(cancelled);
	const id = eventId(cancelled.id);
	answers[`DELETE ${EVENTS}/${DEFAULT}/events/${id}`] = [204];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.output(TRIGGER)[0].json).toMatchObject({ id: cancelled.id, status: 'cancelled' });
	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`DELETE ${EVENTS}/${DEFAULT}/events/${id}`]);
});

test.each([
	[404, 'never synced'],
	[410, 'already deleted'],
])('deleting an event that is already gone (%i, %s) does not fail the run', async (status) => {
	const cancelled = booking({ id: '64b0000000000000000000ad', deleted: true });
	only(cancelled);
	const id = eventId(cancelled.id);
	answers[`DELETE ${EVENTS}/${DEFAULT}/events/${id}`] = [status, { error: { code: status, message: 'gone' } }];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	expect(result.output('Nothing to delete')).toHaveLength(1);
	expect(calls.map((c) => c.method)).toEqual(['DELETE']);
});

test('any other Google error on delete stops the run, so the failure is seen', async () => {
	const cancelled = booking({ id: '64b0000000000000000000ae', deleted: true });
	only(cancelled);
	answers[`DELETE ${EVENTS}/${DEFAULT}/events/${eventId(cancelled.id)}`] = [500, { error: { code: 500, message: 'Backend Error' } }];

	const result = await run();
	expect(result.error?.message).toContain(`did not delete the event for cancelled Semble booking ${cancelled.id}`);
	expect(result.output('Nothing to delete')).toHaveLength(0);
});

test('a clinician with their own calendar gets events there; everyone else goes to the default', async () => {
	const [mapped, unmapped] = doctors;
	const ownCalendar = 'dr-own@group.calendar.google.com';
	const theirs = booking({ id: '64b0000000000000000000af', doctorId: mapped.id });
	const others = booking({ id: '64b0000000000000000000b0', doctorId: unmapped.id });
	const cancelledTheirs = booking({ id: '64b0000000000000000000b1', doctorId: mapped.id, deleted: true });
	only(theirs, others, cancelledTheirs);

	const result = await run(withCalendars({ [mapped.id]: ownCalendar }));
	expect(result.error).toBeUndefined();
	const own = encodeURIComponent(ownCalendar);
	expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
		[
			`PATCH ${EVENTS}/${own}/events/${eventId(theirs.id)}`,
			`PATCH ${EVENTS}/${DEFAULT}/events/${eventId(others.id)}`,
			`DELETE ${EVENTS}/${own}/events/${eventId(cancelledTheirs.id)}`,
		].sort(),
	);
});

test('a booking id that is not plain hex still gives a valid, stable event id', async () => {
	const odd = booking({ id: 'BK_2026/Odd-Id' });
	only(odd);
	const id = `sembleh${createHash('sha256').update(odd.id).digest('hex')}`;
	answers[`PATCH ${EVENTS}/${DEFAULT}/events/${id}`] = [200, { id }];

	const result = await run();
	expect(result.error).toBeUndefined();
	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`PATCH ${EVENTS}/${DEFAULT}/events/${id}`]);
	expect(id).toMatch(/^[0-9a-v]{5,1024}$/);
});
