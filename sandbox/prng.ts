/**
 * Tiny seeded PRNG (mulberry32). Data generation must never use Math.random:
 * the same seed has to produce the same clinic on every machine.
 */

// Module-level aliases: global lookups are ~100x slower inside jest's vm sandbox, where tests seed 100k patients.
const { floor, imul } = Math;

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that seeds 1, 2, 3... do not start with correlated output.
    this.state = (imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 0x6d2b79f5;
  }

  /** Float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Pick using parallel weights (need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)];
  }

  /** Index chosen by weight; lets callers build only the chosen value (seeding speed). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += `${this.int(0, 9)}`;
    return s;
  }
}

/** Independent stream per entity kind, so adding a field to bookings never reshuffles patients. */
export function streamFor(seed: number, kind: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < kind.length; i++) h = imul(h ^ kind.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h);
}
