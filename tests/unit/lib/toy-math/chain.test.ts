import { describe, expect, it } from "vitest";
import {
  chainCost,
  chainGradients,
  explodingPreset,
  forwardChain,
  randomPreset,
  windowPreset,
  zWindowHalfWidth,
  type ChainParams,
} from "../../../../src/lib/toy-math/chain.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";
import { inputWindowWidth, sigmoid, sigmoidPrime, widestInputWindow } from "../../../../src/lib/toy-math/sigmoid.ts";

/**
 * Central finite differences of C with respect to every b_j and w_j.
 * Step h = 1e-6 (relative to max(1, |parameter|)); compared with relative
 * tolerance 1e-5 on top of an absolute 1e-10 (C ≤ 1/2, so round-off in the
 * difference quotient is about 1e-16 / 1e-6 = 1e-10).
 */
function checkAgainstFiniteDifferences(p: ChainParams, y: number) {
  const g = chainGradients(p, y);
  const rel = 1e-5;
  const abs = 1e-10;
  for (const key of ["b", "w"] as const) {
    const analytic = key === "b" ? g.dCdb : g.dCdw;
    for (let j = 0; j < p.w.length; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(p[key][j]));
      const at = (delta: number) => {
        const q = { w: p.w.slice(), b: p.b.slice(), x: p.x };
        q[key][j] += delta;
        return chainCost(q, y);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(analytic[j] - numeric)).toBeLessThanOrEqual(rel * Math.abs(numeric) + abs);
    }
  }
}

describe("forwardChain", () => {
  it("computes z_j = w_j a_{j−1} + b_j and a_j = σ(z_j) from a_0 = x", () => {
    const p = { w: [2, -1, 0.5], b: [0.1, 0.3, -0.2], x: 0.7 };
    const { z, a } = forwardChain(p);
    const z1 = 2 * 0.7 + 0.1;
    const a1 = sigmoid(z1);
    const z2 = -1 * a1 + 0.3;
    const a2 = sigmoid(z2);
    const z3 = 0.5 * a2 - 0.2;
    expect(z).toEqual([z1, z2, z3]);
    expect(a).toEqual([a1, a2, sigmoid(z3)]);
  });

  it("rejects malformed chains with the argument's name", () => {
    expect(() => forwardChain({ w: [1, 2], b: [0], x: 0 })).toThrow("w and b must have the same length, got 2 and 1");
    expect(() => forwardChain({ w: [], b: [], x: 0 })).toThrow("the chain needs at least one layer");
    expect(() => forwardChain({ w: [1, NaN], b: [0, 0], x: 0 })).toThrow("w[1] must be finite, got NaN");
    expect(() => forwardChain({ w: [1], b: [Infinity], x: 0 })).toThrow("b[0] must be finite, got Infinity");
    expect(() => forwardChain({ w: [1], b: [0], x: NaN })).toThrow("x must be finite, got NaN");
    expect(() => forwardChain({ w: 3 as never, b: [0], x: 0 })).toThrow("w and b must be arrays");
  });
});

describe("chainGradients", () => {
  it("matches central finite differences for every b_j and w_j (random chains, several targets)", () => {
    for (const seed of [1, 2, 3, 4, 5, 42]) {
      const p = randomPreset(mulberry32(seed), 0.8);
      for (const y of [0, 0.3, 1]) checkAgainstFiniteDifferences(p, y);
    }
    checkAgainstFiniteDifferences(randomPreset(mulberry32(9), -1.5, 7), 0);
  });

  it("matches central finite differences on the window and exploding presets", () => {
    checkAgainstFiniteDifferences(windowPreset(0.4), 0);
    checkAgainstFiniteDifferences(windowPreset(-1, { offset: 0.9, layers: 6 }), 0.2);
    // w = 100 makes C very curved in w_1: a smaller relative step keeps truncation error down.
    const ex = explodingPreset(1);
    const g = chainGradients(ex, 0);
    for (let j = 0; j < 4; j++) {
      const h = 1e-9;
      const at = (d: number) => chainCost({ ...ex, b: ex.b.map((v, i) => (i === j ? v + d : v)) }, 0);
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(g.dCdb[j] - numeric)).toBeLessThanOrEqual(1e-4 * Math.abs(numeric));
    }
  });

  it("is the product formula ∂C/∂b_1 = σ'(z_1) · w_2σ'(z_2) · w_3σ'(z_3) · w_4σ'(z_4) · ∂C/∂a_4", () => {
    const p = randomPreset(mulberry32(7));
    const g = chainGradients(p, 0.25);
    expect(g.sigmaPrime).toEqual(g.z.map(sigmoidPrime));
    expect(g.factors).toHaveLength(3);
    g.factors.forEach((f, i) => expect(f).toBe(p.w[i + 1] * sigmoidPrime(g.z[i + 1])));
    expect(g.dCdaL).toBe(g.a[3] - 0.25);
    const product = g.sigmaPrime[0] * g.factors[0] * g.factors[1] * g.factors[2] * g.dCdaL;
    expect(g.dCdb[0]).toBeCloseTo(product, 15);
    // and for every layer j: σ'(z_j) times the factors of the layers above it
    for (let j = 0; j < 4; j++) {
      const above = g.factors.slice(j).reduce((s, f) => s * f, 1);
      expect(g.dCdb[j]).toBeCloseTo(g.sigmaPrime[j] * above * g.dCdaL, 15);
      expect(g.dCdw[j]).toBeCloseTo((j === 0 ? p.x : g.a[j - 1]) * g.dCdb[j], 15);
      expect(g.dCda[j]).toBeCloseTo(above * g.dCdaL, 15);
    }
    expect(g.cost).toBeCloseTo(0.5 * (g.a[3] - 0.25) ** 2, 15);
  });

  it("uses the target y = 0 by default (∂C/∂a_L = a_L)", () => {
    const p = randomPreset(mulberry32(11));
    const g = chainGradients(p);
    expect(g.dCdaL).toBe(g.a.at(-1));
    expect(g.cost).toBe(chainCost(p));
  });

  it("accepts ∂C/∂a_L directly, and then has no cost", () => {
    const p = windowPreset(0.5);
    const g = chainGradients(p, { dCdaL: 1 });
    expect(g.dCdaL).toBe(1);
    expect(g.cost).toBeNull();
    expect(g.dCdb[0]).toBeCloseTo(g.sigmaPrime[0] * g.factors.reduce((s, f) => s * f, 1), 15);
    // Linear in ∂C/∂a_L:
    const g3 = chainGradients(p, { dCdaL: -3 });
    g3.dCdb.forEach((v, j) => expect(v).toBeCloseTo(-3 * g.dCdb[j], 14));
  });

  it("works for a single layer (no factors)", () => {
    const g = chainGradients({ w: [2], b: [-1], x: 0.5 }, 0);
    expect(g.factors).toEqual([]);
    expect(g.dCdb).toEqual([0.25 * 0.5]); // z = 0: σ'(0) = 1/4, a = 1/2 = ∂C/∂a_1
  });

  it("rejects a bad target or ∂C/∂a_L with its name", () => {
    const p = explodingPreset();
    expect(() => chainGradients(p, NaN)).toThrow("target must be finite, got NaN");
    expect(() => chainGradients(p, { dCdaL: Infinity })).toThrow("dCdaL must be finite, got Infinity");
    expect(() => chainCost(p, NaN)).toThrow("target must be finite, got NaN");
  });
});

describe("explodingPreset", () => {
  it("has w = 100 and z_j = 0 exactly, so every factor is exactly 25", () => {
    for (const x of [1, 0, -0.37, 2.5]) {
      const p = explodingPreset(x);
      expect(p.w).toEqual([100, 100, 100, 100]);
      expect(p.x).toBe(x);
      const g = chainGradients(p, 0);
      expect(g.z.every((z) => z === 0)).toBe(true);
      expect(g.factors).toEqual([25, 25, 25]);
      // ∂C/∂a_4 = a_4 = σ(0) = 1/2 with the default target y = 0.
      expect(g.dCdaL).toBe(0.5);
      expect(g.dCdb[0]).toBe(sigmoidPrime(0) * 25 ** 3 * g.dCdaL);
      expect(g.dCdb[0]).toBe(1953.125);
    }
  });

  it("holds for any depth and any ∂C/∂a_L", () => {
    const g = chainGradients(explodingPreset(0.3, 6), { dCdaL: 2 });
    expect(g.factors).toEqual([25, 25, 25, 25, 25]);
    expect(g.dCdb[0]).toBe(0.25 * 25 ** 5 * 2);
  });

  it("rejects bad arguments with their name", () => {
    expect(() => explodingPreset(NaN)).toThrow("x must be finite, got NaN");
    expect(() => explodingPreset(1, 0)).toThrow("layers must be a whole number ≥ 1, got 0");
  });
});

describe("windowPreset", () => {
  it("uses the widest-window weight (≈ 6.9) and puts every |w σ'(z_j)| ≥ 1", () => {
    const wStar = widestInputWindow().w;
    expect(wStar).toBeGreaterThan(6.5);
    expect(wStar).toBeLessThan(7.5);
    for (const x of [1, 0, -2, 0.37]) {
      for (const offset of [0, 0.5, 0.9, 0.99]) {
        const p = windowPreset(x, { offset });
        expect(p.w.every((w) => w === wStar)).toBe(true);
        const g = chainGradients(p);
        expect(g.factors).toHaveLength(3);
        for (const f of g.factors) expect(Math.abs(f)).toBeGreaterThanOrEqual(1);
        // the first layer too, although it is not one of the factors
        expect(Math.abs(p.w[0] * g.sigmaPrime[0])).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("places z_j at ±offset · z*, alternating, away from the top of σ'", () => {
    const p = windowPreset(1);
    const zStar = zWindowHalfWidth(p.w[0]);
    const { z } = forwardChain(p);
    const expected = [0.5, -0.5, 0.5, -0.5].map((s) => s * zStar);
    z.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 12));
  });

  it("accepts another weight with |w| > 4 and the number of layers", () => {
    const p = windowPreset(0.2, { w: -10, layers: 5, offset: 0.8 });
    expect(p.w).toEqual([-10, -10, -10, -10, -10]);
    for (const f of chainGradients(p).factors) expect(Math.abs(f)).toBeGreaterThanOrEqual(1);
  });

  it("rejects bad arguments with their name", () => {
    expect(() => windowPreset(1, { w: 4 })).toThrow("w must satisfy |w| > 4, got 4");
    expect(() => windowPreset(1, { w: -3 })).toThrow("w must satisfy |w| > 4, got -3");
    expect(() => windowPreset(1, { offset: 1 })).toThrow("offset must be in [0, 1), got 1");
    expect(() => windowPreset(1, { layers: 2.5 })).toThrow("layers must be a whole number ≥ 1, got 2.5");
    expect(() => windowPreset(Infinity)).toThrow("x must be finite, got Infinity");
  });
});

describe("zWindowHalfWidth", () => {
  it("is where |w σ'(z)| = 1, and 2 z*/|w| is the input window width", () => {
    for (const w of [4.5, 6.9, 10, -12, 50]) {
      const zs = zWindowHalfWidth(w);
      expect(Math.abs(w) * sigmoidPrime(zs)).toBeCloseTo(1, 12);
      expect(Math.abs(w) * sigmoidPrime(-zs)).toBeCloseTo(1, 12);
      expect((2 * zs) / Math.abs(w)).toBeCloseTo(inputWindowWidth(w), 12);
    }
    expect(zWindowHalfWidth(4)).toBe(0);
    expect(zWindowHalfWidth(1)).toBe(0);
  });
});

describe("randomPreset", () => {
  it("draws w_1, b_1, w_2, b_2, … from N(0, 1) with the given uniform source, reproducibly", () => {
    const p = randomPreset(mulberry32(123));
    expect(p).toEqual(randomPreset(mulberry32(123)));
    expect(p.w).toHaveLength(4);
    expect(p.x).toBe(1);
    const normal = gaussian(mulberry32(123));
    const draws = Array.from({ length: 8 }, () => normal());
    expect(p.w).toEqual([draws[0], draws[2], draws[4], draws[6]]);
    expect(p.b).toEqual([draws[1], draws[3], draws[5], draws[7]]);
    expect(randomPreset(mulberry32(124))).not.toEqual(p);
  });

  it("has mean ≈ 0 and variance ≈ 1 over many draws", () => {
    const p = randomPreset(mulberry32(2024), 0.5, 20000);
    const all = [...p.w, ...p.b];
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const variance = all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("rejects bad arguments with their name", () => {
    expect(() => randomPreset(mulberry32(1), NaN)).toThrow("x must be finite, got NaN");
    expect(() => randomPreset(mulberry32(1), 1, 0)).toThrow("layers must be a whole number ≥ 1, got 0");
  });
});
