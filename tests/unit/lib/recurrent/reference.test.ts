import { describe, expect, it } from "vitest";
import {
  backward, clipByGlobalNorm, cost, forward, initParams, orthogonalMatrix, PARAM_NAMES, rnnFactorBound, spectralNorm,
  type Cell, type RecurrentParams, type SequenceBatch,
} from "../../../../src/lib/recurrent/reference.ts";
import { recallTask } from "../../../../src/lib/recurrent/task.ts";
import { gaussian, mulberry32 } from "../../../../src/lib/rng.ts";

const CELLS: Cell[] = ["rnn", "lstm", "gru"];
const H = 3, D = 4, K = 3, T = 4;

/** B sequences of T + 1 Gaussian inputs (scaled by `size`), labels cycling 0..K−1. */
function batchOf(B: number, steps: number, dim: number, seed: number, size = 1, classes = K): SequenceBatch {
  const normal = gaussian(mulberry32(seed));
  const inputs = Float64Array.from({ length: B * steps * dim }, () => size * normal());
  const labels = Uint8Array.from({ length: B }, (_, n) => (n * 2) % classes);
  return { inputs, labels, inputSize: dim, steps };
}

/** Tiny case's params, with random biases too so that every gate is off its resting point. */
function tinyParams(cell: Cell, seed: number): RecurrentParams {
  const p = initParams(cell, { H, D, K, seed, recurrent: "uniform", scale: 1.5 });
  const normal = gaussian(mulberry32(seed + 100));
  for (let i = 0; i < p.b.length; i++) p.b[i] += 0.5 * normal();
  for (let i = 0; i < p.c.length; i++) p.c[i] = 0.5 * normal();
  return p;
}

/**
 * Central differences in float64, step 1e-5: truncation ~h²·C‴ ≈ 1e-10, rounding
 * ~ε·C/h ≈ 1e-11, so |analytic − numeric| ≤ 1e-6·max(|a|, |n|) + 1e-9 is a relative
 * error below 1e-6 wherever the gradient is not itself at the rounding floor.
 */
const STEP = 1e-5;
function expectClose(analytic: number, numeric: number, what: string) {
  const err = Math.abs(analytic - numeric);
  const ok = err <= 1e-6 * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-9;
  expect(ok, `${what}: analytic ${analytic}, numeric ${numeric}`).toBe(true);
}

describe("backward: every parameter against central finite differences", () => {
  for (const cell of CELLS) {
    it(`${cell} (H=3, D=4, K=3, T=4, batch 2)`, () => {
      const p = tinyParams(cell, 7);
      const batch = batchOf(2, T + 1, D, 9);
      const { grads, cost: c0 } = backward(cell, p, batch);
      expect(c0).toBeCloseTo(cost(cell, p, batch), 14);
      let checked = 0;
      for (const name of PARAM_NAMES) {
        const arr = p[name];
        expect(grads[name].length).toBe(arr.length);
        for (let i = 0; i < arr.length; i++) {
          const keep = arr[i];
          arr[i] = keep + STEP;
          const up = cost(cell, p, batch);
          arr[i] = keep - STEP;
          const down = cost(cell, p, batch);
          arr[i] = keep;
          expectClose(grads[name][i], (up - down) / (2 * STEP), `${cell} ${name}[${i}]`);
          checked++;
        }
      }
      const G = { rnn: 1, lstm: 4, gru: 3 }[cell];
      expect(checked).toBe(G * H * H + G * H * D + G * H + K * H + K);
    });
  }
});

describe("backward: ∂C/∂h_t (and ∂C/∂c_t) against finite differences of a perturbed forward", () => {
  for (const cell of CELLS) {
    it(`${cell}: every item, unit and step; norms are √(Σ over items and units of squares)`, () => {
      const p = tinyParams(cell, 21);
      const B = 2;
      const batch = batchOf(B, T + 1, D, 23);
      const res = backward(cell, p, batch);
      expect(res.hiddenGradNorms.length).toBe(T + 1);
      const states: ("hidden" | "cell")[] = cell === "lstm" ? ["hidden", "cell"] : ["hidden"];
      for (const state of states) {
        const grads = state === "hidden" ? res.hiddenGrads : res.cellGrads!;
        const normsOf = state === "hidden" ? res.hiddenGradNorms : res.cellGradNorms!;
        for (let t = 0; t <= T; t++) {
          let sq = 0;
          for (let k = 0; k < B * H; k++) {
            const nudge = new Float64Array(B * H);
            nudge[k] = STEP;
            const up = cost(cell, p, batch, { step: t, [state]: nudge });
            nudge[k] = -STEP;
            const down = cost(cell, p, batch, { step: t, [state]: nudge });
            const numeric = (up - down) / (2 * STEP);
            expectClose(grads[t][k], numeric, `${cell} ∂C/∂${state}[t=${t}][${k}]`);
            sq += numeric * numeric;
          }
          expect(normsOf[t]).toBeCloseTo(Math.sqrt(sq), 9);
        }
      }
      if (cell !== "lstm") expect(res.cellGradNorms).toBeUndefined();
    });
  }
});

describe("tanh RNN: the per-step factor bound ‖W‖₂ · max tanh′", () => {
  it("rnnFactorBound on hand 2×2 cases with known singular values", () => {
    // WᵀW = [[25, 20], [20, 25]], eigenvalues 45 and 5: σ = 3√5 and √5.
    expect(rnnFactorBound(Float64Array.of(3, 0, 4, 5), 1)).toBeCloseTo(3 * Math.sqrt(5), 12);
    expect(rnnFactorBound(Float64Array.of(3, 0, 4, 5), 0.25)).toBeCloseTo((3 * Math.sqrt(5)) / 4, 12);
    expect(rnnFactorBound(Float64Array.of(2, 0, 0, -3), 1)).toBeCloseTo(3, 12);
    // R(θ) diag(2, 0.5) R(φ)ᵀ has singular values 2 and 0.5.
    const [a, b] = [0.3, 1.1];
    const R = (t: number) => [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)];
    const [p, q] = [R(a), R(b)];
    const M = new Float64Array(4);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) M[i * 2 + j] = p[i * 2] * 2 * q[j * 2] + p[i * 2 + 1] * 0.5 * q[j * 2 + 1];
    expect(rnnFactorBound(M, 1)).toBeCloseTo(2, 12);
    expect(spectralNorm(Float64Array.of(1, 2, 2, 4, 0, 0), 3, 2)).toBeCloseTo(5, 12);
    expect(() => rnnFactorBound(new Float64Array(6), 1)).toThrow("src/lib/recurrent/shared.ts: rnnFactorBound W must be square [H, H], got 6 entries");
  });

  it("‖∂C/∂h_{t−1}‖ / ‖∂C/∂h_t‖ never exceeds ‖W‖₂ · (largest tanh′ met at step t) ≤ ‖W‖₂ on random cases", () => {
    let steps = 0;
    for (let seed = 1; seed <= 12; seed++) {
      for (const scale of [0.5, 1, 3]) {
        const Hs = 2 + (seed % 4);
        const p = initParams("rnn", { H: Hs, D: 3, K: 3, seed, recurrent: seed % 2 ? "uniform" : "orthogonal", scale });
        const batch = batchOf(3, 8, 3, seed + 50);
        const { hiddenGradNorms: g } = backward("rnn", p, batch);
        const { hidden } = forward("rnn", p, batch);
        const loose = rnnFactorBound(p.W, 1);
        for (let t = 1; t < g.length; t++) {
          const slope = Math.max(...hidden[t].map((v) => 1 - v * v));
          const tight = rnnFactorBound(p.W, slope);
          expect(g[t - 1]).toBeLessThanOrEqual(tight * g[t] * (1 + 1e-9));
          expect(tight).toBeLessThanOrEqual(loose);
          steps++;
        }
      }
    }
    expect(steps).toBe(12 * 3 * 7);
  });

  it("with W = 0.5·I and small inputs the hidden gradient shrinks by ≈ 0.5 per step from the end", () => {
    const p = initParams("rnn", { H: 4, D: 3, K: 3, seed: 2, recurrent: "identity", scale: 0.5 });
    for (let i = 0; i < p.U.length; i++) p.U[i] *= 0.01;
    const { hiddenGradNorms: g } = backward("rnn", p, batchOf(2, 10, 3, 4, 0.1));
    for (let t = 1; t < g.length; t++) {
      expect(g[t - 1]).toBeLessThan(g[t]);
      expect(g[t - 1] / g[t]).toBeGreaterThan(0.5 * 0.999);
      expect(g[t - 1] / g[t]).toBeLessThanOrEqual(0.5 * (1 + 1e-12));
    }
    expect(g[0] / g[9]).toBeCloseTo(0.5 ** 9, 5);
  });
});

/** Small recurrent and input weights, so the gates sit at σ(bias). */
function quietParams(cell: Cell, bias: (p: RecurrentParams) => void): RecurrentParams {
  const p = initParams(cell, { H: 4, D: 3, K: 3, seed: 8, recurrent: "uniform", scale: 0.01 });
  for (let i = 0; i < p.U.length; i++) p.U[i] *= 0.01;
  bias(p);
  return p;
}

describe("gated cells carry the gradient back", () => {
  const batch = batchOf(2, 13, 3, 6);
  it("LSTM with f ≈ 1 (forget bias 10) keeps ‖∂C/∂c_t‖ within 1% of its last value at every t", () => {
    const p = quietParams("lstm", (q) => q.b.fill(10, 4, 8));
    const { cellGradNorms: c } = backward("lstm", p, batch);
    for (const v of c!) expect(Math.abs(v / c!.at(-1)! - 1)).toBeLessThan(0.01);
  });

  it("LSTM with f ≈ σ(0) = 0.5 (forget bias 0) halves ‖∂C/∂c_t‖ per step back", () => {
    const p = quietParams("lstm", (q) => q.b.fill(0, 4, 8));
    const { cellGradNorms: c } = backward("lstm", p, batch);
    for (let t = 1; t < c!.length; t++) expect(c![t - 1] / c![t]).toBeCloseTo(0.5, 2);
  });

  it("GRU with z ≈ 1 (update bias 10) keeps ‖∂C/∂h_t‖ within 1% of its last value; with z ≈ 0.5 it halves per step", () => {
    const keep = backward("gru", quietParams("gru", (q) => q.b.fill(10, 0, 4)), batch).hiddenGradNorms;
    for (const v of keep) expect(Math.abs(v / keep.at(-1)! - 1)).toBeLessThan(0.01);
    const half = backward("gru", quietParams("gru", () => {}), batch).hiddenGradNorms;
    for (let t = 1; t < half.length; t++) expect(half[t - 1] / half[t]).toBeCloseTo(0.5, 2);
  });

  it("the tanh RNN with the same small weights loses the gradient within a few steps", () => {
    const { hiddenGradNorms: g } = backward("rnn", quietParams("rnn", () => {}), batch);
    expect(g[g.length - 4] / g.at(-1)!).toBeLessThan(1e-5);
  });
});

describe("initParams", () => {
  it("orthogonal: every gate block has WᵀW = scale²·I to 1e-12", () => {
    for (const cell of CELLS) {
      const Hs = 8, scale = 1.5;
      const p = initParams(cell, { H: Hs, D: 3, K: 2, seed: 4, recurrent: "orthogonal", scale });
      const G = p.W.length / (Hs * Hs);
      for (let k = 0; k < G; k++) {
        for (let i = 0; i < Hs; i++) for (let j = 0; j < Hs; j++) {
          let s = 0;
          for (let r = 0; r < Hs; r++) s += p.W[k * Hs * Hs + r * Hs + i] * p.W[k * Hs * Hs + r * Hs + j];
          expect(Math.abs(s - (i === j ? scale * scale : 0))).toBeLessThan(1e-12);
        }
      }
      expect(rnnFactorBound(p.W.subarray(0, Hs * Hs), 1)).toBeCloseTo(scale, 10);
    }
    const Q = orthogonalMatrix(30, gaussian(mulberry32(9)));
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) {
      let s = 0;
      for (let r = 0; r < 30; r++) s += Q[r * 30 + i] * Q[r * 30 + j];
      expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    }
  });

  it("identity (IRNN) blocks, uniform range, LSTM forget bias, determinism", () => {
    const id = initParams("gru", { H: 3, D: 2, K: 2, seed: 1, recurrent: "identity", scale: 0.9 });
    expect(Array.from(id.W.subarray(9, 18))).toEqual([0.9, 0, 0, 0, 0.9, 0, 0, 0, 0.9]);
    const u = initParams("rnn", { H: 16, D: 4, K: 2, seed: 1, recurrent: "uniform", scale: 2 });
    expect(Math.max(...u.W.map(Math.abs))).toBeLessThanOrEqual(2 / 4);
    expect(Math.max(...u.W.map(Math.abs))).toBeGreaterThan(0.45);
    expect(Math.max(...u.U.map(Math.abs))).toBeLessThanOrEqual(1 / 2);
    const l = initParams("lstm", { H: 2, D: 2, K: 2, seed: 1, recurrent: "uniform", scale: 1 });
    expect(Array.from(l.b)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const l0 = initParams("lstm", { H: 2, D: 2, K: 2, seed: 1, recurrent: "uniform", scale: 1, forgetBias: 0 });
    expect(Array.from(l0.b)).toEqual(new Array(8).fill(0));
    expect(initParams("lstm", { H: 2, D: 2, K: 2, seed: 1, recurrent: "orthogonal", scale: 1 })).toEqual(
      initParams("lstm", { H: 2, D: 2, K: 2, seed: 1, recurrent: "orthogonal", scale: 1 }),
    );
    expect(() => initParams("rnn", { H: 2, D: 2, K: 2, seed: 1, recurrent: "uniform", scale: 1, forgetBias: 1 })).toThrow(
      'src/lib/recurrent/init.ts: initParams option forgetBias applies to the LSTM only (cell "rnn"); remove it',
    );
  });
});

describe("clipByGlobalNorm", () => {
  it("scales every gradient together to maxNorm when above it, else copies unchanged", () => {
    const grads = { W: Float64Array.of(3, 0), U: Float64Array.of(0, 4) };
    const { clipped, normBefore } = clipByGlobalNorm(grads, 1);
    expect(normBefore).toBe(5);
    expect(clipped.W[0]).toBeCloseTo(0.6, 15);
    expect(clipped.W[1]).toBe(0);
    expect(clipped.U[1]).toBeCloseTo(0.8, 15);
    expect(Math.hypot(...clipped.W, ...clipped.U)).toBeCloseTo(1, 15);
    const half = clipByGlobalNorm(grads, 2.5).clipped;
    expect(half.W[0]).toBeCloseTo(1.5, 15);
    expect(half.U[1]).toBeCloseTo(2, 15);
    expect(Array.from(grads.W)).toEqual([3, 0]);
    const same = clipByGlobalNorm(grads, 10);
    expect(same.normBefore).toBe(5);
    expect(Array.from(same.clipped.U)).toEqual([0, 4]);
    expect(same.clipped.U).not.toBe(grads.U);
    expect(() => clipByGlobalNorm(grads, 0)).toThrow("src/lib/recurrent/shared.ts: clipByGlobalNorm maxNorm must be a positive finite number, got 0");
  });
});

describe("forward on the recall task", () => {
  it("a zero read-out gives the uniform answer: cost ln K, every probability 1/K", () => {
    const task = recallTask({ T: 5, K: 4, count: 8, seed: 1 });
    for (const cell of CELLS) {
      const p = initParams(cell, { H: 5, D: task.inputSize, K: 4, seed: 3, recurrent: "orthogonal", scale: 1 });
      p.V.fill(0);
      const res = forward(cell, p, task);
      expect(res.cost).toBeCloseTo(Math.log(4), 14);
      for (const v of res.probs) expect(v).toBeCloseTo(0.25, 14);
      expect(res.hidden.length).toBe(6);
      expect(backward(cell, p, task).hiddenGradNorms.every((v) => v === 0)).toBe(true);
    }
  });

  it("refuses mismatched cells, sizes and labels, naming the file and the fix", () => {
    const task = recallTask({ T: 2, K: 3, count: 2, seed: 1 });
    const p = initParams("rnn", { H: 2, D: 4, K: 3, seed: 1, recurrent: "uniform", scale: 1 });
    expect(() => forward("lstm", p, task)).toThrow('src/lib/recurrent/reference.ts: cell "lstm" does not match params.cell "rnn"; pass the params of that cell');
    const q = initParams("rnn", { H: 2, D: 5, K: 3, seed: 1, recurrent: "uniform", scale: 1 });
    expect(() => forward("rnn", q, task)).toThrow("src/lib/recurrent/reference.ts: batch.inputSize 4 does not match params.D 5; initialise with D = inputSize");
    expect(() => forward("rnn", p, task, { step: 3 })).toThrow("src/lib/recurrent/reference.ts: perturb.step must be an integer in 0..2, got 3");
    expect(() => forward("rnn", p, task, { step: 0, cell: new Float64Array(4) })).toThrow(
      'src/lib/recurrent/reference.ts: perturb.cell applies to the LSTM only (cell "rnn"); use perturb.hidden',
    );
  });
});
