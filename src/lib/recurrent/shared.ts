/**
 * Shared pieces of the float64 recurrent reference (src/lib/recurrent/): the
 * parameter layout, small dense linear algebra, the spectral-norm bound on the
 * tanh RNN's per-step factor, and gradient-norm clipping. Plain loops over
 * Float64Array; no tfjs; DOM-free.
 *
 * Parameter layout (all row-major). G gate blocks of H rows each:
 * G = 1 (tanh RNN), 4 (LSTM: blocks i, f, g, o in that order), 3 (GRU: blocks
 * z, r, n). Row r of block k is row k·H + r.
 *   W [G·H, H]   recurrent weights: pre-activation row r gets Σ_j W[r·H + j] h_{t−1}[j]
 *   U [G·H, D]   input weights:     Σ_d U[r·D + d] x_t[d]
 *   b [G·H]      biases
 *   V [K, H]     read-out weights from the LAST hidden state h_T
 *   c [K]        read-out biases
 * Gradients have the same names, shapes and layout.
 *
 * Why the per-step factor matters (Hochreiter 1991; Bengio, Simard & Frasconi
 * 1994; Pascanu, Mikolov & Bengio 2013): in a tanh RNN
 * ∂C/∂h_{t−1} = Wᵀ diag(tanh′(a_t)) ∂C/∂h_t, so
 * ‖∂C/∂h_{t−1}‖ ≤ ‖W‖₂ · max tanh′ · ‖∂C/∂h_t‖. When ‖W‖₂ · max σ′ < 1 the
 * gradient shrinks at least geometrically with distance; clipping the global
 * gradient norm (Pascanu et al. 2013) is the matching fix for the opposite,
 * exploding case.
 */
import { mulberry32 } from "../rng.ts";

/** "rnn" is the tanh RNN. */
export type Cell = "rnn" | "lstm" | "gru";
export type ParamName = "W" | "U" | "b" | "V" | "c";
export const PARAM_NAMES: readonly ParamName[] = ["W", "U", "b", "V", "c"];

/** Gate blocks per cell: rows of W, U and b are GATES[cell] · H. */
export const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface RecurrentParams {
  cell: Cell;
  /** Hidden units, input channels, classes. */
  H: number;
  D: number;
  K: number;
  W: Float64Array;
  U: Float64Array;
  b: Float64Array;
  V: Float64Array;
  c: Float64Array;
}

export type RecurrentGrads = Record<ParamName, Float64Array>;

/**
 * A batch in the task's layout (src/lib/recurrent/task.ts): inputs row-major
 * [count, steps, inputSize], count = labels.length.
 */
export interface SequenceBatch {
  inputs: Float32Array | Float64Array;
  labels: Uint8Array | ArrayLike<number>;
  inputSize: number;
  steps: number;
}

/**
 * An additive nudge at one step, for finite differences of the cost with
 * respect to a state: after step `step` is computed, hidden[n·H + j] is added
 * to h_step[j] of batch item n (before it feeds step + 1 or the read-out); for
 * the LSTM, cell[n·H + j] is added to c_step[j] before h_step = o ⊙ tanh(c_step).
 */
export interface StatePerturbation {
  step: number;
  hidden?: Float64Array;
  cell?: Float64Array;
}

/** One batch item's share of a StatePerturbation (H entries each). */
export interface ItemPerturbation {
  step: number;
  hidden?: ArrayLike<number>;
  cell?: ArrayLike<number>;
}

/** Input x_t of one sequence. */
export type InputAt = (t: number) => ArrayLike<number>;

export const FILE_SHARED = "src/lib/recurrent/shared.ts";

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Zeroed gradients shaped like params. */
export function zeroGrads(p: RecurrentParams): RecurrentGrads {
  return {
    W: new Float64Array(p.W.length),
    U: new Float64Array(p.U.length),
    b: new Float64Array(p.b.length),
    V: new Float64Array(p.V.length),
    c: new Float64Array(p.c.length),
  };
}

/**
 * out[r − r0] = b[r] + Σ_j W[r·H + j] h[j] + Σ_d U[r·D + d] x[d] for rows r0..r1−1.
 */
export function affineRows(p: RecurrentParams, r0: number, r1: number, h: ArrayLike<number>, x: ArrayLike<number>, out: Float64Array): void {
  const { H, D, W, U, b } = p;
  for (let r = r0; r < r1; r++) {
    let s = b[r];
    for (let j = 0; j < H; j++) s += W[r * H + j] * h[j];
    for (let d = 0; d < D; d++) s += U[r * D + d] * x[d];
    out[r - r0] = s;
  }
}

/**
 * Backward of affineRows: with da[r − r0] = ∂C/∂(pre-activation row r),
 * accumulate ∂C/∂W, ∂C/∂U, ∂C/∂b into g and Wᵀ da into dh (dh[j] += Σ_r W[r·H + j] da_r).
 */
export function affineRowsBackward(p: RecurrentParams, r0: number, r1: number, h: ArrayLike<number>, x: ArrayLike<number>, da: Float64Array, g: RecurrentGrads, dh: Float64Array): void {
  const { H, D, W } = p;
  for (let r = r0; r < r1; r++) {
    const a = da[r - r0];
    if (a === 0) continue;
    for (let j = 0; j < H; j++) {
      g.W[r * H + j] += a * h[j];
      dh[j] += W[r * H + j] * a;
    }
    for (let d = 0; d < D; d++) g.U[r * D + d] += a * x[d];
    g.b[r] += a;
  }
}

/** √(Σ v²) over all entries of the arrays. */
export function globalNorm(arrays: Iterable<ArrayLike<number>>): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/**
 * Largest singular value ‖M‖₂ of a row-major [rows, cols] matrix by power
 * iteration on MᵀM, from a fixed seeded start vector (mulberry32(1), so the
 * answer is reproducible), until the estimate changes by < 1e-15 relatively
 * (at most maxIter iterations). Converges like (σ₂/σ₁)^{2k}.
 */
export function spectralNorm(M: ArrayLike<number>, rows: number, cols: number, maxIter = 100_000): number {
  if (M.length !== rows * cols) throw new RangeError(`${FILE_SHARED}: spectralNorm expects ${rows}·${cols} = ${rows * cols} entries, got ${M.length}`);
  const rand = mulberry32(1);
  let v = new Float64Array(cols);
  for (let j = 0; j < cols; j++) v[j] = rand() + 0.5;
  const u = new Float64Array(rows);
  let sigma = 0;
  for (let it = 0; it < maxIter; it++) {
    let vn = 0;
    for (let j = 0; j < cols; j++) vn += v[j] * v[j];
    vn = Math.sqrt(vn);
    if (vn === 0) return 0;
    for (let j = 0; j < cols; j++) v[j] /= vn;
    let un = 0;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += M[i * cols + j] * v[j];
      u[i] = s;
      un += s * s;
    }
    const next = Math.sqrt(un);
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[j] += M[i * cols + j] * u[i];
    v = w;
    if (Math.abs(next - sigma) <= 1e-15 * next) return next;
    sigma = next;
  }
  return sigma;
}

/**
 * ‖W‖₂ · maxSlope: the bound on ‖∂C/∂h_{t−1}‖ / ‖∂C/∂h_t‖ in a tanh RNN
 * (W square [H, H], row-major; maxSlope = max tanh′ = 1, or the largest slope
 * actually met at that step). Below 1, the gradient shrinks at least
 * geometrically with distance from the cost (Pascanu, Mikolov & Bengio 2013).
 */
export function rnnFactorBound(W: ArrayLike<number>, maxSlope: number): number {
  const H = Math.round(Math.sqrt(W.length));
  if (H * H !== W.length) throw new RangeError(`${FILE_SHARED}: rnnFactorBound W must be square [H, H], got ${W.length} entries`);
  if (!(maxSlope >= 0) || !Number.isFinite(maxSlope)) throw new RangeError(`${FILE_SHARED}: rnnFactorBound maxSlope must be a finite number ≥ 0, got ${maxSlope}`);
  return spectralNorm(W, H, H) * maxSlope;
}

/**
 * Scale all gradients together so that their global norm is at most maxNorm
 * (Pascanu, Mikolov & Bengio 2013): g ← g · maxNorm/‖g‖ when ‖g‖ > maxNorm,
 * else unchanged. Returns copies; the input is not modified.
 */
export function clipByGlobalNorm<T extends Record<string, Float64Array>>(grads: T, maxNorm: number): { clipped: T; normBefore: number } {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new RangeError(`${FILE_SHARED}: clipByGlobalNorm maxNorm must be a positive finite number, got ${maxNorm}`);
  }
  const normBefore = globalNorm(Object.values(grads));
  const scale = normBefore > maxNorm ? maxNorm / normBefore : 1;
  const clipped = {} as Record<string, Float64Array>;
  for (const [k, v] of Object.entries(grads)) clipped[k] = scale === 1 ? Float64Array.from(v) : v.map((x) => x * scale);
  return { clipped: clipped as T, normBefore };
}
