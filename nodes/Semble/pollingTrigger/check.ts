import type { PartialRange, PollSettings, PollState } from './pollCycle';
import { keyOf, nextState } from './pollCycle';
import { isCluster, PAGED_RANGE_MS, SMALLEST_RANGE_MS, splitPoint } from './ranges';
import { pageAfter, PAGE_SIZE } from './walk';
import type { Change, Row } from './watchers';

/**
 * One check of the Semble Trigger (docs/nodes/triggers.md has the cost model and figures).
 *
 * - Time ranges are read oldest first, each sized from the density just read to hold about
 *   TARGET_ROWS, until the check holds what it may emit (Max Items per Check) or its time
 *   budget is spent; the watermark moves to the end of what was read completely, and a range
 *   it stopped inside is resumed from its frontier. A backlog of N changes costs about N / 100
 *   requests plus a few to size the ranges, at one instant or over a day.
 * - Semble documents no list order. A range's pages overlap (walk.ts), so a row that shifted
 *   between pages is seen; a long range is then split, a one-second cluster is walked again
 *   until as many distinct rows were read as it holds (MAX_WALKS per check, then next check).
 * - Late commits: a quiet practice re-reads the overlap with the new changes in the same
 *   request; a busy one counts it (one request) and re-reads it only when the count grew.
 */

/**
 * Rows a range is sized to hold: about nine pages, so the part page at its end costs little;
 * one page once Semble's order was seen to move (a single page cannot shift).
 */
const TARGET_ROWS = 900;
const TARGET_ROWS_MOVED = 90;
/** A range whose size was a guess is walked if it holds no more than this, else split. */
const GUESS_LIMIT = 2 * TARGET_ROWS;
/** The shortest a Semble request can take at 240 requests a minute: what the budget assumes before it has measured. */
const FLOOR_REQUEST_MS = 250;
const HAND_OFF_SHARE = 0.1;
/** Walks of one range per check when Semble's order moves (each walk reads all of its pages). */
const MAX_WALKS = 16;

export interface Page {
	rows: Row[];
	hasMore: boolean;
}

export interface Range {
	start: number;
	end: number;
}

export interface CheckInput {
	state: PollState;
	/** Changes up to here are emitted (now − safety lag); younger ones are read, and emitted next check. */
	end: number;
	/** Semble's now: every check reads up to it, so an edit of a row in the overlap is seen. */
	now: number;
	settings: PollSettings;
	/** Milliseconds this check may spend, counted from `startedAt` on `clock`. */
	budgetMs: number;
	startedAt?: number;
	read: (range: Range, page: number, pageSize: number) => Promise<Page>;
	/** The change time ranges are read by (updatedAt, or createdAt for "created"). */
	stampOf: (row: Row) => string | null | undefined;
	/** The changes rows hold for the watched event; `since` is the earliest a journey stage may be. */
	changesOf: (rows: Row[], since: number) => Change[];
	/** Monotonic milliseconds (performance.now in n8n). */
	clock: () => number;
}

export interface CheckResult {
	emit: Change[];
	state: PollState;
	requests: number;
	/** Why the check stopped before the end of its window, if it did. */
	stoppedBy?: 'cap' | 'budget' | 'walks';
}

/** A range read completely (with its row count), stopped inside, or given up with the stamps of its last page. */
type RangeOutcome =
	| { count: number; resume?: undefined }
	| { resume: PartialRange; stoppedBy: CheckResult['stoppedBy'] }
	| { split: number[] };

export async function runCheck(input: CheckInput): Promise<CheckResult> {
	const { settings, end } = input;
	const started = input.startedAt ?? input.clock();
	// A tenth of the budget is left for what follows the reads: emitting the items, storing the state.
	const budgetMs = input.budgetMs * (1 - HAND_OFF_SHARE);
	let requests = 0;
	let spentMs = 0;
	const seen = new Set(input.state.seen);
	const known = new Map(Object.entries(input.state.known ?? {}));
	const emit: Change[] = [];
	let watermark = Date.parse(input.state.watermark);
	// The overlap, never before where the first check started.
	const horizon = Math.max(watermark - settings.overlapMs, Date.parse(input.state.since ?? '') || -Infinity);
	let { width, partial, moved } = input.state;
	let stoppedBy: CheckResult['stoppedBy'];

	/** At least one request per check, so a backlog always drains; then only what fits the budget. */
	// A busy check keeps a request for its late-commit count at the end.
	let reserved = 0;
	const canRequest = (extra = reserved) =>
		requests === 0 ||
		input.clock() - started + (1 + extra) * Math.max(FLOOR_REQUEST_MS, spentMs / requests) <= budgetMs;
	const read = async (range: Range, page: number, pageSize: number) => {
		const before = input.clock();
		const result = await input.read(range, page, pageSize);
		spentMs += input.clock() - before;
		requests++;
		for (const row of result.rows) {
			const stamp = input.stampOf(row);
			if (stamp) known.set(row.id, Date.parse(stamp));
		}
		return result;
	};
	/** How many rows already read have their latest stamp in [from, to]. */
	const knownIn = (from: number, to: number) =>
		[...known.values()].filter((stamp) => stamp >= from && stamp <= to).length;
	const room = () => settings.maxItems - emit.length;
	/** Emits the fresh changes of `rows`, oldest first, up to the cap; false when some had to wait. */
	const offer = (rows: Row[]) => {
		const fresh = new Map<string, Change>();
		for (const change of input.changesOf(rows, horizon)) {
			const key = keyOf(change);
			if (!seen.has(key) && Date.parse(change.stamp) <= end) fresh.set(key, change);
		}
		const ordered = [...fresh.values()].sort(
			(a, b) => Date.parse(a.stamp) - Date.parse(b.stamp) || a.id.localeCompare(b.id),
		);
		const taken = ordered.slice(0, Math.max(0, room()));
		for (const change of taken) {
			emit.push(change);
			seen.add(keyOf(change));
		}
		return taken.length === ordered.length;
	};

	/**
	 * Reads one range completely, or stops inside it (cap, budget) with where to resume. Its
	 * pages overlap by a row or more (walk.ts), so a shift between pages is seen. A range longer
	 * than PAGED_RANGE_MS gives up (split) when its first page overflows and its size was a
	 * guess, or when its rows shifted: shorter ranges are cheaper than walking it again.
	 */
	const readRange = async (range: Range, resume: PartialRange | undefined, guessed: boolean): Promise<RangeOutcome> => {
		const splittable = !resume && range.end - range.start > PAGED_RANGE_MS;
		// Ids read in this range: carried over from earlier checks only while its count holds.
		let ids = new Set(resume?.ids);
		const idsNow = new Set<string>();
		let frontier = resume?.frontier ?? 0;
		// The ids of this walk by offset; a resumed walk knows only the row before its frontier.
		let byOffset: string[] = [];
		let walked = new Set<string>();
		if (resume?.lastId) byOffset[frontier - 1] = resume.lastId;
		let clean = !resume?.ids;
		// Rows only leave a past range (a later edit moves them on). If its count fell since the
		// ids were carried over, some of them may have left: only this check's ids are trusted.
		let counted = resume?.count;
		let walks = 0;
		const stopAt = (stop: CheckResult['stoppedBy']): RangeOutcome => ({
			stoppedBy: stop,
			resume: {
				...range,
				frontier,
				...(clean ? { lastId: byOffset[frontier - 1] } : { ids: [...ids], count: counted }),
			},
		});
		for (;;) {
			if (!canRequest()) return stopAt('budget');
			const { page, pageSize, offset } = pageAfter(frontier);
			const { rows, hasMore } = await read(range, page, pageSize);
			if (splittable && guessed && frontier === 0 && hasMore) {
				// A guess that overflowed: walk it only if it holds no more than GUESS_LIMIT rows
				// (one probe row tells) and is not one cluster; otherwise split it.
				const stamps = stampsOf(rows);
				if (isCluster(stamps) || moved) return { split: stamps };
				if (!canRequest()) return stopAt('budget');
				const beyond = await read(range, GUESS_LIMIT + 1, 1);
				if (beyond.rows.length) return { split: stamps };
			}
			const overlap = frontier - offset;
			if (byOffset.slice(offset, frontier).some((id, n) => id !== undefined && rows[n]?.id !== id)) clean = false;
			const fresh = rows.slice(overlap);
			for (const [n, row] of fresh.entries()) {
				if (walked.has(row.id)) clean = false;
				walked.add(row.id);
				byOffset[frontier + n] = row.id;
				ids.add(row.id);
				idsNow.add(row.id);
			}
			if (!clean) moved = true;
			if (splittable && !clean) return { split: stampsOf(rows) };
			if (!offer(fresh)) return stopAt('cap');
			const reached = offset + rows.length;
			if (hasMore) {
				if (reached > frontier) {
					frontier = reached;
					continue;
				}
				clean = false; // more rows, yet none beyond the frontier: the walk cannot be trusted
			}
			// A clean walk read every row once. One that shifted is walked again until as many
			// distinct rows were seen as the range holds.
			if (counted !== undefined && reached < counted) ids = new Set(idsNow);
			counted = reached;
			if (clean || ids.size >= reached) return { count: reached };
			if (++walks >= MAX_WALKS) {
				frontier = 0;
				return stopAt('walks');
			}
			frontier = 0;
			byOffset = [];
			walked = new Set();
		}
	};
	const stampsOf = (rows: Row[]) => rows.map((row) => Date.parse(String(input.stampOf(row)))).filter(Number.isFinite);

	/**
	 * The late-commit guard of a busy practice, in place of re-reading the overlap: count
	 * [watermark − overlap, end] and compare with the rows already read there. Rows edited since
	 * have left it; the scan reads up to Semble's now (emitting only what is older than the
	 * safety lag), so they are known at their new time. A row beyond the count committed late.
	 */
	const lateCommitFound = async () => {
		if (!canRequest(0)) return true; // no budget left to count: read the overlap again
		const counted = knownIn(horizon, end);
		return (await read({ start: horizon, end }, counted + 1, 1)).rows.length > 0;
	};

	/** Reads [from, to] range by range, oldest first: how far it read completely, and where it stopped inside a range. */
	const scan = async (from: number, to: number, resume?: PartialRange) => {
		let cursor = from;
		// The next ranges' ends when a split chose them; otherwise ranges are sized by the density read so far.
		let plan: number[] = [];
		while (cursor < to && room() > 0) {
			const nextEnd = plan.shift();
			const guessed = nextEnd !== undefined || width === undefined;
			const range = resume ?? {
				start: cursor - 1, // a shared millisecond: a row exactly at the boundary is read whichever bound Semble includes
				end: Math.min(to, nextEnd ?? cursor + Math.max(width ?? to - cursor, SMALLEST_RANGE_MS)),
			};
			const outcome = await readRange(range, resume, guessed);
			resume = undefined;
			if ('split' in outcome) {
				plan = splitPoint(cursor, range.end, outcome.split);
				continue;
			}
			if (outcome.resume) {
				stoppedBy = outcome.stoppedBy;
				return { cursor, partial: outcome.resume };
			}
			// Sized to hold about TARGET_ROWS at the density just read; after an empty range, the
			// rest at once. A cluster (a paged second) says nothing about what follows it.
			const length = range.end - range.start;
			if (outcome.count === 0) width = undefined;
			else if (length > PAGED_RANGE_MS)
				width = Math.max(SMALLEST_RANGE_MS, (length * (moved ? TARGET_ROWS_MOVED : TARGET_ROWS)) / outcome.count);
			cursor = range.end;
		}
		return { cursor, partial: undefined };
	};

	const busy = !settings.rereadOverlap && knownIn(horizon, watermark) >= PAGE_SIZE / 2;
	if (busy) reserved = 1;
	// A quiet practice re-reads the overlap with the new changes, in the same request; a busy
	// one counts it at the end instead (lateCommitFound). The first check has no overlap yet.
	const start = partial?.start ?? (busy || !input.state.known ? watermark : horizon);
	// Read up to Semble's now; only changes older than the safety lag (to `end`) are emitted, the
	// younger ones are read again next check. Edits of rows in the overlap are seen so.
	const main = await scan(start, input.now, partial);
	({ partial } = main);
	watermark = Math.max(watermark, Math.min(main.cursor, end));
	if (!stoppedBy && main.cursor < input.now) stoppedBy = 'cap';
	if (busy && !partial && main.cursor >= input.now && (await lateCommitFound())) {
		// Something landed late in the overlap: read it again now; what does not fit waits.
		const again = await scan(horizon, Date.parse(input.state.watermark));
		if (again.partial || again.cursor < Date.parse(input.state.watermark)) {
			({ partial } = again);
			watermark = again.cursor;
		}
	}

	return {
		emit,
		requests,
		stoppedBy,
		state: nextState(watermark, seen, known, settings, {
			partial,
			width,
			since: input.state.since,
			...(moved ? { moved } : {}),
		}),
	};
}
