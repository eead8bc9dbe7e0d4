/**
 * The per-step factor of the tanh RNN, measured and bounded (lesson 7, "through
 * time"). Backpropagation through time multiplies the gradient by one Jacobian
 * per step, ∂C/∂h_{t−1} = Wᵀ diag(tanh′(a_t)) ∂C/∂h_t (rnn.ts), so
 *   ‖∂C/∂h_{t−1}‖ / ‖∂C/∂h_t‖ ≤ ‖W‖₂ · max_i tanh′(a_t)_i ≤ ‖W‖₂
 * (Hochreiter 1991; Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio
 * 2013). Over a batch the norms are Frobenius norms over items and units (the
 * reference's hiddenGradNorms) and the max runs over items and units too; the
 * bound still holds step by step. Float64, DOM-free, no tfjs.
 *
 *   stepFactors(norms)     the measured ratios norms[t−1]/norms[t], t = 1..T,
 *                          and their geometric mean (the average factor per step)
 *   factorBound(params, batch?)
 *                          ‖W‖₂ (the bound for any input, tanh′ ≤ 1) and, with a
 *                          batch, the tighter ‖W‖₂ · (largest tanh′ met at steps
 *                          1..T), step by step and overall
 *   spectralRadius(M, n)   ρ(M), the long-run rate of a product of one repeated matrix
 *   distanceToVanish(f, floor = 1e-6)
 *                          the fewest steps n with fⁿ < floor: how far back a
 *                          gradient shrinking by f per step stays above floor
 */
import { forward } from "./reference.ts";
import { spectralNorm, type RecurrentParams, type SequenceBatch } from "./shared.ts";

export const FILE_FACTORS = "src/lib/recurrent/factors.ts";

export interface StepFactors {
  /** ratios[t − 1] = norms[t − 1] / norms[t], t = 1..T: ‖∂C/∂h_{t−1}‖ / ‖∂C/∂h_t‖. */
  ratios: number[];
  /** (Π ratios)^(1/T) = (norms[0] / norms[T])^(1/T). */
  geometricMean: number;
}

/** The measured per-step factors of a list of hidden-gradient norms ‖∂C/∂h_t‖, t = 0..T. */
export function stepFactors(hiddenGradNorms: readonly number[]): StepFactors {
  const n = hiddenGradNorms;
  if (n.length < 2) throw new RangeError(`${FILE_FACTORS}: stepFactors needs the norms of at least 2 steps (t = 0..T, T ≥ 1), got ${n.length}`);
  for (let t = 0; t < n.length; t++) {
    if (!(n[t] > 0) || !Number.isFinite(n[t])) {
      throw new RangeError(`${FILE_FACTORS}: stepFactors hiddenGradNorms[${t}] = ${n[t]} is not a positive finite number; a ratio of norms needs every norm > 0`);
    }
  }
  const ratios: number[] = [];
  let logSum = 0;
  for (let t = 1; t < n.length; t++) {
    const r = n[t - 1] / n[t];
    ratios.push(r);
    logSum += Math.log(r);
  }
  return { ratios, geometricMean: Math.exp(logSum / ratios.length) };
}

export interface FactorBound {
  /** ‖W‖₂: the bound on every step's factor for any input (max tanh′ = 1). */
  spectral: number;
  /** With a batch: the largest tanh′(a_t) = 1 − h_t² met over items, units and steps t = 1..T. */
  maxSlope?: number;
  /** With a batch: ‖W‖₂ · maxSlope. */
  tight?: number;
  /** With a batch: perStep[t − 1] = ‖W‖₂ · max tanh′(a_t), t = 1..T, the bound on ratios[t − 1]. */
  perStep?: number[];
}

/**
 * The bound ‖W‖₂ · max tanh′ on the tanh RNN's per-step factor: ‖W‖₂ alone, and
 * with a batch the tighter bound from the slopes actually met along it.
 */
export function factorBound(params: RecurrentParams, batch?: SequenceBatch): FactorBound {
  if (params.cell !== "rnn") throw new RangeError(`${FILE_FACTORS}: factorBound bounds the tanh RNN only; pass params of cell "rnn", got "${params.cell}"`);
  const spectral = spectralNorm(params.W, params.H, params.H);
  if (!batch) return { spectral };
  const { hidden } = forward("rnn", params, batch);
  const perStep: number[] = [];
  let maxSlope = 0;
  for (let t = 1; t < hidden.length; t++) {
    let m = 0;
    for (const h of hidden[t]) m = Math.max(m, 1 - h * h);
    perStep.push(spectral * m);
    maxSlope = Math.max(maxSlope, m);
  }
  return { spectral, maxSlope, tight: spectral * maxSlope, perStep };
}

/**
 * The fewest steps n ≥ 0 with factorⁿ < floor (Infinity when factor ≥ 1: the
 * product never falls below floor). factor ≥ 0, floor in (0, 1).
 */
export function distanceToVanish(factor: number, floor = 1e-6): number {
  if (!(factor >= 0) || !Number.isFinite(factor)) throw new RangeError(`${FILE_FACTORS}: distanceToVanish factor must be a finite number ≥ 0, got ${factor}`);
  if (!(floor > 0 && floor < 1)) throw new RangeError(`${FILE_FACTORS}: distanceToVanish floor must be a number in (0, 1), got ${floor}`);
  if (factor >= 1) return Infinity;
  if (factor === 0) return 1;
  // Start one below ⌊ln floor / ln factor⌋ (never past the answer, whatever the rounding of the logs),
  // then count up: exact on the boundary, factorⁿ < floor ≤ factorⁿ⁻¹ (0.5² = 0.25 is not below 0.25).
  let n = Math.max(0, Math.floor(Math.log(floor) / Math.log(factor)) - 1);
  while (!(factor ** n < floor)) n++;
  return n;
}

/**
 * The spectral radius ρ(M) = max |eigenvalue| of a square matrix (n × n, row-major), by
 * Gelfand's formula ρ = lim ‖Mᵏ‖^(1/k): the mean of log growth over `iterations` products
 * of M with a normalised matrix (M^k itself is never formed, so nothing overflows). This is
 * the rate at which the same matrix, applied over and over, stretches a generic vector —
 * the long-run rate of a product of T identical factors — where ‖M‖₂ is the most it can
 * stretch any vector once. ρ(M) ≤ ‖M‖₂, with equality for normal matrices. Accurate to
 * about ln(cond)/iterations relative; 4,000 iterations on a 16 × 16 matrix take a few ms.
 */
export function spectralRadius(M: ArrayLike<number>, n: number, iterations = 4000): number {
  if (!Number.isInteger(n) || n < 1 || M.length !== n * n) throw new RangeError(`${FILE_FACTORS}: spectralRadius needs an n × n matrix (n = ${n}), got ${M.length} entries`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`${FILE_FACTORS}: spectralRadius iterations must be an integer ≥ 1, got ${iterations}`);
  let P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) P[i * n + i] = 1 / Math.sqrt(n);
  let logSum = 0;
  // Skip the first tenth: the transient of the starting matrix, not the rate.
  const burn = Math.floor(iterations / 10);
  for (let k = 0; k < iterations + burn; k++) {
    const Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < n; l++) {
        const m = M[i * n + l];
        if (m === 0) continue;
        for (let j = 0; j < n; j++) Q[i * n + j] += m * P[l * n + j];
      }
    }
    let f = 0;
    for (const q of Q) f += q * q;
    f = Math.sqrt(f);
    if (f === 0) return 0;
    for (let i = 0; i < Q.length; i++) Q[i] /= f;
    if (k >= burn) logSum += Math.log(f);
    P = Q;
  }
  return Math.exp(logSum / iterations);
}
