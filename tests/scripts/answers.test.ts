/**
 * The `answers` loader's building blocks against the committed runs: seed 1's
 * initial network is the shipped frozen-first-layer/model-initial; training the
 * layers above a frozen first layer on its precomputed activations is the same
 * computation as training the whole net with that layer frozen; a seed's run
 * follows the η schedule (halvings, final η, stop) and is replayed exactly by
 * hand with the Trainer; the blanked evaluation at fraction 0 reproduces the
 * run's recorded test accuracy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import loader, { blankedAccuracy, combineRows, loadStudies, trainSeed, trainingProblem } from "../../scripts/derived/loaders/answers.ts";
import { readModel } from "../../scripts/runs/store.ts";
import { uncoveredImports } from "../../scripts/derived/store.ts";
import { selectBackend, type SelectedBackend } from "../../scripts/runs/backend.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { shuffleSeed } from "../../scripts/runs/train-experiment.ts";
import { split, toFloat32 } from "../../src/lib/mnist/digits.ts";
import { mulberry32, shuffleInPlace } from "../../src/lib/rng.ts";
import { Trainer } from "../../src/lib/training/tf-trainer.ts";
import type { TrainStudy } from "../../src/lib/schemas/study.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
let backend: SelectedBackend;
let data: { train: { x: Float32Array; labels: Uint8Array; n: number }; test: { x: Float32Array; labels: Uint8Array; n: number } };

beforeAll(async () => {
  backend = await selectBackend("wasm");
  const d = await loadShippedDigits();
  const tr = split(d, "train");
  const te = split(d, "test");
  data = {
    train: { x: toFloat32(tr.pixels.subarray(0, 8000 * 784)), labels: tr.labels.slice(0, 8000), n: 8000 },
    test: { x: toFloat32(te.pixels.subarray(0, 2000 * 784)), labels: te.labels.slice(0, 2000), n: 2000 },
  };
});
afterAll(() => backend?.tf.disposeVariables());

const study = async (id: string) => (await loadStudies(ROOT)).find((s) => s.id === id)!.study as TrainStudy;

describe("the answers loader", () => {
  it("starts seed 1 of frozen-first-layer-converged from public/runs/frozen-first-layer/model-initial (up to uint8 quantisation)", async () => {
    const { net } = trainingProblem(backend.tf, await study("frozen-first-layer-converged"), 1, data);
    const shipped = await readModel(join(ROOT, "public/runs/frozen-first-layer/model-initial"));
    expect(shipped.sizes).toEqual(net.sizes);
    const tensors = [...net.weights.map((w, l) => [w, shipped.weights[l]]), ...net.biases.map((b, l) => [b, shipped.biases[l]])];
    for (const [mine, theirs] of tensors) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of mine) (min = Math.min(min, v)), (max = Math.max(max, v));
      const step = (max - min) / 255;
      let worst = 0;
      for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - theirs[i]));
      // Rounding to the nearest level is off by at most half a step; a different seed is off by whole weights.
      expect(worst).toBeLessThanOrEqual(step / 2 + 1e-6);
      expect(worst).toBeGreaterThan(0);
    }
  });

  it("training [30, 30, 10] on the frozen layer's activations is training the whole net with layer 1 frozen", async () => {
    const s = await study("frozen-first-layer-converged");
    const n = 200;
    const sub = { train: { x: data.train.x.subarray(0, n * 784), labels: data.train.labels.subarray(0, n), n }, test: { ...data.test, x: data.test.x.subarray(0, 784), n: 1 } };
    const p = trainingProblem(backend.tf, s, 2, sub);
    const order = Uint32Array.from({ length: n }, (_, i) => (i * 37) % n);
    const opts = { cost: s.cost, eta: s.optimizer.eta, lambda: 0, batchSize: 10 };
    const whole = new Trainer(backend.tf, p.net, { ...opts, frozenLayers: [1] });
    const upper = new Trainer(backend.tf, p.upper, opts);
    whole.epoch(sub.train.x, sub.train.labels, order, 784);
    upper.epoch(p.xTrain, sub.train.labels, order, p.width);
    const a = await whole.params();
    const b = await upper.params();
    whole.dispose();
    upper.dispose();
    expect(a.weights[0]).toEqual(p.net.weights[0]);
    for (let l = 1; l < a.weights.length; l++) {
      let diff = 0;
      let moved = 0;
      for (let i = 0; i < a.weights[l].length; i++) {
        diff = Math.max(diff, Math.abs(a.weights[l][i] - b.weights[l - 1][i]));
        moved = Math.max(moved, Math.abs(a.weights[l][i] - p.net.weights[l][i]));
      }
      expect(diff).toBeLessThan(1e-5); // float32 rounding only
      expect(moved).toBeGreaterThan(1e-3); // while the weights really moved
    }
  });

  it("trains a seed under the η schedule, records halvings, final η and why it stopped, and matches a hand replay", async () => {
    const base = await study("frozen-first-layer-converged");
    const [nTrain, nTest] = [1000, 500];
    const sub = {
      train: { x: data.train.x.subarray(0, nTrain * 784), labels: data.train.labels.subarray(0, nTrain), n: nTrain },
      test: { x: data.test.x.subarray(0, nTest * 784), labels: data.test.labels.subarray(0, nTest), n: nTest },
    };
    // minImprovement 100 points: no epoch after the first can improve, so with patience 1 every
    // later epoch is a plateau: halve after epochs 2 and 3, stop after epoch 4 (η 0.1, 0.1, 0.05, 0.025).
    const s: TrainStudy = { ...base, seeds: [2], stopping: { patience: 1, minImprovement: 100, halvings: 2, maxEpochs: 50 } };
    const r = await trainSeed(backend.tf, s, 2, sub, () => {});
    expect({ epochs: r.epochs, halvingEpochs: r.halvingEpochs, finalEta: r.finalEta, stoppedBy: r.stoppedBy }).toEqual({ epochs: 4, halvingEpochs: [2, 3], finalEta: 0.025, stoppedBy: "schedule" });

    // The same run by hand: one Trainer per η, carrying the parameters over.
    const p = trainingProblem(backend.tf, s, 2, sub);
    const tf = backend.tf;
    const rand = mulberry32(shuffleSeed(2));
    const order = new Uint32Array(nTrain);
    const xTrain = tf.tensor2d(p.xTrain, [nTrain, p.width]);
    const yTrain = tf.tensor1d(Int32Array.from(sub.train.labels), "int32");
    const xTest = tf.tensor2d(p.xTest, [nTest, p.width]);
    const yTest = tf.tensor1d(Int32Array.from(sub.test.labels), "int32");
    let params = p.upper;
    const perEpoch: number[] = [];
    let testAccuracy = 0;
    for (const eta of [0.1, 0.1, 0.05, 0.025]) {
      const t = new Trainer(tf, params, { cost: s.cost, eta, lambda: 0, batchSize: 10 });
      for (let i = 0; i < nTrain; i++) order[i] = i;
      shuffleInPlace(order, rand);
      t.epoch(p.xTrain, sub.train.labels, order, p.width);
      perEpoch.push((await t.evaluate(xTrain, yTrain, nTrain)).accuracy);
      testAccuracy = (await t.evaluate(xTest, yTest, nTrain)).accuracy;
      params = await t.params();
      t.dispose();
    }
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    expect(r.trainAccuracy).toBe(perEpoch[3]);
    expect(r.testAccuracy).toBe(testAccuracy);
    expect(r.bestTrainAccuracy).toBe(Math.max(...perEpoch));
    expect(r.bestEpoch).toBe(perEpoch.indexOf(Math.max(...perEpoch)) + 1);

    // The cap: stopped after epoch 3 by maxEpochs, one halving behind it.
    const capped = await trainSeed(backend.tf, { ...s, stopping: { ...s.stopping, maxEpochs: 3 } }, 2, sub, () => {});
    expect({ epochs: capped.epochs, halvingEpochs: capped.halvingEpochs, finalEta: capped.finalEta, stoppedBy: capped.stoppedBy }).toEqual({ epochs: 3, halvingEpochs: [2], finalEta: 0.05, stoppedBy: "maxEpochs" });
  });

  it("evaluating full-3-hidden with nothing blanked reproduces the test accuracy its manifest recorded", async () => {
    const net = await readModel(join(ROOT, "public/runs/full-3-hidden/model-final"));
    const manifest = JSON.parse(readFileSync(join(ROOT, "public/runs/full-3-hidden/manifest.json"), "utf8"));
    expect(blankedAccuracy(net, data.test.x, data.test.labels, 2000, [])).toBe(manifest.shippedFinalTestAccuracy);
    // Blanking every pixel leaves the same output for every image: one class, about a tenth right.
    expect(blankedAccuracy(net, data.test.x, data.test.labels, 2000, Uint16Array.from({ length: 784 }, (_, i) => i))).toBeLessThan(0.2);
  });

  it("lists every module it imports among its inputs", async () => {
    expect(await uncoveredImports(ROOT, "scripts/derived/loaders/answers.ts", loader.inputs)).toEqual([]);
  });
});

describe("the answers loader's parts", () => {
  const ctx = (root: string) => ({ root, log: () => {} });

  it("has one part per study, in the studies' order, and the table keeps that order whatever order the results came in", async () => {
    const ids = (await loadStudies(ROOT)).map((s) => s.id);
    expect(await loader.parts!.list(ctx(ROOT))).toEqual(ids);
    expect(ids).toContain("all-trained");
    // Fake results, handed over in reverse: combine orders the rows by the studies, not by arrival.
    const results = new Map([...ids].reverse().map((id) => [id, { backend: "wasm", row: { id } }]));
    const table = await combineRows(ROOT, results);
    expect(table.rows.map((r) => r.id)).toEqual(ids);
    expect(table.data).toEqual({ source: "public/data/mnist-10k.bin.gz", train: 8000, test: 2000 });
    results.delete("frozen-width-300");
    await expect(combineRows(ROOT, results)).rejects.toThrow("answers: no result for frozen-width-300");
  });
});
