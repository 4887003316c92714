/** Request log: what was called and how it ended. Never tokens, variables or patient data. */
export interface RequestLogEntry {
  at: string;
  operationName: string | null;
  rootFields: string[];
  kind: 'query' | 'mutation';
  /** HTTP status sent; 0 when the connection was reset without a response. */
  status: number;
  fault?: string;
  /** 'api', 'patients-only', 'signIn', 'anonymous', 'none' (missing), 'invalid', or a custom token's label. */
  tokenLabel: string;
}

const MAX_ENTRIES = 200_000; // bounded so long benchmarks cannot exhaust memory

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, rootFields: [...e.rootFields] }));
  }

  clear(): void {
    this.entries = [];
  }

  /** How many logged requests used each root field (a request with two fields counts for both). */
  countsByRootField(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) for (const f of e.rootFields) counts[f] = (counts[f] ?? 0) + 1;
    return counts;
  }
}
