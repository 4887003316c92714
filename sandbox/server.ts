/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: the sandbox is a local test server running in plain Node */
/** HTTP server: routes /graphql and /__sandbox/*, binds 127.0.0.1 only. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SandboxControl, handleControl } from './control';
import type { SandboxCore } from './core';
import { handleGraphql } from './graphql-handler';
import { sendJson } from './http-util';

export const HOST = '127.0.0.1';

export interface ListeningServer {
  port: number;
  close(): Promise<void>;
}

export function listen(core: SandboxCore, control: SandboxControl, port: number): Promise<ListeningServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const done = (p: Promise<void>): void => {
      p.catch((e: Error) => sendJson(res, 500, { errors: [{ message: `Sandbox error: ${e.message}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    };
    if (url.pathname === '/graphql') {
      if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'Use POST /graphql', extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'POST' });
      return done(handleGraphql(core, req, res));
    }
    if (url.pathname.startsWith('/__sandbox/')) return done(handleControl(core, control, req, res, url.pathname.slice('/__sandbox'.length)));
    return sendJson(res, 404, { error: 'Not found. The GraphQL endpoint is POST /graphql.' });
  });
  // Slow-fault tests hold requests open on purpose; do not let Node time them out first.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
