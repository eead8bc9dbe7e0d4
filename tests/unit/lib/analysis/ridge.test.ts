/**
 * src/lib/analysis/ridge.ts against a noise-free linear map (λ = 0 recovers it), the
 * one-feature closed form computed by hand, the definition of the objective
 * (no nearby W does better) and the unpenalised intercept.
 */
import { describe, expect, it } from "vitest";
import { fitRidge, predictRidge, ridgeError, type RidgeModel } from "../../../../src/lib/analysis/ridge.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

/** A random n × k matrix X and Y = [X 1]·W for a random W ((k + 1) × d). */
function linearProblem(n: number, k: number, d: number, seed: number) {
  const r = mulberry32(seed);
  const x = Float64Array.from({ length: n * k }, () => r() * 2 - 1);
  const w = Float64Array.from({ length: (k + 1) * d }, () => r() * 4 - 2);
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      let v = w[k * d + c];
      for (let a = 0; a < k; a++) v += x[i * k + a] * w[a * d + c];
      y[i * d + c] = v;
    }
  }
  return { x, y, w };
}

/** ‖[X 1]W − Y‖² + λ‖W without its last row‖², straight from the definition. */
function objective(m: RidgeModel, x: ArrayLike<number>, n: number, y: ArrayLike<number>): number {
  let penalty = 0;
  for (let i = 0; i < m.inputs * m.outputs; i++) penalty += m.weights[i] ** 2;
  return ridgeError(m, x, n, y) * n * m.outputs + m.lambda * penalty;
}

// One feature, by hand: x = [0, 1, 2, 3], y = [1, 3, 2, 6]; x̄ = 1.5, ȳ = 3,
// Sxx = Σ(x − x̄)² = 5, Sxy = Σ(x − x̄)(y − ȳ) = 3 + 0 − 0.5 + 4.5 = 7.
// Minimising over the intercept gives b = ȳ − w·x̄, then w = Sxy / (Sxx + λ).
const hx = [0, 1, 2, 3];
const hy = [1, 3, 2, 6];

describe("fitRidge", () => {
  it("recovers a known linear map exactly with λ = 0 and no noise (n > k)", () => {
    const { x, y, w } = linearProblem(40, 5, 3, 1);
    const m = fitRidge(x, 40, 5, y, 3, 0);
    expect(m.inputs).toBe(5);
    expect(m.outputs).toBe(3);
    expect(m.lambda).toBe(0);
    expect(m.weights.length).toBe(6 * 3);
    m.weights.forEach((v, i) => expect(v).toBeCloseTo(w[i], 10));
    expect(ridgeError(m, x, 40, y)).toBeLessThan(1e-20);
  });

  it("matches the one-feature closed form w = Sxy/(Sxx + λ), b = ȳ − w·x̄", () => {
    const m2 = fitRidge(hx, 4, 1, hy, 1, 2);
    expect(m2.weights[0]).toBeCloseTo(1, 14); // 7 / (5 + 2)
    expect(m2.weights[1]).toBeCloseTo(1.5, 14); // 3 − 1 · 1.5
    const m0 = fitRidge(hx, 4, 1, hy, 1, 0);
    expect(m0.weights[0]).toBeCloseTo(1.4, 14); // 7 / 5
    expect(m0.weights[1]).toBeCloseTo(0.9, 14); // 3 − 1.4 · 1.5
    // Residuals at λ = 2: y − (1.5 + x) = [−0.5, 0.5, −1.5, 1.5], mean square 1.25.
    expect(ridgeError(m2, hx, 4, hy)).toBeCloseTo(1.25, 14);
  });

  it("minimises its objective: nudging any weight or the intercept makes it larger", () => {
    const r = mulberry32(4);
    const { x, y } = linearProblem(30, 4, 2, 3);
    for (let i = 0; i < y.length; i++) y[i] += r() - 0.5; // noise, so that λ matters
    const m = fitRidge(x, 30, 4, y, 2, 3);
    const best = objective(m, x, 30, y);
    for (let i = 0; i < m.weights.length; i++) {
      for (const step of [1e-3, -1e-3]) {
        const w = m.weights.slice();
        w[i] += step;
        expect(objective({ ...m, weights: w }, x, 30, y)).toBeGreaterThan(best);
      }
    }
  });

  it("does not shrink the intercept: shifting Y moves only the intercept, and a huge λ leaves the mean", () => {
    const lambda = 5;
    const m = fitRidge(hx, 4, 1, hy, 1, lambda);
    const shifted = fitRidge(hx, 4, 1, hy.map((v) => v + 100), 1, lambda);
    expect(shifted.weights[0]).toBeCloseTo(m.weights[0], 12);
    expect(shifted.weights[1]).toBeCloseTo(m.weights[1] + 100, 12);
    // λ → ∞ sends the slope to 0; the intercept goes to ȳ = 3, not to 0.
    const flat = fitRidge(hx, 4, 1, hy, 1, 1e12);
    expect(Math.abs(flat.weights[0])).toBeLessThan(1e-10);
    expect(flat.weights[1]).toBeCloseTo(3, 9);
  });

  it("shrinks the slope as λ grows, and λ = 0 is the least-squares fit", () => {
    const slopes = [0, 1, 10, 100].map((l) => fitRidge(hx, 4, 1, hy, 1, l).weights[0]);
    for (let i = 1; i < slopes.length; i++) expect(slopes[i]).toBeLessThan(slopes[i - 1]);
    expect(slopes[2]).toBeCloseTo(7 / 15, 14);
  });

  it("with no features fits the column means", () => {
    const m = fitRidge([], 3, 0, [1, 10, 2, 20, 6, 30], 2, 0);
    expect(Array.from(m.weights)).toEqual([3, 20]);
    expect(Array.from(predictRidge(m, []))).toEqual([3, 20]);
  });

  it("refuses a singular system with λ = 0 and solves it with λ > 0", () => {
    // Feature 2 = 2·feature 0 − feature 1.
    const r = mulberry32(8);
    const n = 10;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      x[i * 3] = r();
      x[i * 3 + 1] = r();
      x[i * 3 + 2] = 2 * x[i * 3] - x[i * 3 + 1];
    }
    const y = Float64Array.from({ length: n }, () => r());
    expect(() => fitRidge(x, n, 3, y, 1, 0)).toThrow(
      "fitRidge: singular system (lambda = 0): feature 2 is constant or a linear combination of the features before it; use lambda > 0 or drop the feature",
    );
    expect(fitRidge(x, n, 3, y, 1, 0.1).weights.every(Number.isFinite)).toBe(true);
    // A constant feature is collinear with the intercept; an all-zero feature (a blank pixel) too.
    expect(() => fitRidge([1, 5, 2, 5, 3, 5], 3, 2, [1, 2, 4], 1, 0)).toThrow("feature 1 is constant");
    expect(() => fitRidge([0, 1, 0, 2, 0, 3], 3, 2, [1, 2, 4], 1, 0)).toThrow("feature 0 is constant");
    // Fewer rows than features.
    expect(() => fitRidge([1, 2, 3, 4, 5, 7], 2, 3, [1, 2], 1, 0)).toThrow("(only 2 rows for 3 features)");
  });

  it("refuses mismatched lengths, bad sizes, a bad λ and non-finite data with clear messages", () => {
    expect(() => fitRidge([1, 2, 3], 2, 2, [1, 2], 1, 0)).toThrow("fitRidge: x has 3 values for 2 rows × 2 features (4)");
    expect(() => fitRidge([1, 2, 3, 4], 2, 2, [1, 2, 3], 1, 0)).toThrow("fitRidge: y has 3 values for 2 rows × 1 outputs (2)");
    expect(() => fitRidge([], 0, 1, [], 1, 0)).toThrow("fitRidge: n (rows) must be a whole number ≥ 1, got 0");
    expect(() => fitRidge([1], 1, 1, [1], 0, 0)).toThrow("fitRidge: d (outputs) must be a whole number ≥ 1, got 0");
    expect(() => fitRidge(hx, 4, 1, hy, 1, -1)).toThrow("fitRidge: lambda must be a finite number ≥ 0, got -1");
    expect(() => fitRidge(hx, 4, 1, hy, 1, Number.NaN)).toThrow("fitRidge: lambda must be a finite number ≥ 0, got NaN");
    expect(() => fitRidge([0, 1, Number.NaN, 3], 4, 1, hy, 1, 1)).toThrow("fitRidge: x[2] is NaN, not a finite number");
    expect(() => fitRidge(hx, 4, 1, [1, Infinity, 2, 3], 1, 1)).toThrow("fitRidge: y[1] is Infinity, not a finite number");
  });

  it("fits a decoder-sized problem (n = 8000, k = 30, d = 784) and recovers its map", () => {
    // Only correctness here; the cost is O(n·k·(k + d)) by construction (one pass over the rows),
    // about 0.2 G multiply-adds for this size.
    const n = 8000;
    const k = 30;
    const d = 784;
    const { x, y, w } = linearProblem(n, k, d, 21);
    const m = fitRidge(x, n, k, y, d, 0);
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(m.weights[i] - w[i]));
    expect(worst).toBeLessThan(1e-9);
  }, 60_000);
});

describe("predictRidge and ridgeError", () => {
  const m: RidgeModel = { inputs: 2, outputs: 2, lambda: 0, weights: Float64Array.from([1, 2, 3, 4, /* intercept */ 10, 20]) };

  it("predict [x 1]·W for one row", () => {
    // [1, −1]: 1·[1, 2] − 1·[3, 4] + [10, 20] = [8, 18].
    expect(Array.from(predictRidge(m, [1, -1]))).toEqual([8, 18]);
    expect(Array.from(predictRidge(m, [0, 0]))).toEqual([10, 20]);
  });

  it("ridgeError is the mean over rows and outputs of the squared residual", () => {
    // Rows [1, −1] → [8, 18] and [0, 0] → [10, 20]; targets [9, 18] and [10, 17]: residuals −1, 0, 0, 3.
    expect(ridgeError(m, [1, -1, 0, 0], 2, [9, 18, 10, 17])).toBe(10 / 4);
  });

  it("refuse rows of the wrong length", () => {
    expect(() => predictRidge(m, [1, 2, 3])).toThrow("predictRidge: 3 features for a model of 2");
    expect(() => ridgeError(m, [1, 2, 3], 2, [1, 2, 3, 4])).toThrow("ridgeError: x has 3 values for 2 rows × 2 features (4)");
    expect(() => ridgeError(m, [1, 2, 3, 4], 2, [1, 2, 3])).toThrow("ridgeError: y has 3 values for 2 rows × 2 outputs (4)");
    expect(() => ridgeError(m, [], 0, [])).toThrow("ridgeError: n (rows) must be a whole number ≥ 1, got 0");
  });
});
