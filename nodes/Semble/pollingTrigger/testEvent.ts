import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Page, Range } from './check';
import { PAGE_SIZE } from './walk';
import type { Change, Row } from './watchers';

/** How far back "Fetch Test Event" looks, nearest first: it stops at the first span with a match. */
const SPANS_HOURS = [1, 24, 7 * 24, 30 * 24, 365 * 24];
/** Pages read per span at most; a span this full would have matched in a shorter one. */
const PAGES_PER_SPAN = 5;
const SAMPLE = 5;

/**
 * "Fetch Test Event": the most recent changes that match the chosen event and filters, read
 * from the last hour, then day, week, month and year. No state is touched. When nothing
 * matches it says so, instead of showing records that are not the event.
 */
export async function testEvent(
	context: IPollFunctions,
	read: (range: Range, page: number, pageSize: number) => Promise<Page>,
	changesOf: (rows: Row[], since: number) => Change[],
	describe: string,
): Promise<Change[]> {
	const now = Date.now();
	for (const hours of SPANS_HOURS) {
		const range = { start: now - hours * 3_600_000, end: now };
		const rows = new Map<string, Row>();
		for (let page = 1; page <= PAGES_PER_SPAN; page++) {
			const result = await read(range, page, PAGE_SIZE);
			for (const row of result.rows) rows.set(row.id, row);
			if (!result.hasMore) break;
		}
		const changes = changesOf([...rows.values()], range.start);
		if (changes.length) {
			return changes.sort((a, b) => Date.parse(b.stamp) - Date.parse(a.stamp)).slice(0, SAMPLE);
		}
	}
	throw new NodeOperationError(context.getNode(), `No ${describe} in Semble in the last 365 days`, {
		description:
			'Make such a change in Semble (or choose another event or fewer filters), then fetch a test event again. Once the workflow is published, the trigger emits every new one.',
	});
}
