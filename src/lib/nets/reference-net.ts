/**
 * A plain, double-precision reference for "what fixes it": batch normalisation,
 * residual connections, Adam and per-layer learning rates on a fully connected
 * network, a whole mini-batch at a time. The tfjs trainer's versions of these
 * pieces are checked against it. DOM-free; no tfjs. With batch normalisation and
 * residual connections off and sigmoid hidden units it is src/lib/nets/mlp.ts averaged
 * over a batch (a test holds it to that).
 *
 * Notation (the lesson's, after Nielsen). Layers l = 0..L with sizes
 * [n_0, n_1, …, n_L]; layer 0 is the input, 1..L−1 are hidden, L is the output.
 * A batch of m examples is a matrix with one example per row (row-major), so
 * per example row
 *
 *   z^l = a^{l−1} W^l + b^l                      W^l is [n_{l−1}, n_l], as in network.ts
 *   hidden l < L:  y^l = BN(z^l) if batch normalisation is on, else y^l = z^l
 *                  a^l = f(y^l)                  f ∈ sigmoid | tanh | relu (relu'(0) = 0)
 *                  a^l = a^{l−1} + f(y^l)        residual: l ≥ 2 and n_l = n_{l−1} only
 *   output:        a^L = σ(z^L)                  (never normalised, never a skip)
 *
 * Batch normalisation of a hidden layer, per unit j over the batch (train mode):
 *   μ_j = (1/m) Σ_r z_rj,   σ²_j = (1/m) Σ_r (z_rj − μ_j)²   (the BIASED variance)
 *   ẑ = (z − μ)/√(σ² + ε),  ε = 1e-5,   y = γ ⊙ ẑ + β        (γ starts at 1, β at 0)
 * Inference mode uses running statistics in place of μ and σ², updated after a
 * training step by updateRunningStats:
 *   μ_run ← (1 − m) μ_run + m μ,   σ²_run ← (1 − m) σ²_run + m σ²   (momentum m = 0.1;
 *   μ_run starts at 0, σ²_run at 1). The bias b^l stays in the model; under batch
 *   normalisation it cancels in z − μ, so ∂C/∂b^l is 0 up to rounding.
 *
 * Cost of a batch (n = size of the whole training set, for the L2 term only):
 *   C = (1/m) Σ_r c(a^L_r, y_r) + (λ/2n) Σ_l ‖W^l‖²   (weights only, not b, γ, β)
 *   cross-entropy c = Σ_j −y_j ln a_j − (1 − y_j) ln(1 − a_j), with 0·ln 0 = 0;
 *   quadratic     c = ½‖a − y‖²;   y is the one-hot label.
 *
 * Backpropagation (δ^l = ∂C/∂z^l, rows of a batch):
 *   δ^L = (a^L − y)/m (cross-entropy) or (a^L − y) ⊙ σ'(z^L)/m (quadratic)
 *   ∂C/∂W^l = (a^{l−1})ᵀ δ^l + (λ/n) W^l,   ∂C/∂b^l = Σ_r δ^l_r
 *   ∂C/∂a^{l−1} = δ^l (W^l)ᵀ  (+ ∂C/∂a^l when layer l has a skip: the identity path)
 *   hidden: g = ∂C/∂y^l = ∂C/∂a^l ⊙ f'(y^l);  without BN δ^l = g; with BN
 *     ∂C/∂β = Σ_r g_r,  ∂C/∂γ = Σ_r g_r ⊙ ẑ_r,  ĝ = g ⊙ γ,
 *     δ^l = (1/(m √(σ² + ε))) (m ĝ − Σ_r ĝ_r − ẑ ⊙ Σ_r (ĝ_r ⊙ ẑ_r)).
 */
import type { NetworkParams } from "./network.ts";
import { exampleCost, type CostKind } from "./mlp.ts";
import type { Activation } from "../schemas/experiment.ts";
import { sigmoid } from "../toy-math/sigmoid.ts";

export type { Activation, CostKind };

/** Batch-norm ε and running-statistics momentum. */
export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;

/**
 * Network parameters in float64: NetworkParams' sizes, weights (row-major
 * [n_in, n_out]) and biases, plus, when batch normalisation is used, γ, β and
 * the running statistics of each hidden layer (index l − 1 for hidden layer l;
 * L − 1 entries, the output layer has none).
 */
export interface RefNet {
  sizes: number[];
  weights: Float64Array[];
  biases: Float64Array[];
  gamma?: Float64Array[];
  beta?: Float64Array[];
  runningMean?: Float64Array[];
  runningVar?: Float64Array[];
}

export interface RefOptions {
  /** Hidden-layer activation; the output layer is always sigmoid. */
  activation: Activation;
  cost: CostKind;
  /** L2 strength λ ≥ 0: the cost gains (λ/2n) Σ‖W‖². */
  lambda: number;
  /** Batch-normalise every hidden layer (needs gamma and beta in the net). */
  batchNorm?: boolean;
  /** Skip connection a^l = a^{l−1} + f(y^l) on hidden layers l ≥ 2 with n_l = n_{l−1}. */
  residual?: boolean;
}

export type Mode = "train" | "inference";

/**
 * A float64 copy of a network; with batchNorm, γ = 1, β = 0, μ_run = 0 and
 * σ²_run = 1 for every hidden layer.
 */
export function refNetFrom(net: NetworkParams | RefNet, batchNorm = false): RefNet {
  const out: RefNet = {
    sizes: [...net.sizes],
    weights: net.weights.map((w) => Float64Array.from(w)),
    biases: net.biases.map((b) => Float64Array.from(b)),
  };
  if (batchNorm) {
    const hidden = net.sizes.slice(1, -1);
    out.gamma = hidden.map((n) => new Float64Array(n).fill(1));
    out.beta = hidden.map((n) => new Float64Array(n));
    out.runningMean = hidden.map((n) => new Float64Array(n));
    out.runningVar = hidden.map((n) => new Float64Array(n).fill(1));
  }
  return out;
}

/** A deep copy (γ, β and running statistics included when present). */
export function cloneRefNet(net: RefNet): RefNet {
  const copy = (a?: Float64Array[]) => a?.map((v) => v.slice());
  const out: RefNet = { sizes: [...net.sizes], weights: copy(net.weights)!, biases: copy(net.biases)! };
  if (net.gamma) out.gamma = copy(net.gamma);
  if (net.beta) out.beta = copy(net.beta);
  if (net.runningMean) out.runningMean = copy(net.runningMean);
  if (net.runningVar) out.runningVar = copy(net.runningVar);
  return out;
}

/** Whether weight layer l (1-based) has the identity skip under these options. */
export function hasSkip(sizes: readonly number[], l: number, opts: Pick<RefOptions, "residual">): boolean {
  const L = sizes.length - 1;
  return !!opts.residual && l >= 2 && l < L && sizes[l] === sizes[l - 1];
}

function act(f: Activation, y: number): number {
  if (f === "sigmoid") return sigmoid(y);
  if (f === "tanh") return Math.tanh(y);
  return y > 0 ? y : 0;
}

function actPrime(f: Activation, y: number): number {
  if (f === "sigmoid") {
    const s = sigmoid(y);
    return s * (1 - s);
  }
  if (f === "tanh") {
    const t = Math.tanh(y);
    return 1 - t * t;
  }
  return y > 0 ? 1 : 0;
}

/** Everything one forward pass computed; every matrix is m × n_l, row-major. Index l − 1 is layer l unless said. */
export interface BatchForward {
  m: number;
  mode: Mode;
  /** a^0..a^L (index l is layer l; a[0] is the input). With from > 1, entries below from − 1 are empty. */
  a: Float64Array[];
  /** z^l = a^{l−1} W^l + b^l. */
  z: Float64Array[];
  /** ẑ^l (batch-normalised hidden layers only, else null). */
  zHat: (Float64Array | null)[];
  /** y^l, what f is applied to: γ ⊙ ẑ + β under batch normalisation, else z^l (z^L for the output). */
  y: Float64Array[];
  /** The per-unit mean and variance the layer was normalised with (batch in train mode, running in inference), or null. */
  mean: (Float64Array | null)[];
  variance: (Float64Array | null)[];
  /** Whether layer l has the identity skip. */
  skip: boolean[];
}

/**
 * Forward pass of a batch x (m × n_{from−1}, row-major) through layers from..L
 * (from = 1: x is the input a^0; a larger from feeds x in as a^{from−1}, which is
 * how the tests differentiate with respect to a hidden activation).
 */
export function forwardBatch(net: RefNet, x: ArrayLike<number>, opts: RefOptions, mode: Mode = "train", from = 1): BatchForward {
  const { sizes } = net;
  const L = sizes.length - 1;
  const m = x.length / sizes[from - 1];
  if (!Number.isInteger(m) || m < 1) throw new Error(`forwardBatch: ${x.length} values are not whole rows of ${sizes[from - 1]}`);
  if (opts.batchNorm && (!net.gamma || !net.beta)) throw new Error("forwardBatch: batchNorm needs gamma and beta (see refNetFrom)");
  const empty = new Float64Array(0);
  const fw: BatchForward = { m, mode, a: [], z: [], zHat: [], y: [], mean: [], variance: [], skip: [] };
  for (let l = 0; l < from - 1; l++) fw.a.push(empty);
  for (let l = 1; l < from; l++) {
    fw.z.push(empty);
    fw.zHat.push(null);
    fw.y.push(empty);
    fw.mean.push(null);
    fw.variance.push(null);
    fw.skip.push(false);
  }
  fw.a.push(Float64Array.from(x));
  for (let l = from; l <= L; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const aPrev = fw.a[l - 1];
    const w = net.weights[l - 1];
    const b = net.biases[l - 1];
    const z = new Float64Array(m * nOut);
    for (let r = 0; r < m; r++) {
      const zr = r * nOut;
      for (let j = 0; j < nOut; j++) z[zr + j] = b[j];
      for (let i = 0; i < nIn; i++) {
        const ai = aPrev[r * nIn + i];
        if (ai === 0) continue;
        const row = i * nOut;
        for (let j = 0; j < nOut; j++) z[zr + j] += ai * w[row + j];
      }
    }
    fw.z.push(z);
    const hidden = l < L;
    let y = z;
    let zHat: Float64Array | null = null;
    let mean: Float64Array | null = null;
    let variance: Float64Array | null = null;
    if (hidden && opts.batchNorm) {
      if (mode === "train") {
        mean = new Float64Array(nOut);
        variance = new Float64Array(nOut);
        for (let r = 0; r < m; r++) for (let j = 0; j < nOut; j++) mean[j] += z[r * nOut + j];
        for (let j = 0; j < nOut; j++) mean[j] /= m;
        for (let r = 0; r < m; r++) for (let j = 0; j < nOut; j++) variance[j] += (z[r * nOut + j] - mean[j]) ** 2;
        for (let j = 0; j < nOut; j++) variance[j] /= m;
      } else {
        if (!net.runningMean || !net.runningVar) throw new Error("forwardBatch: inference with batchNorm needs running statistics");
        mean = net.runningMean[l - 1].slice();
        variance = net.runningVar[l - 1].slice();
      }
      const gamma = net.gamma![l - 1];
      const beta = net.beta![l - 1];
      zHat = new Float64Array(m * nOut);
      y = new Float64Array(m * nOut);
      for (let j = 0; j < nOut; j++) {
        const sd = Math.sqrt(variance[j] + BN_EPSILON);
        for (let r = 0; r < m; r++) {
          const k = r * nOut + j;
          zHat[k] = (z[k] - mean[j]) / sd;
          y[k] = gamma[j] * zHat[k] + beta[j];
        }
      }
    }
    const skip = hidden && hasSkip(sizes, l, opts);
    const a = new Float64Array(m * nOut);
    const f: Activation = hidden ? opts.activation : "sigmoid";
    for (let k = 0; k < a.length; k++) a[k] = act(f, y[k]) + (skip ? aPrev[k] : 0);
    fw.zHat.push(zHat);
    fw.y.push(y);
    fw.mean.push(mean);
    fw.variance.push(variance);
    fw.skip.push(skip);
    fw.a.push(a);
  }
  return fw;
}

/**
 * Cost of a forward pass: the mean over its rows of the per-example cost, plus
 * (λ/2n) Σ_l ‖W^l‖² over all weight matrices of the net.
 */
export function costOf(net: RefNet, fw: BatchForward, labels: ArrayLike<number>, opts: RefOptions, n: number): number {
  const L = net.sizes.length - 1;
  const nL = net.sizes[L];
  const aL = fw.a[L];
  let c = 0;
  for (let r = 0; r < fw.m; r++) c += exampleCost(opts.cost, aL.subarray(r * nL, (r + 1) * nL), labels[r]);
  c /= fw.m;
  if (opts.lambda > 0) {
    let sq = 0;
    for (const w of net.weights) for (let i = 0; i < w.length; i++) sq += w[i] * w[i];
    c += (opts.lambda / (2 * n)) * sq;
  }
  return c;
}

/** C of a batch (see costOf); from as in forwardBatch. */
export function batchCost(
  net: RefNet,
  x: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: RefOptions,
  n: number,
  mode: Mode = "train",
  from = 1,
): number {
  return costOf(net, forwardBatch(net, x, opts, mode, from), labels, opts, n);
}

/** Gradients of the batch-averaged cost (L2 term included), index l − 1 for layer l. */
export interface RefGrads {
  dW: Float64Array[];
  db: Float64Array[];
  /** ∂C/∂γ^l, ∂C/∂β^l for hidden layers (empty lists without batch normalisation). */
  dGamma: Float64Array[];
  dBeta: Float64Array[];
  /** ∂C/∂a^l for l = 0..L−1 (index l is layer l; dA[0] is with respect to the input), m × n_l. */
  dA: Float64Array[];
  /** The cost C of the batch (train mode). */
  cost: number;
}

/**
 * Backpropagation through a batch x (m × n_0) with class labels, train mode;
 * n is the training-set size in the L2 term (λ/2n)Σ‖W‖².
 */
export function backpropBatch(net: RefNet, x: ArrayLike<number>, labels: ArrayLike<number>, opts: RefOptions, n: number): RefGrads {
  const fw = forwardBatch(net, x, opts, "train");
  const { sizes } = net;
  const L = sizes.length - 1;
  const m = fw.m;
  const dW: Float64Array[] = new Array(L);
  const db: Float64Array[] = new Array(L);
  const dGamma: Float64Array[] = opts.batchNorm ? new Array(L - 1) : [];
  const dBeta: Float64Array[] = opts.batchNorm ? new Array(L - 1) : [];
  const dA: Float64Array[] = new Array(L);

  // δ^L
  const nL = sizes[L];
  const aL = fw.a[L];
  let delta = new Float64Array(m * nL);
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < nL; j++) {
      const k = r * nL + j;
      const y = j === labels[r] ? 1 : 0;
      const diff = aL[k] - y;
      delta[k] = (opts.cost === "cross-entropy" ? diff : diff * aL[k] * (1 - aL[k])) / m;
    }
  }

  for (let l = L; l >= 1; l--) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    // Below the output, delta holds ∂C/∂a^l on entry; it becomes δ^l = ∂C/∂z^l.
    const dAl = delta;
    if (l < L) {
      const g = new Float64Array(m * nOut);
      const yv = fw.y[l - 1];
      for (let k = 0; k < g.length; k++) g[k] = delta[k] * actPrime(opts.activation, yv[k]);
      if (opts.batchNorm) {
        const zHat = fw.zHat[l - 1]!;
        const gamma = net.gamma![l - 1];
        const variance = fw.variance[l - 1]!;
        const dg = new Float64Array(nOut);
        const dbeta = new Float64Array(nOut);
        const sumG = new Float64Array(nOut);
        const sumGZ = new Float64Array(nOut);
        for (let r = 0; r < m; r++) {
          for (let j = 0; j < nOut; j++) {
            const k = r * nOut + j;
            dbeta[j] += g[k];
            dg[j] += g[k] * zHat[k];
            const gh = g[k] * gamma[j];
            sumG[j] += gh;
            sumGZ[j] += gh * zHat[k];
          }
        }
        dGamma[l - 1] = dg;
        dBeta[l - 1] = dbeta;
        const dz = new Float64Array(m * nOut);
        for (let j = 0; j < nOut; j++) {
          const sd = Math.sqrt(variance[j] + BN_EPSILON);
          for (let r = 0; r < m; r++) {
            const k = r * nOut + j;
            dz[k] = (m * g[k] * gamma[j] - sumG[j] - zHat[k] * sumGZ[j]) / (m * sd);
          }
        }
        delta = dz;
      } else delta = g;
    }
    const aPrev = fw.a[l - 1];
    const w = net.weights[l - 1];
    const gw = new Float64Array(nIn * nOut);
    for (let r = 0; r < m; r++) {
      for (let i = 0; i < nIn; i++) {
        const ai = aPrev[r * nIn + i];
        if (ai === 0) continue;
        const row = i * nOut;
        const dr = r * nOut;
        for (let j = 0; j < nOut; j++) gw[row + j] += ai * delta[dr + j];
      }
    }
    if (opts.lambda > 0) for (let i = 0; i < gw.length; i++) gw[i] += (opts.lambda / n) * w[i];
    dW[l - 1] = gw;
    const gb = new Float64Array(nOut);
    for (let r = 0; r < m; r++) for (let j = 0; j < nOut; j++) gb[j] += delta[r * nOut + j];
    db[l - 1] = gb;
    // ∂C/∂a^{l−1} = δ^l (W^l)ᵀ, plus the identity path when layer l has a skip.
    const dPrev = new Float64Array(m * nIn);
    for (let r = 0; r < m; r++) {
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        const row = i * nOut;
        const dr = r * nOut;
        for (let j = 0; j < nOut; j++) s += w[row + j] * delta[dr + j];
        dPrev[r * nIn + i] = s;
      }
    }
    if (fw.skip[l - 1]) for (let k = 0; k < dPrev.length; k++) dPrev[k] += dAl[k];
    dA[l - 1] = dPrev;
    delta = dPrev;
  }
  return { dW, db, dGamma, dBeta, dA, cost: costOf(net, fw, labels, opts, n) };
}

/**
 * After a train-mode forward pass, move each batch-normalised layer's running
 * statistics towards the batch's: μ_run ← (1 − m) μ_run + m μ_B and
 * σ²_run ← (1 − m) σ²_run + m σ²_B (σ²_B biased), m = momentum (default 0.1).
 */
export function updateRunningStats(net: RefNet, fw: BatchForward, momentum = BN_MOMENTUM): void {
  if (fw.mode !== "train") throw new Error("updateRunningStats: needs a train-mode forward pass");
  if (!net.runningMean || !net.runningVar) return;
  for (let l = 1; l < net.sizes.length - 1; l++) {
    const mean = fw.mean[l - 1];
    const variance = fw.variance[l - 1];
    if (!mean || !variance) continue;
    const rm = net.runningMean[l - 1];
    const rv = net.runningVar[l - 1];
    for (let j = 0; j < rm.length; j++) {
      rm[j] = (1 - momentum) * rm[j] + momentum * mean[j];
      rv[j] = (1 - momentum) * rv[j] + momentum * variance[j];
    }
  }
}

/** One trainable tensor and its gradient, with the weight layer (1-based) it belongs to. */
interface Pair {
  kind: "weights" | "biases" | "gamma" | "beta";
  layer: number;
  param: Float64Array;
  grad: Float64Array;
}

function pairs(params: RefNet, grads: RefGrads): Pair[] {
  const out: Pair[] = [];
  params.weights.forEach((w, i) => out.push({ kind: "weights", layer: i + 1, param: w, grad: grads.dW[i] }));
  params.biases.forEach((b, i) => out.push({ kind: "biases", layer: i + 1, param: b, grad: grads.db[i] }));
  grads.dGamma.forEach((g, i) => out.push({ kind: "gamma", layer: i + 1, param: params.gamma![i], grad: g }));
  grads.dBeta.forEach((g, i) => out.push({ kind: "beta", layer: i + 1, param: params.beta![i], grad: g }));
  return out;
}

/**
 * Plain gradient descent, in place: θ ← θ − η ∂C/∂θ for every W, b, γ, β.
 * With the L2 term in ∂C/∂W this is Nielsen's W ← (1 − ηλ/n) W − η ∂C₀/∂W.
 */
export function sgdUpdate(params: RefNet, grads: RefGrads, eta: number): void {
  for (const { param, grad } of pairs(params, grads)) for (let i = 0; i < param.length; i++) param[i] -= eta * grad[i];
}

export interface AdamSlot {
  /** First and second moment estimates, and the number of steps taken (0 before the first). */
  m: Float64Array;
  v: Float64Array;
  t: number;
}

/** Adam's state, one slot per tensor, laid out like the parameters. */
export interface AdamState {
  weights: AdamSlot[];
  biases: AdamSlot[];
  gamma: AdamSlot[];
  beta: AdamSlot[];
}

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
}

export const ADAM_DEFAULTS: AdamOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export function adamState(params: RefNet): AdamState {
  const slots = (a?: Float64Array[]) => (a ?? []).map((p) => ({ m: new Float64Array(p.length), v: new Float64Array(p.length), t: 0 }));
  return { weights: slots(params.weights), biases: slots(params.biases), gamma: slots(params.gamma), beta: slots(params.beta) };
}

/**
 * Adam (Kingma & Ba 2015), in place, per tensor with its own step count t
 * (the first update has t = 1):
 *   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1^t),      v̂ = v / (1 − β2^t)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * so the first step moves every parameter by η g/(|g| + ε) ≈ η·sign(g).
 */
export function adamUpdate(state: AdamState, params: RefNet, grads: RefGrads, eta: number, options: Partial<AdamOptions> = {}): void {
  const { beta1, beta2, eps } = { ...ADAM_DEFAULTS, ...options };
  const counters = { weights: 0, biases: 0, gamma: 0, beta: 0 };
  for (const { kind, param, grad } of pairs(params, grads)) {
    const slot = state[kind][counters[kind]++];
    slot.t += 1;
    const c1 = 1 - beta1 ** slot.t;
    const c2 = 1 - beta2 ** slot.t;
    for (let i = 0; i < param.length; i++) {
      slot.m[i] = beta1 * slot.m[i] + (1 - beta1) * grad[i];
      slot.v[i] = beta2 * slot.v[i] + (1 - beta2) * grad[i] * grad[i];
      param[i] -= (eta * (slot.m[i] / c1)) / (Math.sqrt(slot.v[i] / c2) + eps);
    }
  }
}

/** The most a layer's step is scaled up by layerwiseUpdate. */
export const LAYERWISE_MAX_RATIO = 1e6;

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/**
 * Per-layer learning rates r_l for layerwiseUpdate: r_l = ‖∂C/∂W^L‖ / ‖∂C/∂W^l‖
 * (Frobenius norms, L = the output layer), capped at 1e6; r_l = 0 when
 * ‖∂C/∂W^l‖ = 0 (a layer with no gradient is not moved). r_L = 1.
 */
export function layerwiseRatios(grads: RefGrads): number[] {
  const norms = grads.dW.map(norm);
  const top = norms[norms.length - 1];
  return norms.map((g) => (g === 0 ? 0 : Math.min(top / g, LAYERWISE_MAX_RATIO)));
}

/**
 * "Move further where it is flat", in place: each layer's step is scaled by its
 * r_l (layerwiseRatios),  W^l ← W^l − η r_l ∂C/∂W^l,  b^l ← b^l − η r_l ∂C/∂b^l,
 * and γ^l, β^l of a batch-normalised hidden layer likewise with its r_l. So
 * ‖ΔW^l‖ = η ‖∂C/∂W^L‖ for every layer whose ratio is not capped: each layer
 * moves as far as the output layer.
 */
export function layerwiseUpdate(params: RefNet, grads: RefGrads, eta: number): void {
  const r = layerwiseRatios(grads);
  for (const { layer, param, grad } of pairs(params, grads)) {
    const step = eta * r[layer - 1];
    if (step === 0) continue;
    for (let i = 0; i < param.length; i++) param[i] -= step * grad[i];
  }
}

/**
 * Per-layer ‖∂C/∂W^l‖ (Frobenius) with C the cost averaged over the given
 * examples (train mode; the L2 term is included when opts.lambda > 0, so pass
 * λ = 0 to measure the data term alone).
 */
export function weightGradNorms(net: RefNet, x: ArrayLike<number>, labels: ArrayLike<number>, opts: RefOptions, n = 1): number[] {
  return backpropBatch(net, x, labels, opts, n).dW.map(norm);
}

/** Per-layer ‖∂C/∂b^l‖ with C averaged over the given examples (Nielsen's speed of learning). */
export function biasGradNorms(net: RefNet, x: ArrayLike<number>, labels: ArrayLike<number>, opts: RefOptions, n = 1): number[] {
  return backpropBatch(net, x, labels, opts, n).db.map(norm);
}
