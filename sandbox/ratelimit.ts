/**
 * Sliding 60-second window per token.
 * ASSUMPTION (NOTES §1, §10.8): 240/min comes from a third-party quote; how Semble signals
 * the limit is unknown. The sandbox answers HTTP 429 + Retry-After + code RATE_LIMITED.
 */
const WINDOW_MS = 60_000;

export class RateLimiter {
  private hits = new Map<string, number[]>();

  /** Records the hit when allowed. Rejected requests are not recorded. */
  check(key: string, nowMs: number, limit: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (limit <= 0) return { ok: true };
    let list = this.hits.get(key);
    if (!list) this.hits.set(key, (list = []));
    let drop = 0;
    while (drop < list.length && list[drop] <= nowMs - WINDOW_MS) drop++;
    if (drop) list.splice(0, drop);
    if (list.length >= limit) {
      const oldestRelevant = list[list.length - limit];
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestRelevant + WINDOW_MS - nowMs) / 1000)) };
    }
    list.push(nowMs);
    return { ok: true };
  }

  reset(): void {
    this.hits.clear();
  }
}
