/**
 * A circuit breaker per credential, per process: when Semble keeps failing (5xx, timeouts,
 * resets, unreachable), stop sending for a while instead of adding to an outage and burning
 * the practice's rate budget.
 * - closed: requests flow; FAILURES_TO_OPEN failures within WINDOW_MS open it.
 * - open: every call fails at once, saying until when, for OPEN_MS.
 * - half-open: one request at a time probes; SUCCESSES_TO_CLOSE in a row close it, a failure
 *   opens it again.
 * A rate-limit refusal is not a failure (pacing handles it), nor is an answer Semble gave on
 * purpose (a validation or permission error).
 */

export const FAILURES_TO_OPEN = 5;
export const WINDOW_MS = 60_000;
export const OPEN_MS = 30_000;
export const SUCCESSES_TO_CLOSE = 3;

interface Circuit {
	failures: number[];
	openUntil?: number;
	halfOpen: boolean;
	probing: boolean;
	successes: number;
}

const circuits = new Map<string, Circuit>();

function circuitOf(key: string): Circuit {
	let circuit = circuits.get(key);
	if (!circuit) {
		circuit = { failures: [], halfOpen: false, probing: false, successes: 0 };
		circuits.set(key, circuit);
	}
	return circuit;
}

/** Until when calls are refused (epoch ms), or undefined when this request may go. */
export function refusedUntil(key: string, now = Date.now()): number | undefined {
	const circuit = circuitOf(key);
	if (circuit.openUntil !== undefined) {
		if (now < circuit.openUntil) return circuit.openUntil;
		circuit.openUntil = undefined;
		circuit.halfOpen = true;
		circuit.successes = 0;
	}
	if (circuit.halfOpen) {
		// One probe at a time; the others wait for its verdict as if still open.
		if (circuit.probing) return now + 1000;
		circuit.probing = true;
	}
	return undefined;
}

export function recordSuccess(key: string): void {
	const circuit = circuitOf(key);
	circuit.probing = false;
	if (!circuit.halfOpen) return;
	if (++circuit.successes >= SUCCESSES_TO_CLOSE) {
		circuit.halfOpen = false;
		circuit.failures = [];
	}
}

/** A probe answered with a rate limit says nothing about Semble's health: let the next one go. */
export function releaseProbe(key: string): void {
	circuitOf(key).probing = false;
}

export function recordFailure(key: string, now = Date.now()): void {
	const circuit = circuitOf(key);
	circuit.probing = false;
	if (circuit.halfOpen) {
		circuit.halfOpen = false;
		circuit.openUntil = now + OPEN_MS;
		return;
	}
	circuit.failures = [...circuit.failures.filter((at) => now - at < WINDOW_MS), now];
	if (circuit.failures.length >= FAILURES_TO_OPEN) {
		circuit.openUntil = now + OPEN_MS;
		circuit.failures = [];
	}
}

/** Back to closed, as a fresh process starts (for tests). */
export function resetCircuits(): void {
	circuits.clear();
}
