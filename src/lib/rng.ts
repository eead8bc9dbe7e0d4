/**
 * Small seeded random numbers, so that data splits, weight initialisations and
 * demos are reproducible: the same seed gives the same numbers in Node and in
 * every browser (only 32-bit integer arithmetic, no platform-dependent state).
 */

/**
 * mulberry32: a tiny 32-bit PRNG (one u32 of state), good enough for shuffles
 * and initialisations, not for cryptography. Returns floats in [0, 1), each a
 * multiple of 2^-32.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws N(0, 1) from a uniform source, by Box–Muller. Each
 * pair of uniforms yields two independent normals; the second is cached and
 * returned by the next call, so no randomness is wasted.
 */
export function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/**
 * Fisher–Yates shuffle in place: every permutation equally likely (up to the
 * PRNG's quality). Walks from the end, swapping item i with a uniformly chosen
 * item in [0, i]; the exact order of draws is part of the documented data split,
 * so do not change it.
 */
export function shuffleInPlace<T>(arr: T[] | Uint32Array, rand: () => number): void {
  // One view for both kinds of array: swapping never changes an item's type.
  const a = arr as { [index: number]: unknown; length: number };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}
