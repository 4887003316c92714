import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing per credential. Semble allows ~240 requests a minute per practice,
 * shared by every workflow on the token, so requests are spaced evenly (one every
 * 60 000 / limit ms) rather than burst: parallel items and pages queue for their slot.
 * The state is per process; with several queue-mode workers lower the credential's limit.
 */
const nextSlotAt = new Map<string, number>();

/** 1% slack: requests arrive with network jitter, and Semble counts arrivals, not sends. */
const SAFETY_MARGIN = 1.01;

export async function waitForSlot(key: string, requestsPerMinute: number): Promise<void> {
	const interval = (60_000 / Math.max(1, requestsPerMinute)) * SAFETY_MARGIN;
	const now = Date.now();
	const booked = nextSlotAt.get(key) ?? 0;
	// A slot more than a minute ahead means the clock went back (e.g. an NTP step): start afresh.
	const slot = booked > now + 60_000 ? now : Math.max(now, booked);
	nextSlotAt.set(key, slot + interval);
	if (slot > now) await sleep(slot - now);
}
