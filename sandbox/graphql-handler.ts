/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: the sandbox is a local test server running in plain Node */
/** POST /graphql: parse -> auth -> rate limit -> validate -> fault -> execute -> respond -> dispatch webhooks. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DocumentNode, execute, getOperationAST, GraphQLError, Kind, type OperationDefinitionNode, parse, type SelectionSetNode, validate,
} from 'graphql';
import type { AuthFailure } from './auth';
import type { AuthInfo, SandboxEvent } from './context';
import type { SandboxCore } from './core';
import type { Fault } from './faults';
import { readBody, resetConnection, sendJson, sendText } from './http-util';
import type { RequestLogEntry } from './request-log';
import { PUBLIC_ROOT_FIELDS, sandboxSchema } from './schema';

interface Body { query?: unknown; variables?: unknown; operationName?: unknown }

/** Top-level field names of the operation, following fragment spreads and inline fragments. */
export function rootFieldNames(doc: DocumentNode, op: OperationDefinitionNode): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const frag = doc.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
        if (frag && frag.kind === Kind.FRAGMENT_DEFINITION) visit(frag.selectionSet, seen);
      }
    }
  };
  visit(op.selectionSet, new Set());
  return [...names];
}

function errorBody(message: string, code: string, extra: Record<string, unknown> = {}): unknown {
  return { errors: [{ message, extensions: { code, ...extra } }], data: null };
}

export async function handleGraphql(core: SandboxCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const entry: RequestLogEntry = { at: core.clock.now().toISOString(), operationName: null, rootFields: [], kind: 'query', status: 0, tokenLabel: 'none' };
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    entry.status = status;
    core.log.add(entry);
    sendJson(res, status, body, headers);
  };
  const authError = (message: AuthFailure): void => reply(core.config.authErrorStatus, errorBody(message, 'UNAUTHENTICATED'));

  let body: Body;
  try {
    body = JSON.parse(await readBody(req)) as Body;
    if (typeof body !== 'object' || body === null) throw new Error('not an object');
  } catch {
    return reply(400, errorBody('Request body must be JSON: {"query": "...", "variables": {...}}.', 'BAD_REQUEST'));
  }
  if (typeof body.query !== 'string') return reply(400, errorBody('"query" must be a string.', 'BAD_REQUEST'));
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
  let doc: DocumentNode;
  try {
    doc = parse(body.query);
  } catch (e) {
    const err = e as GraphQLError;
    return reply(400, { errors: [{ message: err.message, locations: err.locations, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
  }
  const op = getOperationAST(doc, operationName);
  if (!op) return reply(400, errorBody('Could not determine which operation to run (check operationName).', 'BAD_REQUEST'));
  if (op.operation === 'subscription') return reply(400, errorBody('Subscriptions are not supported.', 'BAD_REQUEST'));
  entry.kind = op.operation;
  entry.operationName = operationName ?? op.name?.value ?? null;
  entry.rootFields = rootFieldNames(doc, op);

  // Auth: only signIn may be called without a token.
  const tokenHeader = req.headers['x-token'];
  const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
  const isPublic = entry.rootFields.some((f) => PUBLIC_ROOT_FIELDS.has(f)) && entry.rootFields.every((f) => PUBLIC_ROOT_FIELDS.has(f) || f === '__typename');
  let auth: AuthInfo;
  if (!token && isPublic) {
    auth = { label: 'anonymous', permissions: new Set(), userId: null };
  } else {
    const verdict = core.tokens.verify(token, core.clock.now().getTime());
    if (!verdict.ok) {
      entry.tokenLabel = verdict.label;
      return authError(verdict.message);
    }
    auth = verdict.auth;
  }
  entry.tokenLabel = auth.label;

  const limit = core.limiter.check(token ?? `anonymous:${req.socket.remoteAddress}`, core.clock.now().getTime(), core.config.rateLimitPerMinute);
  if (!limit.ok) {
    const headers: Record<string, string> = core.config.sendRetryAfter ? { 'retry-after': String(limit.retryAfterSeconds) } : {};
    return reply(429, errorBody('Too many requests', 'RATE_LIMITED'), headers);
  }

  const schema = sandboxSchema();
  const validationErrors = validate(schema, doc);
  if (validationErrors.length) {
    return reply(400, { errors: validationErrors.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) });
  }

  const fault = core.faults.take(entry.rootFields, entry.kind);
  if (fault) entry.fault = fault.kind;
  const runsFirst = ['slow', 'payloadError', 'noRecord'];
  if (fault && !runsFirst.includes(fault.kind) && !(fault.kind === 'reset' && !fault.beforeExecute)) {
    if (fault.delayMs) await core.sleep(fault.delayMs);
    return respondWithoutExecuting(core, fault, res, entry, reply, authError);
  }

  const events: SandboxEvent[] = [];
  const forced = fault?.kind === 'payloadError' ? fault.message ?? 'Something went wrong' : undefined;
  const result = await execute({
    schema, document: doc, operationName, variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    contextValue: core.context(auth, events, forced),
  });
  core.dispatcher.dispatch(events); // the change is committed; delivery happens on a later tick

  if (fault?.kind === 'slow') await core.sleep(fault.delayMs ?? 5000);
  // The change is made, but each payload comes back without its record: `{ data: null, error: null }`.
  if (fault?.kind === 'noRecord' && result.data) {
    for (const payload of Object.values(result.data)) if (payload && typeof payload === 'object' && 'data' in payload) (payload as { data: unknown }).data = null;
  }
  if (fault?.kind === 'reset') {
    entry.status = 0;
    core.log.add(entry);
    return resetConnection(res);
  }
  const status = result.errors?.length && !result.data ? 400 : 200; // e.g. bad variable values
  reply(status, result.errors?.length ? { data: result.data ?? null, errors: result.errors } : { data: result.data });
}

function respondWithoutExecuting(
  core: SandboxCore, fault: Fault, res: ServerResponse, entry: RequestLogEntry,
  reply: (status: number, body: unknown, headers?: Record<string, string>) => void, authError: (m: AuthFailure) => void,
): void {
  switch (fault.kind) {
    case 'http429':
      return reply(429, errorBody('Too many requests', 'RATE_LIMITED'), { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
    case 'http500': {
      const status = fault.status ?? 500;
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      if (fault.message) return reply(status, errorBody(fault.message, 'INTERNAL_SERVER_ERROR'), headers);
      entry.status = status;
      core.log.add(entry);
      // What a proxy or load balancer in front of the API would send: not JSON.
      return sendText(res, status, `<html><body><h1>${status} Server Error</h1></body></html>\n`, 'text/html; charset=utf-8', headers);
    }
    case 'malformed':
      entry.status = 200;
      core.log.add(entry);
      return sendText(res, 200, '{"data":{"patients":{"data":[{"id":"64a0', 'application/json; charset=utf-8');
    case 'graphqlError':
      return reply(200, errorBody(fault.message ?? 'Internal server error', 'INTERNAL_SERVER_ERROR'));
    case 'expiredToken':
      return authError('Token expired.');
    case 'reset':
      entry.status = 0;
      core.log.add(entry);
      return resetConnection(res);
    default:
      return reply(500, errorBody(`Unhandled fault ${fault.kind}`, 'INTERNAL_SERVER_ERROR'));
  }
}
