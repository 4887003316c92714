import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing per credential, shared with no one: n8n gives nodes no store that
 * queue-mode workers share. Semble allows ~240 requests a minute per practice, shared by
 * every workflow and worker on the token, so each process
 * - spaces its requests evenly at its current rate (never above the credential's limit);
 * - on a 429 halves that rate (at most once every 5 s, however many 429s arrive together; never
 *   below 10% of the limit) and waits out Retry-After when Semble sends one;
 * - recovers slowly: +5% of the limit for each request that went through.
 * Independent processes so converge under Semble's limit, as congestion control does.
 */

interface Pace {
	/** When the next request may leave (epoch ms). */
	nextSlotAt: number;
	/** Requests a minute this process allows itself now. */
	rate: number;
	lastCutAt: number;
}

const paces = new Map<string, Pace>();

/** 1% slack: requests arrive with network jitter, and Semble counts arrivals, not sends. */
const SAFETY_MARGIN = 1.01;
/** The rate never falls below this share of the limit, so a process is never starved. */
const FLOOR_SHARE = 0.1;
const RECOVERY_SHARE = 0.05;
/** One cut per episode: the 429s that arrive while the same congestion lasts count once. */
const CUT_EVERY_MS = 5000;

function paceOf(key: string, limit: number): Pace {
	let pace = paces.get(key);
	if (!pace) {
		pace = { nextSlotAt: 0, rate: limit, lastCutAt: 0 };
		paces.set(key, pace);
	}
	pace.rate = Math.min(pace.rate, limit); // the credential's limit may have been lowered
	return pace;
}

export async function waitForSlot(key: string, requestsPerMinute: number): Promise<void> {
	const limit = Math.max(1, requestsPerMinute);
	const pace = paceOf(key, limit);
	const interval = (60_000 / pace.rate) * SAFETY_MARGIN;
	const now = Date.now();
	// A slot more than a few minutes ahead means the clock went back (e.g. an NTP step): start afresh.
	const slot = pace.nextSlotAt > now + 5 * 60_000 ? now : Math.max(now, pace.nextSlotAt);
	pace.nextSlotAt = slot + interval;
	if (slot > now) await sleep(slot - now);
}

/** Semble refused a request for the rate: slow down, and wait out Retry-After if it said. */
export function rateLimited(key: string, requestsPerMinute: number, retryAfterMs?: number): void {
	const limit = Math.max(1, requestsPerMinute);
	const pace = paceOf(key, limit);
	const now = Date.now();
	if (now - pace.lastCutAt >= CUT_EVERY_MS) {
		pace.rate = Math.max(limit * FLOOR_SHARE, pace.rate / 2);
		pace.lastCutAt = now;
	}
	if (retryAfterMs !== undefined) pace.nextSlotAt = Math.max(pace.nextSlotAt, now + retryAfterMs);
}

/** A request went through: recover a little of the rate. */
export function wentThrough(key: string, requestsPerMinute: number): void {
	const limit = Math.max(1, requestsPerMinute);
	const pace = paceOf(key, limit);
	pace.rate = Math.min(limit, pace.rate + limit * RECOVERY_SHARE);
}

/** The rate a process allows itself now (for tests and the bench). */
export const currentRate = (key: string) => paces.get(key)?.rate;

/** Back to the full rate, as a fresh process starts (for tests). */
export function resetPaces(): void {
	paces.clear();
}
