import type { IPollFunctions } from 'n8n-workflow';

import { fetchPages, readPage } from '../shared/pagination';
import type { Window } from './pollCycle';
import type { Row, Watcher } from './watchers';

const SMALLEST_SPLIT_MS = 1000;

/**
 * Every row changed inside the window. Offset pages have no documented order, so a row can
 * shift between pages while they are read: a window that does not fit one page is split
 * in two (sharing the midpoint) rather than paged, down to one second, which is paged. (A
 * row that shifts while that second is paged was changed again, so it sits inside the next
 * check's overlap and is read then.) An idle poll is one request; up to 100 changes, one.
 */
export async function scanWindow(
	context: IPollFunctions,
	watcher: Watcher,
	stampField: 'createdAt' | 'updatedAt',
	window: Window,
): Promise<Row[]> {
	const optionsFor = (start: string, end: string) => ({
		[stampField]: { start, end },
		...(watcher.includeDeleted ? { includeDeleted: true } : {}),
	});

	const collect = async (start: number, end: number): Promise<Row[]> => {
		const options = optionsFor(new Date(start).toISOString(), new Date(end).toISOString());
		if (end - start <= SMALLEST_SPLIT_MS) {
			return await fetchPages(context, { document: watcher.document, variables: { options }, field: watcher.field, item: watcher.row });
		}
		const first = await readPage(context, { document: watcher.document, variables: { options }, field: watcher.field, item: watcher.row }, 1);
		if (!first.hasMore) return first.rows;
		const middle = start + Math.floor((end - start) / 2);
		return [...(await collect(start, middle)), ...(await collect(middle, end))];
	};

	const rows = await collect(Date.parse(window.start), Date.parse(window.end));
	// Halves share their midpoint: keep one copy of each row.
	return [...new Map(rows.map((row) => [row.id, row])).values()];
}
