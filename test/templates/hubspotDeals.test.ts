import nock from 'nock';

import type { BookingRecord, PatientRecord, ProductRecord, RunningSandbox, UserRecord } from '../../sandbox';
import type { RunResult } from '../harness/runWorkflow';
import { runWorkflow } from '../harness/runWorkflow';
import {
	closeIsolatedSandbox,
	loadTemplate,
	sembleCredential,
	startIsolatedSandbox,
	unusedSeededPatient,
} from './templateTestKit';

/**
 * workflows/hubspot-deals.json run through n8n's engine: the real Semble Trigger reads the
 * sandbox (a manual run fetches the latest bookings); api.hubapi.com is a small in-memory
 * HubSpot (deals, contacts, engagements) so a second run sees what the first one wrote.
 * Every HubSpot request is recorded and asserted.
 */

const template = loadTemplate('hubspot-deals.json');
const CHANGED = 'Booking created, changed or cancelled';
const JOURNEY = 'Patient arrived, seen or missed';
const BOOKING_ID = '64c0000000000000000000a1';
const CONTACT_ID = '501';
const DEAL_NAME = `Clinic visit 1 Jul 2026, 09:00 (Semble booking ${BOOKING_ID})`;

let sandbox: RunningSandbox;
let patient: PatientRecord;
let product: ProductRecord;
let doctor: UserRecord;
let model: BookingRecord;

interface Call {
	method: string;
	path: string;
	body: Record<string, unknown>;
}
let calls: Call[];
/** The fake HubSpot's deals: id → properties. */
let deals: Map<string, Record<string, string>>;
let failNext: string | undefined;

const credentials = () => ({
	sembleApi: sembleCredential(sandbox),
	hubspotAppToken: { appToken: 'hubspot-test-token' },
});

type Filter = { propertyName: string; value: string };
const filterOf = (body: Record<string, unknown>) => (body.filterGroups as Array<{ filters: Filter[] }>)[0].filters[0];
const propertiesOf = (body: Record<string, unknown>) =>
	Object.fromEntries(
		(body.properties as Array<{ name: string; value: unknown }>).map((p) => [p.name, String(p.value)]),
	);

/** What the fake HubSpot answers; it keeps deals between runs, as HubSpot does. */
function answer(method: string, path: string, body: Record<string, unknown>): [number, object] {
	if (failNext === `${method} ${path}`) return [500, { status: 'error', message: 'internal error' }];
	if (path === '/crm/v3/objects/deals/search') {
		const { value } = filterOf(body);
		const results = [...deals]
			.filter(([, p]) => p.semble_booking_id === value)
			.map(([id, properties]) => ({ id, properties }));
		return [200, { total: results.length, results }];
	}
	if (path === '/crm/v3/objects/contacts/search') {
		const { value } = filterOf(body);
		const results = value === 'amelia.thornbury@example.com' ? [{ id: CONTACT_ID, properties: { email: value } }] : [];
		return [200, { total: results.length, results }];
	}
	if (method === 'POST' && path === '/deals/v1/deal') {
		const id = String(9000 + deals.size);
		deals.set(id, propertiesOf(body));
		return [200, { dealId: Number(id), properties: {} }];
	}
	const update = /^\/deals\/v1\/deal\/(\d+)$/.exec(path);
	if (method === 'PUT' && update) {
		deals.set(update[1], { ...deals.get(update[1]), ...propertiesOf(body) });
		return [200, { dealId: Number(update[1]), properties: {} }];
	}
	if (path === '/engagements/v1/engagements') return [200, { engagement: { id: 777, type: 'MEETING' } }];
	return [404, { message: 'not faked' }];
}

function booking(overrides: Partial<BookingRecord> = {}): BookingRecord {
	return {
		...model,
		id: BOOKING_ID,
		patientId: patient.id,
		doctorId: doctor.id,
		bookingTypeId: product.id,
		start: '2026-07-01T08:00:00.000Z', // 09:00 in London
		end: '2026-07-01T08:45:00.000Z',
		comments: 'Follow-up: knee pain, MRI results',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
		updatedAt: new Date(Date.now() - 60_000).toISOString(),
		...overrides,
	};
}
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const arrived = () => ({ arrived: minutesAgo(50), consultation: null, departed: null, dna: null });
const completed = () => ({ arrived: minutesAgo(50), consultation: minutesAgo(45), departed: minutesAgo(5), dna: null });

/** Puts exactly this booking in the sandbox and runs the workflow from one trigger's test event. */
async function runWith(state: BookingRecord, trigger = CHANGED): Promise<RunResult> {
	sandbox.store.bookings.clear();
	sandbox.store.bookings.set(state.id, state);
	calls = [];
	const result = await runWorkflow(template, { credentials: credentials(), startNode: trigger });
	expect(result.error).toBeUndefined();
	return result;
}
const requests = () => calls.map((call) => `${call.method} ${call.path}`);
const dealSearch = 'POST /crm/v3/objects/deals/search';
const contactSearch = 'POST /crm/v3/objects/contacts/search';

beforeAll(async () => {
	sandbox = await startIsolatedSandbox({ seed: 91, scale: { patients: 10, bookings: 5 }, rateLimitPerMinute: 0 });
	model = [...sandbox.store.bookings.values()][0];
	doctor = [...sandbox.store.users.values()].find((user) => user.isDoctor) as UserRecord;
	product = [...sandbox.store.products.values()].find((p) => p.isBookable) as ProductRecord;
	product.name = 'Fertility follow-up';
	product.price = 85.5;
	patient = unusedSeededPatient(sandbox);
	patient.email = 'Amelia.Thornbury@Example.com';
	patient.dob = '1984-06-12';
});
afterAll(async () => await closeIsolatedSandbox(sandbox));
beforeEach(() => {
	calls = [];
	deals = new Map();
	failNext = undefined;
	nock.cleanAll();
	const scope = nock('https://api.hubapi.com').persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
		scope.intercept(/.*/, method).reply(function (uri, body) {
			expect(this.req.headers.authorization).toBe('Bearer hubspot-test-token');
			const call = { method: method.toUpperCase(), path: uri, body: (body || {}) as Record<string, unknown> };
			calls.push(call);
			return answer(call.method, uri, call.body);
		});
	}
});

const SEARCH_DEAL = {
	sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
	filterGroups: [{ filters: [{ propertyName: 'semble_booking_id', operator: 'EQ', value: BOOKING_ID }] }],
	properties: ['dealname', 'dealstage', 'amount', 'semble_booking_id', 'semble_visit_logged'],
	limit: 1,
};
const SEARCH_CONTACT = {
	sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
	filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'amelia.thornbury@example.com' }] }],
	properties: ['email'],
	limit: 1,
};
/** The deal's fields as every create and update sends them; only the stage differs. */
const dealFields = (stage: string) => [
	{ name: 'dealstage', value: stage },
	{ name: 'dealname', value: DEAL_NAME },
	{ name: 'closedate', value: Date.parse('2026-07-01T08:00:00.000Z') },
	{ name: 'amount', value: '85.5' },
	{ name: 'pipeline', value: 'default' },
];

/** The deal as the first run creates it, so a later step finds it. */
async function bookedDeal(): Promise<string> {
	await runWith(booking());
	expect(deals.size).toBe(1);
	return [...deals.keys()][0];
}

test('a new booking becomes one deal in the pipeline, linked to the contact, with the appointment price', async () => {
	await runWith(booking());
	expect(requests()).toEqual([dealSearch, contactSearch, 'POST /deals/v1/deal']);
	expect(calls[0].body).toEqual(SEARCH_DEAL);
	expect(calls[1].body).toEqual(SEARCH_CONTACT);
	expect(calls[2].body).toEqual({
		properties: [...dealFields('appointmentscheduled'), { name: 'semble_booking_id', value: BOOKING_ID }],
		associations: { associatedVids: [Number(CONTACT_ID)] },
	});
});

test('arrived: the same deal moves to the arrived stage, no second deal, no activity', async () => {
	const id = await bookedDeal();
	await runWith(booking({ bookingJourney: arrived() }), JOURNEY);
	expect(requests()).toEqual([dealSearch, contactSearch, `PUT /deals/v1/deal/${id}`]);
	expect(calls[2].body).toEqual({ properties: dealFields('qualifiedtobuy') });
	expect(deals.size).toBe(1);
});

test('completed: the deal is won and one Clinic visit meeting is logged on the contact and the deal, then marked', async () => {
	const id = await bookedDeal();
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	expect(requests()).toEqual([
		dealSearch,
		contactSearch,
		`PUT /deals/v1/deal/${id}`,
		'POST /engagements/v1/engagements',
		`PUT /deals/v1/deal/${id}`,
	]);
	expect(calls[2].body).toEqual({ properties: dealFields('closedwon') });
	expect(calls[3].body).toEqual({
		engagement: { type: 'MEETING' },
		metadata: {
			title: 'Clinic visit',
			body: `Visit completed on 1 Jul 2026, 09:00. Semble booking ${BOOKING_ID}; details are in Semble.`,
		},
		associations: { contactIds: [CONTACT_ID], dealIds: [id] },
	});
	expect(calls[4].body).toEqual({ properties: [{ name: 'semble_visit_logged', value: 'true' }] });
});

test('the same change seen twice (both triggers, or twice by one): one search, no duplicate deal or activity', async () => {
	await bookedDeal();
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	await runWith(booking({ bookingJourney: completed() }), CHANGED);
	expect(requests()).toEqual([dealSearch]);
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	expect(requests()).toEqual([dealSearch]);
	expect(deals.size).toBe(1);
});

test('a completed visit seen before the booking ever reached HubSpot: one deal (won) and one activity', async () => {
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	expect(requests()).toEqual([
		dealSearch,
		contactSearch,
		'POST /deals/v1/deal',
		'POST /engagements/v1/engagements',
		'PUT /deals/v1/deal/9000',
	]);
	expect(propertiesOf(calls[2].body).dealstage).toBe('closedwon');
});

test('if logging the visit fails, the deal is not marked, so the next run logs it', async () => {
	const id = await bookedDeal();
	failNext = 'POST /engagements/v1/engagements';
	sandbox.store.bookings.set(BOOKING_ID, booking({ bookingJourney: completed() }));
	calls = [];
	const failed = await runWorkflow(template, { credentials: credentials(), startNode: JOURNEY });
	expect(failed.error).toBeDefined();
	expect(deals.get(id)?.semble_visit_logged).toBeUndefined();
	failNext = undefined;
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	expect(requests()).toEqual([
		dealSearch,
		contactSearch,
		`PUT /deals/v1/deal/${id}`,
		'POST /engagements/v1/engagements',
		`PUT /deals/v1/deal/${id}`,
	]);
});

test('no-show: the deal moves to the no-show stage, no activity', async () => {
	const id = await bookedDeal();
	await runWith(
		booking({ bookingJourney: { arrived: null, consultation: null, departed: null, dna: minutesAgo(5) } }),
		JOURNEY,
	);
	expect(requests()).toEqual([dealSearch, contactSearch, `PUT /deals/v1/deal/${id}`]);
	expect(calls[2].body).toEqual({ properties: dealFields('closedlost') });
});

test('cancelled: the deal moves to the cancelled stage, no activity', async () => {
	const id = await bookedDeal();
	await runWith(booking({ deleted: true, cancellationReason: 'Patient unwell' }));
	expect(requests()).toEqual([dealSearch, contactSearch, `PUT /deals/v1/deal/${id}`]);
	expect(calls[2].body).toEqual({ properties: dealFields('closedlost') });
});

test('a patient with no HubSpot contact: the deal is made without a link, nothing else about them is sent', async () => {
	const saved = patient.email;
	patient.email = 'not-in-hubspot@example.org';
	try {
		await runWith(booking());
	} finally {
		patient.email = saved;
	}
	expect(requests()).toEqual([dealSearch, contactSearch, 'POST /deals/v1/deal']);
	expect(calls[2].body.associations).toEqual({ associatedVids: [] });
});

test('no clinical detail reaches HubSpot: no appointment type, comments, clinician, room, reason, patient name or date of birth', async () => {
	await runWith(booking());
	const sent = [JSON.stringify(calls)];
	await runWith(booking({ bookingJourney: completed() }), JOURNEY);
	sent.push(JSON.stringify(calls));
	await runWith(booking({ deleted: true, cancellationReason: 'Patient unwell' }));
	sent.push(JSON.stringify(calls));
	const all = sent.join('\n');
	const room = sandbox.store.locations.get(model.locationId)?.name as string;
	for (const secret of [
		'Fertility',
		'knee',
		'MRI',
		'unwell',
		doctor.lastName,
		room,
		patient.firstName,
		patient.lastName,
		'1984',
		patient.id,
	]) {
		expect(secret).toBeTruthy();
		expect(all).not.toContain(secret);
	}
});
