/** Per-request execution context shared by all resolvers. */
import type { SandboxStore } from './store';

export interface RuntimeConfig {
  rateLimitPerMinute: number;
  authErrorStatus: 200 | 401;
  webhooksEnabled: boolean;
  maxPageSize: number;
  signInTokenTtlSeconds: number;
  /** Total delivery attempts per event (first try + retries). */
  webhookMaxAttempts: number;
  /** Wait before retry n (index 0 = before the 2nd attempt); the last value repeats. */
  webhookBackoffMs: number[];
  webhookTimeoutMs: number;
  /**
   * ASSUMPTION (NOTES §2, §10.4): Semble documents no list order. 'stable' lists in store order;
   * 'shuffled' reshuffles the matching records on EVERY list request, so offset pages overlap
   * and miss, the worst case a client must survive.
   */
  listOrder: 'stable' | 'shuffled';
  /** ASSUMPTION (NOTES §10.8): whether Semble's 429 carries Retry-After is unknown; false omits it. */
  sendRetryAfter: boolean;
}

export interface AuthInfo {
  /** Safe to log: never the token itself. */
  label: string;
  permissions: 'all' | ReadonlySet<string>;
  /** The signed-in user, for signIn tokens (API tokens act as the practice, not a user). */
  userId: string | null;
}

export type Identifiers = Record<string, string | null | undefined>;

export interface SandboxEvent {
  eventType: string;
  identifiers: Record<string, string>;
  metadata?: Record<string, unknown>;
}

export interface Ctx {
  store: SandboxStore;
  config: RuntimeConfig;
  auth: AuthInfo;
  now(): Date;
  nowIso(): string;
  /** Queue a webhook event; delivered after the operation has executed. */
  emit(eventType: string, identifiers: Identifiers, metadata?: Record<string, unknown>): void;
  /** Returns a signIn token for valid credentials, else null. */
  signIn(email: string, password: string): string | null;
  /** Set by the `payloadError` fault: every root mutation returns {data:null, error} unexecuted. */
  forcedPayloadError?: string;
}

export function hasPermission(auth: AuthInfo, permission: string): boolean {
  return auth.permissions === 'all' || auth.permissions.has(permission);
}
