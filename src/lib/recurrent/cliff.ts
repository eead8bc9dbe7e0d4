/**
 * The "cliff" of Pascanu, Mikolov & Bengio (2013, "On the difficulty of
 * training recurrent neural networks", fig. 6), made measurable for lesson 7
 * ("through time"): along one line in parameter space, the cost of a tanh RNN
 * is smooth and then climbs a steep wall, on which the gradient norm explodes.
 * A plain SGD step taken ON the wall is as long as the gradient is large and
 * throws the parameters far away; a step with the gradient clipped by its
 * global norm stays near. Float64, through the reference's backward
 * (reference.ts); DOM-free; no tfjs.
 *
 * The line: every parameter fixed except the recurrent matrix, W = s·W₀
 * (s the `scale`). At each s, costAlongScale reports
 *   cost      C(θ(s)), the batch-averaged cross-entropy
 *   gradNorm  ‖∇_θ C‖ at θ(s), the global norm over W, U, b, V, c: the norm of
 *             the gradient an SGD step would use there
 *   slope     dC/ds = Σ_ij ∂C/∂W_ij · W₀_ij, the derivative along the line
 *
 * The setup of CLIFF_SETUP (deterministic; cliffSetup() builds it): a tanh RNN
 * with H = 4 units, initParams("rnn", { H: 4, D: 3, K: 2, seed: 1, recurrent:
 * "orthogonal", scale: 1 }) (so ‖W₀‖₂ = 1), on recallTask({ T: 20, K: 2,
 * count: 4, seed: 7 }) (4 sequences of 21 steps). Measured at the 40 scales
 * cliffScales() = 0.5 + 2.5·i/39, i = 0..39 (× W₀), rounded:
 *
 *     s      cost    ‖∇C‖        s      cost    ‖∇C‖
 *   0.500  0.6641   0.326      1.782  0.7721   0.752
 *   0.564  0.6570   0.350      1.846  0.7937   1.167
 *   0.628  0.6492   0.374      1.910  0.7925   0.766
 *   0.692  0.6410   0.400      1.974  0.7936   0.783
 *   0.756  0.6330   0.430      2.038  0.7948   0.793
 *   0.821  0.6257   0.466      2.103  0.7958   0.801
 *   0.885  0.6195   0.505      2.167  0.7967   0.860
 *   0.949  0.6143   0.557      2.231  0.7970   1.006
 *   1.013  0.6086   0.653      2.295  0.7971   1.124
 *   1.077  0.6022   0.809      2.359  0.7977   1.101
 *   1.141  0.5969   0.970      2.423  0.7987   0.950
 *   1.205  0.5951   1.523      2.487  0.7994   0.809
 *   1.269  0.6502  34.761      2.551  0.7995   0.781
 *   1.333  0.7304   0.617      2.615  0.7998   0.896
 *   1.397  0.7440   0.624      2.679  0.7991   0.877
 *   1.462  0.7475   0.679      2.744  0.7905   1.428
 *   1.526  0.7505   0.697      2.808  0.7799   1.471
 *   1.590  0.7538   0.677      2.872  0.7726   1.031
 *   1.654  0.7585   0.657      2.936  0.7686   0.657
 *   1.718  0.7651   0.695      3.000  0.7663   0.561
 *
 * The cost falls gently to 0.595 at s ≈ 1.2, then climbs a wall to 0.730 by
 * s ≈ 1.33 (one grid step of 0.064), and stays on a plateau near 0.75–0.80;
 * the gradient norm, between 0.33 and 1.53 everywhere else, is 34.8 on the wall
 * (s = 1.269). On the finer grid cliffScales(29, 1.2, 1.34) (steps of 0.005,
 * CLIFF_WALL) the wall is resolved: the cost rises 0.6053 → 0.7172 between
 * s = 1.25 and 1.29, and the gradient norm climbs 1.41 (s = 1.20) → 8.2 (1.25)
 * → 35.5 (1.27, the peak; dC/ds = 4.77 there) → 5.0 (1.29) → 0.60 (1.32).
 *
 * Stepping off the wall (CLIFF_STEP: η = 0.1, clip = 1), from s = 1.269
 * (cost 0.6502, ‖∇C‖ 34.76): the unclipped SGD step has length η‖g‖ = 3.476 and
 * lands at cost 0.7764, higher than where it started; the clipped step has
 * length η·clip = 0.100 and lands at cost 0.5929, below the foot of the wall.
 *
 * stepFrom: one SGD step θ′ = θ − η·g·min(1, clip/‖g‖) (no clipping when clip
 * is null), with its length ‖θ′ − θ‖ measured on the parameters (η‖g‖
 * unclipped, η·clip when ‖g‖ > clip) and the cost at θ′. stepOffWall takes both
 * steps from the same point: the pair a chart draws.
 */
import { backward, cost as referenceCost } from "./reference.ts";
import { initParams } from "./init.ts";
import { globalNorm, PARAM_NAMES, type RecurrentGrads, type RecurrentParams, type SequenceBatch } from "./shared.ts";
import { recallTask } from "./task.ts";

export const FILE_CLIFF = "src/lib/recurrent/cliff.ts";

export interface CliffPoint {
  /** s: the recurrent matrix is s·W₀. */
  scale: number;
  cost: number;
  /** Global norm of ∇_θ C over W, U, b, V, c at θ(s). */
  gradNorm: number;
  /** dC/ds = ⟨∂C/∂W, W₀⟩. */
  slope: number;
}

/** A copy of params with W replaced by s·W (every other parameter shared, unchanged). */
export function scaleRecurrent(params: RecurrentParams, s: number): RecurrentParams {
  if (!Number.isFinite(s)) throw new RangeError(`${FILE_CLIFF}: scale must be a finite number, got ${s}`);
  return { ...params, W: params.W.map((w) => w * s) };
}

/**
 * Cost, gradient norm and slope of the tanh RNN whose recurrent matrix is s·W
 * (params.W = W₀; U, b, V, c fixed), for each s in scales.
 */
export function costAlongScale(cell: "rnn", params: RecurrentParams, batch: SequenceBatch, scales: readonly number[]): CliffPoint[] {
  if (cell !== "rnn") throw new RangeError(`${FILE_CLIFF}: costAlongScale measures the tanh RNN only; pass cell "rnn", got ${JSON.stringify(cell)}`);
  if (scales.length < 1) throw new RangeError(`${FILE_CLIFF}: costAlongScale needs at least one scale, got an empty list`);
  return scales.map((scale) => {
    const r = backward("rnn", scaleRecurrent(params, scale), batch);
    let slope = 0;
    for (let i = 0; i < params.W.length; i++) slope += r.grads.W[i] * params.W[i];
    return { scale, cost: r.cost, gradNorm: globalNorm(PARAM_NAMES.map((n) => r.grads[n])), slope };
  });
}

export interface SgdStep {
  /** θ′, new arrays (θ is not modified). */
  params: RecurrentParams;
  /** C(θ′) on the batch. */
  cost: number;
  /** ‖θ′ − θ‖ over every parameter. */
  length: number;
  /** ‖g‖ before clipping. */
  gradNorm: number;
  /** Whether the gradient was scaled down (clip set and ‖g‖ > clip). */
  clipped: boolean;
}

/**
 * One SGD step from params with the gradients grads: θ′ = θ − η·g·min(1, clip/‖g‖),
 * ‖g‖ the global norm (Pascanu, Mikolov & Bengio 2013); clip null: θ′ = θ − η·g.
 */
export function stepFrom(params: RecurrentParams, grads: RecurrentGrads, eta: number, clip: number | null, batch: SequenceBatch): SgdStep {
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`${FILE_CLIFF}: stepFrom eta must be a positive finite number, got ${eta}`);
  if (clip !== null && (!(clip > 0) || !Number.isFinite(clip))) {
    throw new RangeError(`${FILE_CLIFF}: stepFrom clip must be a positive finite number or null (no clipping), got ${clip}`);
  }
  for (const n of PARAM_NAMES) {
    if (grads[n].length !== params[n].length) throw new RangeError(`${FILE_CLIFF}: stepFrom grads.${n} has ${grads[n].length} entries, params.${n} has ${params[n].length}; pass the gradients of these parameters`);
  }
  const gradNorm = globalNorm(PARAM_NAMES.map((n) => grads[n]));
  const clipped = clip !== null && gradNorm > clip;
  const factor = clipped ? eta * (clip / gradNorm) : eta;
  const next = { ...params };
  let sq = 0;
  for (const n of PARAM_NAMES) {
    const p = params[n], g = grads[n];
    const q = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      q[i] = p[i] - factor * g[i];
      sq += (q[i] - p[i]) ** 2;
    }
    next[n] = q;
  }
  return { params: next, cost: referenceCost(params.cell, next, batch), length: Math.sqrt(sq), gradNorm, clipped };
}

export interface WallStep {
  /** Cost and gradient norm where both steps start. */
  cost: number;
  gradNorm: number;
  unclipped: SgdStep;
  clipped: SgdStep;
}

/** From params: the gradient by backward, then one SGD step without and one with clipping. */
export function stepOffWall(params: RecurrentParams, batch: SequenceBatch, eta: number, clip: number): WallStep {
  const r = backward(params.cell, params, batch);
  const unclipped = stepFrom(params, r.grads, eta, null, batch);
  return { cost: r.cost, gradNorm: unclipped.gradNorm, unclipped, clipped: stepFrom(params, r.grads, eta, clip, batch) };
}

/** The deterministic setup whose cliff the header's table shows. */
export const CLIFF_SETUP = {
  H: 4,
  T: 20,
  K: 2,
  count: 4,
  taskSeed: 7,
  initSeed: 1,
  recurrent: "orthogonal",
  initScale: 1,
} as const;

/** Where the wall of CLIFF_SETUP stands: between these scales (the finer grid of the header). */
export const CLIFF_WALL = { from: 1.2, to: 1.34 } as const;

/** The step of the header's example: from the wall point s = cliffScales()[12] ≈ 1.269. */
export const CLIFF_STEP = { eta: 0.1, clip: 1 } as const;

/** The tanh RNN's W₀ (and U, b, V, c) and the batch of CLIFF_SETUP. */
export function cliffSetup(): { params: RecurrentParams; batch: SequenceBatch } {
  const { H, T, K, count, taskSeed, initSeed, recurrent, initScale } = CLIFF_SETUP;
  const batch = recallTask({ T, K, count, seed: taskSeed });
  const params = initParams("rnn", { H, D: batch.inputSize, K, seed: initSeed, recurrent, scale: initScale });
  return { params, batch };
}

/** n scales evenly from `from` to `to` inclusive: from + (to − from)·i/(n − 1). */
export function cliffScales(n = 40, from = 0.5, to = 3): number[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`${FILE_CLIFF}: cliffScales n must be an integer ≥ 2, got ${n}`);
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}
