import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { z } from 'zod';

import { withDerivedFields } from '../records/booking';
import { sembleRequest } from '../transport';
import { eventBookingResponse, eventPatientResponse, GET_EVENT_BOOKING, GET_EVENT_PATIENT } from './documents';
import type { RecordKind } from './events';
import { CATCH_UP_EVENTS, recordKindOf } from './events';
import type { TriggerState } from './registration';
import { stateOf } from './registration';
import { verifyDelivery } from './verify';

/**
 * One delivery from Semble: authenticate it, check its shape, acknowledge it at once (Semble
 * wants a quick 2xx), fetch the record it is about, drop repeats, emit one item.
 */

/** The delivery body Semble documents (NOTES.md §6): ids only, no record data. */
export const deliverySchema = z.object({
	subscriptionId: z.string().min(1),
	eventId: z.string().min(1),
	eventType: z.string().regex(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/, 'is not a dotted event name'),
	identifiers: z.record(z.union([z.string(), z.number()]).transform(String)),
	// An object in the docs' examples; the SDL sketch calls it a String, so JSON text is accepted too.
	metadata: z
		.union([z.record(z.unknown()), z.string()])
		.nullish()
		.transform((value) => (typeof value === 'string' ? metadataFromText(value) : (value ?? null))),
});

function metadataFromText(text: string): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	} catch {
		// not JSON: kept as text below
	}
	return { text };
}

export type Delivery = z.infer<typeof deliverySchema>;

/** How many recent deliveries are remembered to spot repeats (static data stays small). */
export const RECENT_DELIVERIES = 200;

export interface DeliveryItem extends IDataObject {
	eventType: string;
	eventId: string;
	subscriptionId: string;
	identifiers: Record<string, string>;
	metadata: IDataObject | null;
	recordType: RecordKind | null;
	record: IDataObject | null;
	note?: string;
	catchUpNeeded?: boolean;
}

export async function receiveDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = context.getResponseObject();
	const request = context.getRequestObject();
	const state = stateOf(context);

	const verdict = verifyDelivery(context.getHeaderData(), (request as { rawBody?: Buffer }).rawBody, state.secret);
	if (!verdict.ok) {
		context.logger.warn(`Semble Webhook Trigger: refused a delivery: ${verdict.reason}`);
		response.status(401).json({ message: 'Unauthorized' });
		return { noWebhookResponse: true };
	}

	const parsed = deliverySchema.safeParse(context.getBodyData());
	if (!parsed.success) {
		const where = parsed.error.issues
			.slice(0, 3)
			.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
			.join('; ');
		response.status(400).json({ message: `Not a Semble webhook delivery: ${where}` });
		return { noWebhookResponse: true };
	}

	// Acknowledge before the record fetch: Semble retries slow or failed answers.
	response.status(200).json({ received: true });

	const item = await buildItem(context, parsed.data);
	const ignoreRepeats = (context.getNodeParameter('options', {}) as { ignoreRepeatedDeliveries?: boolean })
		.ignoreRepeatedDeliveries;
	if (ignoreRepeats !== false && noteDelivery(state, deliveryKey(item)) === 'repeat') {
		return { noWebhookResponse: true };
	}
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}

async function buildItem(context: IWebhookFunctions, delivery: Delivery): Promise<DeliveryItem> {
	const item: DeliveryItem = {
		eventType: delivery.eventType,
		eventId: delivery.eventId,
		subscriptionId: delivery.subscriptionId,
		identifiers: delivery.identifiers,
		metadata: delivery.metadata as IDataObject | null,
		recordType: null,
		record: null,
	};
	if (CATCH_UP_EVENTS.has(delivery.eventType)) item.catchUpNeeded = true;

	const kind = recordKindOf(delivery.eventType);
	if (!kind || context.getNodeParameter('fetchFullRecord', true) === false) return item;
	item.recordType = kind;
	const ids = delivery.identifiers;

	if (delivery.eventType === 'patient.deleted') {
		item.note = `Patient ${ids.patientId ?? '(unknown)'} was deleted in Semble, so there is no record to fetch.`;
		return item;
	}
	if (delivery.eventType === 'patient.merged') {
		item.note = `Patient ${ids.sourcePatientId ?? '(unknown)'} was merged into patient ${ids.targetPatientId ?? '(unknown)'}; the merged-away record no longer exists. Fetch the target patient if you need it.`;
		return item;
	}
	const id = kind === 'booking' ? ids.bookingId : ids.patientId;
	if (!id) {
		item.note = `The delivery names no ${kind === 'booking' ? 'bookingId' : 'patientId'}, so no record was fetched.`;
		return item;
	}
	try {
		if (kind === 'booking') {
			const { booking } = await sembleRequest.call(context, {
				document: GET_EVENT_BOOKING,
				variables: { id },
				kind: 'read',
				schema: eventBookingResponse,
			});
			item.record = booking ? (withDerivedFields(booking) as IDataObject) : null;
		} else {
			const { patient } = await sembleRequest.call(context, {
				document: GET_EVENT_PATIENT,
				variables: { id },
				kind: 'read',
				schema: eventPatientResponse,
			});
			item.record = (patient as IDataObject | null) ?? null;
		}
		if (!item.record) item.note = `Semble has no ${kind} with ID ${id} any more (it may have been deleted since the event).`;
	} catch (error) {
		// Already acknowledged: emit the event anyway, so the workflow can fetch it later.
		item.note = `The ${kind} could not be fetched from Semble: ${(error as Error).message}`;
	}
	return item;
}

/** Sorted keys, so the same content always hashes the same. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
		);
	}
	return value;
}

/** Events that happen once for their identifiers: the same ids again can only be a repeat. */
export function happensOnce(eventType: string): boolean {
	return /\.(created|deleted)$/.test(eventType) || eventType === 'patient.merged' || eventType === 'webhook.event.deliveryFailed';
}

/**
 * eventId is new on every delivery attempt, so a repeat is recognised by what it is about.
 * An event that happens once (created, deleted, merged, deliveryFailed) is keyed on its type,
 * identifiers and metadata. Any other event is keyed on those plus the fetched record's
 * updatedAt, i.e. on the version of the record it produced. An event that is neither (no
 * record fetched) has no key: it is always emitted, so a genuine change is never dropped.
 */
export function deliveryKey(item: DeliveryItem): string | undefined {
	const once = happensOnce(item.eventType);
	const updatedAt = typeof item.record?.updatedAt === 'string' ? item.record.updatedAt : undefined;
	if (!once && !updatedAt) return undefined;
	const content = JSON.stringify(canonical([item.eventType, item.identifiers, item.metadata ?? null, once ? null : updatedAt]));
	return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}

/**
 * Notes a delivery in the node's static data (a bounded list of recent keys) and says whether
 * it was a repeat of one already noted. A delivery without a key is never a repeat.
 */
export function noteDelivery(state: TriggerState, key: string | undefined): 'new' | 'repeat' {
	if (key === undefined) return 'new';
	const recent = state.recentDeliveries ?? [];
	if (recent.includes(key)) return 'repeat';
	state.recentDeliveries = [...recent, key].slice(-RECENT_DELIVERIES);
	return 'new';
}
