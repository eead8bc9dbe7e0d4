/**
 * The chain of sigmoid neurons with one neuron per layer (Nielsen, ch. 5):
 *
 *   a_0 = x,   z_j = w_j a_{j−1} + b_j,   a_j = σ(z_j),   j = 1 … L   (L = 4 by default)
 *
 * and the cost C = ½ (a_L − y)² for a target y (default y = 0, so ∂C/∂a_L = a_L,
 * which lies in (0, 1) and is never zero: the chain's factors, not the target,
 * decide the size of the gradient). Nielsen leaves ∂C/∂a_L generic; so can the
 * caller, by passing { dCdaL } instead of a target.
 *
 * Indexing: the arrays are 0-based, so index i holds layer j = i + 1:
 * w[i] = w_j, b[i] = b_j, z[i] = z_j, a[i] = a_j (the input a_0 = x is not in a),
 * dCdb[i] = ∂C/∂b_j, dCdw[i] = ∂C/∂w_j, dCda[i] = ∂C/∂a_j. The one exception is
 * `factors`, which has L − 1 entries: factors[i] = w_{i+2} σ'(z_{i+2}), the
 * factor for layer j = i + 2 (layers 2 … L), as in
 *
 *   ∂C/∂b_1 = σ'(z_1) · w_2 σ'(z_2) · w_3 σ'(z_3) · w_4 σ'(z_4) · ∂C/∂a_4
 *           = sigmaPrime[0] · factors[0] · factors[1] · factors[2] · dCdaL.
 *
 * Pure functions: no DOM, no Node.
 */
import { gaussian } from "../rng.ts";
import { biasForZeroInput, sigmoid, sigmoidPrime, widestInputWindow } from "./sigmoid.ts";

export interface ChainParams {
  /** w_1 … w_L. */
  w: number[];
  /** b_1 … b_L. */
  b: number[];
  /** The input a_0. */
  x: number;
}

export interface ChainForward {
  /** z_1 … z_L. */
  z: number[];
  /** a_1 … a_L (the input a_0 = x is params.x). */
  a: number[];
}

export interface ChainGradients extends ChainForward {
  /** σ'(z_1) … σ'(z_L). */
  sigmaPrime: number[];
  /** L − 1 entries: factors[i] = w_{i+2} σ'(z_{i+2}) (layers 2 … L). */
  factors: number[];
  /** ∂C/∂a_L. */
  dCdaL: number;
  /** ∂C/∂a_1 … ∂C/∂a_L (the last equals dCdaL). */
  dCda: number[];
  /** ∂C/∂b_1 … ∂C/∂b_L: ∂C/∂b_j = σ'(z_j) · Π_{k>j} w_k σ'(z_k) · ∂C/∂a_L. */
  dCdb: number[];
  /** ∂C/∂w_1 … ∂C/∂w_L: ∂C/∂w_j = a_{j−1} ∂C/∂b_j. */
  dCdw: number[];
  /** C = ½ (a_L − y)², or null when dCdaL was given instead of a target. */
  cost: number | null;
}

/** A target y for C = ½ (a_L − y)², or ∂C/∂a_L given directly. */
export type ChainTarget = number | { dCdaL: number };

function check(p: ChainParams): void {
  const { w, b, x } = p;
  if (!Array.isArray(w) || !Array.isArray(b)) throw new TypeError("w and b must be arrays");
  if (w.length !== b.length) throw new RangeError(`w and b must have the same length, got ${w.length} and ${b.length}`);
  if (w.length === 0) throw new RangeError("the chain needs at least one layer");
  w.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`w[${i}] must be finite, got ${v}`);
  });
  b.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`b[${i}] must be finite, got ${v}`);
  });
  if (!Number.isFinite(x)) throw new RangeError(`x must be finite, got ${x}`);
}

/** z_j = w_j a_{j−1} + b_j, a_j = σ(z_j), from a_0 = x. */
export function forwardChain(p: ChainParams): ChainForward {
  check(p);
  const z: number[] = [];
  const a: number[] = [];
  let prev = p.x;
  for (let i = 0; i < p.w.length; i++) {
    z.push(p.w[i] * prev + p.b[i]);
    prev = sigmoid(z[i]);
    a.push(prev);
  }
  return { z, a };
}

/** C = ½ (a_L − y)². */
export function chainCost(p: ChainParams, y = 0): number {
  if (!Number.isFinite(y)) throw new RangeError(`target must be finite, got ${y}`);
  const aL = forwardChain(p).a.at(-1)!;
  return 0.5 * (aL - y) ** 2;
}

/** Forward pass and backpropagation through the chain (see the module comment for indexing). */
export function chainGradients(p: ChainParams, target: ChainTarget = 0): ChainGradients {
  const { z, a } = forwardChain(p);
  const L = z.length;
  const aL = a[L - 1];
  let dCdaL: number;
  let cost: number | null;
  if (typeof target === "number") {
    if (!Number.isFinite(target)) throw new RangeError(`target must be finite, got ${target}`);
    dCdaL = aL - target;
    cost = 0.5 * dCdaL * dCdaL;
  } else {
    if (!Number.isFinite(target.dCdaL)) throw new RangeError(`dCdaL must be finite, got ${target.dCdaL}`);
    dCdaL = target.dCdaL;
    cost = null;
  }
  const sigmaPrime = z.map(sigmoidPrime);
  const factors = sigmaPrime.slice(1).map((s, i) => p.w[i + 1] * s);
  const dCda = new Array<number>(L);
  const dCdb = new Array<number>(L);
  const dCdw = new Array<number>(L);
  // Walk back from the output: ∂C/∂a_{j−1} = w_j σ'(z_j) ∂C/∂a_j.
  let upstream = dCdaL;
  for (let i = L - 1; i >= 0; i--) {
    dCda[i] = upstream;
    dCdb[i] = sigmaPrime[i] * upstream;
    dCdw[i] = (i === 0 ? p.x : a[i - 1]) * dCdb[i];
    upstream = p.w[i] * dCdb[i];
  }
  return { z, a, sigmaPrime, factors, dCdaL, dCda, dCdb, dCdw, cost };
}

/** w_j, b_j ~ N(0, 1) independently (drawn w_1, b_1, w_2, b_2, …), from a uniform source in [0, 1). */
export function randomPreset(rand: () => number, x = 1, layers = 4): ChainParams {
  checkLayers(layers);
  if (!Number.isFinite(x)) throw new RangeError(`x must be finite, got ${x}`);
  const normal = gaussian(rand);
  const w: number[] = [];
  const b: number[] = [];
  for (let j = 0; j < layers; j++) {
    w.push(normal());
    b.push(normal());
  }
  return { w, b, x };
}

function checkLayers(layers: number): void {
  if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`layers must be a whole number ≥ 1, got ${layers}`);
}

/** Biases that put every z_j at zs[j] given the weights, walking forward from x. */
function biasesFor(w: number[], zs: number[], x: number): number[] {
  const b: number[] = [];
  let prev = x;
  for (let i = 0; i < w.length; i++) {
    // biasForZeroInput gives −w a, i.e. z = 0; shift it to z = zs[i].
    b.push(biasForZeroInput(w[i], prev) + zs[i]);
    prev = sigmoid(w[i] * prev + b[i]);
  }
  return b;
}

/**
 * Exploding gradients: w_j = 100 for every layer and b_j = −w_j a_{j−1}, so that
 * every z_j = 0 exactly, σ'(z_j) = 1/4 and every factor w_j σ'(z_j) = 25; then
 * ∂C/∂b_1 = σ'(0) · 25^{L−1} · ∂C/∂a_L.
 */
export function explodingPreset(x = 1, layers = 4): ChainParams {
  checkLayers(layers);
  if (!Number.isFinite(x)) throw new RangeError(`x must be finite, got ${x}`);
  const w = new Array<number>(layers).fill(100);
  return { w, b: biasesFor(w, new Array<number>(layers).fill(0), x), x };
}

/**
 * Half-width z* of the interval of z where |w σ'(z)| ≥ 1 (0 when |w| ≤ 4):
 * σ'(z*) = 1/|w| gives σ(z*) = (1 + √(1 − 4/|w|))/2 and z* = ln(σ/(1 − σ)).
 * In terms of the input a the interval has width 2 z* / |w| = inputWindowWidth(w).
 */
export function zWindowHalfWidth(w: number): number {
  const aw = Math.abs(w);
  if (!(aw > 4)) return 0;
  const r = Math.sqrt(1 - 4 / aw);
  return Math.log((1 + r) / (1 - r));
}

/**
 * Inside the window: every w_j = w (default ≈ 6.9, the weight with the widest
 * input window, widestInputWindow in sigmoid.ts) and biases that put z_j at
 * ±offset · z* (alternating +, −, +, …; z* = zWindowHalfWidth(w)), so every
 * |w σ'(z_j)| ≥ 1 although no z_j sits at the top of σ'. offset ∈ [0, 1): 0 puts
 * every z_j = 0 (factors w/4).
 */
export function windowPreset(x = 1, opts: { layers?: number; w?: number; offset?: number } = {}): ChainParams {
  const layers = opts.layers ?? 4;
  checkLayers(layers);
  if (!Number.isFinite(x)) throw new RangeError(`x must be finite, got ${x}`);
  const wj = opts.w ?? widestInputWindow().w;
  if (!(Math.abs(wj) > 4) || !Number.isFinite(wj)) throw new RangeError(`w must satisfy |w| > 4, got ${wj}`);
  const offset = opts.offset ?? 0.5;
  if (!(offset >= 0 && offset < 1)) throw new RangeError(`offset must be in [0, 1), got ${offset}`);
  const zStar = zWindowHalfWidth(wj);
  const w = new Array<number>(layers).fill(wj);
  const zs = w.map((_, i) => (i % 2 === 0 ? 1 : -1) * offset * zStar);
  return { w, b: biasesFor(w, zs, x), x };
}
