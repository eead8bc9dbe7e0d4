/**
 * The tfjs recurrent trainer (src/lib/recurrent/training/tf-recurrent.ts) and run
 * (recurrent-run.ts) against the float64 reference (src/lib/recurrent/
 * reference.ts, itself checked against finite differences), on the cpu backend,
 * and the gradients and a clipped step once more on the wasm backend.
 *
 * Tolerance. The reference gets the trainer's float32 parameters and inputs
 * (rounded to float32, then widened), so the only difference left is float32
 * arithmetic in the trainer: relative rounding 6e-8 per operation over a tiny
 * case (H = 3, D = 4, K = 3, T = 4, batch 2: at most ~10 terms per sum, 5 steps
 * back), on gradients of size 1e-3..1. Measured differences are below 1e-7;
 * TOL = 1e-6 absolute + 1e-5 relative is ten times that, and far below what a
 * wrong formula changes (the planted bugs listed in the report move the
 * gradients by 1e-2 or more).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {
  backward, clipByGlobalNorm, globalNorm, initParams, PARAM_NAMES, type Cell, type RecurrentParams, type SequenceBatch,
} from "../../../../../src/lib/recurrent/reference.ts";
import { RecurrentTrainer } from "../../../../../src/lib/recurrent/training/tf-recurrent.ts";
import { ADAM } from "../../../../../src/lib/adam.ts";
import { RecurrentRun, type RecurrentRunSpec } from "../../../../../src/lib/recurrent/training/recurrent-run.ts";
import { gaussian, mulberry32 } from "../../../../../src/lib/rng.ts";
import { selectBackend } from "../../../../../scripts/runs/backend.ts";

const CELLS: Cell[] = ["rnn", "lstm", "gru"];
const H = 3, D = 4, K = 3, T = 4, B = 2;
const TOL = { abs: 1e-6, rel: 1e-5 };

const f32 = (a: ArrayLike<number>) => Float64Array.from(Float32Array.from(a));

/** Tiny case's params (float32-representable), random biases too so that every gate is off its resting point. */
function tinyParams(cell: Cell, seed: number): RecurrentParams {
  const p = initParams(cell, { H, D, K, seed, recurrent: "uniform", scale: 1.5 });
  const normal = gaussian(mulberry32(seed + 100));
  for (let i = 0; i < p.b.length; i++) p.b[i] += 0.5 * normal();
  for (let i = 0; i < p.c.length; i++) p.c[i] = 0.5 * normal();
  for (const name of PARAM_NAMES) p[name] = f32(p[name]);
  return p;
}

function tinyBatch(seed: number): SequenceBatch {
  const normal = gaussian(mulberry32(seed));
  return { inputs: f32(Array.from({ length: B * (T + 1) * D }, () => normal())), labels: Uint8Array.of(0, 2), inputSize: D, steps: T + 1 };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    expect(err <= TOL.abs + TOL.rel * Math.abs(want[i]), `${what}[${i}]: tfjs ${got[i]}, reference ${want[i]}`).toBe(true);
  }
}

/** Largest |a − b| over all parameters: what a step moved, to show it is far above TOL. */
const maxMove = (a: RecurrentParams, b: RecurrentParams) => Math.max(...PARAM_NAMES.flatMap((n) => Array.from(a[n], (v, i) => Math.abs(v - b[n][i]))));

beforeAll(async () => {
  await tf.setBackend("cpu");
  tf.enableProdMode();
});

let leakBase = 0;
beforeAll(() => {
  leakBase = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors, "tensors left after every trainer and run was disposed").toBe(leakBase);
});

describe("RecurrentTrainer against the float64 reference (H=3, D=4, K=3, T=4, batch 2)", () => {
  for (const cell of CELLS) {
    it(`${cell}: cost, every parameter's gradient, ∂C/∂h_t (and ∂C/∂c_t) and their norms`, () => {
      const p = tinyParams(cell, 7);
      const batch = tinyBatch(9);
      const ref = backward(cell, p, batch);
      const tr = new RecurrentTrainer(tf, p, { eta: 0.1 });
      const { cost, grads } = tr.gradients(batch);
      expect(Math.abs(cost - ref.cost)).toBeLessThan(TOL.abs);
      for (const name of PARAM_NAMES) {
        expectClose(grads[name], ref.grads[name], `${cell} ∂C/∂${name}`);
        expect(Math.max(...ref.grads[name].map(Math.abs)), `${cell} ∂C/∂${name} is not ~0`).toBeGreaterThan(1e-3);
      }
      const states = tr.stateGrads(batch);
      expect(states.hidden).toHaveLength(T + 1);
      states.hidden.forEach((g, t) => expectClose(g, ref.hiddenGrads[t], `${cell} ∂C/∂h_${t}`));
      const norms = tr.hiddenGradNorms(batch);
      expectClose(norms.hidden, ref.hiddenGradNorms, `${cell} ‖∂C/∂h_t‖`);
      if (cell === "lstm") {
        states.cell!.forEach((g, t) => expectClose(g, ref.cellGrads![t], `lstm ∂C/∂c_${t}`));
        expectClose(norms.cell!, ref.cellGradNorms!, "lstm ‖∂C/∂c_t‖");
      } else {
        expect(norms.cell).toBeUndefined();
      }
      expect(tr.evaluate(batch).cost).toBeCloseTo(ref.cost, 6);
      tr.dispose();
    });

    it(`${cell}: one SGD step is params − η·grad; gradNorm is the reference's global norm before clipping`, () => {
      const p = tinyParams(cell, 11);
      const batch = tinyBatch(13);
      const eta = 0.5;
      const ref = backward(cell, p, batch);
      const norm = globalNorm(Object.values(ref.grads));
      const want = { ...p };
      for (const n of PARAM_NAMES) want[n] = p[n].map((v, i) => v - eta * ref.grads[n][i]);
      const tr = new RecurrentTrainer(tf, p, { eta });
      const res = tr.step(batch);
      expect(Math.abs(res.cost - ref.cost)).toBeLessThan(TOL.abs);
      expect(Math.abs(res.gradNorm - norm)).toBeLessThan(TOL.rel * norm);
      const got = tr.params();
      for (const n of PARAM_NAMES) expectClose(got[n], want[n], `${cell} ${n} after one step`);
      expect(maxMove(got, p)).toBeGreaterThan(1e-3);
      tr.dispose();
    });

    it(`${cell}: with clipping the step uses clipByGlobalNorm's gradients (binding and not), gradNorm still before clipping`, () => {
      const p = tinyParams(cell, 17);
      const batch = tinyBatch(19);
      const eta = 0.5;
      const ref = backward(cell, p, batch);
      for (const factor of [0.25, 4]) {
        const clipAt = factor * globalNorm(Object.values(ref.grads));
        const { clipped, normBefore } = clipByGlobalNorm(ref.grads, clipAt);
        const tr = new RecurrentTrainer(tf, p, { eta, clip: clipAt });
        const res = tr.step(batch);
        expect(Math.abs(res.gradNorm - normBefore)).toBeLessThan(TOL.rel * normBefore);
        const got = tr.params();
        for (const n of PARAM_NAMES) expectClose(got[n], p[n].map((v, i) => v - eta * clipped[n][i]), `${cell} ${n} after a step clipped at ${factor}·‖g‖`);
        tr.dispose();
      }
    });
  }

  it("lstm: one Adam step is the bias-corrected update η·m̂/(√v̂ + ε) on the clipped gradients", () => {
    const p = tinyParams("lstm", 23);
    const batch = tinyBatch(29);
    const eta = 0.01;
    const ref = backward("lstm", p, batch);
    const clipAt = 0.5 * globalNorm(Object.values(ref.grads));
    const { clipped } = clipByGlobalNorm(ref.grads, clipAt);
    const { beta1, beta2, epsilon } = ADAM;
    const tr = new RecurrentTrainer(tf, p, { eta, optimizer: "adam", clip: clipAt });
    tr.step(batch);
    const got = tr.params();
    for (const n of PARAM_NAMES) {
      const want = p[n].map((v, i) => {
        const g = clipped[n][i];
        const mHat = ((1 - beta1) * g) / (1 - beta1);
        const vHat = ((1 - beta2) * g * g) / (1 - beta2);
        return v - (eta * mHat) / (Math.sqrt(vHat) + epsilon);
      });
      expectClose(got[n], want, `lstm ${n} after one Adam step`);
    }
    tr.dispose();
  });

  it("refuses a bad option or batch, naming the file and the field", () => {
    const p = tinyParams("rnn", 1);
    expect(() => new RecurrentTrainer(tf, p, { eta: 0 })).toThrow("src/lib/recurrent/training/tf-recurrent.ts: option eta must be a positive finite number, got 0");
    expect(() => new RecurrentTrainer(tf, p, { eta: 0.1, clip: -1 })).toThrow("src/lib/recurrent/training/tf-recurrent.ts: option clip must be a positive finite number or null (no clipping), got -1");
    expect(() => new RecurrentTrainer(tf, { ...p, W: new Float64Array(4) }, { eta: 0.1 })).toThrow('src/lib/recurrent/training/tf-recurrent.ts: params.W has 4 entries, expected 3·3 = 9 for cell "rnn"');
    const tr = new RecurrentTrainer(tf, p, { eta: 0.1 });
    expect(() => tr.step({ ...tinyBatch(1), inputSize: 5 })).toThrow("src/lib/recurrent/training/tf-recurrent.ts: batch.inputSize 5 does not match the trainer's D 4; initialise with D = inputSize");
    expect(() => tr.step({ ...tinyBatch(1), labels: Uint8Array.of(0, 3) })).toThrow("src/lib/recurrent/training/tf-recurrent.ts: batch.labels[1] = 3 is not a class in 0..2");
    tr.dispose();
  });
});

describe("the wasm backend (what npm run pretrain trains on) against the same reference", () => {
  beforeAll(async () => {
    await selectBackend("wasm");
  }, 30_000);
  afterAll(async () => {
    await tf.setBackend("cpu");
  });
  for (const cell of CELLS) {
    it(`${cell}: gradients, ‖∂C/∂h_t‖ and one clipped SGD step`, () => {
      expect(tf.getBackend()).toBe("wasm");
      const p = tinyParams(cell, 31);
      const batch = tinyBatch(37);
      const ref = backward(cell, p, batch);
      const tr = new RecurrentTrainer(tf, p, { eta: 0.5, clip: 0.5 * globalNorm(Object.values(ref.grads)) });
      const { grads } = tr.gradients(batch);
      for (const name of PARAM_NAMES) expectClose(grads[name], ref.grads[name], `wasm ${cell} ∂C/∂${name}`);
      const norms = tr.hiddenGradNorms(batch);
      expectClose(norms.hidden, ref.hiddenGradNorms, `wasm ${cell} ‖∂C/∂h_t‖`);
      if (cell === "lstm") expectClose(norms.cell!, ref.cellGradNorms!, "wasm lstm ‖∂C/∂c_t‖");
      const { clipped } = clipByGlobalNorm(ref.grads, tr.opts.clip!);
      tr.step(batch);
      const got = tr.params();
      for (const n of PARAM_NAMES) expectClose(got[n], p[n].map((v, i) => v - 0.5 * clipped[n][i]), `wasm ${cell} ${n} after a clipped step`);
      tr.dispose();
    });
  }
});

const spec = (over: Partial<RecurrentRunSpec>): RecurrentRunSpec => ({
  cell: "lstm", H: 16, T: 5, K: 4, trainCount: 256, testCount: 256, seed: 1,
  init: { recurrent: "orthogonal", scale: 1 }, optimizer: "adam", eta: 0.02, batchSize: 32, clip: 1, gradientSequences: 32, ...over,
});

describe("RecurrentRun", () => {
  it("same seed: bit-identical parameters after 3 steps; another seed differs; slicing an epoch does not change it", () => {
    const paramsAfter = (seed: number, slices: number[]) => {
      const run = new RecurrentRun(tf, spec({ cell: "gru", H: 8, trainCount: 96, testCount: 8, seed }));
      for (const k of slices) {
        let n = 0;
        run.advance(() => ++n >= k);
      }
      const p = run.params();
      run.dispose();
      return p;
    };
    const a = paramsAfter(5, [3]);
    const b = paramsAfter(5, [3]);
    for (const n of PARAM_NAMES) expect(Array.from(b[n]), `${n}`).toEqual(Array.from(a[n]));
    const sliced = paramsAfter(5, [1, 2]);
    for (const n of PARAM_NAMES) expect(Array.from(sliced[n]), `${n} (1 + 2 steps)`).toEqual(Array.from(a[n]));
    const other = paramsAfter(6, [3]);
    expect(Array.from(other.W)).not.toEqual(Array.from(a.W));
  });

  it("measure: the log entry's fields; epoch 0 has no gradient norms yet; LSTM also ‖∂C/∂c_t‖", async () => {
    for (const cell of CELLS) {
      const run = new RecurrentRun(tf, spec({ cell, H: 8, T: 6, trainCount: 64, testCount: 40, batchSize: 16, gradientSequences: 10 }));
      const m0 = await run.measure();
      expect(m0.epoch).toBe(0);
      expect(m0.gradNormBeforeClip).toBeNull();
      expect(m0.hiddenGradNorms).toHaveLength(7);
      expect(m0.cellGradNorms === undefined).toBe(cell !== "lstm");
      expect(run.advance()).toBe(true);
      const m1 = await run.measure();
      expect(m1.epoch).toBe(1);
      expect(m1.gradNormBeforeClip!.max).toBeGreaterThanOrEqual(m1.gradNormBeforeClip!.mean);
      expect(m1.gradNormBeforeClip!.mean).toBeGreaterThan(0);
      expect(m1.testAccuracy * 40).toBeCloseTo(Math.round(m1.testAccuracy * 40), 9);
      run.dispose();
    }
  });

  it("refuses a spec it cannot run, naming the field", () => {
    expect(() => new RecurrentRun(tf, spec({ batchSize: 300 }))).toThrow("src/lib/recurrent/training/recurrent-run.ts: spec.batchSize 300 is larger than spec.trainCount 256; lower batchSize");
    expect(() => new RecurrentRun(tf, spec({ gradientSequences: 0 }))).toThrow("src/lib/recurrent/training/recurrent-run.ts: spec.gradientSequences must be an integer ≥ 1, got 0");
  });

  // LSTM H=16 on the recall task T=5, K=4 (chance 0.25), Adam η=0.02, clip 1, 256 sequences, batch 32:
  // measured (cpu, seeds 1-4) test accuracy 1.000 after 5 epochs (40 steps), ~1.4 s; 0.891-1.0 after 3.
  it("learning: an LSTM (H=16) on recall T=5, K=4 passes 0.9 test accuracy within 6 epochs (48 steps)", async () => {
    const run = new RecurrentRun(tf, spec({}));
    let acc = 0;
    for (let e = 0; e < 6 && acc < 0.9; e++) {
      run.advance();
      acc = (await run.measure()).testAccuracy;
    }
    expect(acc).toBeGreaterThan(0.9);
    run.dispose();
  }, 20_000);

  // A tanh RNN at T=50, same settings, 10 epochs (cpu, seed 1): test accuracy 0.250, 0.238, 0.230, 0.230, 0.230,
  // 0.285, 0.336, 0.066, 0.207, 0.230 (train accuracy up to 0.44: it memorises the distractors, not the symbol).
  // Only what is robust is asserted: after 4 epochs it is still within 0.1 of chance on the test set.
  it("a tanh RNN (H=16) at T=50 is still near chance on the test set after 4 epochs", async () => {
    const run = new RecurrentRun(tf, spec({ cell: "rnn", T: 50 }));
    for (let e = 0; e < 4; e++) run.advance();
    const m = await run.measure();
    expect(Math.abs(m.testAccuracy - 0.25)).toBeLessThan(0.1);
    run.dispose();
  }, 20_000);
});
