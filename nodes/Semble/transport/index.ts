import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { z } from 'zod';

import type { GraphQLErrorEntry, SembleFailure } from './errors';
import { failureFromGraphQLErrors, failureFromStatus, toNodeApiError } from './errors';
import { waitForSlot } from './rateLimiter';
import type { FailureClass, RequestKind } from './retryPolicy';
import { classifyNetworkError, classifyStatus, mayRetry, parseRetryAfter, retryDelayMs } from './retryPolicy';

export type SembleContext =
	| IExecuteFunctions
	| IPollFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

export type SembleCredentialType = 'sembleApi' | 'sembleSignInApi';

export interface SembleRequest<S extends z.ZodTypeAny> {
	/** A GraphQL document (validated against the schema in the test suite). */
	document: string;
	variables?: Record<string, unknown>;
	/** Reads retry on transient failures; writes only when provably not run. */
	kind: RequestKind;
	/** The shape of `data`; a mismatch is a clear error instead of undefined fields. */
	schema: S;
	itemIndex?: number;
}

/** The node's "Authentication" parameter picks the credential; it is never an expression. */
export function credentialTypeOf(context: SembleContext): SembleCredentialType {
	return context.getNode().parameters.authentication === 'signIn' ? 'sembleSignInApi' : 'sembleApi';
}

/** Sends one GraphQL document to Semble and returns its parsed `data`. */
export async function sembleRequest<S extends z.ZodTypeAny>(
	this: SembleContext,
	request: SembleRequest<S>,
): Promise<z.infer<S>> {
	return (await send(this, request, false)).data;
}

export interface PartialResult<T> {
	/** Null when Semble rejected the whole document before running it (e.g. validation). */
	data: T | null;
	errors: GraphQLErrorEntry[];
}

/**
 * For batched mutations, where each aliased field succeeds or fails on its own: field
 * errors and payload `error`s come back with the data instead of being thrown. Failures
 * of the request itself (network, HTTP, rate limit) are retried and thrown as usual.
 */
export async function sembleRequestAllowingErrors<S extends z.ZodTypeAny>(
	this: SembleContext,
	request: SembleRequest<S>,
): Promise<PartialResult<z.infer<S>>> {
	return await send(this, request, true);
}

async function send<S extends z.ZodTypeAny>(
	context: SembleContext,
	request: SembleRequest<S>,
	partial: boolean,
): Promise<PartialResult<z.infer<S>>> {
	const credentialType = credentialTypeOf(context);
	const credentials = await context.getCredentials(credentialType);
	const endpoint = credentials.endpoint as string;
	const limiterKey = `${credentialType}:${context.getNode().credentials?.[credentialType]?.id ?? endpoint}`;
	const payload = { query: request.document, variables: request.variables ?? {} };
	const timeoutMs = (Number(credentials.timeoutSeconds) || 30) * 1000;

	for (let attempt = 1; ; attempt++) {
		await waitForSlot(limiterKey, Number(credentials.requestsPerMinute) || 240);
		const outcome = await post(context, credentialType, endpoint, payload, timeoutMs);
		const result = interpret(outcome, request, attempt, partial);
		if ('data' in result) return result;
		if (!mayRetry(result.failureClass, request.kind, attempt)) {
			throw toNodeApiError(context.getNode(), result.failure, request.itemIndex);
		}
		await sleep(retryDelayMs(attempt, result.retryAfterMs));
	}
}

interface HttpOutcome {
	status?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
	networkCode?: string;
	/** Failed before sending, e.g. a sign-in that Semble refused: our own safe message. */
	localError?: string;
}

async function post(
	context: SembleContext,
	credentialType: SembleCredentialType,
	endpoint: string,
	payload: object,
	timeoutMs: number,
): Promise<HttpOutcome> {
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
			method: 'POST',
			url: endpoint,
			body: payload,
			json: true,
			returnFullResponse: true,
			timeout: timeoutMs,
		})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
		return { status: response.statusCode, headers: response.headers, body: response.body };
	} catch (error) {
		// n8n wraps the request error (a 401 first triggers its sign-in refresh + one retry).
		const cause = (error as { cause?: RequestErrorLike }).cause ?? (error as RequestErrorLike);
		const response = cause.response;
		if (response?.status) {
			return { status: response.status, headers: response.headers, body: response.data ?? response.body };
		}
		const code = cause.code ?? cause.cause?.code;
		return code ? { networkCode: code } : { localError: cause.message ?? 'Semble request failed' };
	}
}

interface RequestErrorLike {
	message?: string;
	code?: string;
	cause?: { code?: string };
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
}

type Interpretation<T> =
	| PartialResult<T>
	| { failureClass: FailureClass; failure: SembleFailure; retryAfterMs?: number };

function interpret<S extends z.ZodTypeAny>(
	outcome: HttpOutcome,
	request: SembleRequest<S>,
	attempt: number,
	partial: boolean,
): Interpretation<z.infer<S>> {
	if (outcome.localError) return { failureClass: 'final', failure: { summary: outcome.localError } };
	if (outcome.networkCode) return networkFailure(outcome.networkCode, request.kind, attempt);

	const status = outcome.status ?? 0;
	const body = parseBody(outcome.body);
	const errors = body?.errors?.length ? body.errors : undefined;

	// A document Semble refused to run at all (validation): the batch caller falls back.
	if (partial && errors && (status === 400 || errors.every(isRequestError))) return { data: null, errors };
	if (status < 200 || status >= 300) {
		const failureClass = errors && isRateLimit(errors) ? 'rateLimited' : classifyStatus(status);
		const failure =
			errors && status !== 429 && status < 500 ? failureFromGraphQLErrors(errors, status) : failureFromStatus(status, attempt);
		return { failureClass, failure, retryAfterMs: parseRetryAfter(outcome.headers?.['retry-after']) };
	}
	if (!body) {
		return {
			failureClass: 'transient',
			failure: {
				summary: 'Semble sent a response that is not valid JSON',
				description: writeWarning(request.kind),
			},
		};
	}
	if (partial && errors && body.data && !isRateLimit(errors)) {
		// Field errors of a batch: each alias is judged on its own by the caller.
	} else if (errors) {
		const failureClass: FailureClass = isRateLimit(errors)
			? 'rateLimited'
			: errors[0]?.extensions?.code === 'INTERNAL_SERVER_ERROR'
				? 'transient'
				: 'final';
		return { failureClass, failure: failureFromGraphQLErrors(errors, status) };
	}
	if (request.kind === 'write' && !partial) {
		const refused = payloadError(body.data);
		if (refused) return { failureClass: 'final', failure: refused };
	}
	const parsed = request.schema.safeParse(body.data);
	if (!parsed.success) {
		const where = parsed.error.issues
			.slice(0, 3)
			.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
			.join('; ');
		return {
			failureClass: 'final',
			failure: {
				summary: 'Semble’s response did not have the expected shape',
				description: `The API may have changed. Details: ${where}`,
			},
		};
	}
	return { data: parsed.data, errors: errors ?? [] };
}

interface GraphQLBody {
	data?: Record<string, unknown> | null;
	errors?: GraphQLErrorEntry[];
}

function parseBody(body: unknown): GraphQLBody | undefined {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as GraphQLBody;
		} catch {
			return undefined;
		}
	}
	return body && typeof body === 'object' ? (body as GraphQLBody) : undefined;
}

/** Raised before execution (parse or validation), so nothing ran. */
function isRequestError(error: GraphQLErrorEntry): boolean {
	const code = error.extensions?.code;
	return !error.path && (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED');
}

function isRateLimit(errors: GraphQLErrorEntry[]): boolean {
	return errors.some(
		(e) => e.extensions?.code === 'RATE_LIMITED' || /rate.?limit|too many requests/i.test(e.message ?? ''),
	);
}

/** Every Semble mutation answers `{ data, error }`; a set `error` means it was refused. */
function payloadError(data: GraphQLBody['data']): SembleFailure | undefined {
	for (const [field, value] of Object.entries(data ?? {})) {
		const error = (value as { error?: unknown } | null)?.error;
		if (typeof error === 'string' && error) {
			return { summary: `Semble refused ${field}: ${error}` };
		}
	}
	return undefined;
}

function networkFailure(code: string, kind: RequestKind, attempt: number): Interpretation<never> {
	const failureClass = classifyNetworkError(code);
	const timedOut = /TIMEDOUT|ECONNABORTED|TIMEOUT/i.test(code);
	const what = timedOut ? 'did not answer in time' : 'could not be reached';
	// The code goes in the description: n8n replaces a message that names it with its own text.
	const detail = failureClass === 'notSent' ? 'The request was never sent.' : writeWarning(kind);
	return {
		failureClass,
		failure: {
			summary: `Semble ${what}${attempt > 1 ? ` after ${attempt} attempts` : ''}`,
			description: [`Network error: ${code}.`, detail].filter(Boolean).join(' '),
		},
	};
}

function writeWarning(kind: RequestKind): string | undefined {
	return kind === 'write'
		? 'The change may or may not have been applied in Semble, so it was not sent again. Check Semble before re-running this item.'
		: undefined;
}
