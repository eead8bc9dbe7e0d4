/**
 * How much one layer of backpropagation scales the gradient, for the lesson on
 * unstable gradients. Backpropagation gives δ^l = Σ'(z^l) (W^{l+1})ᵀ δ^{l+1}, with
 * δ^l = ∂C/∂b^l. Two parts:
 *
 * - The matrix (W^{l+1})ᵀ. A bound on its entries does not bound what it does to a
 *   vector: with independent entries of mean 0 and standard deviation s, each of
 *   the n_l entries of (W^{l+1})ᵀ δ is a sum of n_{l+1} terms with variance s² ‖δ‖²
 *   in all, so E‖(W^{l+1})ᵀ δ‖² = n_l s² ‖δ‖²: the gain is about √n_l · s. With
 *   Nielsen's initialisation, s = 1/√n_in = 1/√n_l, that is 1: the matrix keeps
 *   lengths on average. With s = 1 in a layer of 30 it is √30 ≈ 5.5.
 * - The diagonal Σ'(z^l), entries σ'(z) ≤ 1/4: this is what shrinks.
 *
 * So the per-layer gain is about √n_l · s · σ', and the shrink measured in a run is
 * the ratio of consecutive layers' ‖∂C/∂b‖ (layerShrink).
 *
 * Pure functions: no DOM, no Node.
 */
import { valueAt } from "../schemas/field-path.ts";

/**
 * The measured shrink per layer: for per-layer norms ‖∂C/∂b^1‖ … ‖∂C/∂b^L‖ (input
 * side first, as in a run log's gradNorms), the ratios ‖∂C/∂b^{l+1}‖ / ‖∂C/∂b^l‖,
 * l = 1 … L − 1. A ratio above 1 means the gradient shrank on its way down from
 * layer l + 1 to layer l.
 */
export function layerShrink(gradNorms: readonly number[]): number[] {
  if (!Array.isArray(gradNorms) || gradNorms.length < 2) throw new RangeError(`need the norms of at least two layers, got ${JSON.stringify(gradNorms)}`);
  gradNorms.forEach((v, i) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`gradNorms[${i}] must be a positive number, got ${v}`);
  });
  return gradNorms.slice(1).map((v, i) => v / gradNorms[i]);
}

/**
 * layerShrink of the norms at `at` in a run's parsed log.json (default: the
 * initial weights' norms), failing with the field's name when it is not a list
 * of positive numbers.
 */
export function layerShrinkInLog(log: unknown, run: string, at = "initial.gradNorms"): number[] {
  const v = valueAt(log, at);
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) {
    throw new Error(`the field "${at}" of public/runs/${run}/log.json is ${v === undefined ? "missing" : "not a list of numbers"}`);
  }
  return layerShrink(v as number[]);
}

/**
 * The typical gain of one backpropagation step through a layer with n_l units
 * whose incoming-from-above weights have standard deviation `weightStd` and whose
 * σ'(z) are all `sigmaPrime`: √n_l · weightStd · σ' (see the comment at the top).
 */
export function expectedLayerGain(units: number, weightStd: number, sigmaPrime: number): number {
  if (!Number.isInteger(units) || units < 1) throw new RangeError(`units must be a whole number ≥ 1, got ${units}`);
  if (!(weightStd >= 0) || !Number.isFinite(weightStd)) throw new RangeError(`weightStd must be a non-negative number, got ${weightStd}`);
  if (!(sigmaPrime >= 0 && sigmaPrime <= 0.25)) throw new RangeError(`sigmaPrime must be in [0, 1/4], got ${sigmaPrime}`);
  return Math.sqrt(units) * weightStd * sigmaPrime;
}

/**
 * P(|Z| < k) for a standard Gaussian Z: the share of N(0, 1) draws within k of 0,
 * i.e. erf(k/√2), by Simpson's rule on the density over [0, k] (error below 1e-12
 * for k ≤ 10; beyond that the share is 1 to double precision).
 */
export function gaussianWithin(k: number): number {
  if (!(k >= 0) || Number.isNaN(k)) throw new RangeError(`k must be a non-negative number, got ${k}`);
  if (k >= 10) return 1;
  const n = 2000;
  const h = k / n;
  const f = (t: number) => Math.exp((-t * t) / 2);
  let sum = f(0) + f(k);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (2 / Math.sqrt(2 * Math.PI)) * (h / 3) * sum;
}
