/**
 * Trains one experiment and returns everything a run folder holds, in memory:
 * the initial and final parameters and the per-epoch log. Writing, verifying and
 * caching are the caller's business (scripts/pretrain.ts).
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { Experiment } from "../../src/lib/experiment-schema.ts";
import { split, toFloat32, type Digits } from "../../src/lib/digits.ts";
import { initialNetwork, relativeChange, cloneNetwork, type NetworkParams } from "../../src/lib/network.ts";
import { mulberry32, shuffleInPlace } from "../../src/lib/rng.ts";
import { Trainer } from "../../src/lib/tf-trainer.ts";

export interface Snapshot {
  trainAccuracy: number;
  testAccuracy: number;
  /** Training cost, with the L2 term. */
  cost: number;
  /** ‖∂C/∂b^l‖ for every weight layer l = 1..L (the last entry is the output layer). */
  gradNorms: number[];
}

export interface EpochLog extends Snapshot {
  epoch: number;
  /** ‖W_after − W_before‖ / ‖W_before‖ since the previous logged epoch (or the start), per weight layer. */
  weightChange: number[];
}

export interface RunLog {
  id: string;
  title: string;
  architecture: number[];
  backend: string;
  dataset: { source: string; train: number; test: number; gradientImages: number };
  initial: Snapshot;
  epochs: EpochLog[];
  final: Snapshot;
}

export interface TrainedRun {
  log: RunLog;
  initial: NetworkParams;
  final: NetworkParams;
}

export interface Progress {
  id: string;
  epoch: number;
  epochs: number;
  testAccuracy: number;
  elapsed: number;
}

/** Seed of the shuffling stream, kept apart from the initialisation stream. */
export const shuffleSeed = (seed: number) => (seed ^ 0x5bd1e995) >>> 0;

export async function trainExperiment(
  tf: typeof TF,
  id: string,
  exp: Experiment,
  digits: Digits,
  opts: { backend: string; source: string; onEpoch?: (p: Progress) => void },
): Promise<TrainedRun> {
  const train = split(digits, "train");
  const test = split(digits, "test");
  if (exp.data.train > train.count) throw new Error(`${id}: data.train is ${exp.data.train} but the data has only ${train.count} training images`);
  if (exp.data.test > test.count) throw new Error(`${id}: data.test is ${exp.data.test} but the data has only ${test.count} test images`);
  const px = digits.rows * digits.cols;
  const initial = initialNetwork(exp.architecture, exp.init, exp.seed);
  const trainer = new Trainer(tf, initial, {
    cost: exp.cost,
    eta: exp.optimizer.eta,
    lambda: exp.optimizer.lambda,
    batchSize: exp.optimizer.batchSize,
    frozenLayers: exp.frozenLayers,
  });
  const n = exp.data.train;
  const trainPixels = toFloat32(train.pixels.subarray(0, n * px));
  const trainLabels = train.labels.subarray(0, n);
  const xTrain = tf.tensor2d(trainPixels, [n, px]);
  const yTrain = tf.tensor1d(Int32Array.from(train.labels.subarray(0, n)), "int32");
  const xTest = tf.tensor2d(toFloat32(test.pixels.subarray(0, exp.data.test * px)), [exp.data.test, px]);
  const yTest = tf.tensor1d(Int32Array.from(test.labels.subarray(0, exp.data.test)), "int32");
  const g = exp.log.gradientImages;
  const xGrad = tf.slice(xTrain, [0, 0], [g, -1]) as TF.Tensor2D;
  const yGrad = tf.slice(yTrain, [0], [g]) as TF.Tensor1D;

  const snapshot = async (): Promise<Snapshot> => {
    const tr = await trainer.evaluate(xTrain, yTrain, n);
    const te = await trainer.evaluate(xTest, yTest, n);
    return { trainAccuracy: tr.accuracy, testAccuracy: te.accuracy, cost: tr.cost, gradNorms: await trainer.biasGradientNorms(xGrad, yGrad) };
  };

  const started = performance.now();
  try {
    const first = await snapshot();
    const epochs: EpochLog[] = [];
    const rand = mulberry32(shuffleSeed(exp.seed));
    const order = new Uint32Array(n);
    let before = cloneNetwork(initial);
    for (let e = 1; e <= exp.epochs; e++) {
      for (let i = 0; i < n; i++) order[i] = i;
      shuffleInPlace(order, rand);
      trainer.epoch(trainPixels, trainLabels, order, px);
      if (e % exp.log.every === 0 || e === exp.epochs) {
        const after = await trainer.params();
        const snap = await snapshot();
        epochs.push({
          epoch: e,
          ...snap,
          weightChange: after.weights.map((w, l) => relativeChange(before.weights[l], w)),
        });
        before = after;
      }
      // Progress every epoch, with the latest measured accuracy.
      const latest = epochs.at(-1)?.testAccuracy ?? first.testAccuracy;
      opts.onEpoch?.({ id, epoch: e, epochs: exp.epochs, testAccuracy: latest, elapsed: (performance.now() - started) / 1000 });
    }
    const final = await trainer.params();
    const last = epochs.at(-1);
    const log: RunLog = {
      id,
      title: exp.title,
      architecture: exp.architecture,
      backend: opts.backend,
      dataset: { source: opts.source, train: n, test: exp.data.test, gradientImages: g },
      initial: first,
      epochs,
      final: last ? { trainAccuracy: last.trainAccuracy, testAccuracy: last.testAccuracy, cost: last.cost, gradNorms: last.gradNorms } : first,
    };
    return { log, initial, final };
  } finally {
    trainer.dispose();
    tf.dispose([xTrain, yTrain, xTest, yTest, xGrad, yGrad]);
  }
}
