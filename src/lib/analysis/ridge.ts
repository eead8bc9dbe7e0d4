/**
 * Ridge regression: a linear decoder Y ≈ [X 1]·W from k features to d outputs
 * (for example from a hidden layer's 30 activations back to the 784 pixels).
 * DOM-free, float64 throughout.
 *
 * The intercept is not penalised, so it drops out once X and Y are centred:
 * with x̄, ȳ the column means,
 *   W_k = (X̃ᵀX̃ + λI)⁻¹ X̃ᵀỸ   (X̃ = X − x̄, Ỹ = Y − ȳ),   intercept = ȳ − x̄·W_k,
 * which is the solution of the (k+1)×(k+1) normal equations of [X 1] with the
 * intercept's row left out of the penalty, reached through a k×k system that is
 * better conditioned (no large constant column). Cost: O(n·k·(k + d)) to form
 * X̃ᵀX̃ and X̃ᵀỸ, O(k³ + k²·d) for the Cholesky factor and the solves.
 */
import { choleskyFactor } from "./cholesky.ts";

export interface RidgeModel {
  inputs: number;
  outputs: number;
  lambda: number;
  /** (inputs + 1) × outputs, row-major; the last row is the intercept (not penalised). */
  weights: Float64Array;
}

/**
 * A pivot this small relative to its diagonal entry means the feature is, to
 * rounding, a linear combination of the others and the intercept (1 − R² < 1e-10).
 */
const PIVOT_TOLERANCE = 1e-10;

function checkCount(what: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new Error(`fitRidge: ${what} must be a whole number ≥ ${min}, got ${v}`);
}

function checkFinite(name: string, a: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new Error(`fitRidge: ${name}[${i}] is ${a[i]}, not a finite number`);
}

/**
 * Fits Y ≈ [X 1]·W minimising ‖[X 1]W − Y‖² + λ‖W without its intercept row‖²;
 * X is n × k, Y is n × d, both row-major. Solves the normal equations by
 * Cholesky (on centred data, see above). Throws when the lengths do not match
 * n, k and d, and when the system is singular (λ = 0 with collinear or constant
 * features, or with n ≤ k).
 */
export function fitRidge(x: ArrayLike<number>, n: number, k: number, y: ArrayLike<number>, d: number, lambda: number): RidgeModel {
  checkCount("n (rows)", n, 1);
  checkCount("k (features)", k, 0);
  checkCount("d (outputs)", d, 1);
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new Error(`fitRidge: lambda must be a finite number ≥ 0, got ${lambda}`);
  if (x.length !== n * k) throw new Error(`fitRidge: x has ${x.length} values for ${n} rows × ${k} features (${n * k})`);
  if (y.length !== n * d) throw new Error(`fitRidge: y has ${y.length} values for ${n} rows × ${d} outputs (${n * d})`);
  checkFinite("x", x);
  checkFinite("y", y);

  const mx = new Float64Array(k);
  const my = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < k; a++) mx[a] += x[r * k + a];
    for (let c = 0; c < d; c++) my[c] += y[r * d + c];
  }
  for (let a = 0; a < k; a++) mx[a] /= n;
  for (let c = 0; c < d; c++) my[c] /= n;

  // G = X̃ᵀX̃ (upper triangle), B = X̃ᵀỸ: one pass over the rows, O(n·k·(k + d)).
  const g = new Float64Array(k * k);
  const b = new Float64Array(k * d);
  const xc = new Float64Array(k);
  const yc = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < k; a++) xc[a] = x[r * k + a] - mx[a];
    for (let c = 0; c < d; c++) yc[c] = y[r * d + c] - my[c];
    for (let a = 0; a < k; a++) {
      const va = xc[a];
      if (va === 0) continue;
      for (let bb = a; bb < k; bb++) g[a * k + bb] += va * xc[bb];
      const row = a * d;
      for (let c = 0; c < d; c++) b[row + c] += va * yc[c];
    }
  }
  for (let a = 0; a < k; a++) {
    for (let bb = 0; bb < a; bb++) g[a * k + bb] = g[bb * k + a];
    g[a * k + a] += lambda;
  }

  // Cholesky G = L·Lᵀ (src/lib/analysis/cholesky.ts); a pivot below PIVOT_TOLERANCE of its diagonal is singular.
  const l = choleskyFactor(g, k, (j) => new Error(
    `fitRidge: singular system (lambda = ${lambda}): feature ${j} is constant or a linear combination of the features before it` +
      (n <= k ? ` (only ${n} rows for ${k} features)` : "") +
      "; use lambda > 0 or drop the feature",
  ), PIVOT_TOLERANCE);

  // Solve L·Z = B, then Lᵀ·W = Z, over all d columns at once (in place in b).
  for (let i = 0; i < k; i++) {
    const ri = i * d;
    for (let m = 0; m < i; m++) {
      const lim = l[i * k + m];
      if (lim === 0) continue;
      const rm = m * d;
      for (let c = 0; c < d; c++) b[ri + c] -= lim * b[rm + c];
    }
    const inv = 1 / l[i * k + i];
    for (let c = 0; c < d; c++) b[ri + c] *= inv;
  }
  for (let i = k - 1; i >= 0; i--) {
    const ri = i * d;
    for (let m = i + 1; m < k; m++) {
      const lim = l[m * k + i];
      if (lim === 0) continue;
      const rm = m * d;
      for (let c = 0; c < d; c++) b[ri + c] -= lim * b[rm + c];
    }
    const inv = 1 / l[i * k + i];
    for (let c = 0; c < d; c++) b[ri + c] *= inv;
  }

  const weights = new Float64Array((k + 1) * d);
  weights.set(b);
  const intercept = k * d;
  for (let c = 0; c < d; c++) {
    let v = my[c];
    for (let a = 0; a < k; a++) v -= mx[a] * b[a * d + c];
    weights[intercept + c] = v;
  }
  return { inputs: k, outputs: d, lambda, weights };
}

/** The d outputs for one row of k features: [x 1]·W. */
export function predictRidge(m: RidgeModel, x: ArrayLike<number>): Float64Array {
  if (x.length !== m.inputs) throw new Error(`predictRidge: ${x.length} features for a model of ${m.inputs}`);
  const d = m.outputs;
  const out = m.weights.slice(m.inputs * d, (m.inputs + 1) * d);
  for (let a = 0; a < m.inputs; a++) {
    const v = x[a];
    if (v === 0) continue;
    const row = a * d;
    for (let c = 0; c < d; c++) out[c] += v * m.weights[row + c];
  }
  return out;
}

/** Mean over rows and outputs of (prediction − target)². */
export function ridgeError(m: RidgeModel, x: ArrayLike<number>, n: number, y: ArrayLike<number>): number {
  const k = m.inputs;
  const d = m.outputs;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`ridgeError: n (rows) must be a whole number ≥ 1, got ${n}`);
  if (x.length !== n * k) throw new Error(`ridgeError: x has ${x.length} values for ${n} rows × ${k} features (${n * k})`);
  if (y.length !== n * d) throw new Error(`ridgeError: y has ${y.length} values for ${n} rows × ${d} outputs (${n * d})`);
  const row = new Float64Array(k);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < k; a++) row[a] = x[r * k + a];
    const p = predictRidge(m, row);
    for (let c = 0; c < d; c++) sum += (p[c] - y[r * d + c]) ** 2;
  }
  return sum / (n * d);
}
