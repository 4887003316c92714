/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test tooling runs in plain Node, not inside n8n */
import { randomUUID } from 'node:crypto';

import { sembleClient } from '../harness/sembleClient';
import type { Execution } from './n8nApi';
import { executionsOf, itemsOf, n8nApi, n8nFetch, realN8nState, until } from './n8nApi';
import { whereRan } from './queueMode';
import { CREDENTIAL_IDS } from './realN8n';

/**
 * The Semble Webhook Trigger in a real n8n, 1.x and 2.x (set up by globalSetup.ts): a workflow made
 * through the public API is activated, n8n registers the subscriptions in Semble (the
 * sandbox), a change in Semble is delivered as a real webhook and runs the workflow with the
 * fetched patient, forged and repeated deliveries start nothing, and deactivating removes
 * the subscriptions again. In queue mode (queue/globalSetup.ts) the main process registers and
 * receives, and each delivery is one execution on a worker.
 */

jest.setTimeout(120_000);

const state = realN8nState();

const NODE = 'Semble Webhook Trigger';
const EVENTS = [
	'patient.created',
	'patient.updated',
	'patient.deleted',
	'patient.archived',
	'patient.unarchived',
	'patient.merged',
	'booking.created',
	'booking.updated',
	'booking.deleted',
	'webhook.event.deliveryFailed',
	'webhook.subscription.updated',
];
const webhookId = randomUUID();
const hookUrl = `${state.baseUrl}/webhook/${webhookId}/webhook`;
let workflowId: string | undefined;

const api = async <T>(method: string, route: string, body?: unknown) => await n8nApi<T>(state, method, route, body);

/** Straight to Semble (the sandbox) with its API token, as another app in the clinic would. */
async function semble<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
	return await sembleClient(state.sandbox.url, state.sandbox.apiToken).request<T>(query, variables);
}

interface Subscription {
	id: string;
	url: string;
	label: string;
	eventTypes: string[];
	headers: Array<{ key: string }>;
}
const subscriptionsAtHook = async () =>
	(await semble<{ webhooks: Subscription[] }>('{ webhooks { id url label eventTypes headers { key } } }')).webhooks.filter(
		(subscription) => subscription.url === hookUrl,
	);

const executions = async () => await executionsOf(state, workflowId as string);

async function finishedExecutions(count: number): Promise<Execution[]> {
	return await until(`${count} finished execution(s)`, async () => {
		const list = await executions();
		const done = list.filter((execution) => execution.status === 'success');
		return done.length >= count ? done : undefined;
	});
}

const createPatient = async (last: string) =>
	(
		await semble<{ createPatient: { data: { id: string; updatedAt: string } } }>(
			'mutation ($d: CreatePatientDataInput) { createPatient(patientData: $d) { data { id updatedAt } error } }',
			{ d: { first: 'Webhook', last } },
		)
	).createPatient.data;

const post = async (body: unknown, headers: Record<string, string> = {}) =>
	(
		await n8nFetch(hookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
		})
	).status;

afterAll(async () => {
	if (!workflowId) return;
	// Leave n8n and Semble as the other suites expect them: no extra workflow, no subscription.
	await api('POST', `/workflows/${workflowId}/deactivate`).catch(() => undefined);
	await api('DELETE', `/workflows/${workflowId}`);
});

test('activating the workflow registers the subscriptions in Semble', async () => {
	const created = await api<{ id: string }>('POST', '/workflows', {
		name: 'Webhook Trigger proof',
		nodes: [
			{
				id: randomUUID(),
				name: NODE,
				type: 'n8n-nodes-semble.sembleWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { authentication: 'apiToken', events: EVENTS, fetchFullRecord: true, options: {} },
				credentials: { sembleApi: { id: CREDENTIAL_IDS.sembleApi, name: 'Semble sandbox (API token)' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	workflowId = created.id;
	await api('POST', `/workflows/${workflowId}/activate`);

	// n8n runs checkExists/create shortly after the activate call returns.
	const subscriptions = await until('the subscriptions in Semble', async () => {
		const found = await subscriptionsAtHook();
		return found.length === 2 ? found : undefined;
	});
	expect(subscriptions.flatMap((s) => s.eventTypes).sort()).toEqual([...EVENTS].sort());
	expect(subscriptions.map((s) => s.label).sort()).toEqual([
		`n8n · Webhook Trigger proof · ${NODE} (1/2)`,
		`n8n · Webhook Trigger proof · ${NODE} (2/2)`,
	]);
	expect(subscriptions.every((s) => s.headers.some((h) => h.key === 'X-N8N-Semble-Secret'))).toBe(true);
});

let patient: { id: string; updatedAt: string };

test('a new patient in Semble is delivered to n8n and runs the workflow with the fetched patient', async () => {
	expect(workflowId).toBeDefined();
	patient = await createPatient('Delivered');

	const [execution] = await finishedExecutions(1);
	const items = itemsOf(execution, NODE);
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({
		eventType: 'patient.created',
		identifiers: { patientId: patient.id },
		recordType: 'patient',
		record: { id: patient.id, firstName: 'Webhook', lastName: 'Delivered', updatedAt: patient.updatedAt },
	});

	await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/deliveries/flush`, { method: 'POST' });
	const { deliveries } = (await (await n8nFetch(`${state.sandbox.baseUrl}/__sandbox/deliveries`)).json()) as {
		deliveries: Array<{ url: string; eventType: string; status: number | null; identifiers: Record<string, string> }>;
	};
	const ours = deliveries.filter((delivery) => delivery.url === hookUrl && delivery.identifiers.patientId === patient.id);
	expect(ours.map((delivery) => [delivery.eventType, delivery.status])).toEqual([['patient.created', 200]]);
});

/** The trigger's static data as n8n stored it (the public API returns it with the workflow). */
async function triggerState(): Promise<Record<string, unknown>> {
	const workflow = await api<{ staticData?: string | Record<string, unknown> | null }>('GET', `/workflows/${workflowId}`);
	const staticData = typeof workflow.staticData === 'string' ? JSON.parse(workflow.staticData) : (workflow.staticData ?? {});
	return (staticData as Record<string, Record<string, unknown>>)[`node:${NODE}`] ?? {};
}

test('forged deliveries get 401 and a repeated one is ignored: none starts an execution', async () => {
	expect(workflowId).toBeDefined();
	const delivery = {
		subscriptionId: (await subscriptionsAtHook())[0].id,
		eventId: randomUUID(),
		eventType: 'patient.created',
		identifiers: { patientId: patient.id },
	};
	expect(await post(delivery)).toBe(401);
	expect(await post(delivery, { 'X-N8N-Semble-Secret': 'not-the-secret' })).toBe(401);
	// A 401 is answered before any execution could start, so the count is already final.
	expect(await executions()).toHaveLength(1);

	// Semble retrying: a new eventId, the same event and the same (unchanged) patient.
	const stored = await triggerState();
	expect(stored.recentDeliveries).toHaveLength(1); // n8n kept what the first delivery remembered
	expect(await post({ ...delivery, eventId: randomUUID() }, { 'X-N8N-Semble-Secret': stored.secret as string })).toBe(200);

	// The next genuine change is the second execution: nothing ran for the three deliveries before it.
	const other = await createPatient('Genuine');
	const done = await finishedExecutions(2);
	expect(itemsOf(done[0], NODE)[0].json).toMatchObject({ eventType: 'patient.created', identifiers: { patientId: other.id } });
	const deadline = Date.now() + 1_000;
	while (Date.now() < deadline) {
		expect(await executions()).toHaveLength(2);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
});

(state.queue ? test : test.skip)('queue mode: the main process enqueued each delivery once and one worker ran it', async () => {
	const done = await finishedExecutions(2);
	expect(done).toHaveLength(2);
	for (const execution of done) {
		expect(whereRan(state.queue!, execution.id)).toEqual({ enqueuedBy: ['main'], startedOn: [expect.stringMatching(/^worker-\d$/)] });
	}
});

test('deactivating the workflow removes the subscriptions from Semble', async () => {
	expect(workflowId).toBeDefined();
	await api('POST', `/workflows/${workflowId}/deactivate`);
	await until('the subscriptions to be deleted', async () => ((await subscriptionsAtHook()).length === 0 ? true : undefined));
	expect(await triggerState()).toEqual({});
	// And n8n no longer listens at the URL.
	expect(await post({})).toBe(404);
});
