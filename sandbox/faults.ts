/** One-shot (or n-shot) failures injected into the next matching GraphQL requests. */

export const FAULT_KINDS = ['http429', 'http500', 'slow', 'reset', 'malformed', 'graphqlError', 'payloadError', 'expiredToken', 'noRecord'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** How many requests it affects (default 1). */
  count?: number;
  /** Only requests with a root field name containing this string (default: every GraphQL request). */
  match?: string;
  /** `slow`: delay after executing (default 5000). Other kinds: delay before the faulty response. */
  delayMs?: number;
  /** `http500`: any 5xx status (default 500). */
  status?: number;
  message?: string;
  /** `http429` (default 1) and 5xx responses: value of the Retry-After header. */
  retryAfterSeconds?: number;
  /** `reset`: drop the connection without executing the operation. */
  beforeExecute?: boolean;
}

export interface PendingFault extends Fault { remaining: number }

export function validateFault(input: unknown): Fault {
  const f = (input ?? {}) as Fault;
  if (!FAULT_KINDS.includes(f.kind)) throw new Error(`Unknown fault kind ${JSON.stringify(f.kind)}; expected one of ${FAULT_KINDS.join(', ')}`);
  if (f.count !== undefined && (!Number.isInteger(f.count) || f.count < 1)) throw new Error('count must be a positive integer');
  if (f.status !== undefined && (!Number.isInteger(f.status) || f.status < 500 || f.status > 599)) throw new Error('status must be a 5xx code');
  if (f.delayMs !== undefined && (typeof f.delayMs !== 'number' || f.delayMs < 0)) throw new Error('delayMs must be >= 0');
  if (f.match !== undefined && typeof f.match !== 'string') throw new Error('match must be a string');
  return { ...f };
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: Fault): void {
    const f = validateFault(fault);
    this.pending.push({ ...f, remaining: f.count ?? 1 });
  }

  /** The first pending fault that applies to this request; consumes one use of it. */
  take(rootFields: readonly string[], kind: 'query' | 'mutation'): Fault | undefined {
    const i = this.pending.findIndex((f) =>
      (f.kind !== 'payloadError' || kind === 'mutation')
      && (f.match === undefined || rootFields.some((name) => name.includes(f.match as string))));
    if (i < 0) return undefined;
    const f = this.pending[i];
    if (--f.remaining <= 0) this.pending.splice(i, 1);
    const fault: Partial<PendingFault> = { ...f };
    delete fault.remaining;
    return fault as Fault;
  }

  list(): PendingFault[] {
    return this.pending.map((f) => ({ ...f }));
  }

  clear(): void {
    this.pending = [];
  }
}
