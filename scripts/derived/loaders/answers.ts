/**
 * Data loader `answers`: measured answers to "why can't the later layers do a
 * bang-up job with any random first layer?". One row per content/studies/<id>.json
 * (schema and output type: src/lib/schemas/study.ts), written to
 * public/derived/answers/answers.json.
 *
 *   train    sigmoid nets from Nielsen's init, mini-batch SGD with the tfjs SgdTrainer
 *            (wasm backend; a row's seeds trained together, each exactly as alone) under Nielsen's variable learning rate: η halved each time
 *            the training accuracy plateaus, stopped after the last halving's plateau
 *            (etaSchedule in src/lib/schemas/study.ts); per seed
 *            and summarised. With the first layer frozen, its activations for all
 *            images are computed once (same tfjs op as the Trainer's forward pass)
 *            and the layers above are trained on them: the same computation as
 *            training the whole net with that layer frozen, much faster.
 *   readout  the best softmax regression (λ chosen on held-out training images).
 *   blanked  a committed trained net evaluated with "unlucky" pixels set to 0.
 */
import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import type { DerivedLoader } from "../store.ts";
import { loadShippedDigits } from "../../mnist-source.ts";
import { readModel } from "../../runs/store.ts";
import { shuffleSeed } from "../../runs/train-experiment.ts";
import { split, toFloat32, type Digits } from "../../../src/lib/mnist/digits.ts";
import { initialNetwork, type NetworkParams } from "../../../src/lib/nets/network.ts";
import { mulberry32, shuffleInPlace } from "../../../src/lib/rng.ts";
import { SgdTrainer } from "../../../src/lib/training/tf-trainer-sgd.ts";
import { forward } from "../../../src/lib/nets/mlp.ts";
import { unluckyPixels } from "../../../src/lib/analysis/pixels.ts";
import { sigmoid } from "../../../src/lib/toy-math/sigmoid.ts";
import { accuracy, fitSoftmax } from "../../../src/lib/analysis/softmax-regression.ts";
import { summarise } from "../../../src/lib/statistics.ts";
import {
  parseAnswersTable,
  parseStudy,
  etaSchedule,
  type AnswerRow,
  type AnswersTable,
  type BlankedRow,
  type BlankedStudy,
  type ReadoutRow,
  type ReadoutStudy,
  type SeedResult,
  type Study,
  type TrainRow,
  type TrainStudy,
} from "../../../src/lib/schemas/study.ts";

export const STUDIES_DIR = "content/studies";
const SOURCE = "public/data/mnist-10k.bin.gz";
const round = (v: number, digits = 6) => Number(v.toPrecision(digits));

export interface StudyFile {
  id: string;
  file: string;
  study: Study;
}

/** Every content/studies/<id>.json, validated; a bad one throws naming the file and field. */
export async function loadStudies(root: string): Promise<StudyFile[]> {
  const dir = join(root, STUDIES_DIR);
  const out: StudyFile[] = [];
  for (const f of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
    const file = `${STUDIES_DIR}/${f}`;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, f), "utf8"));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
    out.push({ id: basename(f, ".json"), file, study: parseStudy(json, file) });
  }
  return out;
}

interface Split {
  /** Pixels in [0, 1]. */
  x: Float32Array;
  labels: Uint8Array;
  n: number;
}

function splits(digits: Digits, train: number, test: number): { train: Split; test: Split } {
  const px = digits.rows * digits.cols;
  const tr = split(digits, "train");
  const te = split(digits, "test");
  if (train > tr.count || test > te.count) throw new Error(`the data has ${tr.count} training and ${te.count} test images; the studies want ${train} and ${test}`);
  return {
    train: { x: toFloat32(tr.pixels.subarray(0, train * px)), labels: tr.labels.slice(0, train), n: train },
    test: { x: toFloat32(te.pixels.subarray(0, test * px)), labels: te.labels.slice(0, test), n: test },
  };
}

/** sigmoid(x W + b) of one weight layer for every row of x, with the Trainer's own tfjs op. */
export function layerActivationsTf(tf: typeof TF, x: Float32Array, n: number, w: Float32Array, b: Float32Array, nIn: number, nOut: number): Float32Array {
  // The tensor leaves tidy and is read after: tidy walks what its function returns, element by element for a typed array (seconds for 8 million values).
  const a = tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(x, [n, nIn]), b: tf.tensor2d(w, [nIn, nOut]), bias: tf.tensor1d(b), activation: "sigmoid" }));
  try {
    return a.dataSync() as Float32Array;
  } finally {
    a.dispose();
  }
}

/**
 * What the Trainer sees for one seed: with the first layer frozen, its activations
 * and the layers above; otherwise the pixels and the whole network.
 */
export function trainingProblem(tf: typeof TF, study: TrainStudy, seed: number, data: { train: Split; test: Split }) {
  const net = initialNetwork(study.architecture, study.init, seed);
  if (study.frozenLayers.length === 0) return { net, upper: net, xTrain: data.train.x, xTest: data.test.x, width: 784 };
  const [n0, n1] = study.architecture;
  const upper: NetworkParams = { sizes: study.architecture.slice(1), weights: net.weights.slice(1), biases: net.biases.slice(1) };
  return {
    net,
    upper,
    xTrain: layerActivationsTf(tf, data.train.x, data.train.n, net.weights[0], net.biases[0], n0, n1),
    xTest: layerActivationsTf(tf, data.test.x, data.test.n, net.weights[0], net.biases[0], n0, n1),
    width: n1,
  };
}

/**
 * Trains the given seeds under the study's schedule (etaSchedule), all at once: one SgdTrainer holds
 * every seed's network (src/lib/training/tf-trainer-sgd.ts: each gets exactly the numbers it would get alone),
 * each with its own shuffle, inputs and η. After each epoch each seed's training accuracy decides
 * whether it goes on, halves its η or stops; a seed that stops leaves the trainer as it is then.
 */
export async function trainSeeds(tf: typeof TF, study: TrainStudy, seeds: readonly number[], data: { train: Split; test: Split }, log: (m: string) => void): Promise<SeedResult[]> {
  const t0 = performance.now();
  const problems = seeds.map((seed) => trainingProblem(tf, study, seed, data));
  const n = data.train.n;
  const width = problems[0].width;
  const trainer = new SgdTrainer(tf, problems.map((p) => p.upper), { cost: study.cost, lambda: study.optimizer.lambda, batchSize: study.optimizer.batchSize, eta: study.optimizer.eta });
  // Without a frozen layer every seed reads the pixels: one copy of them serves all.
  const shared = study.frozenLayers.length === 0;
  const xTrain = shared ? [tf.tensor2d(data.train.x, [n, width])] : problems.map((p) => tf.tensor2d(p.xTrain, [n, width]));
  const xTest = shared ? [tf.tensor2d(data.test.x, [data.test.n, width])] : problems.map((p) => tf.tensor2d(p.xTest, [data.test.n, width]));
  const yTrain = tf.tensor1d(Int32Array.from(data.train.labels), "int32");
  const yTest = tf.tensor1d(Int32Array.from(data.test.labels), "int32");
  const schedule = etaSchedule(study.stopping, n);
  const state = seeds.map((seed) => ({
    seed,
    rand: mulberry32(shuffleSeed(seed)),
    order: new Uint32Array(n),
    schedule: etaSchedule(study.stopping, n),
    halvingEpochs: [] as number[],
    eta: study.optimizer.eta,
    finalEta: study.optimizer.eta,
    trainAccuracy: 0,
    bestTrainAccuracy: -1,
    bestEpoch: 0,
  }));
  const results: (SeedResult | null)[] = seeds.map(() => null);
  /** Which seed (index into seeds) each of the trainer's networks is. */
  let active = seeds.map((_, i) => i);
  const inputs = (xs: TF.Tensor2D[]) => (shared ? xs[0] : active.map((j) => xs[j]));
  try {
    let epoch = 0;
    while (active.length > 0) {
      epoch++;
      for (const j of active) {
        const s = state[j];
        s.finalEta = s.eta;
        for (let i = 0; i < n; i++) s.order[i] = i;
        shuffleInPlace(s.order, s.rand);
      }
      trainer.epoch(shared ? [data.train.x] : active.map((j) => problems[j].xTrain), data.train.labels, active.map((j) => state[j].order), width);
      const evals = await trainer.evaluate(inputs(xTrain), yTrain, n);
      const stopping: number[] = [];
      active.forEach((j, i) => {
        const s = state[j];
        s.trainAccuracy = evals[i].accuracy;
        if (s.trainAccuracy > s.bestTrainAccuracy) [s.bestTrainAccuracy, s.bestEpoch] = [s.trainAccuracy, epoch];
        if (epoch % 10 === 0) log(`  seed ${s.seed} epoch ${epoch}: train ${(s.trainAccuracy * 100).toFixed(2)}%, η ${s.eta} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        const step = s.schedule.update(Math.round(s.trainAccuracy * n), epoch);
        if (step === "stop") stopping.push(i);
        if (step === "halve") {
          s.halvingEpochs.push(epoch);
          s.eta /= 2;
          trainer.setEta(i, s.eta);
          log(`  seed ${s.seed} epoch ${epoch}: train ${(s.trainAccuracy * 100).toFixed(2)}%, no gain of ${schedule.needed} images for ${study.stopping.patience} epochs: η → ${s.eta}`);
        }
      });
      if (stopping.length === 0) continue;
      const tests = await trainer.evaluate(inputs(xTest), yTest, n);
      for (const i of stopping) {
        const s = state[active[i]];
        const testAccuracy = tests[i].accuracy;
        const seconds = round((performance.now() - t0) / 1000, 3);
        const stoppedBy = epoch >= study.stopping.maxEpochs ? "maxEpochs" : "schedule";
        log(`  seed ${s.seed}: stopped (${stoppedBy}) after epoch ${epoch} at η ${s.finalEta}, train ${(s.trainAccuracy * 100).toFixed(2)}% (best ${(s.bestTrainAccuracy * 100).toFixed(2)}% at epoch ${s.bestEpoch}), test ${(testAccuracy * 100).toFixed(2)}% (${seconds} s)`);
        results[active[i]] = { seed: s.seed, testAccuracy, trainAccuracy: s.trainAccuracy, epochs: epoch, bestTrainAccuracy: s.bestTrainAccuracy, bestEpoch: s.bestEpoch, halvingEpochs: s.halvingEpochs, finalEta: s.finalEta, stoppedBy, seconds };
      }
      const keep = active.map((_, i) => i).filter((i) => !stopping.includes(i));
      active = keep.map((i) => active[i]);
      if (keep.length > 0) trainer.keep(keep);
    }
    return results as SeedResult[];
  } finally {
    trainer.dispose();
    tf.dispose([...xTrain, ...xTest, yTrain, yTest]);
  }
}

/** One seed under the study's schedule (trainSeeds with one seed). */
export async function trainSeed(tf: typeof TF, study: TrainStudy, seed: number, data: { train: Split; test: Split }, log: (m: string) => void): Promise<SeedResult> {
  return (await trainSeeds(tf, study, [seed], data, log))[0];
}

async function trainRow(tf: typeof TF, s: StudyFile & { study: TrainStudy }, data: { train: Split; test: Split }, log: (m: string) => void): Promise<TrainRow> {
  const seeds = await trainSeeds(tf, s.study, s.study.seeds, data, log);
  return {
    id: s.id,
    config: s.file,
    title: s.study.title,
    kind: "train",
    architecture: s.study.architecture,
    frozenLayers: [...s.study.frozenLayers],
    width: s.study.architecture[1],
    eta: s.study.optimizer.eta,
    stopping: s.study.stopping,
    seeds,
    testAccuracy: summarise(seeds.map((r) => r.testAccuracy)),
    trainAccuracy: summarise(seeds.map((r) => r.trainAccuracy)),
    epochs: summarise(seeds.map((r) => r.epochs)),
  };
}

/** sigmoid(x W + b) in float64 for n rows of 784 pixels. */
function firstLayerFeatures(x: Float32Array, n: number, w: ArrayLike<number>, b: ArrayLike<number>, width: number): Float64Array {
  const out = new Float64Array(n * width);
  const z = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) z[j] = b[j];
    for (let p = 0; p < 784; p++) {
      const v = x[i * 784 + p];
      if (v === 0) continue;
      for (let j = 0; j < width; j++) z[j] += v * w[p * width + j];
    }
    for (let j = 0; j < width; j++) out[i * width + j] = sigmoid(z[j]);
  }
  return out;
}

async function readoutFeatures(root: string, f: ReadoutStudy["features"], data: { train: Split; test: Split }): Promise<{ width: number; train: ArrayLike<number>; test: ArrayLike<number> }> {
  if (f.source === "pixels") return { width: 784, train: data.train.x, test: data.test.x };
  const net = f.source === "random-first-layer"
    ? initialNetwork([784, f.width], { weights: "scaled-gaussian", biases: "gaussian" }, f.seed)
    : await readModel(join(root, "public/runs", f.run, f.model));
  const width = net.sizes[1];
  return {
    width,
    train: firstLayerFeatures(data.train.x, data.train.n, net.weights[0], net.biases[0], width),
    test: firstLayerFeatures(data.test.x, data.test.n, net.weights[0], net.biases[0], width),
  };
}

async function readoutRow(root: string, s: StudyFile & { study: ReadoutStudy }, data: { train: Split; test: Split }, log: (m: string) => void): Promise<ReadoutRow> {
  const st = s.study;
  const { width, train, test } = await readoutFeatures(root, st.features, data);
  const n = data.train.n;
  const nFit = n - st.validation;
  const sub = (a: ArrayLike<number>, from: number, to: number) => (a as Float64Array).subarray(from * width, to * width);
  const validation: ReadoutRow["validation"] = [];
  for (const lambda of [...st.lambdas].sort((a, b) => a - b)) {
    const fit = fitSoftmax({ x: sub(train, 0, nFit), labels: data.train.labels.subarray(0, nFit), n: nFit, d: width, k: 10 }, { lambda, tolerance: st.tolerance, maxIterations: st.maxIterations });
    const acc = accuracy(fit.model, sub(train, nFit, n), data.train.labels.subarray(nFit, n), st.validation);
    validation.push({ lambda, accuracy: acc, iterations: fit.iterations, stop: fit.stop });
    log(`  λ ${lambda}: validation ${(acc * 100).toFixed(2)}% (${fit.iterations} iterations, stop: ${fit.stop})`);
  }
  // Best validation accuracy; the smallest λ on a tie (the list is ascending and only a strict gain replaces).
  const best = validation.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const fit = fitSoftmax({ x: train, labels: data.train.labels, n, d: width, k: 10 }, { lambda: best.lambda, tolerance: st.tolerance, maxIterations: st.maxIterations });
  const testAccuracy = accuracy(fit.model, test, data.test.labels, data.test.n);
  const trainAccuracy = accuracy(fit.model, train, data.train.labels, n);
  log(`  refit with λ ${best.lambda} on ${n}: train ${(trainAccuracy * 100).toFixed(2)}%, test ${(testAccuracy * 100).toFixed(2)}% (${fit.iterations} iterations, stop: ${fit.stop})`);
  return {
    id: s.id,
    config: s.file,
    title: st.title,
    kind: "readout",
    width,
    features: st.features,
    validation,
    lambda: best.lambda,
    trainAccuracy,
    testAccuracy,
    iterations: fit.iterations,
    stop: fit.stop,
    tolerance: st.tolerance,
  };
}

/** Accuracy of a network on images with the given pixels set to 0 (float64 forward pass). */
export function blankedAccuracy(net: NetworkParams, x: Float32Array, labels: ArrayLike<number>, n: number, blank: ArrayLike<number>): number {
  const img = new Float64Array(784);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    img.set(x.subarray(i * 784, (i + 1) * 784));
    for (let k = 0; k < blank.length; k++) img[blank[k]] = 0;
    const a = forward(net, img).activations.at(-1)!;
    let best = 0;
    for (let j = 1; j < a.length; j++) if (a[j] > a[best]) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

async function blankedRow(root: string, s: StudyFile & { study: BlankedStudy }, data: { train: Split; test: Split }, log: (m: string) => void): Promise<BlankedRow> {
  const st = s.study;
  const net = await readModel(join(root, "public/runs", st.run, "model-final"));
  const inked = new Uint8Array(784);
  for (let i = 0; i < data.train.n * 784; i++) if (data.train.x[i] !== 0) inked[i % 784] = 1;
  const fractions: BlankedRow["fractions"] = [];
  for (const fraction of [...st.fractions].sort((a, b) => a - b)) {
    const blank = unluckyPixels(fraction, st.pixelSeed);
    const testAccuracy = blankedAccuracy(net, data.test.x, data.test.labels, data.test.n, blank);
    fractions.push({ fraction, pixels: blank.length, inkedPixels: Array.from(blank).filter((p) => inked[p]).length, testAccuracy });
    log(`  fraction ${fraction}: ${blank.length} pixels blanked, test ${(testAccuracy * 100).toFixed(2)}%`);
  }
  return {
    id: s.id,
    config: s.file,
    title: st.title,
    kind: "blanked",
    run: st.run,
    testAccuracy: blankedAccuracy(net, data.test.x, data.test.labels, data.test.n, []),
    fractions,
  };
}

/** The digits every study reads (the study schema fixes them to one split, so the rows compare like with like). */
const sharedData = (studies: readonly StudyFile[]) => studies[0]?.study.data ?? { train: 8000, test: 2000 };

/** One study's row, computed on its own (one part of the loader; see `parts` below). */
export async function computeRow(root: string, id: string, log: (m: string) => void): Promise<{ backend: string; row: AnswerRow }> {
  const studies = await loadStudies(root);
  const s = studies.find((f) => f.id === id);
  if (!s) throw new Error(`no ${STUDIES_DIR}/${id}.json`);
  const { train, test } = sharedData(studies);
  const data = splits(await loadShippedDigits(join(root, SOURCE)), train, test);
  const st = s.study;
  const t0 = performance.now();
  log(`${s.id}: ${st.title}`);
  let row: AnswerRow;
  let backend = "float64";
  if (st.kind === "train") {
    const { selectBackend } = await import("../../runs/backend.ts");
    const b = await selectBackend("wasm");
    log(`backend ${b.reason}`);
    backend = b.name;
    row = await trainRow(b.tf, { ...s, study: st }, data, log);
  } else if (st.kind === "readout") row = await readoutRow(root, { ...s, study: st }, data, log);
  else row = await blankedRow(root, { ...s, study: st }, data, log);
  log(`${s.id}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { backend, row };
}

/** The answers table from every study's row, in the studies' order. */
export async function combineRows(root: string, parts: ReadonlyMap<string, unknown>): Promise<AnswersTable> {
  const studies = await loadStudies(root);
  const { train, test } = sharedData(studies);
  const results = studies.map((s) => parts.get(s.id) as { backend: string; row: AnswerRow } | undefined);
  const missing = studies.filter((_, i) => !results[i]).map((s) => s.id);
  if (missing.length) throw new Error(`answers: no result for ${missing.join(", ")}`);
  const trained = [...new Set(results.filter((r) => r!.row.kind === "train").map((r) => r!.backend))];
  if (trained.length > 1) throw new Error(`answers: the studies were trained on different backends (${trained.join(", ")}); derive them again on one`);
  return { data: { source: SOURCE, train, test }, backend: trained[0] ?? "wasm", rows: results.map((r) => r!.row) };
}

const loader: DerivedLoader = {
  description: "measured answers to 'why can't the later layers do a bang-up job with any random first layer?' (content/studies/*.json)",
  inputs: [
    STUDIES_DIR,
    SOURCE,
    "public/runs/full-3-hidden/model-final",
    "node_modules/@tensorflow/tfjs-core/package.json",
    "node_modules/@tensorflow/tfjs-backend-wasm/package.json",
    "scripts/mnist-source.ts",
    "scripts/runs/backend.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "scripts/runs/train-experiment.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/mnist/idx.ts",
    "src/lib/nets/layers-model.ts",
    "src/lib/nets/mlp.ts",
    "src/lib/nets/network.ts",
    "src/lib/analysis/pixels.ts",
    "src/lib/nets/plane-path.ts",
    "src/lib/rng.ts",
    "src/lib/toy-math/sigmoid.ts",
    "src/lib/analysis/softmax-regression.ts",
    "src/lib/schemas/study.ts",
    "src/lib/training/tf-kernels.ts",
    "src/lib/training/tf-trainer.ts",
    "src/lib/training/tf-trainer-general.ts",
    "src/lib/training/tf-trainer-sgd.ts",
    "src/lib/training/training-run.ts",
    "scripts/atomic-folder.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/schemas/run-log.ts",
    "src/lib/site/closest.ts",
    "src/lib/statistics.ts",
    "src/lib/adam.ts",
  ],
  // One part per study: the rows are independent, and `derive --jobs 2` spreads them over both cores.
  parts: {
    list: async ({ root }) => (await loadStudies(root)).map((s) => s.id),
    compute: ({ root, log }, id) => computeRow(root, id, log),
    async combine({ root }, results) {
      const table = await combineRows(root, results);
      parseAnswersTable(table); // what every reader checks, checked before it is written
      return { "answers.json": JSON.stringify(table, null, 1) + "\n" };
    },
  },
};

export default loader;
