/**
 * The null space of a first layer: changes of the input that leave every weighted
 * input z = Wᵀx + b exactly as it was. W is row-major [nIn × nOut] (one row of
 * outgoing weights per input, as in network.ts and pixels.ts), so
 * (Wᵀx)_j = Σ_i x_i w[i·nOut + j] and (Wc)_i = Σ_j w[i·nOut + j] c_j.
 *
 * The part of a change d that the layer cannot see is its projection onto the
 * null space of Wᵀ,  v = d − W c  with  (WᵀW) c = Wᵀd  (the normal equations,
 * solved by Cholesky in float64): the closest vector to d with Wᵀv = 0. DOM-free.
 */
import { choleskyFactor, choleskySolve } from "./cholesky.ts";
import type { FirstLayer } from "./pixels.ts";

function checkLayer(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">): void {
  if (!(Number.isInteger(layer.nIn) && Number.isInteger(layer.nOut) && layer.nIn > 0 && layer.nOut > 0)) {
    throw new Error(`null space: nIn and nOut must be whole numbers > 0, got ${layer.nIn} and ${layer.nOut}`);
  }
  if (layer.weights.length !== layer.nIn * layer.nOut) {
    throw new Error(`null space: ${layer.weights.length} weights for ${layer.nIn} inputs × ${layer.nOut} units (${layer.nIn * layer.nOut})`);
  }
}

/** Wᵀx: the nOut weighted inputs without the bias (x has nIn values). */
export function transposeTimes(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">, x: ArrayLike<number>): Float64Array {
  checkLayer(layer);
  if (x.length !== layer.nIn) throw new Error(`null space: Wᵀx needs ${layer.nIn} values, got ${x.length}`);
  const { nIn, nOut, weights } = layer;
  const out = new Float64Array(nOut);
  for (let i = 0; i < nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) out[j] += xi * weights[row + j];
  }
  return out;
}

/** Wc: a combination of W's columns (c has nOut values), nIn values. */
export function times(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">, c: ArrayLike<number>): Float64Array {
  checkLayer(layer);
  if (c.length !== layer.nOut) throw new Error(`null space: Wc needs ${layer.nOut} values, got ${c.length}`);
  const { nIn, nOut, weights } = layer;
  const out = new Float64Array(nIn);
  for (let i = 0; i < nIn; i++) {
    const row = i * nOut;
    let s = 0;
    for (let j = 0; j < nOut; j++) s += weights[row + j] * c[j];
    out[i] = s;
  }
  return out;
}

/** WᵀW, nOut × nOut row-major (float64). */
export function gram(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">): Float64Array {
  checkLayer(layer);
  const { nIn, nOut, weights } = layer;
  const g = new Float64Array(nOut * nOut);
  for (let i = 0; i < nIn; i++) {
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) {
      const wj = weights[row + j];
      if (wj === 0) continue;
      for (let k = j; k < nOut; k++) g[j * nOut + k] += wj * weights[row + k];
    }
  }
  for (let j = 0; j < nOut; j++) for (let k = 0; k < j; k++) g[j * nOut + k] = g[k * nOut + j];
  return g;
}

/**
 * The Cholesky factor of WᵀW (src/lib/analysis/cholesky.ts). Refuses a matrix that is not positive
 * definite (W's columns are linearly dependent), naming the pivot.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  return choleskyFactor(a, n, (j, pivot) => new Error(`cholesky: the matrix is not positive definite (pivot ${j} is ${pivot}): the layer's ${n} weight columns are linearly dependent`));
}

export { choleskySolve };

export interface NullSpaceSplit {
  /** The part of d the layer cannot see: Wᵀv = 0. */
  v: Float64Array;
  /** The coefficients of the part it can: d − v = W c. */
  c: Float64Array;
}

/**
 * Splits changes d of a layer's input into the part in the null space of Wᵀ and
 * the part in the column space of W. WᵀW is formed and factorised once; each
 * split then costs two passes over W.
 */
export function nullSpaceProjector(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">): (d: ArrayLike<number>) => NullSpaceSplit {
  const l = cholesky(gram(layer), layer.nOut);
  return (d) => {
    const c = choleskySolve(l, transposeTimes(layer, d));
    const seen = times(layer, c);
    const v = new Float64Array(layer.nIn);
    for (let i = 0; i < layer.nIn; i++) v[i] = d[i] - seen[i];
    return { v, c };
  };
}

/** v = d − W (WᵀW)⁻¹ Wᵀ d: the closest change to d that leaves all of the layer's weighted inputs unchanged. */
export function nullSpaceChange(layer: Pick<FirstLayer, "nIn" | "nOut" | "weights">, d: ArrayLike<number>): Float64Array {
  return nullSpaceProjector(layer)(d).v;
}

/** ‖x‖, the Euclidean norm. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}
