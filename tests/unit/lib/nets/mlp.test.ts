import { describe, expect, it } from "vitest";
import { backprop, biasGradientNorms, exampleCost, forward, type CostKind } from "../../../../src/lib/nets/mlp.ts";
import { cloneNetwork, initialNetwork, parameterCount, relativeChange, type NetworkParams } from "../../../../src/lib/nets/network.ts";
import { sigmoid } from "../../../../src/lib/toy-math/sigmoid.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

const sizes = [6, 5, 4, 3];
const net = () => initialNetwork(sizes, { weights: "gaussian", biases: "gaussian" }, 7);
const rand = mulberry32(3);
const xs = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => rand()));
const labels = [0, 2, 1, 2];

function cost(n: NetworkParams, kind: CostKind, x: number[], label: number) {
  return exampleCost(kind, forward(n, x).activations.at(-1)!, label);
}

describe("backprop", () => {
  for (const kind of ["cross-entropy", "quadratic"] as const) {
    it(`matches central finite differences for every bias and weight (${kind})`, () => {
      const n = net();
      // Float64 copies so that the nudge h is not lost to float32 rounding.
      const n64 = { sizes: n.sizes, weights: n.weights.map((w) => Float64Array.from(w)), biases: n.biases.map((b) => Float64Array.from(b)) } as unknown as NetworkParams;
      const g = backprop(n64, xs[1], labels[1], kind);
      const h = 1e-6;
      const check = (arr: Float64Array, i: number, analytic: number) => {
        const keep = arr[i];
        arr[i] = keep + h;
        const up = cost(n64, kind, xs[1], labels[1]);
        arr[i] = keep - h;
        const down = cost(n64, kind, xs[1], labels[1]);
        arr[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic - numeric)).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
      };
      n64.biases.forEach((b, l) => b.forEach((_, j) => check(b as unknown as Float64Array, j, g.biases[l][j])));
      n64.weights.forEach((w, l) => w.forEach((_, i) => check(w as unknown as Float64Array, i, g.weights[l][i])));
    });
  }

  it("averages bias gradients over examples before taking each layer's norm", () => {
    const n = net();
    const norms = biasGradientNorms(n, xs, labels, "cross-entropy");
    const sum = n.biases.map((b) => new Float64Array(b.length));
    xs.forEach((x, i) => backprop(n, x, labels[i], "cross-entropy").biases.forEach((gb, l) => gb.forEach((v, j) => (sum[l][j] += v / xs.length))));
    norms.forEach((v, l) => expect(v).toBeCloseTo(Math.hypot(...sum[l]), 12));
  });
});

describe("forward and the cost", () => {
  it("returns each layer's weighted input z, with a = σ(z)", () => {
    const n = net();
    const { zs, activations } = forward(n, xs[0]);
    expect(zs).toHaveLength(3);
    expect(Array.from(activations[0])).toEqual(xs[0]);
    // z¹ = b¹ + Σᵢ xᵢ W¹ᵢⱼ, written out for the first unit.
    expect(zs[0][0]).toBeCloseTo(n.biases[0][0] + xs[0].reduce((s, v, i) => s + v * n.weights[0][i * 5], 0), 12);
    zs.forEach((z, l) => z.forEach((v, j) => expect(activations[l + 1][j]).toBe(sigmoid(v))));
  });

  it("counts 0·log 0 as 0 in the cross-entropy (Nielsen's nan_to_num), so a saturated, right answer costs 0", () => {
    expect(exampleCost("cross-entropy", [1, 0, 0], 0)).toBe(0);
    expect(exampleCost("cross-entropy", [0.5, 0.5], 1)).toBeCloseTo(2 * Math.LN2, 15);
    expect(exampleCost("quadratic", [0.5, 0.5], 1)).toBeCloseTo(0.25, 15);
  });
});

describe("network", () => {
  it("clones a network into an independent copy", () => {
    const a = net();
    const b = cloneNetwork(a);
    expect(b).toEqual(a);
    b.weights[0][0] += 1;
    b.biases[2][1] += 1;
    b.sizes[0] = 99;
    expect(a).toEqual(net());
  });

  it("draws plain N(0, 1) weights and biases when asked (variance 1 within 5%)", () => {
    const n = initialNetwork([10, 4000], { weights: "gaussian", biases: "gaussian" }, 2);
    const variance = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x * x, 0) / v.length;
    expect(variance(n.weights[0])).toBeGreaterThan(0.95);
    expect(variance(n.weights[0])).toBeLessThan(1.05);
    expect(variance(n.biases[0])).toBeGreaterThan(0.95);
    expect(variance(n.biases[0])).toBeLessThan(1.05);
  });

  it("initialises deterministically with N(0, 1/n_in) weights and N(0, 1) biases", () => {
    const a = initialNetwork([784, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 1);
    const b = initialNetwork([784, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 1);
    expect(a).toEqual(b);
    const w = a.weights[0];
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance * 784).toBeGreaterThan(0.9);
    expect(variance * 784).toBeLessThan(1.1);
    expect(initialNetwork([4, 2], { weights: "gaussian", biases: "zero" }, 1).biases[0]).toEqual(new Float32Array(2));
    expect(parameterCount(a)).toBe(784 * 30 + 30 + 30 * 10 + 10);
  });
  it("measures relative change of a weight matrix", () => {
    expect(relativeChange([3, 4], [3, 4])).toBe(0);
    expect(relativeChange([3, 4], [6, 8])).toBe(1);
    // ‖after − before‖ / ‖before‖: ‖(0, 1)‖ / ‖(3, 4)‖ = 1/5, and the Euclidean norms in general.
    expect(relativeChange([3, 4], [3, 5])).toBeCloseTo(0.2, 15);
    expect(relativeChange([3, 4], [0, 0])).toBeCloseTo(1, 15);
    expect(relativeChange([1, 0, 0, 0], [1, 2, 2, 1])).toBeCloseTo(3, 15);
    const r = mulberry32(9);
    const before = Array.from({ length: 50 }, () => r() - 0.5);
    const after = before.map((v) => v + 0.1 * (r() - 0.5));
    expect(relativeChange(before, after)).toBeCloseTo(Math.hypot(...after.map((v, i) => v - before[i])) / Math.hypot(...before), 12);
    // A matrix of zeros has no relative change to speak of.
    expect(relativeChange([0, 0], [1, 1])).toBe(0);
  });
});
