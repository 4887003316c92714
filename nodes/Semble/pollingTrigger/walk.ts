/**
 * Offset pages that overlap. Semble pages by `page` and `pageSize` only, so a walk that must
 * see the row before its frontier again picks a page size whose page starts just before it:
 * the overlapping rows must be the ones already read there, or rows shifted (a record before
 * the frontier changed and left the range, or the order moved) and the walk is not trusted.
 */

export const PAGE_SIZE = 100;
/** The smallest page size a walk will use to get an overlap. */
const SMALLEST_PAGE = 50;

export interface WalkPage {
	page: number;
	pageSize: number;
	/** Offset of the page's first row. */
	offset: number;
}

/** The page that reads the most new rows after `frontier` while starting at least one row before it. */
export function pageAfter(frontier: number): WalkPage {
	if (frontier === 0) return { page: 1, pageSize: PAGE_SIZE, offset: 0 };
	let best: WalkPage = { page: frontier, pageSize: 1, offset: frontier - 1 };
	for (let pageSize = PAGE_SIZE; pageSize >= SMALLEST_PAGE; pageSize--) {
		const offset = Math.floor((frontier - 1) / pageSize) * pageSize;
		if (offset + pageSize - frontier > best.offset + best.pageSize - frontier) {
			best = { page: offset / pageSize + 1, pageSize, offset };
		}
	}
	return best;
}
