/**
 * Seeded initialisations of the float64 recurrent reference's parameters
 * (layout in src/lib/recurrent/shared.ts). DOM-free; no tfjs.
 *
 * Recurrent weights W, one H×H block per gate (G blocks: 1 tanh RNN, 4 LSTM,
 * 3 GRU), each block chosen by `recurrent`:
 *   "uniform"     entries U(−s, s), s = scale/√H (scale 1 is the common
 *                 1/√H default)
 *   "orthogonal"  scale · Q, Q from Gram–Schmidt (modified, applied twice) of
 *                 the columns of a seeded Gaussian matrix: QᵀQ = I, every
 *                 singular value = scale (Saxe, McClelland & Ganguli 2014)
 *   "identity"    scale · I, IRNN style (Le, Jaitly & Hinton 2015)
 * Input weights U: U(−1/√D, 1/√D). Read-out V: U(−1/√H, 1/√H). Biases 0,
 * except the LSTM's forget-gate block: forgetBias (default 1, Gers, Schmidhuber
 * & Cummins 2000; Jozefowicz, Zaremba & Sutskever 2015), so f = σ(1) ≈ 0.73
 * at the start and the cell state is kept by default.
 *
 * Draw order (part of the definition): one mulberry32(seed) stream; W block by
 * block (uniform: row-major; orthogonal: the Gaussian matrix row-major via
 * rng.ts gaussian, which spends two uniforms per pair), then U, then V.
 */
import { gaussian, mulberry32 } from "../rng.ts";
import { GATES, type Cell, type RecurrentParams } from "./shared.ts";

export type RecurrentInit = "uniform" | "orthogonal" | "identity";

export interface InitOptions {
  H: number;
  D: number;
  K: number;
  seed: number;
  recurrent: RecurrentInit;
  /** Multiplies the recurrent block (see above). */
  scale: number;
  /** LSTM only: bias of the forget-gate block; default 1. */
  forgetBias?: number;
}

const FILE = "src/lib/recurrent/init.ts";

/**
 * An orthonormal n×n matrix (row-major) by Gram–Schmidt of the columns of a
 * Gaussian matrix drawn from `normal`, row-major. Each column is
 * orthogonalised twice against the earlier ones ("twice is enough"), so QᵀQ = I
 * to rounding. A Gaussian matrix is singular with probability 0; a column that
 * collapses anyway throws.
 */
export function orthogonalMatrix(n: number, normal: () => number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = normal();
  const Q = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = A[i * n + k];
    for (let pass = 0; pass < 2; pass++) {
      for (let m = 0; m < k; m++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q[i * n + m] * v[i];
        for (let i = 0; i < n; i++) v[i] -= dot * Q[i * n + m];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) throw new RangeError(`${FILE}: orthogonalMatrix column ${k} collapsed (rank-deficient draw); try another seed`);
    for (let i = 0; i < n; i++) Q[i * n + k] = v[i] / norm;
  }
  return Q;
}

function checkSize(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${FILE}: initParams option ${name} must be an integer ≥ 1, got ${v}`);
}

/** Parameters of `cell` for the given sizes, initialisation and seed. */
export function initParams(cell: Cell, opts: InitOptions): RecurrentParams {
  const { H, D, K, seed, recurrent, scale } = opts;
  checkSize("H", H);
  checkSize("D", D);
  checkSize("K", K);
  if (!(cell in GATES)) throw new RangeError(`${FILE}: initParams cell must be "rnn", "lstm" or "gru", got ${JSON.stringify(cell)}`);
  if (!Number.isFinite(scale)) throw new RangeError(`${FILE}: initParams option scale must be a finite number, got ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`${FILE}: initParams option seed must be an integer, got ${seed}`);
  if (opts.forgetBias !== undefined && cell !== "lstm") {
    throw new RangeError(`${FILE}: initParams option forgetBias applies to the LSTM only (cell "${cell}"); remove it`);
  }
  const G = GATES[cell];
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const uniform = (s: number) => (2 * rand() - 1) * s;
  const W = new Float64Array(G * H * H);
  for (let k = 0; k < G; k++) {
    const off = k * H * H;
    if (recurrent === "uniform") {
      for (let i = 0; i < H * H; i++) W[off + i] = uniform(scale / Math.sqrt(H));
    } else if (recurrent === "orthogonal") {
      const Q = orthogonalMatrix(H, normal);
      for (let i = 0; i < H * H; i++) W[off + i] = scale * Q[i];
    } else if (recurrent === "identity") {
      for (let i = 0; i < H; i++) W[off + i * H + i] = scale;
    } else {
      throw new RangeError(`${FILE}: initParams option recurrent must be "uniform", "orthogonal" or "identity", got ${JSON.stringify(recurrent)}`);
    }
  }
  const U = new Float64Array(G * H * D);
  for (let i = 0; i < U.length; i++) U[i] = uniform(1 / Math.sqrt(D));
  const V = new Float64Array(K * H);
  for (let i = 0; i < V.length; i++) V[i] = uniform(1 / Math.sqrt(H));
  const b = new Float64Array(G * H);
  if (cell === "lstm") b.fill(opts.forgetBias ?? 1, H, 2 * H);
  return { cell, H, D, K, W, U, b, V, c: new Float64Array(K) };
}
