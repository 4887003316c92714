/**
 * One poll of the Semble Trigger, as a pure step (NOTES.md §8.2):
 *
 * - The window is [watermark − overlap, now − safety lag]: a fixed end for every page of
 *   the poll, an overlap because Semble's bound inclusivity and commit lag are unknown.
 * - Changes are found by `updatedAt` (or `createdAt` for "created"), never by appointment time.
 * - What was emitted is remembered as `id@stamp` keys only while it can reappear (stamp
 *   inside the overlap), so memory stays bounded and no (id, stamp) is emitted twice.
 * - A per-poll cap emits the oldest changes first and moves the watermark only to the last
 *   one emitted: the rest come next poll instead of being dropped.
 * - The caller stores the new state only after the whole window succeeded.
 */

export interface PollState {
	/** Everything changed at or before this instant (ISO) has been emitted. */
	watermark: string;
	/** `id@stamp` of rows emitted whose stamp is still inside the overlap. */
	seen: string[];
}

export interface PollSettings {
	overlapMs: number;
	safetyLagMs: number;
	maxItems: number;
}

/** One change the poll can emit: a record at a change time. */
export interface Stamped {
	id: string;
	/** The change time the poll follows (updatedAt, createdAt for "created", a journey stage's time). */
	stamp: string;
	/** Tells apart events of one record at one instant (e.g. the journey stage). */
	variant?: string;
}

export const keyOf = (row: Stamped) => `${row.id}@${row.stamp}${row.variant ? `#${row.variant}` : ''}`;
const stampOf = (key: string) => Date.parse(key.slice(key.lastIndexOf('@') + 1).split('#')[0]);

const ms = (iso: string) => Date.parse(iso);
const iso = (time: number) => new Date(time).toISOString();

export interface Window {
	start: string;
	end: string;
}

/**
 * The state before the first check: its window starts at `now − safety lag − backfill`
 * (the watermark sits one overlap later, which windowFor reads back), and nothing is seen.
 */
export function firstState(now: number, settings: PollSettings, backfillMs: number): PollState {
	return { watermark: iso(now - settings.safetyLagMs - backfillMs + settings.overlapMs), seen: [] };
}

export function windowFor(state: PollState, now: number, settings: PollSettings): Window | undefined {
	const start = ms(state.watermark) - settings.overlapMs;
	const end = now - settings.safetyLagMs;
	return end > start ? { start: iso(start), end: iso(end) } : undefined;
}

/** Decides what to emit from a scanned window and what the next state is. */
export function settle<T extends Stamped>(
	state: PollState,
	window: Window,
	rows: T[],
	settings: PollSettings,
): { emit: T[]; state: PollState } {
	const seen = new Set(state.seen);
	const fresh = new Map<string, T>();
	for (const row of rows) {
		const key = keyOf(row);
		if (!seen.has(key) && ms(row.stamp) <= ms(window.end)) fresh.set(key, row);
	}
	const ordered = [...fresh.values()].sort((a, b) => ms(a.stamp) - ms(b.stamp) || a.id.localeCompare(b.id));
	const emit = ordered.slice(0, settings.maxItems);
	const capped = ordered.length > emit.length;
	const watermark = capped ? emit[emit.length - 1].stamp : window.end;
	const horizon = ms(watermark) - settings.overlapMs;
	const kept = [...state.seen, ...emit.map(keyOf)].filter((key) => stampOf(key) >= horizon);
	return { emit, state: { watermark: iso(ms(watermark)), seen: [...new Set(kept)] } };
}
