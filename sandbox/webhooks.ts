/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- not shipped: the sandbox is a local test server running in plain Node */
/**
 * Real webhook delivery: after an operation executes, each event is POSTed to every live,
 * unpaused subscription listing its type. Failed attempts are retried with backoff; each
 * attempt carries a new eventId (NOTES §6: "unique ID for this delivery attempt").
 * ASSUMPTION (NOTES §10.1-10.3): retry count/schedule, success codes and signing are
 * undocumented. Sandbox: 2xx = delivered, 3 attempts, 200 ms / 400 ms backoff, no signature.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { RuntimeConfig, SandboxEvent } from './context';
import { DELIVERY_FAILED } from './events';
import type { SandboxStore } from './store';
import type { WebhookRecord } from './types';

export interface DeliveryAttempt {
  outboxId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  maxAttempts: number;
  ok: boolean;
  /** HTTP status from the receiver, or null when there was no response. */
  status: number | null;
  error: string | null;
  at: string;
  durationMs: number;
  identifiers: Record<string, string>;
}

export class WebhookDispatcher {
  private attempts: DeliveryAttempt[] = [];
  private pending = 0;
  private waiters: (() => void)[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private requests = new Set<http.ClientRequest>();
  private closed = false;

  constructor(private store: SandboxStore, private config: () => RuntimeConfig, private now: () => Date) {}

  /** Queue events produced by one operation; delivery starts on a later tick (after the response is written). */
  dispatch(events: readonly SandboxEvent[]): void {
    if (!events.length || this.closed) return;
    this.pending++;
    setImmediate(() => {
      try {
        for (const e of events) this.fanOut(e);
      } finally {
        this.done();
      }
    });
  }

  deliveries(): DeliveryAttempt[] {
    return this.attempts.map((a) => ({ ...a }));
  }

  clear(): void {
    this.attempts = [];
  }

  /** Resolves once nothing is queued, in flight or waiting to retry (including deliveryFailed follow-ups). */
  flush(timeoutMs = 30_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Webhook deliveries still pending after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stop everything: cancel retries, abort requests, release waiters. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const r of this.requests) r.destroy();
    this.requests.clear();
    this.pending = 0;
    this.done();
  }

  private done(): void {
    if (this.pending > 0) this.pending--;
    if (this.pending === 0) for (const w of this.waiters.splice(0)) w();
  }

  private fanOut(event: SandboxEvent): void {
    for (const sub of this.store.webhooks.values()) {
      if (sub.deleted || sub.deliveryPaused || !sub.eventTypes.includes(event.eventType)) continue;
      this.pending++;
      void this.deliver(sub.id, event).finally(() => this.done());
    }
  }

  private async deliver(subscriptionId: string, event: SandboxEvent): Promise<void> {
    const outboxId = randomUUID();
    const maxAttempts = Math.max(1, this.config().webhookMaxAttempts);
    let lastStatus: number | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const sub = this.store.webhooks.get(subscriptionId);
      if (this.closed || !sub || sub.deleted || sub.deliveryPaused) return;
      const eventId = randomUUID();
      const body = JSON.stringify({
        subscriptionId, eventId, eventType: event.eventType, identifiers: event.identifiers,
        ...(event.metadata ? { metadata: event.metadata } : {}),
      });
      const started = Date.now();
      const result = await this.post(sub, body);
      if (this.closed) return;
      this.attempts.push({
        outboxId, subscriptionId, eventId, eventType: event.eventType, url: sub.url, attempt, maxAttempts,
        ok: result.ok, status: result.status, error: result.error, at: this.now().toISOString(),
        durationMs: Date.now() - started, identifiers: { ...event.identifiers },
      });
      if (result.ok) return;
      lastStatus = result.status;
      if (attempt < maxAttempts) await this.sleep(this.backoff(attempt));
    }
    // Retries exhausted. A failed deliveryFailed notice does not trigger another one (no loops).
    if (event.eventType !== DELIVERY_FAILED && !this.closed) {
      this.fanOut({
        eventType: DELIVERY_FAILED,
        identifiers: { subscriptionId, outboxId },
        metadata: { failedEventType: event.eventType, ...(lastStatus !== null ? { httpStatusCode: lastStatus } : {}) },
      });
    }
  }

  private backoff(attempt: number): number {
    const list = this.config().webhookBackoffMs;
    return list.length ? list[Math.min(attempt - 1, list.length - 1)] : 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private post(sub: WebhookRecord, body: string): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      const url = new URL(sub.url);
      const headers: Record<string, string | number> = {};
      for (const h of sub.headers) headers[h.key] = h.value;
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
      headers['user-agent'] = 'semble-sandbox-webhooks/1';
      let settled = false;
      const finish = (status: number | null, error: string | null): void => {
        if (settled) return;
        settled = true;
        this.requests.delete(req);
        resolve({ ok: status !== null && status >= 200 && status < 300, status, error });
      };
      const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, agent: false, timeout: this.config().webhookTimeoutMs }, (res) => {
        res.resume(); // drain; only the status matters
        finish(res.statusCode ?? null, null);
      });
      this.requests.add(req);
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.config().webhookTimeoutMs} ms`)));
      req.on('error', (e) => finish(null, e.message));
      req.end(body);
    });
  }
}
