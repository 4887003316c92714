/**
 * Semble sandbox: a local GraphQL server that serves docs/semble-api/schema.graphql with
 * seeded clinic data, rate limits, fault injection and real webhook delivery.
 * See docs/sandbox.md.
 */
import { API_TOKEN } from './auth';
import { createControl, type SandboxControl } from './control';
import { SandboxCore, type SandboxOptions } from './core';
import { sandboxSchema } from './schema';
import { HOST, listen } from './server';
import type { SandboxStore } from './store';

export type { ConfigPatch, SandboxControl } from './control';
export type { RuntimeConfig } from './context';
export type { SandboxOptions } from './core';
export type { Fault, FaultKind, PendingFault } from './faults';
export type { RequestLogEntry } from './request-log';
export type { SandboxStore } from './store';
export type * from './types';
export type { DeliveryAttempt } from './webhooks';
export { API_TOKEN, PATIENTS_ONLY_PERMISSIONS, PATIENTS_ONLY_TOKEN } from './auth';
export { KNOWN_EVENT_TYPES } from './events';
export { isValidNhsNumber, nhsCheckDigit } from './nhs';
export { findSchemaFile, loadSdl, sandboxSchema } from './schema';
export { SIGN_IN_EMAIL, SIGN_IN_PASSWORD } from './seed-practice';

export interface RunningSandbox {
  url: string;
  baseUrl: string;
  port: number;
  apiToken: string;
  store: SandboxStore;
  control: SandboxControl;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  sandboxSchema(); // fail fast if the SDL is missing or a resolver names an unknown field
  const core = new SandboxCore(options);
  const control = createControl(core);
  const server = await listen(core, control, options.port ?? 0);
  const baseUrl = `http://${HOST}:${server.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    port: server.port,
    apiToken: API_TOKEN,
    store: core.store,
    control,
    close: () => {
      closing ??= (async () => {
        core.dispatcher.close();
        core.stopTimers();
        await server.close();
      })();
      return closing;
    },
  };
}
