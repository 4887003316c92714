import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import type { z } from 'zod';

import { readPage } from '../shared/pagination';

/** How the searchable lists page and filter (listSearch.ts, recordLists.ts). */

/** The page a pagination token points at: n8n sends none for the first page. */
function pageOf(paginationToken?: string): number {
	const page = Number(paginationToken);
	return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The search text, or undefined when there is none (Semble then lists everything). */
export function searchOf(filter?: string): string | undefined {
	const search = filter?.trim();
	return search ? search : undefined;
}

/** Whether `name` contains every word of the filter (any order, any case). */
export function matches(name: string, filter?: string): boolean {
	const words = (filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	const haystack = name.toLowerCase();
	return words.every((word) => haystack.includes(word));
}

export const joinName = (first?: string | null, last?: string | null) => [first, last].filter(Boolean).join(' ');

export interface Paged<Row> {
	document: string;
	field: string;
	row: z.ZodType<Row>;
	variables?: Record<string, unknown>;
	toItem: (row: Row) => INodeListSearchItems;
}

/** One page of a list Semble searches itself. */
export async function searchedPage<Row>(
	context: ILoadOptionsFunctions,
	request: Paged<Row>,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const { rows, hasMore } = await readPage(
		context,
		{ document: request.document, variables: request.variables, field: request.field, item: request.row },
		page,
	);
	return { results: rows.map(request.toItem), paginationToken: hasMore ? String(page + 1) : undefined };
}

/** Pages read in one call when filtering a paged list here, before handing back a token. */
const MAX_PAGES_PER_CALL = 10;

/**
 * A paged list Semble cannot search: each page is filtered here, and pages without a match
 * are skipped (up to a few per call), so a search never shows an empty page with more to load.
 */
export async function filteredPages<Row>(
	context: ILoadOptionsFunctions,
	request: Paged<Row>,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = [];
	let token = paginationToken;
	for (let read = 0; read < MAX_PAGES_PER_CALL; read++) {
		const page = await searchedPage(context, request, token);
		results.push(...page.results.filter((item) => matches(item.name, filter)));
		token = page.paginationToken;
		if (!token || results.length > 0) break;
	}
	return { results, paginationToken: token };
}
