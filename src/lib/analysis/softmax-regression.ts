/**
 * Multinomial logistic (softmax) regression, fitted full-batch with L-BFGS and a
 * backtracking (Armijo) line search, in plain float64 JavaScript. DOM-free.
 *
 * Cost, for n examples x_i (d features) with labels y_i in 0..k−1:
 *   C(W, b) = (1/n) Σ_i −log softmax(x_i W + b)_{y_i}  +  (λ/2) ‖W‖²
 * λ is per example (the mean cost carries it; the biases are not penalised).
 * Gradient: ∂C/∂W = (1/n) Xᵀ(P − Y) + λW, ∂C/∂b = (1/n) Σ_i (p_i − y_i).
 *
 * Stopping: when the largest gradient component is at most `tolerance`
 * (default 1e-5: the cost is then within ~tolerance² of its minimum along any
 * unit direction with curvature ~1), or when a line search can no longer lower
 * the cost, or after `maxIterations`. The result says which. Every accepted step
 * lowers the cost (Armijo), so the recorded costs decrease monotonically.
 *
 * Parameters live in one vector θ = [W row-major d×k, b (k)].
 */

export interface SoftmaxData {
  /** n·d features, example after example. */
  x: ArrayLike<number>;
  labels: ArrayLike<number>;
  n: number;
  d: number;
  k: number;
}

export interface SoftmaxModel {
  d: number;
  k: number;
  /** d×k, row-major (feature j, class c at j·k + c). */
  weights: Float64Array;
  biases: Float64Array;
}

export type StopReason = "gradient" | "no-progress" | "max-iterations";

export interface FitResult {
  model: SoftmaxModel;
  iterations: number;
  stop: StopReason;
  /** Cost before the first step and after each accepted step. */
  costs: number[];
  /** max |∂C/∂θ| at the returned parameters. */
  gradMax: number;
}

export interface FitOptions {
  lambda: number;
  tolerance?: number;
  maxIterations?: number;
  /** L-BFGS history length. */
  memory?: number;
}

export const DEFAULT_TOLERANCE = 1e-5;
export const DEFAULT_MAX_ITERATIONS = 2000;

/** The non-zero features of every example, in feature order: example i's are rowStart[i] … rowStart[i + 1] − 1. */
export interface SparseRows {
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/**
 * The examples' non-zero features, found once per fit (most pixels are 0, and one fit evaluates the
 * cost hundreds of times). Reading them from one Float64Array layout also keeps the loops below on one
 * element type whether the features came as float32 pixels or float64 activations.
 */
export function sparseRows(x: ArrayLike<number>, n: number, d: number): SparseRows {
  let nonZero = 0;
  for (let i = 0; i < n * d; i++) if (x[i] !== 0) nonZero++;
  const rows: SparseRows = { rowStart: new Int32Array(n + 1), index: new Int32Array(nonZero), value: new Float64Array(nonZero) };
  let p = 0;
  for (let i = 0; i < n; i++) {
    rows.rowStart[i] = p;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      if (v === 0) continue;
      rows.index[p] = j;
      rows.value[p++] = v;
    }
  }
  rows.rowStart[n] = p;
  return rows;
}

/*
 * The ten digit classes, written out: the same sums in the same order as the loops over c in
 * costAndGradient, held in locals instead of an array (about twice as fast; tested bit for bit).
 */
function logits10(z: Float64Array, theta: Float64Array, wSize: number, value: Float64Array, index: Int32Array, from: number, to: number): void {
  let z0 = theta[wSize], z1 = theta[wSize + 1], z2 = theta[wSize + 2], z3 = theta[wSize + 3], z4 = theta[wSize + 4];
  let z5 = theta[wSize + 5], z6 = theta[wSize + 6], z7 = theta[wSize + 7], z8 = theta[wSize + 8], z9 = theta[wSize + 9];
  for (let p = from; p < to; p++) {
    const v = value[p];
    const row = index[p] * 10;
    z0 += v * theta[row];
    z1 += v * theta[row + 1];
    z2 += v * theta[row + 2];
    z3 += v * theta[row + 3];
    z4 += v * theta[row + 4];
    z5 += v * theta[row + 5];
    z6 += v * theta[row + 6];
    z7 += v * theta[row + 7];
    z8 += v * theta[row + 8];
    z9 += v * theta[row + 9];
  }
  z[0] = z0;
  z[1] = z1;
  z[2] = z2;
  z[3] = z3;
  z[4] = z4;
  z[5] = z5;
  z[6] = z6;
  z[7] = z7;
  z[8] = z8;
  z[9] = z9;
}

function addOuter10(grad: Float64Array, g: Float64Array, value: Float64Array, index: Int32Array, from: number, to: number): void {
  const g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
  for (let p = from; p < to; p++) {
    const v = value[p];
    const row = index[p] * 10;
    grad[row] += v * g0;
    grad[row + 1] += v * g1;
    grad[row + 2] += v * g2;
    grad[row + 3] += v * g3;
    grad[row + 4] += v * g4;
    grad[row + 5] += v * g5;
    grad[row + 6] += v * g6;
    grad[row + 7] += v * g7;
    grad[row + 8] += v * g8;
    grad[row + 9] += v * g9;
  }
}

/** Cost and gradient at θ. Zero features are skipped (most pixels are 0); the others are summed in feature order. `rows` are data.x's sparseRows (pass them when calling many times). */
export function costAndGradient(theta: Float64Array, data: SoftmaxData, lambda: number, rows: SparseRows = sparseRows(data.x, data.n, data.d)): { cost: number; grad: Float64Array } {
  const { labels, n, d, k } = data;
  const { rowStart, index, value } = rows;
  const wSize = d * k;
  const grad = new Float64Array(wSize + k);
  const z = new Float64Array(k);
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const from = rowStart[i];
    const to = rowStart[i + 1];
    if (k === 10) logits10(z, theta, wSize, value, index, from, to);
    else {
      for (let c = 0; c < k; c++) z[c] = theta[wSize + c];
      for (let p = from; p < to; p++) {
        const v = value[p];
        const row = index[p] * k;
        for (let c = 0; c < k; c++) z[c] += v * theta[row + c];
      }
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    const y = labels[i];
    cost += Math.log(sum) - Math.log(z[y]);
    // z becomes p − y, scaled by 1/n.
    for (let c = 0; c < k; c++) z[c] = (z[c] / sum - (c === y ? 1 : 0)) / n;
    for (let c = 0; c < k; c++) grad[wSize + c] += z[c];
    if (k === 10) addOuter10(grad, z, value, index, from, to);
    else {
      for (let p = from; p < to; p++) {
        const v = value[p];
        const row = index[p] * k;
        for (let c = 0; c < k; c++) grad[row + c] += v * z[c];
      }
    }
  }
  cost /= n;
  if (lambda > 0) {
    let sq = 0;
    for (let i = 0; i < wSize; i++) {
      sq += theta[i] * theta[i];
      grad[i] += lambda * theta[i];
    }
    cost += (lambda / 2) * sq;
  }
  return { cost, grad };
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Fits W and b from zero. */
export function fitSoftmax(data: SoftmaxData, opts: FitOptions): FitResult {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const memory = opts.memory ?? 10;
  const size = data.d * data.k + data.k;
  let theta: Float64Array = new Float64Array(size);
  const rows = sparseRows(data.x, data.n, data.d);
  let { cost, grad } = costAndGradient(theta, data, opts.lambda, rows);
  const costs = [cost];
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let stop: StopReason = "max-iterations";
  let it = 0;
  for (; it < maxIterations; it++) {
    if (maxAbs(grad) <= tolerance) {
      stop = "gradient";
      break;
    }
    // Two-loop recursion: direction = −H·grad.
    const q = grad.slice();
    const alpha = new Array<number>(S.length);
    for (let m = S.length - 1; m >= 0; m--) {
      alpha[m] = rho[m] * dot(S[m], q);
      for (let i = 0; i < size; i++) q[i] -= alpha[m] * Y[m][i];
    }
    const gamma = S.length ? dot(S.at(-1)!, Y.at(-1)!) / dot(Y.at(-1)!, Y.at(-1)!) : 1 / Math.sqrt(dot(grad, grad));
    for (let i = 0; i < size; i++) q[i] *= gamma;
    for (let m = 0; m < S.length; m++) {
      const beta = rho[m] * dot(Y[m], q);
      for (let i = 0; i < size; i++) q[i] += (alpha[m] - beta) * S[m][i];
    }
    for (let i = 0; i < size; i++) q[i] = -q[i];
    let slope = dot(grad, q);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      const g = Math.sqrt(dot(grad, grad));
      for (let i = 0; i < size; i++) q[i] = -grad[i] / g;
      slope = dot(grad, q);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let next: Float64Array | null = null;
    let nextEval: { cost: number; grad: Float64Array } | null = null;
    for (let tries = 0; tries < 50; tries++) {
      const candidate = new Float64Array(size);
      for (let i = 0; i < size; i++) candidate[i] = theta[i] + step * q[i];
      const e = costAndGradient(candidate, data, opts.lambda, rows);
      if (e.cost <= cost + 1e-4 * step * slope) {
        next = candidate;
        nextEval = e;
        break;
      }
      step /= 2;
    }
    if (!next || !nextEval || !(nextEval.cost < cost)) {
      stop = "no-progress";
      break;
    }
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = next[i] - theta[i];
      y[i] = nextEval.grad[i] - grad[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    theta = next;
    cost = nextEval.cost;
    grad = nextEval.grad;
    costs.push(cost);
  }
  if (it === maxIterations && maxAbs(grad) <= tolerance) stop = "gradient";
  const wSize = data.d * data.k;
  return {
    model: { d: data.d, k: data.k, weights: theta.slice(0, wSize), biases: theta.slice(wSize) },
    iterations: costs.length - 1,
    stop,
    costs,
    gradMax: maxAbs(grad),
  };
}

/** Predicted class per example (the largest logit). */
export function predict(model: SoftmaxModel, x: ArrayLike<number>, n: number): Uint8Array {
  const { d, k } = model;
  const out = new Uint8Array(n);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    z.set(model.biases);
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      if (v === 0) continue;
      for (let c = 0; c < k; c++) z[c] += v * model.weights[j * k + c];
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (z[c] > z[best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of examples whose predicted class is the label. */
export function accuracy(model: SoftmaxModel, x: ArrayLike<number>, labels: ArrayLike<number>, n: number): number {
  const p = predict(model, x, n);
  let correct = 0;
  for (let i = 0; i < n; i++) if (p[i] === labels[i]) correct++;
  return correct / n;
}
