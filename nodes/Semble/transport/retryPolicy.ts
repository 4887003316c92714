/**
 * When a failed Semble request may be sent again.
 *
 * Reads are idempotent: they retry on anything transient. Writes retry only when the
 * request provably did not run: the connection was never made, or Semble rejected it
 * up front (429 rate limit, or a 401 answered before any work). A timeout, a reset or a
 * 5xx after sending may have applied the change, so a write is never repeated then.
 */

export type RequestKind = 'read' | 'write';

export type FailureClass =
	| 'notSent' // connection refused / DNS: never reached Semble
	| 'rateLimited' // 429 or a rate-limit GraphQL error: rejected before running
	| 'transient' // 5xx, timeout, reset, unreadable body: may or may not have run
	| 'final'; // auth, permission, validation, payload error: retrying cannot help

export const MAX_ATTEMPTS = 5;
/**
 * A rate-limit refusal never ran and the pacing slows down after it, so it may be tried for
 * longer: Semble's window is a minute, and 20 tries spaced as below wait out about four.
 */
const MAX_RATE_LIMITED_ATTEMPTS = 20;
/** Without Retry-After, probe the rate window every few seconds, never more than 12 s apart. */
const RATE_LIMIT_BASE_MS = 3000;
const RATE_LIMIT_MAX_MS = 12_000;
const BASE_DELAY_MS = 300;
const MAX_DELAY_MS = 20_000;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classifyNetworkError(code: string | undefined): FailureClass {
	return code && NOT_SENT_CODES.has(code) ? 'notSent' : 'transient';
}

export function classifyStatus(status: number): FailureClass {
	if (status === 429) return 'rateLimited';
	if (status >= 500) return 'transient';
	return 'final';
}

export function mayRetry(failure: FailureClass, kind: RequestKind, attempt: number): boolean {
	if (failure === 'rateLimited') return attempt < MAX_RATE_LIMITED_ATTEMPTS;
	if (attempt >= MAX_ATTEMPTS || failure === 'final') return false;
	if (kind === 'read') return true;
	return failure === 'notSent';
}

/**
 * Exponential backoff with full jitter; a server's Retry-After is a floor. A rate limit
 * without Retry-After is probed 3, 6, 12, 12 … s apart (±20%): often enough to resume soon
 * after Semble's minute frees up, rarely enough that several workers refuse few requests.
 */
export function retryDelayMs(attempt: number, retryAfterMs?: number, failure?: FailureClass): number {
	if (retryAfterMs !== undefined) return retryAfterMs + Math.random() * BASE_DELAY_MS;
	if (failure === 'rateLimited') {
		return Math.min(RATE_LIMIT_MAX_MS, RATE_LIMIT_BASE_MS * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
	}
	return Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
