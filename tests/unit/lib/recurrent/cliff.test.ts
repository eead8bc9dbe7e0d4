/**
 * The cliff of Pascanu, Mikolov & Bengio 2013 (src/lib/recurrent/cliff.ts):
 * cost, gradient norm and slope along W = s·W₀, checked against backward's
 * gradients at parameters built here (not by scaleRecurrent), against central
 * differences, and against a 1-unit RNN worked out by hand; one SGD step with
 * and without clipping; the header's documented numbers.
 */
import { describe, expect, it } from "vitest";
import {
  CLIFF_STEP, cliffScales, cliffSetup, costAlongScale, scaleRecurrent, stepFrom, stepOffWall,
} from "../../../../src/lib/recurrent/cliff.ts";
import { backward, clipByGlobalNorm, cost, PARAM_NAMES, type RecurrentParams, type SequenceBatch } from "../../../../src/lib/recurrent/reference.ts";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** W replaced by s·W, built here so that a bug in cliff.ts's scaling cannot hide. */
function byHand(p: RecurrentParams, s: number): RecurrentParams {
  const W = new Float64Array(p.W.length);
  for (let i = 0; i < W.length; i++) W[i] = s * p.W[i];
  return { ...p, W };
}

describe("costAlongScale", () => {
  const { params, batch } = cliffSetup();
  const scales = cliffScales();
  const points = costAlongScale("rnn", params, batch, scales);

  it("gives, at each of the 40 scales, backward's cost and global gradient norm (clipByGlobalNorm's normBefore) at W = s·W₀", () => {
    expect(points.map((p) => p.scale)).toEqual(scales);
    for (const p of points) {
      const r = backward("rnn", byHand(params, p.scale), batch);
      expect(p.cost).toBe(r.cost);
      expect(rel(p.gradNorm, clipByGlobalNorm(r.grads, 1).normBefore)).toBeLessThan(1e-12);
    }
  });

  it("the gradient norm at s = 1 equals the norm of the gradient by central differences over all 42 parameters", () => {
    const at = byHand(params, 1);
    const h = 1e-6;
    let sq = 0, count = 0;
    for (const name of PARAM_NAMES) {
      for (let i = 0; i < at[name].length; i++) {
        const plus = { ...at, [name]: Float64Array.from(at[name]) };
        const minus = { ...at, [name]: Float64Array.from(at[name]) };
        plus[name][i] += h;
        minus[name][i] -= h;
        const d = (cost("rnn", plus, batch) - cost("rnn", minus, batch)) / (2 * h);
        sq += d * d;
        count++;
      }
    }
    expect(count).toBe(42);
    const [p1] = costAlongScale("rnn", params, batch, [1]);
    expect(rel(p1.gradNorm, Math.sqrt(sq))).toBeLessThan(1e-6);
  });

  it("the slope is dC/ds by central differences along the line, off the wall and on it", () => {
    for (const s of [0.8, 1.27, 2.5]) {
      const h = 1e-6;
      const fd = (cost("rnn", byHand(params, s + h), batch) - cost("rnn", byHand(params, s - h), batch)) / (2 * h);
      const [p] = costAlongScale("rnn", params, batch, [s]);
      expect(Math.abs(p.slope - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
  });

  it("1-unit RNN, 3 steps, input only at step 0: cost and gradient norm match the closed form at every scale", () => {
    const w = 0.9, u = 1.3, v0 = 0.4, v1 = -1.1;
    const p: RecurrentParams = {
      cell: "rnn", H: 1, D: 1, K: 2,
      W: Float64Array.of(w), U: Float64Array.of(u), b: Float64Array.of(0), V: Float64Array.of(v0, v1), c: Float64Array.of(0, 0),
    };
    const one: SequenceBatch = { inputs: Float64Array.of(1, 0, 0), labels: Uint8Array.of(0), inputSize: 1, steps: 3 };
    const scales = [0.5, 1, 2, 3, 5];
    const got = costAlongScale("rnn", p, one, scales);
    scales.forEach((s, i) => {
      const W = s * w;
      const h0 = Math.tanh(u), h1 = Math.tanh(W * h0), h2 = Math.tanh(W * h1);
      // C = −ln softmax(v h2)[0] = ln(1 + e^{(v1 − v0) h2}); p1 = σ((v1 − v0) h2), δ = p − onehot(0) = (−p1, p1).
      const z = (v1 - v0) * h2;
      const C = Math.log1p(Math.exp(z));
      const p1 = 1 / (1 + Math.exp(-z));
      const dc0 = -p1, dc1 = p1;
      const dV0 = dc0 * h2, dV1 = dc1 * h2;
      const dh2 = dc0 * v0 + dc1 * v1;
      const da2 = dh2 * (1 - h2 * h2);
      const da1 = W * da2 * (1 - h1 * h1);
      const da0 = W * da1 * (1 - h0 * h0);
      const dW = da2 * h1 + da1 * h0; // h_{−1} = 0
      const dU = da0; // x_0 = 1, x_1 = x_2 = 0
      const db = da0 + da1 + da2;
      const norm = Math.sqrt(dW ** 2 + dU ** 2 + db ** 2 + dV0 ** 2 + dV1 ** 2 + dc0 ** 2 + dc1 ** 2);
      expect(rel(got[i].cost, C)).toBeLessThan(1e-13);
      expect(rel(got[i].gradNorm, norm)).toBeLessThan(1e-12);
      expect(rel(got[i].slope, dW * w)).toBeLessThan(1e-12);
    });
  });

  it("the documented cliff: a wall between s = 1.205 and 1.333 where the gradient norm is 34.8, at most 1.6 elsewhere", () => {
    const near = (i: number, c: number, g: number) => {
      expect(points[i].cost).toBeCloseTo(c, 4);
      expect(points[i].gradNorm).toBeCloseTo(g, 3);
    };
    near(0, 0.6641, 0.326);
    near(11, 0.5951, 1.523);
    near(12, 0.6502, 34.761);
    near(13, 0.7304, 0.617);
    near(39, 0.7663, 0.561);
    points.forEach((p, i) => {
      if (i !== 12) expect(p.gradNorm).toBeLessThan(1.6);
    });
    expect(points[13].cost - points[11].cost).toBeGreaterThan(0.13);
    const fine = costAlongScale("rnn", params, batch, cliffScales(29, 1.2, 1.34));
    const peak = fine.reduce((a, b) => (b.gradNorm > a.gradNorm ? b : a));
    expect(peak.scale).toBeCloseTo(1.27, 10);
    expect(peak.gradNorm).toBeCloseTo(35.536, 3);
  });

  it("scaleRecurrent scales W only and leaves the parameters it was given alone", () => {
    const q = scaleRecurrent(params, 2);
    expect(Array.from(q.W)).toEqual(Array.from(params.W, (w) => 2 * w));
    for (const n of ["U", "b", "V", "c"] as const) expect(q[n]).toBe(params[n]);
    expect(Array.from(params.W)).toEqual(Array.from(byHand(params, 1).W));
  });

  it("refuses another cell and an empty list, naming the file", () => {
    expect(() => costAlongScale("lstm" as "rnn", params, batch, [1])).toThrow('src/lib/recurrent/cliff.ts: costAlongScale measures the tanh RNN only; pass cell "rnn", got "lstm"');
    expect(() => costAlongScale("rnn", params, batch, [])).toThrow("src/lib/recurrent/cliff.ts: costAlongScale needs at least one scale, got an empty list");
    expect(() => scaleRecurrent(params, NaN)).toThrow("src/lib/recurrent/cliff.ts: scale must be a finite number, got NaN");
  });
});

describe("stepFrom and stepOffWall", () => {
  const { params, batch } = cliffSetup();
  const wall = scaleRecurrent(params, cliffScales()[12]);
  const { grads } = backward("rnn", wall, batch);
  const norm = clipByGlobalNorm(grads, 1).normBefore;

  it("unclipped: θ − η g, length η‖g‖; clipped (‖g‖ > clip): θ − η·clip·g/‖g‖, length η·clip; cost at each is the reference's", () => {
    const eta = 0.1, clip = 1;
    expect(norm).toBeGreaterThan(30);
    const free = stepFrom(wall, grads, eta, null, batch);
    const held = stepFrom(wall, grads, eta, clip, batch);
    for (const n of PARAM_NAMES) {
      wall[n].forEach((p, i) => {
        expect(free.params[n][i]).toBeCloseTo(p - eta * grads[n][i], 14);
        expect(held.params[n][i]).toBeCloseTo(p - ((eta * clip) / norm) * grads[n][i], 14);
      });
    }
    expect(rel(free.length, eta * norm)).toBeLessThan(1e-12);
    expect(rel(held.length, eta * clip)).toBeLessThan(1e-12);
    expect([free.clipped, held.clipped]).toEqual([false, true]);
    expect(free.gradNorm).toBe(norm);
    expect(free.cost).toBe(cost("rnn", free.params, batch));
    expect(held.cost).toBe(cost("rnn", held.params, batch));
  });

  it("below the threshold the clipped step is the plain step", () => {
    const big = stepFrom(wall, grads, 0.1, 2 * norm, batch);
    const free = stepFrom(wall, grads, 0.1, null, batch);
    expect(big.clipped).toBe(false);
    expect(big.length).toBe(free.length);
    expect(big.cost).toBe(free.cost);
  });

  it("the documented step off the wall: unclipped lands far (3.476) and higher (0.7764), clipped stays near (0.100) and lower (0.5929)", () => {
    const w = stepOffWall(wall, batch, CLIFF_STEP.eta, CLIFF_STEP.clip);
    expect(w.cost).toBeCloseTo(0.6502, 4);
    expect(w.gradNorm).toBeCloseTo(34.761, 3);
    expect(w.unclipped.length).toBeCloseTo(3.476, 3);
    expect(w.unclipped.cost).toBeCloseTo(0.7764, 4);
    expect(w.clipped.length).toBeCloseTo(0.1, 12);
    expect(w.clipped.cost).toBeCloseTo(0.5929, 4);
    expect(w.unclipped.cost).toBeGreaterThan(w.cost);
    expect(w.clipped.cost).toBeLessThan(w.cost);
  });

  it("refuses a bad eta, clip or gradient shape, naming the file", () => {
    expect(() => stepFrom(wall, grads, 0, null, batch)).toThrow("src/lib/recurrent/cliff.ts: stepFrom eta must be a positive finite number, got 0");
    expect(() => stepFrom(wall, grads, 0.1, -1, batch)).toThrow("src/lib/recurrent/cliff.ts: stepFrom clip must be a positive finite number or null (no clipping), got -1");
    expect(() => stepFrom(wall, { ...grads, V: new Float64Array(3) }, 0.1, null, batch)).toThrow("src/lib/recurrent/cliff.ts: stepFrom grads.V has 3 entries, params.V has 8; pass the gradients of these parameters");
  });
});
