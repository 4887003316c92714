/** Helpers shared by resolvers: pagination, date ranges, payload envelopes. */
import { GraphQLError } from 'graphql';
import type { Ctx } from '../context';

// graphql-js passes untyped args; each resolver narrows what it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver = (parent: any, args: Args, ctx: Ctx) => unknown;
export type ResolverMap = Record<string, Record<string, Resolver>>;

export interface PageInfo { page: number; pageSize: number; hasMore: boolean }
export interface Page<T> { data: T[]; pageInfo: PageInfo }

/** A validation problem reported inside the mutation payload ({data:null, error}) rather than errors[]. */
export class PayloadError extends Error {}

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

// ASSUMPTION (NOTES §2, §10.4): default pageSize when omitted is undocumented; the sandbox uses 20.
export const DEFAULT_PAGE_SIZE = 20;

export function pageArgs(pagination: Args | null | undefined, ctx: Ctx): { page: number; pageSize: number } {
  const page = pagination?.page ?? 1;
  const pageSize = pagination?.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1) throw badInput('pagination.page must be 1 or more (pages are 1-based).');
  // ASSUMPTION (NOTES §10.4): max pageSize undocumented; reference code uses 100. Out of range is an error, not a clamp.
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ctx.config.maxPageSize) {
    throw badInput(`pagination.pageSize must be between 1 and ${ctx.config.maxPageSize}.`);
  }
  return { page, pageSize };
}

/**
 * Offset paging over an ordered iterable; stops scanning once the page (+1 look-ahead) is filled.
 * With `listOrder: 'shuffled'` the matching records are reshuffled for this request first.
 */
export function paginate<T>(items: Iterable<T>, keep: (item: T) => boolean, page: number, pageSize: number, ctx?: Ctx): Page<T> {
  if (ctx?.config.listOrder === 'shuffled') {
    const all = [...items].filter(keep);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return paginate(all, () => true, page, pageSize);
  }
  const skip = (page - 1) * pageSize;
  const data: T[] = [];
  let seen = 0;
  let hasMore = false;
  for (const item of items) {
    if (!keep(item)) continue;
    if (seen++ < skip) continue;
    if (data.length === pageSize) {
      hasMore = true;
      break;
    }
    data.push(item);
  }
  return { data, pageInfo: { page, pageSize, hasMore } };
}

export interface Range { start?: string; end?: string }

/** Parse any Date/DateTime input to a UTC ISO string. A bare date means UTC midnight (NOTES §2: "no adjustments"). */
export function toIso(value: unknown, what: string): string {
  const ms = typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
  if (Number.isNaN(ms)) throw badInput(`${what} is not a valid date: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

export function parseRange(range: Args | null | undefined, what: string): Range | null {
  if (!range) return null;
  const out: Range = {};
  if (range.start !== undefined && range.start !== null) out.start = toIso(range.start, `${what}.start`);
  if (range.end !== undefined && range.end !== null) out.end = toIso(range.end, `${what}.end`);
  return out;
}

// ASSUMPTION (NOTES §2, §10.5): bound inclusivity is undocumented; the sandbox treats BOTH bounds as inclusive.
export function inRange(isoValue: string | null | undefined, range: Range | null): boolean {
  if (!range) return true;
  if (!isoValue) return false;
  if (range.start !== undefined && isoValue < range.start) return false;
  if (range.end !== undefined && isoValue > range.end) return false;
  return true;
}

/** Filter for QueryOptions.createdAt / updatedAt. */
export function changeFilter(options: Args | null | undefined): (r: { createdAt: string; updatedAt: string }) => boolean {
  const created = parseRange(options?.createdAt, 'options.createdAt');
  const updated = parseRange(options?.updatedAt, 'options.updatedAt');
  return (r) => inRange(r.createdAt, created) && inRange(r.updatedAt, updated);
}

/** Run a mutation body and fold PayloadError into the documented {data, error} envelope. */
export function payload<T>(fn: () => T): { data: T | null; error: string | null } {
  try {
    return { data: fn(), error: null };
  } catch (e) {
    if (e instanceof PayloadError) return { data: null, error: e.message };
    // eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox server code, not an n8n node
    throw e;
  }
}

export function required<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new PayloadError(message);
  return value;
}

export function nonBlank(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new PayloadError(`${field} is required.`);
  return value.trim();
}

/** Date input inside a mutation: invalid -> payload error, not errors[]. */
export function dateInput(value: unknown, field: string): string {
  const ms = typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
  if (Number.isNaN(ms)) throw new PayloadError(`${field} is not a valid date.`);
  return new Date(ms).toISOString();
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
