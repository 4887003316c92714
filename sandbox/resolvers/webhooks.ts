/** webhook / webhooks queries and createWebhook / updateWebhook / deleteWebhook with the [WH guide] rules. */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context';
import { KNOWN_EVENT_TYPES, MAX_EVENT_TYPES, MAX_LABEL_LENGTH, SUBSCRIPTION_UPDATED } from '../events';
import type { WebhookRecord } from '../types';
import { type Args, payload, PayloadError, type ResolverMap } from './common';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'transfer-encoding', 'connection']);

function checkUrl(url: unknown): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    // eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox server code, not an n8n node
    throw new PayloadError('url is not a valid URL');
  }
  if (parsed.protocol === 'https:') return parsed.href;
  // SANDBOX DEVIATION: Semble requires HTTPS; the sandbox also accepts http:// on loopback so a local n8n can receive.
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed.href;
  throw new PayloadError('url must use HTTPS');
}

function checkEventTypes(eventTypes: unknown): string[] {
  if (!Array.isArray(eventTypes) || eventTypes.length === 0) throw new PayloadError('eventTypes must contain at least one event type');
  if (eventTypes.length > MAX_EVENT_TYPES) throw new PayloadError(`A subscription can have at most ${MAX_EVENT_TYPES} event types`);
  const seen = new Set<string>();
  for (const t of eventTypes as string[]) {
    if (!KNOWN_EVENT_TYPES.has(t)) throw new PayloadError(`Unknown event type: ${t} (use lowercase dotted names such as "patient.created")`);
    if (seen.has(t)) throw new PayloadError(`Duplicate event type: ${t}`);
    seen.add(t);
  }
  return [...seen];
}

function checkLabel(label: unknown): string {
  if (typeof label !== 'string' || label.trim() === '') throw new PayloadError('label is required');
  if (label.length > MAX_LABEL_LENGTH) throw new PayloadError(`label must be at most ${MAX_LABEL_LENGTH} characters`);
  return label;
}

// ASSUMPTION: header validation rules are undocumented; the sandbox rejects invalid names and transport headers.
function checkHeaders(headers: unknown): { key: string; value: string }[] {
  const list = (headers ?? []) as Args[];
  return list.map((h) => {
    if (!HEADER_NAME.test(h.key)) throw new PayloadError(`Invalid header name: ${h.key}`);
    if (RESERVED_HEADERS.has(String(h.key).toLowerCase())) throw new PayloadError(`Header ${h.key} cannot be overridden`);
    if (/[\r\n]/.test(h.value)) throw new PayloadError(`Invalid value for header ${h.key}`);
    return { key: String(h.key), value: String(h.value) };
  });
}

/** [WH guide]: the same url + eventType pair cannot be registered twice (also on update). */
function checkConflicts(ctx: Ctx, url: string, eventTypes: string[], selfId: string | null): void {
  for (const w of ctx.store.webhooks.values()) {
    if (w.deleted || w.id === selfId || w.url !== url) continue;
    const clash = eventTypes.find((t) => w.eventTypes.includes(t));
    if (clash) throw new PayloadError(`Event type ${clash} is already registered for ${url} (subscription ${w.id})`);
  }
}

function liveWebhook(ctx: Ctx, id: unknown): WebhookRecord {
  const w = ctx.store.webhooks.get(String(id));
  if (!w || w.deleted) throw new PayloadError('Webhook subscription not found');
  return w;
}

export const webhookResolvers: ResolverMap = {
  Query: {
    webhook: (_p, args, ctx) => ctx.store.webhooks.get(args.id) ?? null,
    webhooks: (_p, args, ctx) => [...ctx.store.webhooks.values()].filter((w) => args.includeDeleted === true || !w.deleted),
  },
  Mutation: {
    createWebhook: (_p, args, ctx) => payload(() => {
      if (!ctx.config.webhooksEnabled) throw new PayloadError('Webhooks are not enabled for this practice. Contact Semble support to enable them.');
      const input: Args = args.input;
      const url = checkUrl(input.url);
      const eventTypes = checkEventTypes(input.eventTypes);
      const label = checkLabel(input.label);
      const headers = checkHeaders(input.headers);
      checkConflicts(ctx, url, eventTypes, null);
      const now = ctx.nowIso();
      const w: WebhookRecord = {
        // The secret's format and signing scheme are unknown (NOTES §6, §10.1); the sandbox never signs deliveries.
        id: ctx.store.ids.next('webhook'), secret: randomBytes(32).toString('hex'), url, label, eventTypes, headers,
        version: '1', deliveryPaused: false, deleted: false, createdAt: now, updatedAt: now,
      };
      ctx.store.webhooks.set(w.id, w);
      return w;
    }),
    // Partial update: omitted fields stay unchanged, headers: [] clears them [D mutations/update-webhook].
    updateWebhook: (_p, args, ctx) => payload(() => {
      const w = liveWebhook(ctx, args.id);
      const input: Args = args.input ?? {};
      const url = input.url != null ? checkUrl(input.url) : w.url;
      const eventTypes = input.eventTypes != null ? checkEventTypes(input.eventTypes) : w.eventTypes;
      const label = input.label != null ? checkLabel(input.label) : w.label;
      const headers = input.headers != null ? checkHeaders(input.headers) : w.headers;
      checkConflicts(ctx, url, eventTypes, w.id);
      Object.assign(w, { url, eventTypes, label, headers, updatedAt: ctx.nowIso() });
      if (typeof input.deliveryPaused === 'boolean') {
        w.deliveryPaused = input.deliveryPaused;
        ctx.emit(SUBSCRIPTION_UPDATED, { subscriptionId: w.id }, { deliveryPaused: w.deliveryPaused });
      }
      return w;
    }),
    // Soft delete [D mutations/delete-webhook]: still readable with webhooks(includeDeleted: true).
    deleteWebhook: (_p, args, ctx) => payload(() => {
      const w = liveWebhook(ctx, args.id);
      w.deleted = true;
      w.updatedAt = ctx.nowIso();
      return w;
    }),
  },
};
