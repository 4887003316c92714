import type { z } from 'zod';

import type { SembleContext } from '../transport';
import { sembleRequest } from '../transport';

/** Semble's page-number pagination; max page size is undocumented, 100 is the known-good value. */
export const MAX_PAGE_SIZE = 100;

export interface PageOf<T> {
	data: Array<T | null> | null;
	pageInfo: { hasMore?: boolean | null } | null;
}

export interface PagedRequest<S extends z.ZodTypeAny, T> {
	document: string;
	variables: Record<string, unknown>;
	schema: S;
	/** Picks the list wrapper (e.g. `data.patients`) out of the response. */
	select: (data: z.infer<S>) => PageOf<T> | null | undefined;
	/** Undefined = every page. */
	limit?: number;
	/** A filter Semble cannot apply: only kept rows count towards the limit. */
	keep?: (row: T) => boolean;
	itemIndex?: number;
}

/**
 * Walks pages 1, 2, … with a fixed page size (offset pages must not change size mid-walk)
 * until Semble says there is no more, the page is empty, or the limit is met exactly.
 */
export async function fetchPages<S extends z.ZodTypeAny, T>(
	context: SembleContext,
	request: PagedRequest<S, T>,
): Promise<T[]> {
	// With a client-side filter the number of pages needed is unknown, so use full pages.
	const pageSize = request.keep ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, request.limit ?? MAX_PAGE_SIZE);
	const results: T[] = [];
	for (let page = 1; ; page++) {
		const data = await sembleRequest.call(context, {
			document: request.document,
			variables: { ...request.variables, pagination: { page, pageSize } },
			schema: request.schema,
			kind: 'read',
			itemIndex: request.itemIndex,
		});
		const wrapper = request.select(data);
		const rows = (wrapper?.data ?? []).filter((row): row is T => row !== null);
		results.push(...(request.keep ? rows.filter(request.keep) : rows));
		if (request.limit !== undefined && results.length >= request.limit) return results.slice(0, request.limit);
		if (!wrapper?.pageInfo?.hasMore || rows.length === 0) return results;
	}
}
