/**
 * src/lib/analysis/loss-plane.ts against computations that do not use it: the network θ₀ + αΔ₁ + βΔ₊ built
 * explicitly and run through mlp.ts (forward, exampleCost) and reference-net.ts (forwardBatch,
 * costOf); the slopes against central differences of that independent cost; a [3, 2, 2] network
 * written out by hand; closed forms where θ₀ is all zeros.
 */
import { describe, expect, it } from "vitest";
import { checkPlaneExperiment, PLANE_AXIS, PLANE_RUNS, planeData, planeGrid, planeNet, planeNorms, planePoint } from "../../../../src/lib/analysis/loss-plane.ts";
import { backprop, exampleCost, forward } from "../../../../src/lib/nets/mlp.ts";
import { costOf, forwardBatch, refNetFrom } from "../../../../src/lib/nets/reference-net.ts";
import type { NetworkParams } from "../../../../src/lib/nets/network.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";

/** A random network with weights of standard deviation `scale` (float32, as readModel gives). */
function randomNet(sizes: number[], seed: number, scale: number): NetworkParams {
  const g = gaussian(mulberry32(seed));
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    weights.push(Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => g() * scale));
    biases.push(Float32Array.from({ length: sizes[l + 1] }, () => g()));
  }
  return { sizes, weights, biases };
}

/** θ₀ + α(θ_f − θ₀) on layer 1, θ₀ + β(θ_f − θ₀) on the others, built parameter by parameter. */
function interpolated(initial: NetworkParams, final: NetworkParams, alpha: number, beta: number): NetworkParams {
  const t = (l: number) => (l === 0 ? alpha : beta);
  const mix = (a: Float32Array, b: Float32Array, s: number) => Float64Array.from(a, (v, i) => v + s * (b[i] - v)) as unknown as Float32Array;
  return {
    sizes: [...initial.sizes],
    weights: initial.weights.map((w, l) => mix(w, final.weights[l], t(l))),
    biases: initial.biases.map((b, l) => mix(b, final.biases[l], t(l))),
  };
}

/** Mean cross-entropy and accuracy of a network by mlp.ts, one digit at a time. */
function mlpCost(net: NetworkParams, x: Float64Array, labels: number[]): { cost: number; accuracy: number } {
  const n0 = net.sizes[0];
  let cost = 0;
  let correct = 0;
  labels.forEach((y, r) => {
    const { activations } = forward(net, x.subarray(r * n0, (r + 1) * n0));
    const out = activations[activations.length - 1];
    cost += exampleCost("cross-entropy", out, y);
    let best = 0;
    for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
    if (best === y) correct++;
  });
  return { cost: cost / labels.length, accuracy: correct / labels.length };
}

/** The same mean cost by reference-net.ts (a whole batch, λ = 0). */
function refCost(net: NetworkParams, x: Float64Array, labels: number[]): number {
  const ref = refNetFrom(net);
  const opts = { activation: "sigmoid" as const, cost: "cross-entropy" as const, lambda: 0 };
  return costOf(ref, forwardBatch(ref, x, opts), labels, opts, labels.length);
}

const SIZES = [12, 6, 5, 4, 3];
const initial = randomNet(SIZES, 1, 0.8);
const final = randomNet(SIZES, 2, 1.2);
const COUNT = 40;
const rand = mulberry32(3);
const X = Float64Array.from({ length: COUNT * SIZES[0] }, () => (rand() < 0.3 ? 0 : rand()));
const LABELS = Array.from({ length: COUNT }, () => Math.floor(rand() * 3));
const net = planeNet(initial, final);
const data = planeData(net, X, LABELS, COUNT);
const POINTS: [number, number][] = [
  [0, 0],
  [1, 1],
  [1, 0],
  [0, 1],
  [0.5, 0.25],
  [-0.25, 1.25],
  [0.7, -0.2],
];

describe("planePoint", () => {
  it("gives the cost and accuracy of the explicitly interpolated network (mlp.ts and reference-net.ts)", () => {
    for (const [a, b] of POINTS) {
      const p = planePoint(net, data, a, b);
      const explicit = interpolated(initial, final, a, b);
      const m = mlpCost(explicit, X, LABELS);
      expect(p.cost, `cost at (${a}, ${b})`).toBeCloseTo(m.cost, 11);
      expect(p.cost, `reference cost at (${a}, ${b})`).toBeCloseTo(refCost(explicit, X, LABELS), 11);
      expect(p.accuracy, `accuracy at (${a}, ${b})`).toBe(m.accuracy);
    }
    // The corners are the two shipped networks themselves.
    expect(planePoint(net, data, 0, 0).cost).toBeCloseTo(mlpCost(initial, X, LABELS).cost, 11);
    expect(planePoint(net, data, 1, 1).cost).toBeCloseTo(mlpCost(final, X, LABELS).cost, 11);
    expect(planePoint(net, data, 1, 1).accuracy).toBe(mlpCost(final, X, LABELS).accuracy);
    // The points differ from each other (the checks above compare something).
    expect(new Set(POINTS.map(([a, b]) => planePoint(net, data, a, b).cost.toFixed(6))).size).toBe(POINTS.length);
  });

  it("has slopes equal to central differences of the independent cost along α and along β", () => {
    const h = 1e-5;
    const c = (a: number, b: number) => refCost(interpolated(initial, final, a, b), X, LABELS);
    for (const [a, b] of POINTS) {
      const p = planePoint(net, data, a, b);
      const fa = (c(a + h, b) - c(a - h, b)) / (2 * h);
      const fb = (c(a, b + h) - c(a, b - h)) / (2 * h);
      expect(Math.abs(p.dAlpha - fa), `∂C/∂α at (${a}, ${b}): ${p.dAlpha} vs ${fa}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fa)));
      expect(Math.abs(p.dBeta - fb), `∂C/∂β at (${a}, ${b}): ${p.dBeta} vs ${fb}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fb)));
    }
  });

  it("has slopes equal to ⟨∇C, Δ⟩ with ∇C from mlp.ts backprop, split by layer", () => {
    const [a, b] = [0.3, 0.6];
    const explicit = interpolated(initial, final, a, b);
    let dA = 0;
    let dB = 0;
    LABELS.forEach((y, r) => {
      const g = backprop(explicit, X.subarray(r * 12, (r + 1) * 12), y, "cross-entropy");
      g.weights.forEach((gw, l) => {
        let s = 0;
        gw.forEach((v, i) => (s += v * (final.weights[l][i] - initial.weights[l][i])));
        g.biases[l].forEach((v, j) => (s += v * (final.biases[l][j] - initial.biases[l][j])));
        if (l === 0) dA += s / COUNT;
        else dB += s / COUNT;
      });
    });
    const p = planePoint(net, data, a, b);
    expect(p.dAlpha).toBeCloseTo(dA, 11);
    expect(p.dBeta).toBeCloseTo(dB, 11);
  });

  it("leaves the slopes out (as 0) when opts.slopes is false, with the same cost and accuracy", () => {
    const p = planePoint(net, data, 0.4, 0.9);
    const q = planePoint(net, data, 0.4, 0.9, { slopes: false });
    expect(q).toEqual({ cost: p.cost, accuracy: p.accuracy, dAlpha: 0, dBeta: 0 });
    expect(p.dAlpha).not.toBe(0);
    expect(p.dBeta).not.toBe(0);
  });

  it("matches a [3, 2, 2] network written out by hand", () => {
    // θ₀: W¹ rows (per input) [1, −1], [0.5, 2], [−2, 0]; b¹ [0.125, −0.375]; W² [[1, 2], [−1, 0.5]]; b² [0, 0.25]
    // (all exact in float32).
    // θ_f − θ₀: ΔW¹ all 0.5, Δb¹ [−1, 1]; ΔW² [[0, −1], [2, 0]], Δb² [0.5, 0].
    const a0: NetworkParams = {
      sizes: [3, 2, 2],
      weights: [Float32Array.of(1, -1, 0.5, 2, -2, 0), Float32Array.of(1, 2, -1, 0.5)],
      biases: [Float32Array.of(0.125, -0.375), Float32Array.of(0, 0.25)],
    };
    const af: NetworkParams = {
      sizes: [3, 2, 2],
      weights: [Float32Array.of(1.5, -0.5, 1, 2.5, -1.5, 0.5), Float32Array.of(1, 1, 1, 0.5)],
      biases: [Float32Array.of(-0.875, 0.625), Float32Array.of(0.5, 0.25)],
    };
    const x = [1, 0.5, 0.25];
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const byHand = (al: number, be: number, label: number) => {
      const z10 = 0.125 - al + (1 + 0.5 * al) * x[0] + (0.5 + 0.5 * al) * x[1] + (-2 + 0.5 * al) * x[2];
      const z11 = -0.375 + al + (-1 + 0.5 * al) * x[0] + (2 + 0.5 * al) * x[1] + (0 + 0.5 * al) * x[2];
      const h0 = s(z10);
      const h1 = s(z11);
      const o0 = s(0.5 * be + 1 * h0 + (-1 + 2 * be) * h1);
      const o1 = s(0.25 + (2 - be) * h0 + 0.5 * h1);
      return label === 0 ? -Math.log(o0) - Math.log(1 - o1) : -Math.log(1 - o0) - Math.log(o1);
    };
    const n = planeNet(a0, af);
    for (const label of [0, 1]) {
      const d = planeData(n, x, [label], 1);
      for (const [al, be] of [
        [0, 0],
        [1, 1],
        [0.5, -0.25],
        [1.25, 0.75],
      ]) {
        expect(planePoint(n, d, al, be).cost, `label ${label} at (${al}, ${be})`).toBeCloseTo(byHand(al, be, label), 12);
      }
    }
    // Two digits: the mean of the two.
    const both = planeData(n, [...x, ...x], [0, 1], 2);
    expect(planePoint(n, both, 0.5, 0.5).cost).toBeCloseTo((byHand(0.5, 0.5, 0) + byHand(0.5, 0.5, 1)) / 2, 12);
  });

  it("gives 10 ln 2 per digit when θ₀ is all zeros, and a closed form where only the upper layers moved", () => {
    const sizes = [4, 3, 10];
    const zero: NetworkParams = { sizes, weights: [new Float32Array(12), new Float32Array(30)], biases: [new Float32Array(3), new Float32Array(10)] };
    const moved = randomNet(sizes, 5, 1);
    const n = planeNet(zero, moved);
    const d = planeData(n, [0.2, 0.4, 0, 1, 1, 1, 0.5, 0], [3, 7], 2);
    const p = planePoint(n, d, 0, 0);
    expect(p.cost).toBeCloseTo(10 * Math.LN2, 12);
    // Every output is 1/2: the first of the ties (output 0) is the guess, and neither label is 0.
    expect(p.accuracy).toBe(0);
    // At (0, 1) the hidden layer is still all 1/2: z_j = b_j + ½ Σ_i W_ij for every digit.
    const w = moved.weights[1];
    const b = moved.biases[1];
    let cost = 0;
    for (const label of [3, 7]) {
      for (let j = 0; j < 10; j++) {
        const z = b[j] + 0.5 * (w[j] + w[10 + j] + w[20 + j]);
        cost += j === label ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      }
    }
    expect(planePoint(n, d, 0, 1).cost).toBeCloseTo(cost / 2, 12);
    // Along α alone at (·, 0) nothing reaches the output: the upper layer's weights are 0.
    expect(planePoint(n, d, 1, 0).cost).toBeCloseTo(10 * Math.LN2, 12);
    expect(planePoint(n, d, 1, 0).dAlpha).toBe(0);
  });

  it("keeps a confident network's cost finite (−ln σ(z) for large z)", () => {
    const sizes = [2, 2, 2];
    const big: NetworkParams = { sizes, weights: [Float32Array.of(50, -50, 50, -50), Float32Array.of(60, -60, -60, 60)], biases: [new Float32Array(2), new Float32Array(2)] };
    const n = planeNet(big, big);
    const d = planeData(n, [1, 1], [1], 1);
    const p = planePoint(n, d, 1, 1);
    expect(Number.isFinite(p.cost)).toBe(true);
    // Hidden ≈ [1, 0]: z_out ≈ [60, −60]; label 1 costs −ln σ(−60) − ln(1 − σ(60)) ≈ 120.
    expect(p.cost).toBeCloseTo(120, 6);
  });
});

describe("planeData", () => {
  it("is z¹ of θ₀ (base) and its change per unit α (dir), digit by digit", () => {
    for (const [a, b] of [
      [0, 0],
      [1, 0.3],
      [-0.25, 2],
    ]) {
      const explicit = interpolated(initial, final, a, b);
      for (let r = 0; r < COUNT; r += 7) {
        const { zs } = forward(explicit, X.subarray(r * 12, (r + 1) * 12));
        for (let j = 0; j < 6; j++) expect(data.base[r * 6 + j] + a * data.dir[r * 6 + j]).toBeCloseTo(zs[0][j], 12);
      }
    }
    expect(Array.from(data.labels)).toEqual(LABELS);
    expect(data.count).toBe(COUNT);
  });

  it("refuses too few pixels or labels and labels outside the outputs", () => {
    expect(() => planeData(net, X.subarray(0, 11), LABELS, 1)).toThrow("planeData: 11 pixel values are fewer than 1 digits × 12");
    expect(() => planeData(net, X, [0], 2)).toThrow("planeData: 1 labels are fewer than 2 digits");
    expect(() => planeData(net, X, [0, 3], 2)).toThrow("planeData: label 1 is 3, expected a whole number in 0..2");
    expect(() => planeData(net, X, LABELS, 0)).toThrow("planeData: count must be a positive whole number, got 0");
  });
});

describe("planeGrid", () => {
  it("is planePoint at every (alphas[i], betas[j]), row-major j·alphas.length + i", () => {
    const alphas = [-0.25, 0, 0.6];
    const betas = [1, 0.2];
    const g = planeGrid(net, data, alphas, betas);
    expect(g.cost.length).toBe(6);
    betas.forEach((b, j) =>
      alphas.forEach((a, i) => {
        const explicit = mlpCost(interpolated(initial, final, a, b), X, LABELS);
        expect(g.cost[j * 3 + i], `(${a}, ${b})`).toBeCloseTo(explicit.cost, 11);
        expect(g.accuracy[j * 3 + i], `(${a}, ${b})`).toBe(explicit.accuracy);
      }),
    );
  });

  it("counts each of the last digits once when they do not fill a group (digits go through four at a time)", () => {
    for (const count of [1, 2, 3, 37, 38, 39]) {
      const odd = planeData(net, X, LABELS, count);
      const g = planeGrid(net, odd, [0.6], [0.2], odd);
      const explicit = mlpCost(interpolated(initial, final, 0.6, 0.2), X.subarray(0, count * SIZES[0]), LABELS.slice(0, count));
      expect(g.cost[0], `${count} digits`).toBeCloseTo(explicit.cost, 11);
      expect(g.accuracy[0], `${count} digits`).toBe(explicit.accuracy);
    }
  });

  it("takes the accuracy from a second set of digits when given one, the cost from the first", () => {
    const r2 = mulberry32(9);
    const X2 = Float64Array.from({ length: 30 * 12 }, () => r2());
    const L2 = Array.from({ length: 30 }, () => Math.floor(r2() * 3));
    const other = planeData(net, X2, L2, 30);
    const alphas = [0, 1];
    const betas = [0.5, 1, 1.25];
    const g = planeGrid(net, data, alphas, betas, other);
    betas.forEach((b, j) =>
      alphas.forEach((a, i) => {
        const explicit = interpolated(initial, final, a, b);
        expect(g.cost[j * 2 + i]).toBeCloseTo(mlpCost(explicit, X, LABELS).cost, 11);
        expect(g.accuracy[j * 2 + i]).toBe(mlpCost(explicit, X2, L2).accuracy);
      }),
    );
  });

  it("works for a network with no hidden layer (only α moves anything that matters below the output)", () => {
    const a0 = randomNet([5, 3], 11, 1);
    const af = randomNet([5, 3], 12, 1);
    const n = planeNet(a0, af);
    const x = Float64Array.from({ length: 10 }, (_, i) => (i % 3) / 2);
    const d = planeData(n, x, [0, 2], 2);
    const g = planeGrid(n, d, [0, 1], [0, 7]);
    expect(g.cost[0]).toBeCloseTo(mlpCost(a0, x, [0, 2]).cost, 12);
    expect(g.cost[1]).toBeCloseTo(mlpCost(af, x, [0, 2]).cost, 12);
    expect(g.cost[3]).toBeCloseTo(g.cost[1], 14);
    expect(planePoint(n, d, 0.5, 3).dBeta).toBe(0);
  });
});

describe("planeNet and planeNorms", () => {
  it("holds θ₀ and θ_f − θ₀ in float64", () => {
    expect(net.sizes).toEqual(SIZES);
    expect(net.w0[2][5]).toBe(initial.weights[2][5]);
    expect(net.dw[2][5]).toBe(final.weights[2][5] - initial.weights[2][5]);
    expect(net.db[0][1]).toBe(final.biases[0][1] - initial.biases[0][1]);
  });

  it("refuses networks of different shapes, naming both", () => {
    expect(() => planeNet(initial, randomNet([12, 6, 5, 3], 1, 1))).toThrow("planeNet: the initial network has sizes [12, 6, 5, 4, 3], the final [12, 6, 5, 3]; they must be the same");
    const short = { ...final, weights: [...final.weights.slice(0, 3), new Float32Array(11)] };
    expect(() => planeNet(initial, short)).toThrow("planeNet: the final network's weights of layer 4 have 11 values, expected 4×3");
    const bias = { ...initial, biases: [new Float32Array(5), ...initial.biases.slice(1)] };
    expect(() => planeNet(bias, final)).toThrow("planeNet: the initial network's biases of layer 1 have 5 values, expected 6");
    expect(() => planeNet({ ...initial, weights: initial.weights.slice(1) }, final)).toThrow("planeNet: the initial network has 3 weight and 4 bias arrays for 4 layers");
  });

  it("measures ‖Δ₁‖, ‖Δ₊‖, ‖W¹₀‖ and ‖ΔW¹‖/‖W¹₀‖ parameter by parameter", () => {
    const sq = (arrs: ArrayLike<number>[]) => arrs.reduce((s, a) => s + Array.from(a).reduce((t, v) => t + v * v, 0), 0);
    const diff = (a: Float32Array, b: Float32Array) => Array.from(a, (v, i) => b[i] - v);
    const n = planeNorms(net);
    expect(n.delta1).toBeCloseTo(Math.sqrt(sq([diff(initial.weights[0], final.weights[0]), diff(initial.biases[0], final.biases[0])])), 12);
    const rest = [1, 2, 3].flatMap((l) => [diff(initial.weights[l], final.weights[l]), diff(initial.biases[l], final.biases[l])]);
    expect(n.deltaRest).toBeCloseTo(Math.sqrt(sq(rest)), 12);
    expect(n.initialW1).toBeCloseTo(Math.sqrt(sq([initial.weights[0]])), 12);
    expect(n.firstLayerMove).toBeCloseTo(Math.sqrt(sq([diff(initial.weights[0], final.weights[0])])) / n.initialW1, 12);
  });
});

describe("the plane's settings", () => {
  it("has a grid axis from −0.25 to 1.25 in steps of 0.025 with 0 and 1 exactly on it", () => {
    expect(PLANE_AXIS.length).toBe(61);
    expect(PLANE_AXIS[0]).toBe(-0.25);
    expect(PLANE_AXIS[60]).toBe(1.25);
    expect(PLANE_AXIS.indexOf(0)).toBe(10);
    expect(PLANE_AXIS.indexOf(1)).toBe(50);
    PLANE_AXIS.forEach((v, i) => expect(v).toBeCloseTo(-0.25 + 0.025 * i, 14));
    expect([...PLANE_RUNS]).toEqual(["full-3-hidden", "nielsen-3-hidden", "nielsen-2-hidden"]);
  });

  it("accepts sigmoid cross-entropy networks without batch norm or residuals, and names the file and field otherwise", () => {
    const ok = { activation: "sigmoid", cost: "cross-entropy", batchNorm: false, residual: false } as const;
    expect(() => checkPlaneExperiment(ok, "x.json")).not.toThrow();
    expect(() => checkPlaneExperiment({ ...ok, activation: "relu" }, "x.json")).toThrow('x.json: activation is "relu", the loss plane needs "sigmoid"');
    expect(() => checkPlaneExperiment({ ...ok, cost: "quadratic" }, "x.json")).toThrow('x.json: cost is "quadratic", the loss plane needs "cross-entropy"');
    expect(() => checkPlaneExperiment({ ...ok, batchNorm: true }, "x.json")).toThrow("x.json: batchNorm is true, the loss plane needs a network without batch normalisation");
    expect(() => checkPlaneExperiment({ ...ok, residual: true }, "x.json")).toThrow("x.json: residual is true, the loss plane needs a network without residual connections");
  });
});
