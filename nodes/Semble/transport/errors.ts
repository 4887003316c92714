import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * The one place Semble failures become NodeApiError. Messages are built from scratch: the
 * underlying request error carries the x-token header and the request body (patient data),
 * so it is never attached, logged or echoed.
 */

export interface GraphQLErrorEntry {
	message?: string;
	path?: Array<string | number>;
	extensions?: { code?: string; permission?: string; [key: string]: unknown };
}

export interface SembleFailure {
	summary: string;
	description?: string;
	httpCode?: string;
}

export function failureFromGraphQLErrors(errors: GraphQLErrorEntry[], status?: number): SembleFailure {
	const first = errors[0] ?? {};
	const code = first.extensions?.code;
	const field = first.extensions?.permission ?? first.path?.[0];
	const httpCode = status ? String(status) : undefined;
	if (code === 'UNAUTHENTICATED') {
		return {
			summary: 'Semble did not accept the credentials',
			description: `${first.message ?? 'Unauthenticated'} Check the API token (or sign-in details) in the Semble credential.`,
			httpCode: httpCode ?? '401',
		};
	}
	if (code === 'FORBIDDEN') {
		return {
			summary: field
				? `The Semble token lacks the permission "${field}"`
				: 'The Semble token lacks a permission this operation needs',
			description: `Semble said: ${first.message ?? 'forbidden'}. Grant the permission to the token in Semble under Settings → API access.`,
			httpCode: httpCode ?? '403',
		};
	}
	const extra = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
	return {
		summary: `Semble returned an error: ${first.message ?? 'unknown error'}${extra}`,
		description: code ? `Error code: ${code}` : undefined,
		httpCode,
	};
}

export function failureFromStatus(status: number, attempts: number): SembleFailure {
	if (status === 429) {
		return {
			summary: `Semble is rate limiting this token (HTTP 429) after ${attempts} attempt(s)`,
			description:
				'Semble allows about 240 requests a minute per practice, shared by every workflow; the node slowed down and tried again, but Semble kept refusing. Spread the work out, or lower "Requests per Minute" on the credential to leave room for other automations.',
			httpCode: '429',
		};
	}
	return {
		summary: `Semble answered HTTP ${status}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
		httpCode: String(status),
	};
}

export function toNodeApiError(node: INode, failure: SembleFailure, itemIndex?: number): NodeApiError {
	const response = { message: failure.summary, description: failure.description ?? '' } as JsonObject;
	return new NodeApiError(node, response, {
		message: failure.summary,
		description: failure.description,
		httpCode: failure.httpCode,
		itemIndex,
	});
}
