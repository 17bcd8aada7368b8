/**
 * A seeded pseudo-random generator (mulberry32), so `--seed` makes fault rates and generated ids
 * reproducible from run to run.
 */

/** A source of random numbers and ids. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A random RFC 4122 version-4-shaped GUID. */
  uuid(): string;
}

/** Creates a generator; without a seed it uses one drawn from `Math.random` (not reproducible). */
export function createRng(seed?: number): Rng {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  }
  return {
    next,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
