import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { SembleTrigger } from '../../nodes/Semble/SembleTrigger.node';
import type { RunningSandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { fakeDateOnly } from '../harness/clock';
import { pollOnce } from '../harness/triggers';
import { sembleClient } from '../harness/sembleClient';

/**
 * Semble Trigger behaviour, through n8n-core's PollContext against the sandbox. Only Date is
 * faked, so the trigger and the sandbox share one controllable clock; timers stay real.
 */

const START = Date.parse('2026-11-02T10:00:00Z');
const MINUTE = 60_000;
let sandbox: RunningSandbox;

const credentials = () => ({
	sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 60_000 },
});
const requests = () => sandbox.control.requestLog().length;
const gql = async (query: string, variables: Record<string, unknown> = {}) =>
	await sembleClient(sandbox.url, sandbox.apiToken).request<
		Record<string, { data: { id: string; updatedAt: string } }>
	>(query, variables);
const createPatient = async (last: string) =>
	(
		await gql('mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id updatedAt } } }', {
			d: { first: 'Poll', last },
		})
	).createPatient.data;

const poll = (parameters: INodeParameters, staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') =>
	pollOnce({ parameters, credentials: credentials(), staticData, mode });

beforeAll(async () => {
	fakeDateOnly(START);
	sandbox = await startSandbox({ seed: 51, scale: { patients: 120, bookings: 200 }, rateLimitPerMinute: 0 });
});
afterAll(async () => {
	await sandbox.close();
	jest.useRealTimers();
});
beforeEach(() => {
	sandbox.control.reset();
	jest.setSystemTime(START);
});

const patients = { resource: 'patient', event: 'createdOrUpdated', options: { fields: 'full' } };

test('first activation emits nothing and costs no request; an idle check costs exactly one', async () => {
	const state: IDataObject = {};
	expect(await poll(patients, state)).toBeNull();
	expect(requests()).toBe(0);
	jest.setSystemTime(START + 5 * MINUTE);
	expect(await poll(patients, state)).toBeNull();
	expect(requests()).toBe(1);
});

test('a change is emitted at the next check, once; with a Safety Lag it waits that long', async () => {
	const state: IDataObject = {};
	await poll(patients, state);
	jest.setSystemTime(START + MINUTE);
	const created = await createPatient('Once');
	jest.setSystemTime(START + 2 * MINUTE);
	expect((await poll(patients, state))?.map((item) => item.json.id)).toEqual([created.id]);
	jest.setSystemTime(START + 6 * MINUTE); // still inside the 10-min overlap
	expect(await poll(patients, state)).toBeNull();

	const lagged = { ...patients, options: { fields: 'full', safetyLagMinutes: 2 } };
	const laggedState: IDataObject = {};
	await poll(lagged, laggedState);
	jest.setSystemTime(START + 7 * MINUTE);
	const later = await createPatient('Lagged');
	jest.setSystemTime(START + 8 * MINUTE); // 1 min old: younger than the 2-min lag
	expect(await poll(lagged, laggedState)).toBeNull();
	jest.setSystemTime(START + 10 * MINUTE);
	expect((await poll(lagged, laggedState))?.map((item) => item.json.id)).toEqual([later.id]);
	jest.setSystemTime(START + 12 * MINUTE);
	expect(await poll(lagged, laggedState)).toBeNull();
});

test('k changes cost one request up to 100; more are split, none lost', async () => {
	const state: IDataObject = {};
	await poll(patients, state);
	jest.setSystemTime(START + MINUTE);
	for (let n = 0; n < 60; n++) await createPatient(`Small${n}`);
	jest.setSystemTime(START + 4 * MINUTE);
	sandbox.control.clearLog();
	expect(await poll(patients, state)).toHaveLength(60);
	expect(requests()).toBe(1);

	jest.setSystemTime(START + 5 * MINUTE); // 250 changes at ONE instant: paged within that instant
	for (let n = 0; n < 250; n++) await createPatient(`Burst${n}`);
	jest.setSystemTime(START + 9 * MINUTE);
	const items = (await poll(patients, state)) ?? [];
	expect(new Set(items.map((item) => item.json.id)).size).toBe(250);
});

test('the per-check cap resumes next check instead of dropping', async () => {
	const state: IDataObject = {};
	const capped = { ...patients, options: { fields: 'full', maxItems: 7 } };
	await poll(capped, state);
	const ids: string[] = [];
	for (let n = 0; n < 18; n++) {
		jest.setSystemTime(START + MINUTE + n * 1000);
		ids.push((await createPatient(`Cap${n}`)).id);
	}
	const emitted: string[] = [];
	for (let check = 1; check <= 3; check++) {
		jest.setSystemTime(START + (4 + check) * MINUTE);
		emitted.push(...((await poll(capped, state)) ?? []).map((item) => String(item.json.id)));
	}
	expect(emitted).toEqual(ids);
});

test('a failed check moves no state, nor does one refused while the circuit is open; the next one catches up', async () => {
	const state: IDataObject = {};
	await poll(patients, state);
	jest.setSystemTime(START + MINUTE);
	const created = await createPatient('AfterFailure');
	jest.setSystemTime(START + 4 * MINUTE);
	const before = JSON.stringify(state);
	sandbox.control.injectFault({ kind: 'graphqlError', message: 'Bad token scope', count: 1 });
	sandbox.control.injectFault({ kind: 'http500', count: 10 });
	await expect(poll(patients, state)).rejects.toThrow();
	expect(JSON.stringify(state)).toBe(before);
	sandbox.control.clearFaults();
	// Semble kept failing: the circuit is open for 30 s, the check fails at once, nothing moves.
	await expect(poll(patients, state)).rejects.toThrow(/paused until/);
	expect(JSON.stringify(state)).toBe(before);
	jest.setSystemTime(START + 5 * MINUTE); // n8n's next check, a minute later
	expect((await poll(patients, state))?.map((item) => item.json.id)).toEqual([created.id]);
});

test('bookings: cancellations and journey changes, keyed so a later edit does not fire again', async () => {
	const cancelled: IDataObject = {};
	const journey: IDataObject = {};
	await poll({ resource: 'booking', event: 'deleted' }, cancelled);
	await poll({ resource: 'booking', event: 'journey' }, journey);
	const [kept, dropped] = [...sandbox.store.bookings.values()].filter((b) => !b.deleted && !b.bookingJourney.arrived);
	const journeyTo = (id: string) =>
		gql(
			'mutation ($id: ID!) { updateBookingJourney(id: $id, bookingJourneyInput: { journeyStage: arrived }) { error } }',
			{ id },
		);
	const comment = (id: string) =>
		gql('mutation ($id: ID!) { updateBooking(id: $id, bookingData: { comments: "late" }) { error } }', { id });
	jest.setSystemTime(START + MINUTE);
	await journeyTo(kept.id);
	await journeyTo(dropped.id);
	jest.setSystemTime(START + 2 * MINUTE);
	await comment(kept.id);
	await gql('mutation ($id: ID!) { deleteBooking(id: $id) { error } }', { id: dropped.id });
	jest.setSystemTime(START + 6 * MINUTE);
	const journeyItems = (await poll({ resource: 'booking', event: 'journey' }, journey)) ?? [];
	expect(journeyItems.map((item) => [item.json.id, item.json.journeyStage, item.json.triggerEvent])).toEqual([
		[kept.id, 'arrived', 'journeyChanged'],
	]);
	const cancelledItems = (await poll({ resource: 'booking', event: 'deleted' }, cancelled)) ?? [];
	expect(cancelledItems.map((item) => [item.json.id, item.json.status, item.json.triggerEvent])).toEqual([[dropped.id, 'cancelled', 'cancelled']]);

	jest.setSystemTime(START + 7 * MINUTE);
	await comment(kept.id); // another edit of an arrived booking: not a new journey event
	jest.setSystemTime(START + 10 * MINUTE);
	expect(await poll({ resource: 'booking', event: 'journey' }, journey)).toBeNull();
});

test('manual "fetch test event" returns a few real records and touches no state', async () => {
	const state: IDataObject = {};
	const items = await poll(patients, state, 'manual');
	expect(items?.length).toBeGreaterThan(0);
	expect(items!.length).toBeLessThanOrEqual(5);
	expect(state).toEqual({});
});

test('Fetch Test Event: the most recent records of the chosen event, or a plain message when none match', async () => {
	const [first, second] = [...sandbox.store.bookings.values()].filter((booking) => !booking.deleted);
	jest.setSystemTime(START + MINUTE);
	await gql('mutation ($id: ID!) { deleteBooking(id: $id) { error } }', { id: first.id });
	jest.setSystemTime(START + 2 * MINUTE);
	await gql('mutation ($id: ID!) { deleteBooking(id: $id) { error } }', { id: second.id });
	jest.setSystemTime(START + 3 * MINUTE);
	const state: IDataObject = {};
	const cancelled = (await poll({ resource: 'booking', event: 'deleted' }, state, 'manual')) ?? [];
	expect(cancelled.slice(0, 2).map((item) => item.json.id)).toEqual([second.id, first.id]);
	expect(cancelled.every((item) => item.json.status === 'cancelled' && item.json.triggerEvent === 'cancelled')).toBe(
		true,
	);
	expect(state).toEqual({});

	const nobody = { resource: 'booking', event: 'journey', options: { clinicianId: 'no-such-clinician' } };
	await expect(poll(nobody, state, 'manual')).rejects.toThrow(
		'No bookings with a journey change for this clinician in Semble in the last 365 days',
	);

	// A room picked From List filters as an ID does.
	const room = { __rl: true, mode: 'list', value: second.locationId, cachedResultName: 'Room' };
	const inRoom = (await poll({ resource: 'booking', event: 'deleted', options: { locationId: room } }, state, 'manual')) ?? [];
	expect(inRoom.map((item) => item.json.id)).toContain(second.id);
	expect(inRoom.every((item) => (item.json.location as IDataObject).id === second.locationId)).toBe(true);
});

test('the trigger’s Clinician and Room are pickers backed by lists the trigger has', () => {
	const trigger = new SembleTrigger();
	const options = trigger.description.properties.find((property) => property.name === 'options')?.options as INodeProperties[];
	const pickers = options.filter((option) => option.type === 'resourceLocator');
	expect(pickers.map((option) => option.name)).toEqual(['clinicianId', 'locationId']);
	const methods = pickers.map((option) => option.modes?.[0].typeOptions?.searchListMethod as string);
	expect(methods.every((method) => typeof trigger.methods.listSearch[method as keyof typeof trigger.methods.listSearch] === 'function')).toBe(true);
});

test('the Options panel: resource-only options show only for their resource; the notice points up to Poll Times', () => {
	const { properties } = new SembleTrigger().description;
	const options = properties.find((property) => property.name === 'options')?.options as INodeProperties[];
	const shownFor = (name: string) => options.find((option) => option.name === name)?.displayOptions?.show?.['/resource'];
	expect(shownFor('clinicianId')).toEqual(['booking']);
	expect(shownFor('locationId')).toEqual(['booking']);
	expect(shownFor('fields')).toEqual(['patient']);
	expect(shownFor('maxItems')).toBeUndefined();
	const notice = properties.find((property) => property.name === 'pollingNotice')?.displayName;
	expect(notice).toContain('Poll Times above');
});
