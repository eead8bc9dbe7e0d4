import { describe, expect, it } from "vitest";
import { float64Copy, planePath, planeProjection, type Params } from "../../../../src/lib/nets/plane-path.ts";
import { initialNetwork } from "../../../../src/lib/nets/network.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";

// A hand-made [1, 2, 1] network: layer 1 is W¹ (1 × 2) and b¹ (2), the rest is W² (2 × 1) and b² (1).
const net = (w1: number[], b1: number[], w2: number[], b2: number[]): Params => ({ sizes: [1, 2, 1], weights: [w1, w2], biases: [b1, b2] });
// θ₀: part 1 = (1, 0 | 0, 0), part + = (0, 2 | 0).
const theta0 = net([1, 0], [0, 0], [0, 2], [0]);
// θ_f: Δ₁ = (2, 0 | 0, 2), ‖Δ₁‖² = 8; Δ₊ = (0, 0 | 4), ‖Δ₊‖² = 16.
const thetaF = net([3, 0], [0, 2], [0, 2], [4]);
// θ_t: d₁ = (1, 1 | 0, 0): ⟨d₁, Δ₁⟩ = 2, α = 2/8 = 0.25, d₁ − αΔ₁ = (0.5, 1 | 0, −0.5), squared 1.5.
//      d₊ = (3, 0 | 2): ⟨d₊, Δ₊⟩ = 8, β = 8/16 = 0.5, d₊ − βΔ₊ = (3, 0 | 0), squared 9. offPlane = √10.5.
const thetaT = net([2, 1], [0, 0], [3, 2], [2]);

describe("planeProjection on a hand-made network", () => {
  it("gives the hand-computed α, β and distance", () => {
    const p = planeProjection(theta0, thetaF, thetaT);
    expect(p.alpha).toBeCloseTo(0.25, 14);
    expect(p.beta).toBeCloseTo(0.5, 14);
    expect(p.offPlane).toBeCloseTo(Math.sqrt(10.5), 14);
  });

  it("puts θ₀ at (0, 0, 0) and θ_f at (1, 1, 0)", () => {
    expect(planeProjection(theta0, thetaF, theta0)).toEqual({ alpha: 0, beta: 0, offPlane: 0 });
    expect(planeProjection(theta0, thetaF, thetaF)).toEqual({ alpha: 1, beta: 1, offPlane: 0 });
  });

  it("finds a point built as θ₀ + 0.3Δ₁ − 0.7Δ₊ + n, n ⊥ the plane, ‖n‖ = 5", () => {
    // n₁ = (0, 3 | 0, 0) ⊥ Δ₁ = (2, 0 | 0, 2); n₊ = (4, 0 | 0) ⊥ Δ₊ = (0, 0 | 4); ‖n‖ = √(9 + 16).
    const a = 0.3, b = -0.7;
    const t = net([1 + a * 2, 0 + 3], [0, a * 2], [0 + 4, 2], [b * 4]);
    const p = planeProjection(theta0, thetaF, t);
    expect(p.alpha).toBeCloseTo(a, 14);
    expect(p.beta).toBeCloseTo(b, 14);
    expect(p.offPlane).toBeCloseTo(5, 14);
  });

  it("gives 0 for the coordinate of a part that did not move (a frozen first layer), its whole d off the plane", () => {
    // Layer 1 frozen: θ_f's layer 1 is θ₀'s; Δ₊ as before.
    const frozenF = net([1, 0], [0, 0], [0, 2], [4]);
    // A snapshot whose layer 1 moved anyway by (0, 0 | 3, 4) (‖·‖ = 5), and whose part + is θ₀ + 0.5Δ₊.
    const t = net([1, 0], [3, 4], [0, 2], [2]);
    expect(planeProjection(theta0, frozenF, t)).toEqual({ alpha: 0, beta: 0.5, offPlane: 5 });
    expect(planeProjection(theta0, frozenF, frozenF)).toEqual({ alpha: 0, beta: 1, offPlane: 0 });
    // The rest frozen instead: β = 0 throughout.
    const restFrozenF = net([3, 0], [0, 2], [0, 2], [0]);
    expect(planeProjection(theta0, restFrozenF, restFrozenF)).toEqual({ alpha: 1, beta: 0, offPlane: 0 });
    const p = planeProjection(theta0, restFrozenF, thetaT);
    expect(p.alpha).toBeCloseTo(0.25, 14);
    expect(p.beta).toBe(0);
    expect(p.offPlane).toBeCloseTo(Math.sqrt(1.5 + 9 + 4), 14); // d₊ = (3, 0 | 2) is all off the plane
  });
});

describe("planePath", () => {
  it("starts at epoch 0 = (0, 0, 0), follows the snapshots and ends at (1, 1, 0); norms and firstLayerMove by hand", () => {
    const path = planePath(theta0, thetaF, [
      { epoch: 5, params: thetaT },
      { epoch: 10, params: thetaF },
    ]);
    expect(path.epochs).toEqual([0, 5, 10]);
    expect(path.alpha[0]).toBe(0);
    expect(path.alpha[1]).toBeCloseTo(0.25, 14);
    expect(path.alpha[2]).toBe(1);
    expect(path.beta[0]).toBe(0);
    expect(path.beta[1]).toBeCloseTo(0.5, 14);
    expect(path.beta[2]).toBe(1);
    expect(path.offPlane[0]).toBe(0);
    expect(path.offPlane[1]).toBeCloseTo(Math.sqrt(10.5), 14);
    expect(path.offPlane[2]).toBe(0);
    // ‖Δ₁‖ = √8, ‖Δ₊‖ = 4, ‖(W¹₀, b¹₀)‖ = ‖(1, 0, 0, 0)‖ = 1, ‖(W²₀, b²₀)‖ = ‖(0, 2, 0)‖ = 2.
    expect(path.norms.delta1).toBeCloseTo(Math.sqrt(8), 14);
    expect(path.norms.deltaRest).toBeCloseTo(4, 14);
    expect(path.norms.initial1).toBeCloseTo(1, 14);
    expect(path.norms.initialRest).toBeCloseTo(2, 14);
    // Weights only: ‖(3, 0) − (1, 0)‖ / ‖(1, 0)‖ = 2 (b¹ moved by (0, 2), which does not count).
    expect(path.firstLayerMove).toBeCloseTo(2, 14);
    expect(Object.keys(path)).toEqual(["epochs", "alpha", "beta", "offPlane", "norms", "firstLayerMove"]);
    expect(Object.keys(path.norms)).toEqual(["delta1", "deltaRest", "initial1", "initialRest"]);
  });

  it("agrees with planeProjection and with the plane's definition on random float32 networks of four layers", () => {
    const sizes = [5, 4, 3, 3, 2];
    const n0 = initialNetwork(sizes, { weights: "gaussian", biases: "gaussian" }, 11);
    const normal = gaussian(mulberry32(7));
    const moved = (scale: number) => ({
      sizes,
      weights: n0.weights.map((w) => w.map((x) => x + scale * normal())),
      biases: n0.biases.map((b) => b.map((x) => x + scale * normal())),
    });
    const nf = moved(0.5);
    const snaps = [1, 2, 3].map((e) => ({ epoch: e * 2, params: moved(0.3 * e) }));
    const path = planePath(n0, nf, [...snaps, { epoch: 8, params: nf }]);
    expect(path.epochs).toEqual([0, 2, 4, 6, 8]);
    expect(path.alpha.at(-1)).toBe(1);
    expect(path.beta.at(-1)).toBe(1);
    expect(path.offPlane.at(-1)).toBe(0);

    // Independent flattening: layer 1's W and b, then every other layer's W and b.
    const flat = (p: Params) => {
      const one = [...Array.from(p.weights[0]), ...Array.from(p.biases[0])];
      const rest = p.weights.slice(1).flatMap((w, l) => [...Array.from(w), ...Array.from(p.biases[l + 1])]);
      return { one, rest };
    };
    const f0 = flat(n0), ff = flat(nf);
    const d1 = ff.one.map((x, i) => x - f0.one[i]);
    const dr = ff.rest.map((x, i) => x - f0.rest[i]);
    const dist = (p: Params, a: number, b: number) => {
      const t = flat(p);
      let s = 0;
      t.one.forEach((x, i) => (s += (x - f0.one[i] - a * d1[i]) ** 2));
      t.rest.forEach((x, i) => (s += (x - f0.rest[i] - b * dr[i]) ** 2));
      return Math.sqrt(s);
    };
    snaps.forEach((s, k) => {
      const a = path.alpha[k + 1], b = path.beta[k + 1], off = path.offPlane[k + 1];
      expect(planeProjection(n0, nf, s.params)).toEqual({ alpha: a, beta: b, offPlane: off });
      // offPlane is the distance to the plane point (α, β) …
      expect(off).toBeCloseTo(dist(s.params, a, b), 10);
      expect(off).toBeGreaterThan(0.1);
      // … and the smallest one: moving α or β either way only increases it.
      for (const h of [1e-3, -1e-3]) {
        expect(dist(s.params, a + h, b)).toBeGreaterThan(off);
        expect(dist(s.params, a, b + h)).toBeGreaterThan(off);
      }
    });
    expect(path.norms.delta1).toBeCloseTo(Math.hypot(...d1), 12);
    expect(path.norms.deltaRest).toBeCloseTo(Math.hypot(...dr), 12);
    expect(path.norms.initial1).toBeCloseTo(Math.hypot(...f0.one), 12);
    expect(path.norms.initialRest).toBeCloseTo(Math.hypot(...f0.rest), 12);
    const dW = Array.from(nf.weights[0], (x, i) => x - n0.weights[0][i]); // in float64, not Float32Array.map
    expect(path.firstLayerMove).toBeCloseTo(Math.hypot(...dW) / Math.hypot(...n0.weights[0]), 12);
  });

  it("keeps a float64 copy that later changes to the source do not reach", () => {
    const src = { sizes: [1, 2, 1], weights: [Float32Array.of(1, 2), Float32Array.of(3, 4)], biases: [Float32Array.of(5, 6), Float32Array.of(7)] };
    const copy = float64Copy(src);
    src.weights[0][0] = 99;
    expect(copy.weights[0]).toBeInstanceOf(Float64Array);
    expect(Array.from(copy.weights[0])).toEqual([1, 2]);
    expect(Array.from(copy.biases[1])).toEqual([7]);
  });
});

describe("bad input", () => {
  it("names the network, the layer and the expected shape", () => {
    expect(() => planeProjection(theta0, net([3, 0, 1], [0, 2], [0, 2], [4]), thetaT)).toThrow(
      "plane path: the final network's weights of layer 1 have 3 values, but sizes [1, 2, 1] need 1 × 2 = 2",
    );
    expect(() => planeProjection(theta0, thetaF, net([2, 1], [0], [3, 2], [2]))).toThrow("plane path: the snapshot's biases of layer 1 have 1 values, but sizes [1, 2, 1] need 2");
    expect(() => planeProjection(theta0, { ...thetaF, sizes: [1, 2, 2] }, thetaT)).toThrow("plane path: the final network has sizes [1, 2, 2] but the initial network has [1, 2, 1]");
    expect(() => planeProjection(theta0, thetaF, { sizes: [1, 2, 1], weights: [[2, 1]], biases: [[0, 0]] })).toThrow(
      "plane path: the snapshot has 1 weight and 1 bias arrays, but sizes [1, 2, 1] need 2 of each",
    );
    expect(() => planePath(theta0, thetaF, [{ epoch: 3, params: net([2, 1], [0, 0], [3, NaN], [2]) }])).toThrow(
      "plane path: the snapshot at epoch 3's weights of layer 2 hold NaN at index 1",
    );
    expect(() => planePath(theta0, thetaF, [{ epoch: 3, params: net([2, 1], [0, 0], [3], [2]) }])).toThrow("the snapshot at epoch 3's weights of layer 2 have 1 values");
  });

  it("wants snapshot epochs above 0 and increasing", () => {
    expect(() => planePath(theta0, thetaF, [{ epoch: 0, params: thetaT }])).toThrow("plane path: snapshot epochs must be whole numbers above 0, increasing; got 0 after 0");
    expect(() => planePath(theta0, thetaF, [{ epoch: 2, params: thetaT }, { epoch: 2, params: thetaF }])).toThrow("got 2 after 2");
  });
});
