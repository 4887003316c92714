/** How a check cuts its window into time ranges. */

/** The finest step a range is cut at: a second, as Semble's stamps and bounds are trusted to. */
export const SMALLEST_RANGE_MS = 1000;
/** A range this short (a second plus its shared edges) is paged, never split. */
export const PAGED_RANGE_MS = 2 * SMALLEST_RANGE_MS;

/** One page's stamps within a second: a cluster, read by paging rather than by splitting. */
export const isCluster = (stamps: number[]) =>
	stamps.length > 0 && Math.max(...stamps) - Math.min(...stamps) <= SMALLEST_RANGE_MS;

/**
 * The ends of the next ranges after [cursor, end] held too much, from the stamps of one page
 * of it: a page within one second is a cluster, read as the part before it and then the
 * cluster itself (paged); otherwise the page's median stamp halves what is left.
 */
export function splitPoint(cursor: number, end: number, stamps: number[]): number[] {
	const sorted = stamps.filter((stamp) => stamp > cursor && stamp < end).sort((a, b) => a - b);
	if (sorted.length === 0) return [cursor + (end - cursor) / 2];
	const [first, last] = [sorted[0], sorted[sorted.length - 1]];
	if (last - first <= SMALLEST_RANGE_MS) {
		const cluster = Math.min(end, first + SMALLEST_RANGE_MS);
		return first - 1 > cursor + 1 ? [first - 1, cluster] : [cluster];
	}
	const median = sorted[Math.floor(sorted.length / 2)];
	return [median - cursor > SMALLEST_RANGE_MS ? median : cursor + SMALLEST_RANGE_MS];
}
