/**
 * The tanh RNN's per-step factor (src/lib/recurrent/factors.ts): measured
 * ratios of hidden-gradient norms against hand-made lists, a 1-unit RNN where
 * the factor is |w|·tanh′ exactly, W = 0.5·I with small activations (factor ≈
 * 0.5), the bound ‖W‖₂ · max tanh′ on a real setup, and the distance to vanish
 * against a brute-force count.
 */
import { describe, expect, it } from "vitest";
import { distanceToVanish, factorBound, spectralRadius, stepFactors } from "../../../../src/lib/recurrent/factors.ts";
import { cliffSetup } from "../../../../src/lib/recurrent/cliff.ts";
import { backward, forward, initParams, type RecurrentParams, type SequenceBatch } from "../../../../src/lib/recurrent/reference.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";

describe("stepFactors", () => {
  it("ratios ‖∂C/∂h_{t−1}‖/‖∂C/∂h_t‖ of hand-made lists, and their geometric mean", () => {
    expect(stepFactors([8, 4, 2, 1])).toEqual({ ratios: [2, 2, 2], geometricMean: 2 });
    const r = stepFactors([1, 2, 8]);
    expect(r.ratios).toEqual([0.5, 0.25]);
    expect(r.geometricMean).toBeCloseTo(Math.sqrt(0.125), 15);
    const s = stepFactors([0.001, 0.01, 0.1, 1]);
    s.ratios.forEach((x) => expect(x).toBeCloseTo(0.1, 15));
    expect(s.geometricMean).toBeCloseTo(0.1, 15);
  });

  it("refuses fewer than 2 norms and a norm that is not positive, naming the file", () => {
    expect(() => stepFactors([1])).toThrow("src/lib/recurrent/factors.ts: stepFactors needs the norms of at least 2 steps (t = 0..T, T ≥ 1), got 1");
    expect(() => stepFactors([1, 0, 2])).toThrow("src/lib/recurrent/factors.ts: stepFactors hiddenGradNorms[1] = 0 is not a positive finite number; a ratio of norms needs every norm > 0");
  });
});

/** One sequence, input only at step 0. */
function pulse(steps: number, D: number): SequenceBatch {
  const inputs = new Float64Array(steps * D);
  inputs[0] = 1;
  return { inputs, labels: Uint8Array.of(0), inputSize: D, steps };
}

describe("factorBound and the measured factor", () => {
  it("1 unit: the factor at step t is exactly |w|·(1 − h_t²), the bound perStep[t − 1]; ‖W‖₂ = |w|", () => {
    const w = -0.8;
    const p: RecurrentParams = {
      cell: "rnn", H: 1, D: 1, K: 2,
      W: Float64Array.of(w), U: Float64Array.of(1.5), b: Float64Array.of(0), V: Float64Array.of(0.7, -0.2), c: Float64Array.of(0, 0),
    };
    const batch = pulse(6, 1);
    const { ratios } = stepFactors(backward("rnn", p, batch).hiddenGradNorms);
    const hs = forward("rnn", p, batch).hidden.map((h) => h[0]);
    const bound = factorBound(p, batch);
    expect(bound.spectral).toBeCloseTo(0.8, 14);
    expect(ratios).toHaveLength(5);
    ratios.forEach((r, i) => {
      const expected = Math.abs(w) * (1 - hs[i + 1] ** 2);
      expect(r).toBeCloseTo(expected, 13);
      expect(bound.perStep![i]).toBeCloseTo(expected, 13);
    });
    const maxSlope = Math.max(...hs.slice(1).map((h) => 1 - h * h));
    expect(bound.maxSlope).toBe(maxSlope);
    expect(bound.tight).toBeCloseTo(0.8 * maxSlope, 14);
  });

  it("W = 0.5·I with small inputs: every measured factor ≈ 0.5, bounds 0.5, the gradient vanishes below 1e-6 after 20 steps", () => {
    const H = 3, D = 2, steps = 11;
    const normal = gaussian(mulberry32(5));
    const W = new Float64Array(H * H);
    for (let i = 0; i < H; i++) W[i * H + i] = 0.5;
    const p: RecurrentParams = {
      cell: "rnn", H, D, K: 2, W,
      U: Float64Array.from({ length: H * D }, () => 1e-4 * normal()), b: new Float64Array(H),
      V: Float64Array.from({ length: 2 * H }, () => normal()), c: new Float64Array(2),
    };
    const batch: SequenceBatch = { inputs: Float64Array.from({ length: 2 * steps * D }, () => normal()), labels: Uint8Array.of(0, 1), inputSize: D, steps };
    const f = stepFactors(backward("rnn", p, batch).hiddenGradNorms);
    f.ratios.forEach((r) => expect(Math.abs(r - 0.5)).toBeLessThan(1e-6));
    expect(Math.abs(f.geometricMean - 0.5)).toBeLessThan(1e-6);
    const b = factorBound(p, batch);
    expect(b.spectral).toBeCloseTo(0.5, 14);
    expect(b.tight!).toBeLessThanOrEqual(0.5);
    expect(b.tight!).toBeGreaterThan(0.5 - 1e-6);
    expect(distanceToVanish(f.geometricMean)).toBe(20);
  });

  it("on the cliff setup and a uniform init, each measured factor stays under its step's bound, and that under ‖W‖₂", () => {
    const { params, batch } = cliffSetup();
    const uniform = initParams("rnn", { H: 6, D: batch.inputSize, K: 2, seed: 3, recurrent: "uniform", scale: 2 });
    for (const p of [params, uniform]) {
      const { ratios } = stepFactors(backward("rnn", p, batch).hiddenGradNorms);
      const b = factorBound(p, batch);
      expect(b.perStep).toHaveLength(ratios.length);
      ratios.forEach((r, i) => expect(r).toBeLessThanOrEqual(b.perStep![i] * (1 + 1e-12)));
      b.perStep!.forEach((x) => expect(x).toBeLessThanOrEqual(b.tight!));
      expect(b.tight!).toBeLessThanOrEqual(b.spectral);
    }
    expect(factorBound(params)).toEqual({ spectral: factorBound(params, batch).spectral });
  });

  it("refuses another cell, naming the file", () => {
    const p = initParams("gru", { H: 2, D: 2, K: 2, seed: 1, recurrent: "uniform", scale: 1 });
    expect(() => factorBound(p)).toThrow('src/lib/recurrent/factors.ts: factorBound bounds the tanh RNN only; pass params of cell "rnn", got "gru"');
  });
});

describe("distanceToVanish", () => {
  const brute = (f: number, floor: number) => {
    let n = 0;
    while (!(f ** n < floor)) n++;
    return n;
  };

  it("the fewest steps with factorⁿ < floor, against a brute-force count", () => {
    expect(distanceToVanish(0.5)).toBe(20); // 0.5¹⁹ ≈ 1.9e-6, 0.5²⁰ ≈ 9.5e-7
    expect(distanceToVanish(0.5, 0.25)).toBe(3); // 0.5² = 0.25 exactly is not below 0.25
    expect(distanceToVanish(0.9, 0.5)).toBe(7);
    for (const f of [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999]) {
      for (const floor of [0.5, 0.1, 1e-2, 1e-3, 1e-6, 1e-9]) expect(distanceToVanish(f, floor)).toBe(brute(f, floor));
    }
  });

  it("never, for a factor ≥ 1; one step for a factor of 0", () => {
    expect(distanceToVanish(1)).toBe(Infinity);
    expect(distanceToVanish(1.3)).toBe(Infinity);
    expect(distanceToVanish(0)).toBe(1);
  });

  it("refuses a negative factor and a floor outside (0, 1), naming the file", () => {
    expect(() => distanceToVanish(-0.1)).toThrow("src/lib/recurrent/factors.ts: distanceToVanish factor must be a finite number ≥ 0, got -0.1");
    expect(() => distanceToVanish(0.5, 1)).toThrow("src/lib/recurrent/factors.ts: distanceToVanish floor must be a number in (0, 1), got 1");
  });
});

describe("spectralRadius", () => {
  it("a scaled rotation: every eigenvalue has modulus s, and ρ = ‖M‖₂ = s", () => {
    const a = 0.7, s = 0.8;
    expect(spectralRadius([s * Math.cos(a), -s * Math.sin(a), s * Math.sin(a), s * Math.cos(a)], 2)).toBeCloseTo(0.8, 3);
  });
  it("a triangular matrix: ρ is the largest |diagonal entry|, far below ‖M‖₂ when the off-diagonal is large", () => {
    // [[0.5, 10], [0, -0.6]]: eigenvalues 0.5 and −0.6; ‖M‖₂ > 10.
    expect(spectralRadius([0.5, 10, 0, -0.6], 2)).toBeCloseTo(0.6, 2);
  });
  it("a diagonal 3 × 3 matrix and a nilpotent one", () => {
    expect(spectralRadius([0.2, 0, 0, 0, -0.9, 0, 0, 0, 0.5], 3)).toBeCloseTo(0.9, 3);
    expect(spectralRadius([0, 1, 0, 0], 2)).toBe(0);
  });
  it("refuses a matrix that is not n × n", () => {
    expect(() => spectralRadius([1, 2, 3], 2)).toThrow("src/lib/recurrent/factors.ts: spectralRadius needs an n × n matrix (n = 2), got 3 entries");
  });
});
