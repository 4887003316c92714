/**
 * The Semble Trigger's state between checks, and the pure rules over it (NOTES.md §8.2).
 *
 * - Changes are found by `updatedAt` (or `createdAt` for "created"), never by appointment time.
 * - A check reads time ranges oldest first and moves the watermark to the end of what it read
 *   completely; a range it stopped inside (cap or time budget) is resumed from its page.
 * - What was emitted is remembered as `id@stamp` keys while it can be read again (stamp at
 *   or after watermark − overlap), so no (id, stamp) is emitted twice.
 * - `known` holds every row read in that same span (id → stamp): a late-commit probe counts
 *   against it instead of re-reading the overlap.
 * - The caller stores the new state only when the check returns: a failed check moves nothing.
 */

export interface PollState {
	/** Every change stamped before this instant (ISO) has been read; ones at it may be pending. */
	watermark: string;
	/** `id@stamp` of emitted changes whose stamp is at or after watermark − overlap. */
	seen: string[];
	/** Rows read whose stamp is at or after watermark − overlap: id → stamp (epoch ms). */
	known?: Record<string, number>;
	/** A range the last check stopped inside. */
	partial?: PartialRange;
	/** Width (ms) of the last range, sized by the density read: where the next check starts. */
	width?: number;
	/** Semble's list order was seen to move: ranges are then sized to one page each. */
	moved?: boolean;
	/** Where the first check started reading: the overlap never reaches back before it. */
	since?: string;
}

export interface PartialRange {
	start: number;
	end: number;
	/** How many rows of the range's walk were read (the offset of the next one). */
	frontier: number;
	/** The row just before the frontier, which the resumed walk must find there again. */
	lastId?: string;
	/** Ids read so far when the server's order moved (walked again until all are seen). */
	ids?: string[];
	/** With `ids`: the most rows the range was counted to hold. */
	count?: number;
}

export interface PollSettings {
	overlapMs: number;
	/** Re-read the overlap every check instead of counting it (Late Changes › Re-Read). */
	rereadOverlap?: boolean;
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
const stampOfKey = (key: string) => Date.parse(key.slice(key.lastIndexOf('@') + 1).split('#')[0]);

const iso = (time: number) => new Date(time).toISOString();

/** The state before the first check: it reads from `now − safety lag − backfill`, and nothing is known yet. */
export function firstState(now: number, settings: PollSettings, backfillMs: number): PollState {
	const since = iso(now - settings.safetyLagMs - backfillMs);
	return { watermark: since, since, seen: [] };
}

/** The end every range of this check stops at: changes younger than the safety lag wait. */
export const checkEnd = (now: number, settings: PollSettings) => now - settings.safetyLagMs;

/** The state after a check: memory kept only for what can be read again. */
export function nextState(
	watermark: number,
	seen: Iterable<string>,
	known: Map<string, number>,
	settings: PollSettings,
	extra: Pick<PollState, 'partial' | 'width' | 'moved' | 'since'>,
): PollState {
	const horizon = Math.max(watermark - settings.overlapMs, Date.parse(extra.since ?? '') || -Infinity);
	const kept = [...new Set(seen)].filter((key) => stampOfKey(key) >= horizon);
	const knownKept = Object.fromEntries([...known].filter(([, stamp]) => stamp >= horizon));
	// Once the overlap no longer reaches back to the first check's start, that start is not needed.
	const since = extra.since && Date.parse(extra.since) > watermark - settings.overlapMs ? extra.since : undefined;
	return { watermark: iso(watermark), seen: kept, known: knownKept, ...extra, since };
}
