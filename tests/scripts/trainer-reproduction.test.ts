/**
 * The live trainer retrains what the build trained, and its other choices train
 * correctly:
 *  - the nielsen-4-hidden preset (presetOf + specOfSettings from src/islands/trainer/settings.ts), run through
 *    TrainingRun on the trainer's own data file (public/derived/trainer-digits/digits.bin: 1,000
 *    training, 1,000 test digits) on the wasm backend, gives the committed log's first 50 epochs:
 *    ‖∂C/∂b‖ per layer, cost and ‖ΔW‖/‖W‖ to 1e-4 relative, training accuracy exactly. (Test accuracy is
 *    over 1,000 test digits here and 2,000 in the log, so it is checked against a float64 count instead.)
 *  - training in slices (advance with a stop, as the page does between frames) is bit-identical to
 *    training whole epochs;
 *  - tanh and ReLU hidden layers: Trainer's ‖∂C/∂b‖ and one SGD step equal a float64 reference written
 *    here (mlp.ts's reference is sigmoid only), whose gradients are checked against finite differences;
 *    and a few epochs lower the cost;
 *  - Xavier and He draws have the standard deviations of their definitions.
 *
 * Tolerances: float32 against float64 on [784, 30, 20, 10] with 50 digits: sums of ≤ 784 terms of order 1,
 * so the relative error of a norm or an update is ~1e-6; 1e-4 leaves room and still catches a wrong
 * derivative (which changes numbers by tens of percent). The committed log was trained by the same code
 * on the same backend, so it should agree to float32 rounding (measured: see the test's message).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import { selectBackend } from "../../scripts/runs/backend.ts";
import { readDigits, split, toFloat32 } from "../../src/lib/mnist/digits.ts";
import { parseExperiment } from "../../src/lib/schemas/experiment.ts";
import { exampleCost } from "../../src/lib/nets/mlp.ts";
import { initialNetwork, weightScale, type NetworkParams } from "../../src/lib/nets/network.ts";
import { TrainingRun, type DigitSet, type EpochLog, type RunSpec } from "../../src/lib/training/training-run.ts";
import { Trainer } from "../../src/lib/training/tf-trainer.ts";
import { TEST_DIGITS, TRAIN_DIGITS, measureEvery, parseSettings, presetOf, specOfSettings } from "../../src/islands/trainer/settings.ts";
import { trainerPresets } from "../../src/components/trainer-data.ts";
import type { Activation } from "../../src/lib/schemas/experiment.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const PX = 784;

let tf: typeof TF;
let train: DigitSet;
let test: DigitSet;

/** The first n training digits (copies, so no run can touch another's data). */
const firstTrain = (n: number): DigitSet => ({ pixels: train.pixels.slice(0, n * PX), labels: Array.from(train.labels).slice(0, n), count: n });

beforeAll(async () => {
  tf = (await selectBackend("wasm")).tf;
  const digits = await readDigits(new Uint8Array(readFileSync(join(ROOT, "public/derived/trainer-digits/digits.bin"))));
  const tr = split(digits, "train");
  const te = split(digits, "test");
  train = { pixels: toFloat32(tr.pixels), labels: tr.labels, count: tr.count };
  test = { pixels: toFloat32(te.pixels), labels: te.labels, count: te.count };
});

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

// ---------------------------------------------------------------------------------------------
// A float64 MLP with any hidden activation (sigmoid outputs, cross-entropy), for the references.

const ACT: Record<Activation, { f: (z: number) => number; slope: (a: number) => number }> = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), slope: (a) => a * (1 - a) },
  tanh: { f: Math.tanh, slope: (a) => 1 - a * a },
  relu: { f: (z) => Math.max(0, z), slope: (a) => (a > 0 ? 1 : 0) },
};

function forward64(net: NetworkParams, x: ArrayLike<number>, act: Activation): Float64Array[] {
  const acts = [Float64Array.from(x)];
  const L = net.weights.length;
  for (let l = 0; l < L; l++) {
    const [nIn, nOut] = [net.sizes[l], net.sizes[l + 1]];
    const a = acts[l];
    const z = Float64Array.from(net.biases[l]);
    for (let i = 0; i < nIn; i++) if (a[i] !== 0) for (let j = 0; j < nOut; j++) z[j] += a[i] * net.weights[l][i * nOut + j];
    acts.push(z.map(l === L - 1 ? ACT.sigmoid.f : ACT[act].f));
  }
  return acts;
}

/** ∂C/∂b and ∂C/∂W of one example (C the cross-entropy), by the four backprop equations. */
function backprop64(net: NetworkParams, x: ArrayLike<number>, label: number, act: Activation) {
  const acts = forward64(net, x, act);
  const L = net.weights.length;
  const gb: Float64Array[] = new Array(L);
  const gw: Float64Array[] = new Array(L);
  let delta = acts[L].map((a, j) => a - (j === label ? 1 : 0));
  for (let l = L - 1; l >= 0; l--) {
    const [nIn, nOut] = [net.sizes[l], net.sizes[l + 1]];
    gb[l] = delta;
    gw[l] = new Float64Array(nIn * nOut);
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) gw[l][i * nOut + j] = acts[l][i] * delta[j];
    if (l > 0) {
      const next = new Float64Array(nIn);
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        for (let j = 0; j < nOut; j++) s += net.weights[l][i * nOut + j] * delta[j];
        next[i] = s * ACT[act].slope(acts[l][i]);
      }
      delta = next;
    }
  }
  return { gb, gw };
}

/** Average ∂C/∂b and ∂C/∂W over examples `idx`. */
function meanGradients(net: NetworkParams, d: DigitSet, idx: number[], act: Activation) {
  const gb = net.biases.map((b) => new Float64Array(b.length));
  const gw = net.weights.map((w) => new Float64Array(w.length));
  for (const k of idx) {
    const g = backprop64(net, d.pixels.subarray(k * PX, (k + 1) * PX), d.labels[k], act);
    g.gb.forEach((v, l) => v.forEach((x, j) => (gb[l][j] += x / idx.length)));
    g.gw.forEach((v, l) => v.forEach((x, j) => (gw[l][j] += x / idx.length)));
  }
  return { gb, gw };
}

function meanCost(net: NetworkParams, d: DigitSet, idx: number[], act: Activation): number {
  let c = 0;
  for (const k of idx) c += exampleCost("cross-entropy", forward64(net, d.pixels.subarray(k * PX, (k + 1) * PX), act).at(-1)!, d.labels[k]);
  return c / idx.length;
}

const to64 = (n: NetworkParams): NetworkParams =>
  ({ sizes: [...n.sizes], weights: n.weights.map((w) => Float64Array.from(w)), biases: n.biases.map((b) => Float64Array.from(b)) }) as unknown as NetworkParams;

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => Math.max(s, Math.abs(x)), 0);
const sameBits = (a: NetworkParams, b: NetworkParams) =>
  a.weights.every((w, l) => Buffer.compare(Buffer.from(w.buffer, w.byteOffset, w.byteLength), Buffer.from(b.weights[l].buffer, b.weights[l].byteOffset, b.weights[l].byteLength)) === 0) &&
  a.biases.every((w, l) => Buffer.compare(Buffer.from(w.buffer, w.byteOffset, w.byteLength), Buffer.from(b.biases[l].buffer, b.biases[l].byteOffset, b.biases[l].byteLength)) === 0);

// ---------------------------------------------------------------------------------------------

describe("the nielsen-4-hidden preset, retrained by the live trainer's code on its own data file (wasm)", () => {
  it("matches the committed log for the first 50 epochs (‖∂C/∂b‖, cost, ‖ΔW‖/‖W‖ to 1e-4 relative; training accuracy exactly)", async () => {
    const id = "nielsen-4-hidden";
    const exp = parseExperiment(JSON.parse(readFileSync(join(ROOT, `content/experiments/${id}.json`), "utf8")), id);
    // Every preset the page offers (an experiment the trainer cannot run is not one).
    const presets = trainerPresets(join(ROOT, "content/experiments"));
    // The settings as the page reads them from ?preset=nielsen-4-hidden.
    const settings = parseSettings({ preset: id }, presets);
    expect(settings).toEqual(presetOf(id, exp).settings);
    const every = measureEvery(settings);
    expect(every).toBe(5);
    const log = JSON.parse(readFileSync(join(ROOT, `public/runs/${id}/log.json`), "utf8"));
    expect(log.backend).toBe("wasm");
    expect(log.dataset).toMatchObject({ train: 1000, test: 2000, gradientImages: 1000 });
    expect([train.count, test.count]).toEqual([TRAIN_DIGITS, TEST_DIGITS]);

    const run = new TrainingRun(tf, specOfSettings(settings), train, test);
    try {
      const worst = { gradNorms: 0, cost: 0, weightChange: 0 };
      const compare = (got: Omit<EpochLog, "epoch" | "weightChange"> & { weightChange?: number[] }, want: typeof got, at: string) => {
        expect(got.trainAccuracy, `${at}: training accuracy`).toBe(want.trainAccuracy);
        worst.cost = Math.max(worst.cost, rel(got.cost, want.cost));
        expect(got.gradNorms.length).toBe(5);
        got.gradNorms.forEach((g, l) => (worst.gradNorms = Math.max(worst.gradNorms, rel(g, want.gradNorms[l]))));
        got.weightChange?.forEach((w, l) => (worst.weightChange = Math.max(worst.weightChange, rel(w, want.weightChange![l]))));
      };
      const first = await run.snapshot();
      compare(first, log.initial, "initial");
      let logged = 0;
      for (let e = 1; e <= 50; e++) {
        expect(run.advance()).toBe(true);
        if (e % every) continue;
        const got = await run.measure();
        const want = log.epochs[logged++];
        expect([got.epoch, want.epoch]).toEqual([e, e]);
        compare(got, want, `epoch ${e}`);
        // Test accuracy is over the trainer's 1,000 test digits: a whole number of thousandths.
        expect(Math.abs(got.testAccuracy * 1000 - Math.round(got.testAccuracy * 1000))).toBeLessThan(1e-9);
      }
      expect(logged).toBe(10);
      const msg = `max relative difference: ‖∂C/∂b‖ ${worst.gradNorms.toExponential(2)}, cost ${worst.cost.toExponential(2)}, ‖ΔW‖/‖W‖ ${worst.weightChange.toExponential(2)}`;
      console.log(`trainer reproduction of ${id}, epochs 0–50: ${msg}`);
      expect(worst.gradNorms, msg).toBeLessThan(1e-4);
      expect(worst.cost, msg).toBeLessThan(1e-4);
      expect(worst.weightChange, msg).toBeLessThan(1e-4);

      // The test accuracy counts all 1,000 test digits: a float64 forward pass of the epoch-50 network agrees.
      const snap = await run.snapshot();
      const net = await run.params();
      let correct = 0;
      for (let k = 0; k < test.count; k++) {
        const a = forward64(net, test.pixels.subarray(k * PX, (k + 1) * PX), "sigmoid").at(-1)!;
        if (a.indexOf(Math.max(...a)) === test.labels[k]) correct++;
      }
      expect(snap.testAccuracy, `${correct} of 1,000 correct in float64`).toBe(correct / 1000);
      console.log(`epoch 50: test accuracy ${snap.testAccuracy} on the trainer's 1,000 test digits, ${log.epochs[9].testAccuracy} on the log's 2,000`);
    } finally {
      run.dispose();
    }
  });
});

describe("training in slices equals training whole epochs (bit for bit)", () => {
  for (const activation of ["relu", "tanh"] as const) {
    it(`[784, 30, 30, 10], ${activation}, batch 10, 305 digits (a partial last batch), layer 2 frozen, 3 epochs`, async () => {
      const presets = [presetOf("n2", parseExperiment(JSON.parse(readFileSync(join(ROOT, "content/experiments/nielsen-2-hidden.json"), "utf8")), "n2"))];
      const s = parseSettings({ preset: "n2", activation, init: activation === "relu" ? "he" : "xavier", batch: "10", eta: "0.1", lambda: "1", frozen: "2", seed: "5" }, presets);
      expect(s).toMatchObject({ preset: "custom", layers: [30, 30], batch: 10, frozen: [2] });
      const n = 305;
      const spec: RunSpec = { ...specOfSettings(s), gradientImages: 100 };
      const data = firstTrain(n);
      const testSet: DigitSet = { pixels: test.pixels.slice(0, 100 * PX), labels: Array.from(test.labels).slice(0, 100), count: 100 };
      const EPOCHS = 3;
      const drive = async (advance: (run: TrainingRun) => boolean) => {
        const run = new TrainingRun(tf, spec, data, testSet);
        expect(run.batchesPerEpoch).toBe(30);
        const logs: EpochLog[] = [];
        let calls = 0;
        while (run.epoch < EPOCHS) {
          calls++;
          if (advance(run)) logs.push(await run.measure());
        }
        const params = await run.params();
        run.dispose();
        return { params, logs, calls };
      };
      const whole = await drive((r) => r.advance());
      const single = await drive((r) => r.advance(() => true));
      const seven = await drive((r) => {
        let k = 0;
        return r.advance(() => ++k >= 7);
      });
      expect([whole.calls, single.calls, seven.calls]).toEqual([3, 90, 15]);
      expect(sameBits(single.params, whole.params), "one batch per call").toBe(true);
      expect(sameBits(seven.params, whole.params), "seven batches per call").toBe(true);
      expect(single.logs).toEqual(whole.logs);
      expect(seven.logs).toEqual(whole.logs);
      // It trained: the frozen layer did not move, every other one did.
      const w = whole.logs.at(-1)!.weightChange;
      expect(w[1]).toBe(0);
      expect(w[0]).toBeGreaterThan(1e-4);
      expect(w[2]).toBeGreaterThan(1e-3);
      // A different slicing of a different seed is not the same run (the comparison can fail).
      const other = new TrainingRun(tf, { ...spec, seed: 6 }, data, testSet);
      other.advance();
      expect(sameBits(await other.params(), (await drive((r) => r.advance())).params)).toBe(false);
      other.dispose();
    });
  }
});

describe("tanh and ReLU hidden layers against a float64 reference", () => {
  const M = 50;
  const sizes = [784, 30, 20, 10];
  const cases: [Activation, "xavier" | "he", "gaussian" | "zero"][] = [
    ["tanh", "xavier", "gaussian"],
    ["relu", "he", "gaussian"],
    ["sigmoid", "xavier", "zero"],
  ];
  for (const [act, weights, biases] of cases) {
    it(`${act}: the reference's ∂C/∂b equals finite differences, and Trainer's ‖∂C/∂b‖ and one SGD step equal the reference (1e-4)`, async () => {
      const net = initialNetwork(sizes, { weights, biases }, 3);
      if (biases === "zero") net.biases.forEach((b, l) => b.forEach((_, j) => (b[j] = 0.1 * Math.sin(7 * j + l))));
      const data = firstTrain(M);
      const idx = [...Array(M).keys()];
      const net64 = to64(net);
      const ref = meanGradients(net64, data, idx, act);
      // 1. The reference is right: central differences of the float64 cost, for every bias of every layer.
      const h = 1e-6;
      let fdWorst = 0;
      net64.biases.forEach((b, l) =>
        b.forEach((v, j) => {
          b[j] = v + h;
          const up = meanCost(net64, data, idx, act);
          b[j] = v - h;
          const down = meanCost(net64, data, idx, act);
          b[j] = v;
          const fd = (up - down) / (2 * h);
          fdWorst = Math.max(fdWorst, Math.abs(fd - ref.gb[l][j]) / (norm(ref.gb[l]) + 1e-12));
        }),
      );
      expect(fdWorst, "finite differences vs backprop, relative to the layer's ‖∂C/∂b‖").toBeLessThan(1e-5);
      // 2. Trainer's per-layer ‖∂C/∂b‖.
      const eta = 0.5;
      const lambda = 2;
      const t = new Trainer(tf, net, { cost: "cross-entropy", eta, lambda, batchSize: M, activation: act });
      const x = tf.tensor2d(data.pixels, [M, PX]);
      const y = tf.tensor1d(Int32Array.from(data.labels), "int32");
      const got = await t.biasGradientNorms(x, y);
      const want = ref.gb.map(norm);
      got.forEach((g, l) => expect(rel(g, want[l]), `layer ${l + 1}: ${g} vs ${want[l]}`).toBeLessThan(1e-4));
      // The hidden layers' gradients are not negligible (a wrong slope would show).
      want.forEach((w) => expect(w).toBeGreaterThan(1e-3));
      // 3. One SGD step on the 50 digits, as one mini-batch (n = 1000 for the L2 term).
      t.batch(data.pixels, data.labels, Uint32Array.from(idx), PX, 0, 1000);
      const after = await t.params();
      const decay = 1 - (eta * lambda) / 1000;
      net64.weights.forEach((w, l) => {
        const dGot = after.weights[l].map((v, i) => v - net.weights[l][i]);
        const dWant = w.map((v, i) => decay * v - eta * ref.gw[l][i] - v);
        const scale = maxAbs(dWant);
        expect(scale, `layer ${l + 1} weights moved`).toBeGreaterThan(1e-4);
        let worst = 0;
        for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(dGot[i] - dWant[i]));
        expect(worst / scale, `layer ${l + 1} weight update`).toBeLessThan(1e-4);
      });
      net64.biases.forEach((b, l) => {
        const dGot = after.biases[l].map((v, i) => v - net.biases[l][i]);
        const dWant = ref.gb[l].map((g) => -eta * g);
        let worst = 0;
        for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(dGot[i] - dWant[i]));
        expect(worst / maxAbs(dWant), `layer ${l + 1} bias update`).toBeLessThan(1e-4);
      });
      t.dispose();
      tf.dispose([x, y]);
    });
  }

  for (const act of ["tanh", "relu"] as const) {
    it(`${act}: a few epochs of mini-batch SGD lower the cost and raise the accuracy`, async () => {
      const spec: RunSpec = {
        architecture: [784, 30, 30, 10], activation: act, cost: "cross-entropy", init: { weights: act === "relu" ? "he" : "xavier", biases: "zero" },
        eta: 0.1, lambda: 0, batchSize: 10, frozenLayers: [], seed: 2, gradientImages: 500, optimizer: "sgd", batchNorm: false, residual: false,
      };
      const run = new TrainingRun(tf, spec, firstTrain(500), test);
      try {
        const start = await run.snapshot();
        const costs = [start.cost];
        for (let e = 0; e < 3; e++) {
          run.advance();
          costs.push((await run.measure()).cost);
        }
        const end = await run.snapshot();
        console.log(`${act}: cost ${costs.map((c) => c.toFixed(3)).join(" → ")}, accuracy ${start.trainAccuracy} → ${end.trainAccuracy} (train), ${end.testAccuracy} (test)`);
        for (let e = 1; e < costs.length; e++) expect(costs[e], `epoch ${e}`).toBeLessThan(costs[e - 1]);
        expect(costs.at(-1)!).toBeLessThan(0.5 * costs[0]);
        expect(end.trainAccuracy).toBeGreaterThan(0.8);
        expect(end.testAccuracy).toBeGreaterThan(0.7);
      } finally {
        run.dispose();
      }
    });
  }
});

describe("Xavier and He initial weights (network.ts)", () => {
  it("have standard deviation √(2/(n_in + n_out)) and √(2/n_in), mean 0, and zero biases", () => {
    const sizes = [784, 100, 30, 10];
    for (const scheme of ["xavier", "he"] as const) {
      const net = initialNetwork(sizes, { weights: scheme, biases: "zero" }, 17);
      net.weights.forEach((w, l) => {
        const [nIn, nOut] = [sizes[l], sizes[l + 1]];
        const want = scheme === "xavier" ? Math.sqrt(2 / (nIn + nOut)) : Math.sqrt(2 / nIn);
        expect(weightScale(scheme, nIn, nOut)).toBeCloseTo(want, 15);
        const N = w.length;
        const mean = w.reduce((s, v) => s + v, 0) / N;
        const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1));
        // The sample sd of N normals is off by about σ/√(2N): allow 4 of those.
        expect(Math.abs(sd / want - 1), `${scheme} layer ${l + 1}: sd ${sd} vs ${want}`).toBeLessThan(4 / Math.sqrt(2 * N));
        expect(Math.abs(mean), `${scheme} layer ${l + 1}: mean`).toBeLessThan((4 * want) / Math.sqrt(N));
      });
      net.biases.forEach((b) => expect(maxAbs(b)).toBe(0));
    }
    // The two differ where n_out ≠ n_in, by more than the tolerance: √(884/784) − 1 = 6% on the first layer.
    expect(weightScale("he", 784, 100) / weightScale("xavier", 784, 100) - 1).toBeGreaterThan(0.05);
  });
});
