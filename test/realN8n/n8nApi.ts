/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- not shipped: test tooling that drives n8n from outside */
import { readFileSync } from 'node:fs';

import type { RealN8nState } from './realN8n';

/** Talking to the real n8n a test stage started: its public API, its executions, bounded waits. */

/**
 * fetch for tests talking to n8n. Node's fetch keeps idle sockets; n8n closes them after a
 * few seconds, and the next request on one fails before n8n sees it: "other side closed", or
 * EPIPE when the request was being written into the closed socket. Such a request is sent
 * once more on a fresh socket.
 */
export async function n8nFetch(url: string, init?: RequestInit): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch (error) {
		const cause = (error as { cause?: { code?: string; name?: string } }).cause;
		const unsent = cause?.name === 'SocketError' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
		if (!unsent) throw error;
		return await fetch(url, init);
	}
}

/** In a real-n8n test: the n8n and sandbox globalSetup.ts started for the run. */
export function realN8nState(): RealN8nState {
	return JSON.parse(readFileSync(process.env.SEMBLE_REAL_N8N_STATE as string, 'utf8')) as RealN8nState;
}

/** Bounded polling: asks `probe` until it returns something, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = await probe();
		if (result !== undefined) return result;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export type ExecutionItem = { json: Record<string, unknown> };
export type RunData = Record<string, Array<{ error?: { message: string }; data?: { main: ExecutionItem[][] } }>>;
export interface ResultData {
	runData: RunData;
	error?: { message: string };
}
export interface Execution {
	id: string;
	status: string;
	mode?: string;
	retryOf?: string | null;
	data?: { resultData: ResultData };
}

/** A workflow's executions, newest first, with their data. */
export async function executionsOf(state: RealN8nState, workflowId: string): Promise<Execution[]> {
	return (
		await n8nApi<{ data: Execution[] }>(state, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=50`)
	).data;
}

/** The items node `node` put out in an execution. */
export const itemsOf = (execution: Execution, node: string) =>
	execution.data?.resultData.runData[node]?.[0]?.data?.main[0] ?? [];

/** n8n's public REST API (`/api/v1`), with the owner's API key. */
export async function n8nApi<T>(state: RealN8nState, method: string, route: string, body?: unknown): Promise<T> {
	const response = await n8nFetch(`${state.baseUrl}/api/v1${route}`, {
		method,
		headers: { 'X-N8N-API-KEY': state.apiKey, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text}`);
	return JSON.parse(text) as T;
}

/**
 * POSTs to a production webhook once n8n serves it. n8n 2.x publishes an activated workflow in
 * the background and answers 404 until then; a 404 starts nothing, so asking again is safe.
 */
export async function postToWebhook(state: RealN8nState, webhookPath: string): Promise<number> {
	return await until(`n8n to serve /webhook/${webhookPath}`, async () => {
		const { status } = await n8nFetch(`${state.baseUrl}/webhook/${webhookPath}`, { method: 'POST' });
		return status === 404 ? undefined : status;
	});
}
