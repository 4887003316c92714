import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Who may start this workflow. Semble documents a per-subscription `secret` "used to verify
 * webhook payloads", but the signature scheme (header name, algorithm, signed content,
 * replay window) could not be retrieved (NOTES.md §6, §10.1). Until it is known, the
 * trigger registers its own random secret as a custom header on every subscription —
 * Semble sends registered headers with each delivery — and checks it here.
 *
 * This is the one place to change once Semble's signature is documented: add a check of
 * the raw body against Semble's secret below (the raw body is already passed in) and keep
 * or drop the header check.
 */

/** Request headers as n8n hands them over (lower-case names). */
export type DeliveryHeaders = Record<string, string | string[] | undefined>;

/** The header's name (not a secret): Semble sends it with every delivery because the trigger registers it. */
export const DELIVERY_HEADER = 'X-N8N-Semble-Secret';

export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

export interface VerificationResult {
	ok: boolean;
	/** Why a delivery was refused: safe to log, never contains a secret. */
	reason?: string;
}

/**
 * Checks a delivery. `rawBody` is the exact bytes received (for a future signature check);
 * `secret` is the value registered in the custom header when the subscriptions were made.
 */
export function verifyDelivery(
	headers: DeliveryHeaders,
	rawBody: Buffer | string | undefined,
	secret: string | undefined,
): VerificationResult {
	if (!secret) return { ok: false, reason: 'this trigger has no registered secret (re-activate the workflow)' };
	const sent = headers[DELIVERY_HEADER.toLowerCase()];
	if (typeof sent !== 'string' || sent === '') return { ok: false, reason: `the ${DELIVERY_HEADER} header is missing` };
	if (!constantTimeEqual(sent, secret)) return { ok: false, reason: `the ${DELIVERY_HEADER} header is wrong` };
	// Semble's own signature: add its check of `rawBody` here once the scheme is documented.
	void rawBody;
	return { ok: true };
}

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function constantTimeEqual(a: string, b: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}
