/**
 * Trains one experiment and returns everything a run folder holds, in memory:
 * the initial and final parameters and the per-epoch log. Writing, verifying and
 * caching are the caller's business (scripts/pretrain.ts).
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { Experiment } from "../../src/lib/schemas/experiment.ts";
import { split, toFloat32, type Digits } from "../../src/lib/mnist/digits.ts";
import type { NetworkParams } from "../../src/lib/nets/network.ts";
import { float64Copy, planePath, type Params } from "../../src/lib/nets/plane-path.ts";
import { parseRunLog, type RunLog } from "../../src/lib/schemas/run-log.ts";
import { TrainingRun, specOf, type EpochLog, type Snapshot } from "../../src/lib/training/training-run.ts";

export { shuffleSeed, type EpochLog, type Snapshot } from "../../src/lib/training/training-run.ts";

/** The log a run writes: the run-log schema's type (src/lib/schemas/run-log.ts), checked before it is returned. */
export type { RunLog };

export interface TrainedRun {
  log: RunLog;
  initial: NetworkParams;
  final: NetworkParams;
  /** With batch normalisation: γ, β and the running statistics of the final network (the initial ones are 1, 0, 0, 1). */
  finalBatchNorm?: BatchNormState;
}

export interface BatchNormState {
  gamma: Float32Array[];
  beta: Float32Array[];
  runningMean: Float32Array[];
  runningVar: Float32Array[];
}

export interface Progress {
  id: string;
  epoch: number;
  epochs: number;
  testAccuracy: number;
  elapsed: number;
}

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
  const n = exp.data.train;
  const run = new TrainingRun(
    tf,
    specOf(exp),
    { pixels: toFloat32(train.pixels.subarray(0, n * px)), labels: train.labels.subarray(0, n), count: n },
    { pixels: toFloat32(test.pixels.subarray(0, exp.data.test * px)), labels: test.labels.subarray(0, exp.data.test), count: exp.data.test },
  );
  const started = performance.now();
  try {
    const first = await run.snapshot();
    const epochs: EpochLog[] = [];
    // float64 copies of the parameters at every logged epoch (epoch 0 is run.initial), for log.path.
    const snapshots: { epoch: number; params: Params }[] = [];
    for (let e = 1; e <= exp.epochs; e++) {
      run.advance();
      if (e % exp.log.every === 0 || e === exp.epochs) {
        epochs.push(await run.measure());
        // measure() read the parameters it compared: they are the network as of this epoch.
        snapshots.push({ epoch: e, params: float64Copy(run.measuredParams) });
      }
      // Progress every epoch, with the latest measured accuracy.
      const latest = epochs.at(-1)?.testAccuracy ?? first.testAccuracy;
      opts.onEpoch?.({ id, epoch: e, epochs: exp.epochs, testAccuracy: latest, elapsed: (performance.now() - started) / 1000 });
    }
    const final = await run.params();
    const last = epochs.at(-1);
    const log: RunLog = {
      id,
      title: exp.title,
      architecture: exp.architecture,
      backend: opts.backend,
      dataset: { source: opts.source, train: n, test: exp.data.test, gradientImages: exp.log.gradientImages },
      initial: first,
      epochs,
      final: last ? { trainAccuracy: last.trainAccuracy, testAccuracy: last.testAccuracy, cost: last.cost, gradNorms: last.gradNorms, weightGradNorms: last.weightGradNorms } : first,
      path: planePath(float64Copy(run.initial), float64Copy(final), snapshots),
    };
    parseRunLog(id, log); // what every reader will check, checked before anything is written
    return { log, initial: run.initial, final, finalBatchNorm: (await run.trainer.batchNormState()) ?? undefined };
  } finally {
    run.dispose();
  }
}
