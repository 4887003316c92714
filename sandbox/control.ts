/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: the sandbox is a local test server running in plain Node */
/** Test/bench control: in-process (SandboxControl) and over HTTP under /__sandbox/ (loopback only, no auth). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeConfig } from './context';
import type { SandboxCore } from './core';
import { type Fault, type PendingFault, validateFault } from './faults';
import { isLoopback, readBody, sendJson } from './http-util';
import type { RequestLogEntry } from './request-log';
import type { DeliveryAttempt } from './webhooks';

export type ConfigPatch = Partial<Pick<RuntimeConfig,
  'rateLimitPerMinute' | 'authErrorStatus' | 'webhooksEnabled' | 'maxPageSize' | 'signInTokenTtlSeconds' | 'webhookMaxAttempts' | 'webhookBackoffMs' | 'webhookTimeoutMs' | 'listOrder' | 'sendRetryAfter'>>;

export interface SandboxControl {
  /** Queue one fault (or several); each affects the next `count` matching GraphQL requests. */
  injectFault(fault: Fault | Fault[]): void;
  pendingFaults(): PendingFault[];
  clearFaults(): void;
  requestLog(): RequestLogEntry[];
  /** Logged requests per root field name. */
  rootFieldCounts(): Record<string, number>;
  clearLog(): void;
  /** Requests per minute per token; 0 disables. Also resets the current windows. */
  setRateLimit(perMinute: number): void;
  /** Change runtime settings; returns the full config after the change. */
  configure(patch: ConfigPatch): RuntimeConfig;
  config(): RuntimeConfig;
  /** Reseed and clear webhooks, sessions, faults, log, deliveries, rate windows (config and clock are kept). */
  reset(): void;
  deliveries(): DeliveryAttempt[];
  clearDeliveries(): void;
  /** Wait until every queued/in-flight/retrying webhook delivery has finished. */
  flushDeliveries(timeoutMs?: number): Promise<void>;
  /** Replace the base clock (the offset still applies on top). */
  setClock(now: () => Date): void;
  /** Absolute shift of the sandbox clock in ms (0 = real/base time). */
  setClockOffset(offsetMs: number): void;
  advanceClock(ms: number): void;
  now(): Date;
  /** Register an extra token whose permissions are root field names (or 'all'). */
  addToken(token: string, permissions: 'all' | string[], label?: string): void;
}

export function applyConfig(core: SandboxCore, patch: ConfigPatch): RuntimeConfig {
  const c = core.config;
  const p = patch ?? {};
  const nonNegInt = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer`);
    return v;
  };
  if (p.rateLimitPerMinute !== undefined) {
    c.rateLimitPerMinute = nonNegInt(p.rateLimitPerMinute, 'rateLimitPerMinute');
    core.limiter.reset();
  }
  if (p.authErrorStatus !== undefined) {
    if (p.authErrorStatus !== 200 && p.authErrorStatus !== 401) throw new Error('authErrorStatus must be 200 or 401');
    c.authErrorStatus = p.authErrorStatus;
  }
  if (p.webhooksEnabled !== undefined) c.webhooksEnabled = Boolean(p.webhooksEnabled);
  if (p.maxPageSize !== undefined) c.maxPageSize = Math.max(1, nonNegInt(p.maxPageSize, 'maxPageSize'));
  if (p.signInTokenTtlSeconds !== undefined) c.signInTokenTtlSeconds = nonNegInt(p.signInTokenTtlSeconds, 'signInTokenTtlSeconds');
  if (p.webhookMaxAttempts !== undefined) c.webhookMaxAttempts = Math.max(1, nonNegInt(p.webhookMaxAttempts, 'webhookMaxAttempts'));
  if (p.webhookTimeoutMs !== undefined) c.webhookTimeoutMs = Math.max(1, nonNegInt(p.webhookTimeoutMs, 'webhookTimeoutMs'));
  if (p.sendRetryAfter !== undefined) c.sendRetryAfter = Boolean(p.sendRetryAfter);
  if (p.listOrder !== undefined) {
    if (p.listOrder !== 'stable' && p.listOrder !== 'shuffled') throw new Error("listOrder must be 'stable' or 'shuffled'");
    c.listOrder = p.listOrder;
  }
  if (p.webhookBackoffMs !== undefined) {
    if (!Array.isArray(p.webhookBackoffMs)) throw new Error('webhookBackoffMs must be an array of ms');
    c.webhookBackoffMs = p.webhookBackoffMs.map((v) => nonNegInt(v, 'webhookBackoffMs[]'));
  }
  return { ...c, webhookBackoffMs: [...c.webhookBackoffMs] };
}

export function createControl(core: SandboxCore): SandboxControl {
  return {
    injectFault: (fault) => {
      const list = Array.isArray(fault) ? fault : [fault];
      list.forEach(validateFault); // all or nothing
      for (const f of list) core.faults.add(f);
    },
    pendingFaults: () => core.faults.list(),
    clearFaults: () => core.faults.clear(),
    requestLog: () => core.log.list(),
    rootFieldCounts: () => core.log.countsByRootField(),
    clearLog: () => core.log.clear(),
    setRateLimit: (perMinute) => void applyConfig(core, { rateLimitPerMinute: perMinute }),
    configure: (patch) => applyConfig(core, patch),
    config: () => applyConfig(core, {}),
    reset: () => core.reset(),
    deliveries: () => core.dispatcher.deliveries(),
    clearDeliveries: () => core.dispatcher.clear(),
    flushDeliveries: (timeoutMs) => core.dispatcher.flush(timeoutMs),
    setClock: (now) => {
      core.clock.base = now;
    },
    setClockOffset: (offsetMs) => {
      core.clock.offsetMs = offsetMs;
    },
    advanceClock: (ms) => {
      core.clock.offsetMs += ms;
    },
    now: () => core.clock.now(),
    addToken: (token, permissions, label = 'custom') => core.tokens.addToken(token, label, permissions),
  };
}

/** Routes under /__sandbox/. Returns after responding. */
export async function handleControl(core: SandboxCore, control: SandboxControl, req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'The control API only answers loopback clients.' });
  const key = `${req.method} ${route}`;
  try {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const body: unknown = raw.trim() ? JSON.parse(raw) : {};
    switch (key) {
      case 'GET /health':
        return sendJson(res, 200, { ok: true });
      case 'POST /faults':
        control.injectFault(body as Fault | Fault[]);
        return sendJson(res, 200, { ok: true, pending: control.pendingFaults() });
      case 'GET /faults':
        return sendJson(res, 200, { pending: control.pendingFaults() });
      case 'DELETE /faults':
        control.clearFaults();
        return sendJson(res, 200, { ok: true });
      case 'GET /log':
        return sendJson(res, 200, { entries: control.requestLog(), countsByRootField: control.rootFieldCounts() });
      case 'DELETE /log':
        control.clearLog();
        return sendJson(res, 200, { ok: true });
      case 'POST /reset':
        control.reset();
        return sendJson(res, 200, { ok: true, patients: core.store.countPatients(), bookings: core.store.bookings.size });
      case 'GET /config':
        return sendJson(res, 200, control.config());
      case 'POST /config':
        return sendJson(res, 200, control.configure(body as ConfigPatch));
      case 'GET /deliveries':
        return sendJson(res, 200, { deliveries: control.deliveries() });
      case 'DELETE /deliveries':
        control.clearDeliveries();
        return sendJson(res, 200, { ok: true });
      case 'POST /deliveries/flush':
        await control.flushDeliveries((body as { timeoutMs?: number }).timeoutMs);
        return sendJson(res, 200, { ok: true, deliveries: control.deliveries().length });
      case 'GET /clock':
        return sendJson(res, 200, { now: control.now().toISOString(), offsetMs: core.clock.offsetMs });
      case 'POST /clock': {
        const offsetMs = (body as { offsetMs?: unknown }).offsetMs;
        if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) throw new Error('offsetMs must be a number');
        control.setClockOffset(offsetMs);
        return sendJson(res, 200, { now: control.now().toISOString(), offsetMs });
      }
      default:
        return sendJson(res, 404, { error: `Unknown control route ${key}` });
    }
  } catch (e) {
    return sendJson(res, 400, { error: (e as Error).message });
  }
}
