/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: the sandbox is a local test server running in plain Node */
/** All mutable sandbox state in one place, shared by the HTTP handlers and the in-process control. */
import { TokenRegistry } from './auth';
import type { AuthInfo, Ctx, RuntimeConfig, SandboxEvent } from './context';
import { FaultQueue } from './faults';
import { RateLimiter } from './ratelimit';
import { RequestLog } from './request-log';
import { seedStore } from './seed';
import { SIGN_IN_EMAIL, SIGN_IN_PASSWORD } from './seed-practice';
import { SandboxStore } from './store';
import { WebhookDispatcher } from './webhooks';

export interface SandboxOptions {
  port?: number;
  seed?: number;
  scale?: { patients?: number; bookings?: number };
  rateLimitPerMinute?: number;
  authErrorStatus?: 200 | 401;
  signInTokenTtlSeconds?: number;
  webhooksEnabled?: boolean;
  now?: () => Date;
  maxPageSize?: number;
  /** See RuntimeConfig.listOrder. */
  listOrder?: 'stable' | 'shuffled';
}

export const DEFAULT_PATIENTS = 2000;
export const DEFAULT_BOOKINGS = 5000;

/**
 * Bookings default to 5,000, or 2.5 per patient when only the patient count is scaled,
 * capped at 40,000: about what 8 clinicians can see in 21 months without double-booking.
 */
export const MAX_DEFAULT_BOOKINGS = 40_000;
export function bookingCount(scale: SandboxOptions['scale']): number {
  if (scale?.bookings !== undefined) return scale.bookings;
  if (scale?.patients !== undefined) return Math.min(MAX_DEFAULT_BOOKINGS, Math.round(scale.patients * 2.5));
  return DEFAULT_BOOKINGS;
}

/** Sandbox clock: a replaceable base clock plus an offset (POST /__sandbox/clock). */
export class Clock {
  offsetMs = 0;
  constructor(public base: () => Date) {}
  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }
}

export class SandboxCore {
  readonly store = new SandboxStore();
  readonly tokens = new TokenRegistry();
  readonly limiter = new RateLimiter();
  readonly faults = new FaultQueue();
  readonly log = new RequestLog();
  readonly clock: Clock;
  readonly config: RuntimeConfig;
  readonly dispatcher: WebhookDispatcher;

  constructor(readonly options: SandboxOptions) {
    this.clock = new Clock(options.now ?? (() => new Date()));
    this.config = {
      rateLimitPerMinute: options.rateLimitPerMinute ?? 240,
      authErrorStatus: options.authErrorStatus ?? 401,
      webhooksEnabled: options.webhooksEnabled ?? true,
      maxPageSize: options.maxPageSize ?? 100,
      signInTokenTtlSeconds: options.signInTokenTtlSeconds ?? 43_200,
      webhookMaxAttempts: 3,
      webhookBackoffMs: [200, 400],
      webhookTimeoutMs: 5000,
      listOrder: options.listOrder ?? 'stable',
      sendRetryAfter: true,
    };
    this.dispatcher = new WebhookDispatcher(this.store, () => this.config, () => this.clock.now());
    this.seed();
  }

  /** (Re)generate the data. The data's time anchor is the sandbox clock at seeding time. */
  seed(): void {
    seedStore(this.store, {
      seed: this.options.seed ?? 1,
      patients: this.options.scale?.patients ?? DEFAULT_PATIENTS,
      bookings: bookingCount(this.options.scale),
      now: this.clock.now(),
    });
  }

  private timers = new Map<NodeJS.Timeout, () => void>();

  /** A delay that close() can cut short, so a pending `slow` fault never outlives the server. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  stopTimers(): void {
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  /** Back to the state just after start: data, webhooks, sessions, faults, log, deliveries, rate windows. Config and clock are kept. */
  reset(): void {
    this.seed();
    this.tokens.reset();
    this.limiter.reset();
    this.faults.clear();
    this.log.clear();
    this.dispatcher.clear();
  }

  /** Execution context for one GraphQL operation; `events` collects webhook events for dispatch afterwards. */
  context(auth: AuthInfo, events: SandboxEvent[], forcedPayloadError?: string): Ctx {
    return {
      store: this.store,
      config: this.config,
      auth,
      now: () => this.clock.now(),
      nowIso: () => this.clock.now().toISOString(),
      emit: (eventType, identifiers, metadata) => {
        const ids: Record<string, string> = {};
        for (const [k, v] of Object.entries(identifiers)) if (v !== null && v !== undefined) ids[k] = v; // optional ids are omitted
        events.push({ eventType, identifiers: ids, ...(metadata ? { metadata } : {}) });
      },
      signIn: (email, password) => {
        if (email.trim().toLowerCase() !== SIGN_IN_EMAIL || password !== SIGN_IN_PASSWORD) return null;
        return this.tokens.issueSession(this.store.signInUserId, this.clock.now().getTime(), this.config.signInTokenTtlSeconds);
      },
      forcedPayloadError,
    };
  }
}
