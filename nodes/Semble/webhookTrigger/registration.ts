import { createHash } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sembleRequest } from '../transport';
import type { SembleFailure } from '../transport/errors';
import { toNodeApiError } from '../transport/errors';
import type { Subscription } from './documents';
import {
	CREATE_WEBHOOK,
	createWebhookResponse,
	DELETE_WEBHOOK,
	deleteWebhookResponse,
	LIST_WEBHOOKS,
	listWebhooksResponse,
} from './documents';
import { canonicalEvents, chunkEvents } from './events';
import { DELIVERY_HEADER, newSecret } from './verify';

/**
 * The webhook lifecycle n8n drives on activation (checkExists, then create if needed) and
 * deactivation (delete). What this node registered is kept in the workflow's static data
 * for the node: subscription ids, the shared secret, the URL and a hash of the events.
 */

export const MAX_LABEL_LENGTH = 256;

/** The node's static data: the subscriptions this file registers, and the deliveries delivery.ts has seen. */
export interface TriggerState extends IDataObject {
	subscriptionIds?: string[];
	secret?: string;
	url?: string;
	eventsHash?: string;
	/** Keys of the latest deliveries, to drop repeats (delivery.ts). */
	recentDeliveries?: string[];
}

export const stateOf = (context: { getWorkflowStaticData(type: string): IDataObject }) =>
	context.getWorkflowStaticData('node') as TriggerState;

interface Wanted {
	url: string;
	events: string[];
	eventsHash: string;
	labelPrefix: string;
}

function wantedOf(context: IHookFunctions): Wanted {
	const events = canonicalEvents((context.getNodeParameter('events', []) as string[]) ?? []);
	const options = context.getNodeParameter('options', {}) as { labelPrefix?: string };
	return {
		url: context.getNodeWebhookUrl('default') ?? '',
		events,
		eventsHash: hashEvents(events),
		labelPrefix: options.labelPrefix ?? 'n8n',
	};
}

export function hashEvents(events: readonly string[]): string {
	return createHash('sha256').update([...events].sort().join('\n')).digest('hex').slice(0, 32);
}

const normalUrl = (url: string) => {
	try {
		return new URL(url).href;
	} catch {
		return url;
	}
};

const sameUrl = (a: string, b: string) => normalUrl(a) === normalUrl(b);

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`);

/** "n8n · Workflow · Node (1/2)": how a clinic recognises the subscription in Semble. At most 256 characters. */
export function subscriptionLabel(prefix: string, workflowName: string, nodeName: string, part: number, parts: number): string {
	const suffix = ` (${part}/${parts})`;
	const first = cut(prefix.trim() || 'n8n', 40);
	const node = cut(nodeName.trim(), 80);
	const room = MAX_LABEL_LENGTH - suffix.length - first.length - node.length - ' ·  · '.length;
	const workflow = cut(workflowName.trim() || 'Untitled workflow', room);
	return `${first} · ${workflow} · ${node}${suffix}`;
}

const hasSecretHeader = (subscription: Subscription, secret: string) =>
	(subscription.headers ?? []).some(
		(header) => header.key.toLowerCase() === DELIVERY_HEADER.toLowerCase() && header.value === secret,
	);

async function listSubscriptions(context: IHookFunctions): Promise<Subscription[]> {
	const data = await sembleRequest.call(context, { document: LIST_WEBHOOKS, kind: 'read', schema: listWebhooksResponse });
	return data.webhooks.filter((subscription: Subscription) => !subscription.deleted);
}

/**
 * True only when every subscription this node stored still exists in Semble, is live and
 * unpaused, points at this node's URL with this node's secret header, and together they
 * cover exactly the chosen events, with nothing else registered at the URL. Otherwise n8n
 * calls create, which reconciles.
 */
export async function subscriptionsExist(context: IHookFunctions): Promise<boolean> {
	const state = stateOf(context);
	const wanted = wantedOf(context);
	const ids = state.subscriptionIds ?? [];
	if (!state.secret || ids.length === 0 || !state.url || !sameUrl(state.url, wanted.url)) return false;
	if (state.eventsHash !== wanted.eventsHash) return false;

	const live = await listSubscriptions(context);
	const mine = live.filter((subscription) => ids.includes(subscription.id));
	if (mine.length !== ids.length) return false;
	const secret = state.secret;
	const healthy = mine.every(
		(subscription) => !subscription.deliveryPaused && sameUrl(subscription.url, wanted.url) && hasSecretHeader(subscription, secret),
	);
	if (!healthy) return false;
	const covered = mine.flatMap((subscription) => subscription.eventTypes);
	if (covered.length !== wanted.events.length || hashEvents(covered) !== wanted.eventsHash) return false;
	const strays = live.some((subscription) => sameUrl(subscription.url, wanted.url) && !ids.includes(subscription.id));
	return !strays;
}

const ENABLE_HINT =
	'Semble only delivers webhooks once Semble support has enabled them for the practice, and the API token needs the webhook permissions (seeWebhooks, createWebhooks, editWebhooks, deleteWebhooks). Until then, use the Semble Trigger node instead: it polls Semble and works without webhooks.';

/** How Semble's refusal to register a subscription is reported. */
function refusal(error: string): SembleFailure {
	const https = /https/i.test(error)
		? ' Semble only delivers to public HTTPS addresses: set n8n’s WEBHOOK_URL to its public https:// address.'
		: '';
	return {
		summary: /not enabled/i.test(error)
			? 'Webhooks are not enabled for this Semble practice'
			: `Semble refused to register the webhook: ${error}`,
		description: `Semble said: ${error.trim().replace(/\.+$/, '')}.${https} ${ENABLE_HINT}`,
	};
}

async function createOne(
	context: IHookFunctions,
	input: { url: string; eventTypes: string[]; label: string; headers: Array<{ key: string; value: string }> },
): Promise<string> {
	const data = await sembleRequest.call(context, {
		document: CREATE_WEBHOOK,
		variables: { input },
		kind: 'write',
		schema: createWebhookResponse,
		refusal,
		hint: ENABLE_HINT,
	});
	const id = data.createWebhook?.data?.id;
	if (id) return id;
	throw toNodeApiError(context.getNode(), {
		summary: 'Semble did not return the new webhook subscription',
		description: ENABLE_HINT,
	});
}

const isGone = (error: string) => /not found|does not exist|no such/i.test(error);

/** 'gone' when Semble no longer has it (deleted already), which is what we wanted. */
async function deleteOne(context: IHookFunctions, id: string): Promise<'deleted' | 'gone'> {
	const data = await sembleRequest.call(context, {
		document: DELETE_WEBHOOK,
		variables: { id },
		kind: 'write',
		schema: deleteWebhookResponse,
		// "Not found" is handed back: the subscription is gone, as wanted.
		refusal: (error) =>
			isGone(error) ? undefined : { summary: `Semble refused to delete webhook subscription ${id}: ${error}` },
	});
	const payload = data.deleteWebhook;
	if (payload?.error && isGone(payload.error)) return 'gone';
	if (payload?.data) return 'deleted';
	throw toNodeApiError(context.getNode(), { summary: `Semble did not confirm deleting webhook subscription ${id}` });
}

/**
 * Deletes what this node stored plus anything else registered at its URL (leftovers of an
 * earlier activation whose ids were lost): the URL holds the node's unique webhook id, so
 * a subscription there is this node's. Returns the ids that could not be deleted.
 */
async function removeAll(context: IHookFunctions, url: string): Promise<string[]> {
	const state = stateOf(context);
	const stored = state.subscriptionIds ?? [];
	let targets: string[];
	try {
		const live = await listSubscriptions(context);
		const atUrl = live.filter((subscription) => url && sameUrl(subscription.url, url)).map((subscription) => subscription.id);
		const storedLive = stored.filter((id) => live.some((subscription) => subscription.id === id));
		targets = [...new Set([...storedLive, ...atUrl])];
	} catch (error) {
		// Listing failed: still try the stored ids (deleting tolerates "not found").
		context.logger.warn(`Semble Webhook Trigger: could not list subscriptions (${(error as Error).message})`);
		targets = stored;
	}
	const failed: string[] = [];
	for (const id of targets) {
		try {
			await deleteOne(context, id);
		} catch (error) {
			context.logger.warn(`Semble Webhook Trigger: could not delete subscription ${id} (${(error as Error).message})`);
			failed.push(id);
		}
	}
	return failed;
}

export async function createSubscriptions(context: IHookFunctions): Promise<boolean> {
	const node = context.getNode();
	const wanted = wantedOf(context);
	if (wanted.events.length === 0) throw new NodeOperationError(node, 'Choose at least one event under "Events"');
	if (!wanted.url) throw new NodeOperationError(node, 'n8n gave this trigger no webhook URL');

	const state = stateOf(context);
	// The same URL + event type cannot be registered twice: clear this node's earlier subscriptions first.
	const leftovers = await removeAll(context, wanted.url);
	if (leftovers.length > 0) {
		state.subscriptionIds = leftovers;
		throw new NodeOperationError(
			node,
			`Could not remove this trigger’s earlier Semble webhook subscription(s) ${leftovers.join(', ')}`,
			{ description: 'Semble would refuse to register the same events again at this URL. Try again, or delete them in Semble.' },
		);
	}
	delete state.subscriptionIds;
	delete state.secret;
	delete state.url;
	delete state.eventsHash;

	const secret = newSecret();
	const chunks = chunkEvents(wanted.events);
	const workflowName = context.getWorkflow().name ?? '';
	const created: string[] = [];
	let failure: unknown;
	try {
		for (const [index, eventTypes] of chunks.entries()) {
			const label = subscriptionLabel(wanted.labelPrefix, workflowName, node.name, index + 1, chunks.length);
			created.push(await createOne(context, { url: wanted.url, eventTypes, label, headers: [{ key: DELIVERY_HEADER, value: secret }] }));
		}
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		// Leave nothing half-registered behind.
		for (const id of created) {
			try {
				await deleteOne(context, id);
			} catch (rollbackError) {
				context.logger.warn(`Semble Webhook Trigger: could not roll back subscription ${id} (${(rollbackError as Error).message})`);
				state.subscriptionIds = [...(state.subscriptionIds ?? []), id];
			}
		}
		throw failure instanceof NodeApiError || failure instanceof NodeOperationError
			? failure
			: new NodeOperationError(node, failure as Error);
	}
	state.subscriptionIds = created;
	state.secret = secret;
	state.url = wanted.url;
	state.eventsHash = wanted.eventsHash;
	return true;
}

/** Deactivation: delete every subscription; keep the ids of any that could not be deleted, to retry next time. */
export async function deleteSubscriptions(context: IHookFunctions): Promise<boolean> {
	const state = stateOf(context);
	const url = state.url ?? context.getNodeWebhookUrl('default') ?? '';
	const failed = await removeAll(context, url);
	delete state.secret;
	delete state.url;
	delete state.eventsHash;
	delete state.recentDeliveries;
	if (failed.length > 0) {
		state.subscriptionIds = failed;
		return false;
	}
	delete state.subscriptionIds;
	return true;
}
