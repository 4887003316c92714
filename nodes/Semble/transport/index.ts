import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { z } from 'zod';

import type { Answer, Failure, HttpOutcome } from './answer';
import {
	answerOf,
	errorsFailure,
	httpFailure,
	isFailure,
	parsed,
	payloadError,
	rateLimitFailure,
	refusedBeforeRunning,
} from './answer';
import type { GraphQLErrorEntry, SembleFailure } from './errors';
import { toNodeApiError } from './errors';
import { FAILURES_TO_OPEN, OPEN_MS, recordFailure, recordSuccess, refusedUntil, releaseProbe } from './circuitBreaker';
import { rateLimited, waitForSlot, wentThrough } from './rateLimiter';
import type { RequestKind } from './retryPolicy';
import { mayRetry, retryDelayMs } from './retryPolicy';
import { PRACTICE_TIMEZONE } from '../shared/practiceTime';
import { inputProblems } from '../shared/validation';

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
	/**
	 * How a write's payload `error` is reported (default: "Semble refused <field>: <error>").
	 * Returning undefined hands the payload back as data, for a caller that expects the refusal.
	 */
	refusal?: (error: string, field: string) => SembleFailure | undefined;
	/** What to do next, added to any error Semble itself reports for this request. */
	hint?: string;
}

/** The node's "Authentication" parameter picks the credential; it is never an expression. */
export function credentialTypeOf(context: SembleContext): SembleCredentialType {
	return context.getNode().parameters.authentication === 'signIn' ? 'sembleSignInApi' : 'sembleApi';
}

type Reading<T> = { value: T } | Failure;

/** Sends one GraphQL document to Semble and returns its parsed `data`; any error is thrown. */
export async function sembleRequest<S extends z.ZodTypeAny>(
	this: SembleContext,
	request: SembleRequest<S>,
): Promise<z.infer<S>> {
	return await exchange(this, request, (answer, attempt): Reading<z.infer<S>> => {
		const failure = httpFailure(answer, request.kind, attempt) ?? errorsFailure(answer.errors, answer.status);
		// The hint is for what Semble itself said (refusals, permissions), not for the network.
		if (failure) return answer.errors ? withHint(failure, request.hint) : failure;
		const refused = request.kind === 'write' ? payloadError(answer.body?.data) : undefined;
		if (refused) {
			const explain = request.refusal ?? defaultRefusal;
			const reported = explain(refused.error, refused.field);
			if (reported) return { failureClass: 'final', failure: reported };
		}
		return parsed(request.schema, answer.body?.data);
	});
}

export interface BatchAnswer<T> {
	/** Null when Semble rejected the whole document before running it (e.g. validation). */
	data: T | null;
	/** Field errors, each naming the alias it belongs to in its `path`. */
	errors: GraphQLErrorEntry[];
}

/**
 * For aliased mutations (../v1/actions/mutation.ts), where each alias succeeds or fails on
 * its own: field errors and payload `error`s come back with the data for the caller to judge
 * per alias. Failures of the request itself (network, HTTP, rate limit) are retried and
 * thrown exactly as by sembleRequest.
 */
export async function sembleBatchRequest<S extends z.ZodTypeAny>(
	this: SembleContext,
	request: SembleRequest<S>,
): Promise<BatchAnswer<z.infer<S>>> {
	return await exchange(this, request, (answer, attempt): Reading<BatchAnswer<z.infer<S>>> => {
		if (refusedBeforeRunning(answer)) return { value: { data: null, errors: answer.errors ?? [] } };
		const failure =
			httpFailure(answer, request.kind, attempt) ??
			(answer.body?.data
				? // Some aliases of a write may have run: its per-alias errors are handed back, never retried whole.
					request.kind === 'read'
					? rateLimitFailure(answer.errors, answer.status)
					: undefined
				: errorsFailure(answer.errors, answer.status));
		if (failure) return failure;
		const result = parsed(request.schema, answer.body?.data);
		return isFailure(result) ? result : { value: { data: result.value, errors: answer.errors ?? [] } };
	});
}

const defaultRefusal = (error: string, field: string): SembleFailure => ({ summary: `Semble refused ${field}: ${error}` });

function withHint(failure: Failure, hint?: string): Failure {
	if (!hint) return failure;
	return { ...failure, failure: { ...failure.failure, description: [failure.failure.description, hint].filter(Boolean).join(' ') } };
}

const mayHaveRun = new WeakSet<Error>();

/** Whether a failed write may still have been carried out (a timeout, a 5xx after sending, an unreadable answer). */
export function mayHaveWritten(error: unknown): boolean {
	return error instanceof Error && mayHaveRun.has(error);
}

/** The paced, retried exchange both entry points share; `read` judges each answer. */
async function exchange<S extends z.ZodTypeAny, T>(
	context: SembleContext,
	request: SembleRequest<S>,
	read: (answer: Answer, attempt: number) => Reading<T>,
): Promise<T> {
	// Nothing is sent for an item whose input has a problem (validation.ts).
	const problems = request.itemIndex === undefined ? undefined : inputProblems(context, request.itemIndex);
	if (problems) throw problems;
	const credentialType = credentialTypeOf(context);
	const credentials = await context.getCredentials(credentialType);
	const endpoint = credentials.endpoint as string;
	const limiterKey = `${credentialType}:${context.getNode().credentials?.[credentialType]?.id ?? endpoint}`;
	const payload = { query: request.document, variables: request.variables ?? {} };
	const timeoutMs = (Number(credentials.timeoutSeconds) || 30) * 1000;
	const limit = Number(credentials.requestsPerMinute) || 240;
	for (let attempt = 1; ; attempt++) {
		const pausedUntil = refusedUntil(limiterKey);
		if (pausedUntil !== undefined) throw toNodeApiError(context.getNode(), circuitOpen(pausedUntil), request.itemIndex);
		await waitForSlot(limiterKey, limit);
		const outcome = await post(context, credentialType, endpoint, payload, timeoutMs);
		const answer = answerOf(outcome, request.kind, attempt);
		const result = isFailure(answer) ? answer : read(answer, attempt);
		const failureClass = isFailure(result) ? result.failureClass : undefined;
		// Pacing learns from Semble's rate limit; the breaker from Semble failing to answer.
		if (failureClass === 'rateLimited') {
			rateLimited(limiterKey, limit, isFailure(result) ? result.retryAfterMs : undefined);
			releaseProbe(limiterKey);
		} else if (failureClass === 'transient' || failureClass === 'notSent') recordFailure(limiterKey);
		else {
			wentThrough(limiterKey, limit);
			recordSuccess(limiterKey);
		}
		if (!isFailure(result)) return result.value;
		if (!mayRetry(result.failureClass, request.kind, attempt)) {
			const error = toNodeApiError(context.getNode(), result.failure, request.itemIndex);
			if (request.kind === 'write' && (result.failureClass === 'transient' || result.unreadable)) mayHaveRun.add(error);
			throw error;
		}
		await sleep(retryDelayMs(attempt, result.retryAfterMs, result.failureClass));
	}
}

/** The plain message while Semble is given a rest: what happened and until when (UK time). */
function circuitOpen(until: number): SembleFailure {
	const time = new Date(until).toLocaleTimeString('en-GB', { timeZone: PRACTICE_TIMEZONE });
	return {
		summary: `Semble kept failing, so requests with this credential are paused until ${time} (UK time)`,
		description: `After ${FAILURES_TO_OPEN} failed requests within a minute the node stops sending for ${OPEN_MS / 1000} s, to let Semble recover and to keep the practice's rate budget. Nothing was sent for this call; run it again after that time.`,
	};
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
