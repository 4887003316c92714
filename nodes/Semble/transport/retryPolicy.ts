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
	if (attempt >= MAX_ATTEMPTS || failure === 'final') return false;
	if (kind === 'read') return true;
	return failure === 'notSent' || failure === 'rateLimited';
}

/** Exponential backoff with full jitter; a server's Retry-After is a floor. */
export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	const jitter = Math.random() * ceiling;
	return retryAfterMs !== undefined ? retryAfterMs + Math.random() * BASE_DELAY_MS : jitter;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
