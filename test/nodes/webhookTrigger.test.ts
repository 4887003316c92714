/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import type { IDataObject, INodeExecutionData, INodeParameters, IWebhookResponseData } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

import type { RunningSandbox } from '../../sandbox';
import { KNOWN_EVENT_TYPES, startSandbox } from '../../sandbox';
import { SembleWebhookTrigger } from '../../nodes/Semble/SembleWebhookTrigger.node';
import { KNOWN_EVENTS } from '../../nodes/Semble/webhookTrigger/events';
import { subscriptionLabel } from '../../nodes/Semble/webhookTrigger/registration';
import { DELIVERY_HEADER } from '../../nodes/Semble/webhookTrigger/verify';
import { WebhookTriggerUnderTest } from '../harness/triggers';

/**
 * Semble Webhook Trigger against the in-process sandbox, through n8n-core's own HookContext
 * and WebhookContext. A small HTTP receiver stands in for n8n's webhook server: Semble (the
 * sandbox) delivers real webhooks to it, and it calls the node's webhook() with the request,
 * as n8n does. Static data is "saved" as JSON after each call and reloaded for the next,
 * which is what n8n does between activation, deliveries and deactivation.
 */

const trigger = new SembleWebhookTrigger();

let sandbox: RunningSandbox;
let receiver: Server;
let receiverBase: string;
/** The trigger as n8n holds it in this test (its node, and static data saved between calls). */
let current: WebhookTriggerUnderTest;
let parameters: IDataObject;

interface Received {
	status: number;
	body: Record<string, unknown>;
	items: INodeExecutionData[];
}
let received: Received[];
/** Event types the receiver answers 503 for before the node sees them (to make Semble give up). */
let failTypes: Set<string>;
/** Calls of webhook() still running: the node answers Semble before it fetches the record. */
const handling = new Set<Promise<void>>();

/** Semble has nothing left to deliver and the node has finished with what it received. */
async function settle(): Promise<void> {
	await sandbox.control.flushDeliveries();
	while (handling.size > 0) await Promise.all([...handling]);
}

const nodeState = () => current.nodeState();
const webhookUrl = () => `${receiverBase}/webhook/${current.trigger.webhookId}/webhook`;
const hook = async (method: 'checkExists' | 'create' | 'delete') => await current.hook(method);

function newNode(extra: IDataObject = {}) {
	parameters = { events: ['patient.created'], ...extra };
	current = new WebhookTriggerUnderTest(
		{
			type: 'n8n-nodes-semble.sembleWebhookTrigger',
			name: 'Semble Webhook Trigger',
			parameters: parameters as INodeParameters,
			credentials: { sembleApi: { apiToken: sandbox.apiToken, endpoint: sandbox.url, requestsPerMinute: 60_000 } },
			webhookId: randomUUID(),
		},
		`${receiverBase}/webhook`,
	);
}

/** What n8n's express response offers the node, over the real response. */
function expressResponse(res: ServerResponse) {
	const response = {
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		json(body: unknown) {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(body));
			return response;
		},
		send(body?: string) {
			res.end(body);
			return response;
		},
		end() {
			res.end();
			return response;
		},
	};
	return response;
}

async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const rawBody = Buffer.concat(chunks);
	let body: unknown = {};
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		body = rawBody.toString('utf8');
	}
	const eventType = (body as { eventType?: string }).eventType;
	if (eventType && failTypes.has(eventType)) {
		res.statusCode = 503;
		res.end();
		return;
	}
	const httpRequest = { headers: req.headers, body, rawBody, params: {}, query: {} };
	let result: IWebhookResponseData;
	try {
		result = await current.webhook(httpRequest, expressResponse(res));
	} catch (error) {
		res.statusCode = 500;
		res.end((error as Error).message);
		return;
	}
	// n8n answers for the node unless it said it answered itself.
	if (!result.noWebhookResponse && !res.writableEnded) {
		res.statusCode = 200;
		res.end(JSON.stringify({ message: 'Workflow was started' }));
	}
	received.push({ status: res.statusCode, body: body as Record<string, unknown>, items: result.workflowData?.[0] ?? [] });
}

const gql = async <T = Record<string, { data: { id: string } | null; error: string | null }>>(query: string, variables: object = {}) => {
	const response = await fetch(sandbox.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-token': sandbox.apiToken },
		body: JSON.stringify({ query, variables }),
	});
	return ((await response.json()) as { data: T }).data;
};

const liveAtUrl = () =>
	[...sandbox.store.webhooks.values()].filter((subscription) => !subscription.deleted && subscription.url === webhookUrl());

/** POSTs to the trigger as a sender would, then waits until the node has finished with it. */
const deliver = async (body: unknown, headers: Record<string, string> = {}) => {
	const response = await fetch(webhookUrl(), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const answer = { status: response.status, body: await response.text() };
	await settle();
	return answer;
};
const secretHeader = () => ({ [DELIVERY_HEADER]: nodeState().secret as string });
const items = () => received.flatMap((entry) => entry.items.map((item) => item.json));

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 61, scale: { patients: 80, bookings: 150 }, rateLimitPerMinute: 0 });
	receiver = createServer((req, res) => {
		const call = receive(req, res).finally(() => handling.delete(call));
		handling.add(call);
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverBase = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});
afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
	await settle();
	sandbox.control.reset();
	sandbox.control.configure({ webhooksEnabled: true, webhookBackoffMs: [20, 20] });
	received = [];
	failTypes = new Set();
	newNode();
});

test('the Events list is exactly the documented Semble event names', () => {
	expect(new Set(KNOWN_EVENTS)).toEqual(new Set(KNOWN_EVENT_TYPES));
	const options = trigger.description.properties.find((p) => p.name === 'events')?.options as Array<{ name: string }>;
	expect(options).toHaveLength(KNOWN_EVENTS.length);
	expect(options.map((o) => o.name)).toContain('Booking Journey: No-Show');
});

describe('registration (activation and deactivation)', () => {
	test.each([1, 10, 11, 23, KNOWN_EVENTS.length])(
		'%i event type(s) → ⌈n/10⌉ subscriptions carrying the secret header and a recognisable label',
		async (count) => {
			newNode({ events: KNOWN_EVENTS.slice(0, count) });
			expect(await hook('checkExists')).toBe(false);
			expect(await hook('create')).toBe(true);

			const subscriptions = liveAtUrl();
			const parts = Math.ceil(count / 10);
			expect(subscriptions).toHaveLength(parts);
			expect(subscriptions.flatMap((s) => s.eventTypes).sort()).toEqual(KNOWN_EVENTS.slice(0, count).sort());
			expect(subscriptions.every((s) => s.eventTypes.length <= 10)).toBe(true);
			const secret = nodeState().secret as string;
			expect(secret).toMatch(/^[0-9a-f]{64}$/);
			expect(DELIVERY_HEADER).toBe('X-N8N-Semble-Secret');
			for (const s of subscriptions) expect(s.headers).toEqual([{ key: DELIVERY_HEADER, value: secret }]);
			expect(subscriptions.map((s) => s.label).sort()).toEqual(
				Array.from({ length: parts }, (_, i) => `n8n · Clinic sync · Semble Webhook Trigger (${i + 1}/${parts})`),
			);
			expect(nodeState().subscriptionIds).toEqual(subscriptions.map((s) => s.id));
			expect(await hook('checkExists')).toBe(true);
		},
	);

	test('the label prefix is used, and long names are cut to Semble’s 256 characters', async () => {
		newNode({ options: { labelPrefix: 'Clinic A' } });
		await hook('create');
		expect(liveAtUrl()[0].label).toBe('Clinic A · Clinic sync · Semble Webhook Trigger (1/1)');
		const long = subscriptionLabel('n8n', 'W'.repeat(400), 'N'.repeat(300), 2, 3);
		expect(long).toHaveLength(256);
		expect(long).toMatch(/^n8n · W+… · N+… \(2\/3\)$/);
	});

	test('checkExists turns false when a subscription is deleted behind its back; create then reconciles', async () => {
		newNode({ events: KNOWN_EVENTS.slice(0, 15) });
		await hook('create');
		const [first] = liveAtUrl();
		await gql('mutation ($id: ID!) { deleteWebhook(id: $id) { error } }', { id: first.id });
		expect(await hook('checkExists')).toBe(false);

		expect(await hook('create')).toBe(true);
		expect(liveAtUrl()).toHaveLength(2);
		expect(liveAtUrl().map((s) => s.id)).not.toContain(first.id);
		expect(await hook('checkExists')).toBe(true);
	});

	test('checkExists is false when the chosen events, the header or the pause state differ', async () => {
		newNode({ events: ['patient.created', 'patient.updated'] });
		await hook('create');
		expect(await hook('checkExists')).toBe(true);

		parameters.events = ['patient.created', 'booking.created'];
		expect(await hook('checkExists')).toBe(false);
		await hook('create');
		expect(liveAtUrl().flatMap((s) => s.eventTypes).sort()).toEqual(['booking.created', 'patient.created']);
		expect(await hook('checkExists')).toBe(true);

		const [subscription] = liveAtUrl();
		await gql('mutation ($id: ID!) { updateWebhook(id: $id, input: { deliveryPaused: true }) { error } }', { id: subscription.id });
		expect(await hook('checkExists')).toBe(false);
		await gql('mutation ($id: ID!) { updateWebhook(id: $id, input: { deliveryPaused: false, headers: [] }) { error } }', {
			id: subscription.id,
		});
		expect(await hook('checkExists')).toBe(false);
	});

	test('a leftover subscription at the same URL (static data lost) is removed, not duplicated', async () => {
		newNode({ events: ['patient.created', 'booking.created'] });
		await hook('create');
		const leftover = liveAtUrl()[0].id;
		current.staticData = {};
		expect(await hook('checkExists')).toBe(false);
		expect(await hook('create')).toBe(true);
		expect(liveAtUrl()).toHaveLength(1);
		expect(liveAtUrl()[0].id).not.toBe(leftover);
	});

	test('delete removes every subscription and clears the static data; "not found" is tolerated', async () => {
		newNode({ events: KNOWN_EVENTS.slice(0, 12) });
		await hook('create');
		const [first] = liveAtUrl();
		await gql('mutation ($id: ID!) { deleteWebhook(id: $id) { error } }', { id: first.id });
		expect(await hook('delete')).toBe(true);
		expect(liveAtUrl()).toEqual([]);
		expect(nodeState()).toEqual({});
		expect(await hook('delete')).toBe(true);
	});

	test('webhooks not enabled for the practice: a clear error and nothing left behind', async () => {
		sandbox.control.configure({ webhooksEnabled: false });
		newNode({ events: KNOWN_EVENTS.slice(0, 12) });
		const error = await hook('create').catch((e: Error & { description?: string }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('Webhooks are not enabled for this Semble practice');
		const description = (error as { description?: string }).description ?? '';
		expect(description).toContain('Semble support');
		expect(description).toContain('Semble Trigger node instead');
		expect([...sandbox.store.webhooks.values()]).toEqual([]);
		expect(nodeState()).toEqual({});
	});

	test('a refusal part-way through rolls back the subscriptions already made', async () => {
		newNode({ events: KNOWN_EVENTS.slice(0, 25) });
		sandbox.control.injectFault([
			{ kind: 'slow', delayMs: 0, match: 'createWebhook' },
			{ kind: 'payloadError', match: 'createWebhook', message: 'Quota of subscriptions reached' },
		]);
		const error = (await hook('create').catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toBe('Semble refused to register the webhook: Quota of subscriptions reached');
		expect(error.description).toContain('Semble support');
		expect([...sandbox.store.webhooks.values()].filter((s) => !s.deleted)).toEqual([]);
		expect(sandbox.store.webhooks.size).toBe(1); // made, then deleted
		expect(nodeState()).toEqual({});
	});
});

describe('deliveries', () => {
	const activate = async (extra: IDataObject = {}) => {
		newNode({
			events: [
				'patient.created',
				'patient.updated',
				'patient.deleted',
				'booking.created',
				'booking.patientJourney.arrived',
				'webhook.event.deliveryFailed',
			],
			...extra,
		});
		expect(await hook('create')).toBe(true);
	};
	const createPatient = async (last: string) =>
		(await gql('mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id } error } }', {
			d: { first: 'Hook', last },
		})).createPatient.data!.id;
	const patientCreated = (patientId: string) => ({
		subscriptionId: liveAtUrl()[0].id,
		eventId: randomUUID(),
		eventType: 'patient.created',
		identifiers: { patientId },
	});

	test('a forged delivery (no or wrong secret) gets 401 and starts nothing', async () => {
		await activate();
		const body = patientCreated('1');
		expect((await deliver(body)).status).toBe(401);
		expect((await deliver(body, { [DELIVERY_HEADER]: 'guess' })).status).toBe(401);
		expect((await deliver(body, { [DELIVERY_HEADER]: `${nodeState().secret as string}0` })).status).toBe(401);
		expect(received.map((r) => r.status)).toEqual([401, 401, 401]);
		expect(items()).toEqual([]);
	});

	test('a body that is not a Semble delivery gets 400 and starts nothing', async () => {
		await activate();
		const bad = [{ hello: 'world' }, { ...patientCreated('1'), identifiers: 'patient-1' }, { ...patientCreated('1'), eventType: 'PATIENT_CREATED' }];
		for (const body of bad) {
			const answer = await deliver(body, secretHeader());
			expect(answer.status).toBe(400);
			expect(answer.body).toContain('Not a Semble webhook delivery');
		}
		expect(items()).toEqual([]);
	});

	test('Semble delivers a new patient: 200 and one item with the fetched patient', async () => {
		await activate();
		const patientId = await createPatient('Delivered');
		await settle();

		expect(sandbox.control.deliveries().map((d) => [d.eventType, d.status])).toEqual([['patient.created', 200]]);
		expect(items()).toEqual([
			expect.objectContaining({
				eventType: 'patient.created',
				eventId: sandbox.control.deliveries()[0].eventId,
				identifiers: { patientId },
				metadata: null,
				recordType: 'patient',
				record: expect.objectContaining({ id: patientId, firstName: 'Hook', lastName: 'Delivered', updatedAt: expect.any(String) }),
			}),
		]);
		expect(items()[0]).not.toHaveProperty('note');
	});

	test('a booking event carries the booking with its derived status', async () => {
		await activate();
		const booking = [...sandbox.store.bookings.values()].find(
			(b) => !b.deleted && Object.values(b.bookingJourney).every((time) => time === null),
		)!;
		await gql('mutation ($id: ID!) { updateBookingJourney(id: $id, bookingJourneyInput: { journeyStage: arrived }) { error } }', {
			id: booking.id,
		});
		await settle();
		expect(items()).toEqual([
			expect.objectContaining({
				eventType: 'booking.patientJourney.arrived',
				identifiers: expect.objectContaining({ bookingId: booking.id }),
				recordType: 'booking',
				record: expect.objectContaining({ id: booking.id, status: 'arrived', startLocal: expect.any(String) }),
			}),
		]);
	});

	test('a repeated delivery (new eventId, same identifiers and record) yields no second item', async () => {
		await activate();
		const patientId = await createPatient('Repeated');
		await settle();
		expect(items()).toHaveLength(1);

		const repeat = await deliver(patientCreated(patientId), secretHeader());
		expect(repeat.status).toBe(200);
		expect(items()).toHaveLength(1);

		// A real change is a new version of the record: it is emitted.
		await gql('mutation ($id: ID!) { updatePatient(id: $id, patientData: { first: "Changed" }) { error } }', { id: patientId });
		await settle();
		expect(items().map((item) => item.eventType)).toEqual(['patient.created', 'patient.updated']);
		expect((items()[1].record as IDataObject).firstName).toBe('Changed');
	});

	const replay = async (eventType: string) => {
		const original = sandbox.control.deliveries().find((d) => d.eventType === eventType)!;
		const body = { subscriptionId: original.subscriptionId, eventId: randomUUID(), eventType, identifiers: original.identifiers };
		expect((await deliver(body, secretHeader())).status).toBe(200);
	};

	test('a repeated update is dropped while the record is unchanged; a repeated create even after a change', async () => {
		await activate();
		const patientId = await createPatient('Versioned');
		await gql('mutation ($id: ID!) { updatePatient(id: $id, patientData: { first: "Second" }) { error } }', { id: patientId });
		await settle();
		expect(items().map((item) => item.eventType)).toEqual(['patient.created', 'patient.updated']);
		await replay('patient.updated');
		await replay('patient.created');
		expect(items()).toHaveLength(2);
	});

	test('without a fetched record an update is never taken for a repeat (no change is dropped)', async () => {
		await activate({ fetchFullRecord: false });
		const patientId = await createPatient('Unversioned');
		await gql('mutation ($id: ID!) { updatePatient(id: $id, patientData: { first: "Second" }) { error } }', { id: patientId });
		await settle();
		await replay('patient.updated');
		await replay('patient.created');
		expect(items().map((item) => item.eventType)).toEqual(['patient.created', 'patient.updated', 'patient.updated']);
	});

	test('with Ignore Repeated Deliveries off, a repeat runs the workflow again', async () => {
		await activate({ options: { ignoreRepeatedDeliveries: false } });
		const patientId = await createPatient('Twice');
		await settle();
		await deliver(patientCreated(patientId), secretHeader());
		expect(items()).toHaveLength(2);
	});

	test('without Fetch Full Record the item has the ids only', async () => {
		await activate({ fetchFullRecord: false });
		const patientId = await createPatient('IdsOnly');
		await settle();
		expect(items()).toEqual([expect.objectContaining({ identifiers: { patientId }, recordType: null, record: null })]);
	});

	test('a deleted patient cannot be fetched: record null and a note', async () => {
		await activate();
		const patientId = await createPatient('Gone');
		await gql('mutation ($id: ID!) { deletePatient(id: $id) { error } }', { id: patientId });
		await settle();
		const deleted = items().find((item) => item.eventType === 'patient.deleted');
		expect(deleted).toMatchObject({ identifiers: { patientId }, recordType: 'patient', record: null });
		expect(deleted?.note).toBe(`Patient ${patientId} was deleted in Semble, so there is no record to fetch.`);
	});

	test('Semble giving up on a delivery arrives as deliveryFailed with catchUpNeeded', async () => {
		await activate();
		failTypes.add('patient.created');
		await createPatient('Unlucky');
		await settle();
		expect(sandbox.control.deliveries().map((d) => [d.eventType, d.status])).toEqual([
			['patient.created', 503],
			['patient.created', 503],
			['patient.created', 503],
			['webhook.event.deliveryFailed', 200],
		]);
		expect(items()).toEqual([
			expect.objectContaining({
				eventType: 'webhook.event.deliveryFailed',
				catchUpNeeded: true,
				metadata: { failedEventType: 'patient.created', httpStatusCode: 503 },
				recordType: null,
				record: null,
			}),
		]);
	});

	test('a paused subscription notice is emitted as-is with catchUpNeeded', async () => {
		await activate();
		const body = {
			subscriptionId: liveAtUrl()[0].id,
			eventId: randomUUID(),
			eventType: 'webhook.subscription.updated',
			identifiers: { subscriptionId: liveAtUrl()[0].id },
			metadata: { deliveryPaused: true },
		};
		expect((await deliver(body, secretHeader())).status).toBe(200);
		expect(items()).toEqual([expect.objectContaining({ ...body, catchUpNeeded: true, record: null })]);
		// Metadata sent as JSON text (the schema sketch types it String) is read as the same object.
		await deliver({ ...body, eventId: randomUUID(), metadata: JSON.stringify({ deliveryPaused: false }) }, secretHeader());
		expect(items()[1]).toMatchObject({ metadata: { deliveryPaused: false }, catchUpNeeded: true });
	});
});
