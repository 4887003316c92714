/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node */
/** Small helpers for the sandbox tests: a GraphQL POST and a local webhook receiver. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GqlResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POST a GraphQL document. `token: null` sends no x-token header. */
export async function gql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  opts: { token?: string | null; operationName?: string } = {},
): Promise<GqlResponse> {
  const token = opts.token === undefined ? 'sandbox-api-token' : opts.token;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-token': token } : {}) },
    body: JSON.stringify({ query, variables, operationName: opts.operationName }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // non-JSON bodies (faults) are returned as text
  }
  return { status: res.status, headers: res.headers, body };
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Status codes to answer with, in order; the last one repeats. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startReceiver(statuses: number[] = [200]): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const receiver: Receiver = { url: '', received, statuses, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const list = receiver.statuses;
      const status = list[Math.min(received.length - 1, list.length - 1)];
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return receiver;
}

export const PATIENT_PAGE = `query Page($page: Int, $size: Int, $search: String, $options: QueryOptions) {
  patients(search: $search, pagination: { page: $page, pageSize: $size }, options: $options) {
    data { id firstName lastName email dob createdAt updatedAt }
    pageInfo { page pageSize hasMore }
  }
}`;

/** Poll until `done()` is true (for effects that finish after a response, such as a delayed answer). */
export async function waitUntil(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('waitUntil: condition not met in time');
    // eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test helper in plain Node
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
