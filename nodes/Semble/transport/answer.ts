import type { z } from 'zod';

import type { GraphQLErrorEntry, SembleFailure } from './errors';
import { failureFromGraphQLErrors, failureFromStatus } from './errors';
import type { FailureClass, RequestKind } from './retryPolicy';
import { classifyNetworkError, classifyStatus, parseRetryAfter } from './retryPolicy';
import { MISMATCH, fastParse } from './fastParse';

/**
 * What came back from one POST, and the judgements both entry points of the transport
 * (index.ts) make of it. Each returns a failure (retried or thrown by the caller's loop) or
 * nothing when that part of the answer is fine.
 */

export interface GraphQLBody {
	data?: Record<string, unknown> | null;
	errors?: GraphQLErrorEntry[];
}

export interface HttpOutcome {
	status?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
	networkCode?: string;
	/** Failed before sending, e.g. a sign-in that Semble refused: our own safe message. */
	localError?: string;
}

export interface Failure {
	failureClass: FailureClass;
	failure: SembleFailure;
	retryAfterMs?: number;
	/** Semble answered, but not in a shape we can read: a write may have been carried out. */
	unreadable?: boolean;
}

/** An answer Semble gave: its status, the parsed body (undefined when not JSON) and its errors. */
export interface Answer {
	status: number;
	headers?: Record<string, unknown>;
	body?: GraphQLBody;
	errors?: GraphQLErrorEntry[];
}

/** The outcome as an answer, or the failure to send it / hear back. */
export function answerOf(outcome: HttpOutcome, kind: RequestKind, attempt: number): Answer | Failure {
	if (outcome.localError) return { failureClass: 'final', failure: { summary: outcome.localError } };
	if (outcome.networkCode) return networkFailure(outcome.networkCode, kind, attempt);
	const body = parseBody(outcome.body);
	const errors = body?.errors?.length ? body.errors : undefined;
	return { status: outcome.status ?? 0, headers: outcome.headers, body, errors };
}

export const isFailure = (value: object): value is Failure => 'failureClass' in value;

/** A non-2xx status, or a 2xx whose body is not JSON. */
export function httpFailure(answer: Answer, kind: RequestKind, attempt: number): Failure | undefined {
	const { status, errors } = answer;
	if (status < 200 || status >= 300) {
		const failureClass = errors && isRateLimit(errors) ? 'rateLimited' : classifyStatus(status);
		const failure =
			errors && status !== 429 && status < 500 ? failureFromGraphQLErrors(errors, status) : failureFromStatus(status, attempt);
		return { failureClass, failure, retryAfterMs: parseRetryAfter(answer.headers?.['retry-after']) };
	}
	if (!answer.body) {
		return {
			failureClass: 'transient',
			failure: { summary: 'Semble sent a response that is not valid JSON', description: writeWarning(kind) },
		};
	}
	return undefined;
}

/** GraphQL errors that fail the whole request (a rate limit is never run, so it is retried). */
export function errorsFailure(errors: GraphQLErrorEntry[] | undefined, status: number): Failure | undefined {
	if (!errors) return undefined;
	const failureClass: FailureClass = isRateLimit(errors)
		? 'rateLimited'
		: errors[0]?.extensions?.code === 'INTERNAL_SERVER_ERROR'
			? 'transient'
			: 'final';
	return { failureClass, failure: failureFromGraphQLErrors(errors, status) };
}

export function rateLimitFailure(errors: GraphQLErrorEntry[] | undefined, status: number): Failure | undefined {
	return errors && isRateLimit(errors) ? errorsFailure(errors, status) : undefined;
}

/** Raised before execution (parse or validation), so nothing ran. */
export function refusedBeforeRunning(answer: Answer): boolean {
	const { errors } = answer;
	return errors !== undefined && (answer.status === 400 || errors.every(isRequestError));
}

/** Every Semble mutation answers `{ data, error }`: the first root field whose `error` is set. */
export function payloadError(data: GraphQLBody['data']): { field: string; error: string } | undefined {
	for (const [field, value] of Object.entries(data ?? {})) {
		const error = (value as { error?: unknown } | null)?.error;
		if (typeof error === 'string' && error) return { field, error };
	}
	return undefined;
}

export function parsed<S extends z.ZodTypeAny>(schema: S, data: unknown): { value: z.infer<S> } | Failure {
	const fast = fastParse(schema, data);
	if (fast !== MISMATCH) return { value: fast };
	const result = schema.safeParse(data);
	if (result.success) return { value: result.data };
	const where = result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		.join('; ');
	return {
		failureClass: 'final',
		unreadable: true,
		failure: {
			summary: 'Semble’s response did not have the expected shape',
			description: `The API may have changed. Details: ${where}`,
		},
	};
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

function isRequestError(error: GraphQLErrorEntry): boolean {
	const code = error.extensions?.code;
	return !error.path && (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED');
}

function isRateLimit(errors: GraphQLErrorEntry[]): boolean {
	return errors.some(
		(e) => e.extensions?.code === 'RATE_LIMITED' || /rate.?limit|too many requests/i.test(e.message ?? ''),
	);
}

function networkFailure(code: string, kind: RequestKind, attempt: number): Failure {
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
