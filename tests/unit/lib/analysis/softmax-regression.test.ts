/**
 * Softmax regression: the gradient against central finite differences, a closed
 * form (all-zero parameters cost log k), a separable toy problem fitted to 100%,
 * monotone decrease of the cost, and the stopping tolerance honoured.
 */
import { describe, expect, it } from "vitest";
import { accuracy, costAndGradient, fitSoftmax, predict, type SoftmaxData } from "../../../../src/lib/analysis/softmax-regression.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";

/** n points in d dimensions, k classes, each class a Gaussian blob around its own centre (+ some exact zeros). */
function blobs(n: number, d: number, k: number, spread: number, seed: number): SoftmaxData {
  const normal = gaussian(mulberry32(seed));
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => 3 * normal()));
  const x = new Float64Array(n * d);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = j === i % d ? 0 : centres[c][j] + spread * normal();
  }
  return { x, labels, n, d, k };
}

describe("softmax regression", () => {
  it("costs log k at zero parameters (uniform prediction), with the L2 term (λ/2)‖W‖² on top", () => {
    const data = blobs(12, 4, 3, 1, 1);
    expect(costAndGradient(new Float64Array(4 * 3 + 3), data, 0.5).cost).toBeCloseTo(Math.log(3), 12);
    const theta = new Float64Array(15);
    theta[0] = 2; // a weight: penalised
    theta[12] = 7; // a bias: not penalised
    const base = costAndGradient(theta, data, 0).cost;
    expect(costAndGradient(theta, data, 0.5).cost - base).toBeCloseTo((0.5 / 2) * 4, 12);
  });

  it.each([0, 0.3])("the gradient matches central finite differences (λ = %s)", (lambda) => {
    const data = blobs(20, 5, 4, 1, 2);
    const rand = gaussian(mulberry32(3));
    const theta = Float64Array.from({ length: 5 * 4 + 4 }, () => 0.5 * rand());
    const { grad } = costAndGradient(theta, data, lambda);
    const h = 1e-6;
    for (let i = 0; i < theta.length; i++) {
      const plus = theta.slice();
      const minus = theta.slice();
      plus[i] += h;
      minus[i] -= h;
      const fd = (costAndGradient(plus, data, lambda).cost - costAndGradient(minus, data, lambda).cost) / (2 * h);
      expect(Math.abs(grad[i] - fd)).toBeLessThan(1e-8);
    }
    // What is compared moved far more than the tolerance.
    expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(1e-2);
  });

  it.each([0, 0.3])("with ten classes (the digits' own path) the gradient matches finite differences and the sums written out in order, bit for bit (λ = %s)", (lambda) => {
    const data = blobs(40, 7, 10, 1, 5);
    const rand = gaussian(mulberry32(6));
    const theta = Float64Array.from({ length: 7 * 10 + 10 }, () => 0.5 * rand());
    const { cost, grad } = costAndGradient(theta, data, lambda);
    // The definition, class by class and feature by feature in order, zeros skipped.
    const k = 10;
    const wSize = 70;
    const want = new Float64Array(wSize + k);
    let c0 = 0;
    for (let i = 0; i < data.n; i++) {
      const z = Array.from({ length: k }, (_, c) => theta[wSize + c]);
      for (let j = 0; j < 7; j++) {
        const v = data.x[i * 7 + j];
        if (v !== 0) for (let c = 0; c < k; c++) z[c] += v * theta[j * k + c];
      }
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      let sum = 0;
      for (const v of e) sum += v;
      c0 += Math.log(sum) - Math.log(e[data.labels[i]]);
      const g = e.map((v, c) => (v / sum - (c === data.labels[i] ? 1 : 0)) / data.n);
      for (let c = 0; c < k; c++) want[wSize + c] += g[c];
      for (let j = 0; j < 7; j++) {
        const v = data.x[i * 7 + j];
        if (v !== 0) for (let c = 0; c < k; c++) want[j * k + c] += v * g[c];
      }
    }
    let wantCost = c0 / data.n;
    if (lambda > 0) {
      let sq = 0;
      for (let i = 0; i < wSize; i++) (sq += theta[i] * theta[i]), (want[i] += lambda * theta[i]);
      wantCost += (lambda / 2) * sq;
    }
    expect(cost).toBe(wantCost);
    expect(Array.from(grad)).toEqual(Array.from(want));
    const h = 1e-6;
    for (const i of [0, 13, 69, 70, 79]) {
      const plus = theta.slice();
      const minus = theta.slice();
      plus[i] += h;
      minus[i] -= h;
      expect(Math.abs(grad[i] - (costAndGradient(plus, data, lambda).cost - costAndGradient(minus, data, lambda).cost) / (2 * h))).toBeLessThan(1e-8);
    }
  });

  it("fits a separable toy problem to 100% training accuracy", () => {
    const data = blobs(300, 6, 5, 0.3, 4);
    const fit = fitSoftmax(data, { lambda: 1e-3 });
    expect(accuracy(fit.model, data.x, data.labels, data.n)).toBe(1);
    expect(fit.stop).toBe("gradient");
    expect(fit.gradMax).toBeLessThanOrEqual(1e-5);
    expect([...predict(fit.model, data.x, 5)]).toEqual([0, 1, 2, 3, 4]);
  });

  it("lowers the cost at every accepted step, and stops at the tolerance asked for", () => {
    const data = blobs(200, 8, 4, 2.5, 5); // overlapping classes: a real optimum with λ > 0
    const fit = fitSoftmax(data, { lambda: 1e-2, tolerance: 1e-7 });
    expect(fit.iterations).toBeGreaterThan(5);
    for (let i = 1; i < fit.costs.length; i++) expect(fit.costs[i]).toBeLessThan(fit.costs[i - 1]);
    expect(fit.stop).toBe("gradient");
    expect(fit.gradMax).toBeLessThanOrEqual(1e-7);
    // Stationary: the gradient of the returned model is (nearly) zero.
    const theta = new Float64Array([...fit.model.weights, ...fit.model.biases]);
    expect(Math.max(...costAndGradient(theta, data, 1e-2).grad.map(Math.abs))).toBeLessThanOrEqual(1e-7);
    // A looser tolerance stops earlier.
    expect(fitSoftmax(data, { lambda: 1e-2, tolerance: 1e-3 }).iterations).toBeLessThan(fit.iterations);
  });

  it("stops at maxIterations and says so", () => {
    const data = blobs(100, 5, 3, 2, 6);
    const fit = fitSoftmax(data, { lambda: 0, maxIterations: 3, tolerance: 1e-12 });
    expect(fit.iterations).toBe(3);
    expect(fit.stop).toBe("max-iterations");
  });
});
