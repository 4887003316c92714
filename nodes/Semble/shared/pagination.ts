import { z } from 'zod';

import type { SembleContext } from '../transport';
import { sembleRequest } from '../transport';

/** Semble's page-number pagination; max page size is undocumented, 100 is the known-good value. */
const MAX_PAGE_SIZE = 100;

/**
 * A list query over one record's fragment, e.g.
 * `query GetPatients($search: String, $pagination: Pagination) { patients(search: $search,
 * pagination: $pagination) { data { ...PatientFields } pageInfo { hasMore } } }`.
 * `args` are the query's arguments besides `pagination`, with their GraphQL types.
 */
export function listQuery(name: string, field: string, args: Record<string, string>, fragment: string): string {
	const fragmentName = /fragment (\w+) on/.exec(fragment)?.[1];
	const all = { ...args, pagination: 'Pagination' };
	const definitions = Object.entries(all).map(([arg, type]) => `$${arg}: ${type}`);
	const uses = Object.keys(all).map((arg) => `${arg}: $${arg}`);
	return `
	query ${name}(${definitions.join(', ')}) {
		${field}(${uses.join(', ')}) {
			data { ...${fragmentName} }
			pageInfo { hasMore }
		}
	}
	${fragment}
`;
}

/** A list query's response: `{ [field]: { data: [row], pageInfo { hasMore } } }`. */
export function listSchema<T extends z.ZodTypeAny>(field: string, item: T) {
	const page = z
		.object({
			data: z.array(item.nullable()).nullable(),
			pageInfo: z.object({ hasMore: z.boolean().nullish() }).nullish(),
		})
		.nullable();
	return z.object({ [field]: page });
}

interface PageRequest<T extends z.ZodTypeAny> {
	/** A list query taking `$pagination` and selecting `data { … } pageInfo { hasMore }`. */
	document: string;
	variables?: Record<string, unknown>;
	/** The query's root field, e.g. `patients`. */
	field: string;
	/** The shape of one row. */
	item: T;
	itemIndex?: number;
}

export interface PagedRequest<T extends z.ZodTypeAny> extends PageRequest<T> {
	/** Undefined = every page. */
	limit?: number;
	/** A filter Semble cannot apply: only kept rows count towards the limit. */
	keep?: (row: z.infer<T>) => boolean;
	/** `keep` seldom drops a row (e.g. only blocked time): pages stay the size of the limit. */
	keepsMost?: boolean;
}

/** Page `page` of a list query: its rows (Semble's null rows dropped) and whether more follow. */
export async function readPage<T extends z.ZodTypeAny>(
	context: SembleContext,
	request: PageRequest<T>,
	page: number,
	pageSize = MAX_PAGE_SIZE,
): Promise<{ rows: Array<z.infer<T>>; hasMore: boolean }> {
	const data = await sembleRequest.call(context, {
		document: request.document,
		variables: { ...request.variables, pagination: { page, pageSize } },
		schema: listSchema(request.field, request.item),
		kind: 'read',
		itemIndex: request.itemIndex,
	});
	const list = data[request.field] as { data: unknown[] | null; pageInfo?: { hasMore?: boolean | null } | null } | null;
	const rows = (list?.data ?? []).filter((row) => row !== null) as Array<z.infer<T>>;
	return { rows, hasMore: Boolean(list?.pageInfo?.hasMore) && rows.length > 0 };
}

/**
 * Walks pages 1, 2, … with a fixed page size (offset pages must not change size mid-walk)
 * until Semble says there is no more, the page is empty, or the limit is met exactly.
 */
export async function fetchPages<T extends z.ZodTypeAny>(
	context: SembleContext,
	request: PagedRequest<T>,
): Promise<Array<z.infer<T>>> {
	// With a client-side filter the number of pages needed is unknown, so use full pages.
	const full = request.keep && !request.keepsMost;
	const pageSize = full ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, request.limit ?? MAX_PAGE_SIZE);
	const results: Array<z.infer<T>> = [];
	for (let number = 1; ; number++) {
		const { rows, hasMore } = await readPage(context, request, number, pageSize);
		results.push(...(request.keep ? rows.filter(request.keep) : rows));
		if (request.limit !== undefined && results.length >= request.limit) return results.slice(0, request.limit);
		if (!hasMore) return results;
	}
}
