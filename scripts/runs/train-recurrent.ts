/**
 * Trains one recurrent experiment (`"kind": "recurrent"`, lesson 7) with RecurrentRun
 * (src/lib/recurrent/training/recurrent-run.ts) and returns what its run folder holds, in memory:
 * the initial and final parameters and the log. Writing, verifying and caching are the
 * caller's business (scripts/pretrain.ts, scripts/runs/store.ts writeRecurrentRun), as for
 * the MLPs of train-experiment.ts.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { RecurrentExperiment } from "../../src/lib/schemas/experiment.ts";
import { RecurrentRun, recurrentSpecOf } from "../../src/lib/recurrent/training/recurrent-run.ts";
import { parseRecurrentRunLog, type RecurrentEpochLog, type RecurrentRunLog } from "../../src/lib/schemas/run-log.ts";
import type { RecurrentParams } from "../../src/lib/recurrent/shared.ts";
import type { Progress } from "./train-experiment.ts";

/** Where a recurrent run's data comes from: generated from the seed, nothing downloaded. */
export const RECURRENT_SOURCE = "src/lib/recurrent/task.ts recallTask";

export interface TrainedRecurrentRun {
  log: RecurrentRunLog;
  initial: RecurrentParams;
  final: RecurrentParams;
}

export async function trainRecurrentExperiment(
  tf: typeof TF,
  id: string,
  exp: RecurrentExperiment,
  opts: { backend: string; onEpoch?: (p: Progress) => void },
): Promise<TrainedRecurrentRun> {
  const run = new RecurrentRun(tf, recurrentSpecOf(exp));
  const started = performance.now();
  try {
    const first = await run.measure();
    const epochs: RecurrentEpochLog[] = [];
    for (let e = 1; e <= exp.epochs; e++) {
      while (!run.advance());
      if (e % exp.log.every === 0 || e === exp.epochs) epochs.push(await run.measure());
      const latest = epochs.at(-1)?.testAccuracy ?? first.testAccuracy;
      opts.onEpoch?.({ id, epoch: e, epochs: exp.epochs, testAccuracy: latest, elapsed: (performance.now() - started) / 1000 });
    }
    const log: RecurrentRunLog = {
      id,
      title: exp.title,
      kind: "recurrent",
      cell: exp.cell,
      hidden: exp.hidden,
      backend: opts.backend,
      task: { source: RECURRENT_SOURCE, T: exp.task.T, K: exp.task.K, train: exp.task.train, test: exp.task.test, gradientSequences: exp.log.gradientSequences, chance: 1 / exp.task.K },
      initial: first,
      epochs,
      final: epochs.at(-1) ?? first,
    };
    parseRecurrentRunLog(id, log); // what every reader will check, checked before anything is written
    return { log, initial: run.initial, final: run.params() };
  } finally {
    run.dispose();
  }
}
