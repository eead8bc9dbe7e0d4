/**
 * One training run of a recurrent cell on the recall task (lesson 7, "through
 * time"), as src/lib/training/training-run.ts is for the MLPs: a fixed training set and a
 * test set from recallTask (src/lib/recurrent/task.ts), the seeded initial
 * parameters of initParams (init.ts, the float64 reference's), a seeded shuffle
 * of every epoch, mini-batch SGD or Adam with optional gradient-norm clipping
 * (Pascanu, Mikolov & Bengio 2013) through RecurrentTrainer (tf-recurrent.ts),
 * and the measurements a log records — among them ‖∂C/∂h_t‖ at every step t,
 * how the gradient fades on its way back through time (Werbos 1990;
 * Hochreiter 1991; Bengio, Simard & Frasconi 1994). DOM-free; tfjs is passed in,
 * so the pretrain script and the browser run the same code.
 *
 * `advance(stop?)` trains mini-batches of the current epoch until it ends or
 * stop() says so (a page runs a few at a time); the numbers do not depend on
 * how the epochs are sliced.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { RecurrentExperiment } from "../../schemas/experiment.ts";
import { mulberry32, shuffleInPlace } from "../../rng.ts";
import { initParams, type RecurrentInit } from "../init.ts";
import type { Cell, RecurrentParams, SequenceBatch } from "../shared.ts";
import { recallTask, type RecallTask } from "../task.ts";
import { RecurrentTrainer, type RecurrentOptimizer } from "./tf-recurrent.ts";
import type { RecurrentEpochLog } from "../../schemas/run-log.ts";

/** Everything that decides a recurrent run's numbers. */
export interface RecurrentRunSpec {
  cell: Cell;
  /** Hidden units. */
  H: number;
  /** Distance to remember (sequences have T + 1 steps) and alphabet size of the recall task. */
  T: number;
  K: number;
  trainCount: number;
  testCount: number;
  /** Seed of the initial parameters; the data and the shuffle have their own streams derived from it (below). */
  seed: number;
  init: { recurrent: RecurrentInit; scale: number; forgetBias?: number };
  optimizer: RecurrentOptimizer;
  eta: number;
  batchSize: number;
  /** Global gradient-norm clipping threshold, or null for none. */
  clip: number | null;
  /** ‖∂C/∂h_t‖ is measured on the first gradientSequences training sequences. */
  gradientSequences: number;
}

/** The spec of a recurrent experiment config: what the pretrain script trains, and what the page's live run repeats. */
export function recurrentSpecOf(e: RecurrentExperiment): RecurrentRunSpec {
  return {
    cell: e.cell,
    H: e.hidden,
    T: e.task.T,
    K: e.task.K,
    trainCount: e.task.train,
    testCount: e.task.test,
    seed: e.seed,
    init: { recurrent: e.init.recurrent, scale: e.init.scale, ...(e.init.forgetBias !== undefined ? { forgetBias: e.init.forgetBias } : {}) },
    optimizer: e.optimizer.kind,
    eta: e.optimizer.eta,
    batchSize: e.optimizer.batchSize,
    clip: e.optimizer.clip,
    gradientSequences: e.log.gradientSequences,
  };
}

const FILE = "src/lib/recurrent/training/recurrent-run.ts";

/** Seeds of the training set, the test set and the shuffle, apart from the initialisation stream. */
export const recurrentSeeds = (seed: number) => ({
  train: (seed ^ 0x1b873593) >>> 0,
  test: (seed ^ 0x85ebca6b) >>> 0,
  shuffle: (seed ^ 0xcc9e2d51) >>> 0,
});

/** Sequences `order[from..from + count − 1]` of the task, copied into one batch. */
export function sequencesOf(task: RecallTask, order: ArrayLike<number>, from: number, count: number): SequenceBatch {
  const len = task.steps * task.inputSize;
  const inputs = new Float32Array(count * len);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const e = order[from + i];
    inputs.set(task.inputs.subarray(e * len, (e + 1) * len), i * len);
    labels[i] = task.labels[e];
  }
  return { inputs, labels, inputSize: task.inputSize, steps: task.steps };
}

const asBatch = (task: RecallTask): SequenceBatch => ({ inputs: task.inputs, labels: task.labels, inputSize: task.inputSize, steps: task.steps });

export class RecurrentRun {
  readonly spec: RecurrentRunSpec;
  readonly trainer: RecurrentTrainer;
  readonly initial: RecurrentParams;
  readonly train: RecallTask;
  readonly test: RecallTask;
  #gradBatch: SequenceBatch;
  #rand: () => number;
  #order: Uint32Array;
  #epoch = 0;
  #batch = 0;
  /** Gradient norms before clipping since the last measurement. */
  #norms: number[] = [];
  #disposed = false;

  constructor(tf: typeof TF, spec: RecurrentRunSpec) {
    const { trainCount, testCount, batchSize, gradientSequences } = spec;
    for (const [name, v] of [["trainCount", trainCount], ["testCount", testCount], ["batchSize", batchSize], ["gradientSequences", gradientSequences]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${FILE}: spec.${name} must be an integer ≥ 1, got ${v}`);
    }
    if (batchSize > trainCount) throw new RangeError(`${FILE}: spec.batchSize ${batchSize} is larger than spec.trainCount ${trainCount}; lower batchSize`);
    if (gradientSequences > trainCount) throw new RangeError(`${FILE}: spec.gradientSequences ${gradientSequences} is larger than spec.trainCount ${trainCount}; lower gradientSequences`);
    this.spec = spec;
    const seeds = recurrentSeeds(spec.seed);
    this.train = recallTask({ T: spec.T, K: spec.K, count: trainCount, seed: seeds.train });
    this.test = recallTask({ T: spec.T, K: spec.K, count: testCount, seed: seeds.test });
    const D = this.train.inputSize;
    this.initial = initParams(spec.cell, { H: spec.H, D, K: spec.K, seed: spec.seed, ...spec.init });
    this.trainer = new RecurrentTrainer(tf, this.initial, { optimizer: spec.optimizer, eta: spec.eta, clip: spec.clip });
    this.#gradBatch = sequencesOf(this.train, Uint32Array.from({ length: gradientSequences }, (_, i) => i), 0, gradientSequences);
    this.#rand = mulberry32(seeds.shuffle);
    this.#order = new Uint32Array(trainCount);
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Mini-batches per epoch; a last, partial batch is dropped. */
  get batchesPerEpoch(): number {
    return Math.floor(this.spec.trainCount / this.spec.batchSize);
  }

  /** Trains mini-batches of the current epoch (at least one) until it ends or stop() (checked after each) says so; true when an epoch was completed. */
  advance(stop?: () => boolean): boolean {
    if (this.#disposed) throw new Error(`${FILE}: this recurrent run was disposed`);
    const n = this.spec.trainCount;
    const bs = this.spec.batchSize;
    if (this.#batch === 0) {
      for (let i = 0; i < n; i++) this.#order[i] = i;
      shuffleInPlace(this.#order, this.#rand);
    }
    do {
      const { gradNorm } = this.trainer.step(sequencesOf(this.train, this.#order, this.#batch * bs, bs));
      this.#norms.push(gradNorm);
      this.#batch++;
    } while (this.#batch < this.batchesPerEpoch && !stop?.());
    if (this.#batch < this.batchesPerEpoch) return false;
    this.#batch = 0;
    this.#epoch++;
    return true;
  }

  /** A log entry for the current state (`between` is awaited between the passes, for a page to yield). */
  async measure(between: () => Promise<void> = async () => {}): Promise<RecurrentEpochLog> {
    if (this.#disposed) throw new Error(`${FILE}: this recurrent run was disposed`);
    const tr = this.trainer.evaluate(asBatch(this.train));
    await between();
    const te = this.trainer.evaluate(asBatch(this.test));
    await between();
    const g = this.trainer.hiddenGradNorms(this.#gradBatch);
    const norms = this.#norms;
    this.#norms = [];
    const gradNormBeforeClip = norms.length ? { mean: norms.reduce((s, v) => s + v, 0) / norms.length, max: Math.max(...norms) } : null;
    const entry: RecurrentEpochLog = {
      epoch: this.#epoch,
      trainAccuracy: tr.accuracy,
      testAccuracy: te.accuracy,
      cost: tr.cost,
      gradNormBeforeClip,
      hiddenGradNorms: g.hidden,
    };
    if (g.cell) entry.cellGradNorms = g.cell;
    return entry;
  }

  /** The current parameters. */
  params(): RecurrentParams {
    return this.trainer.params();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.trainer.dispose();
  }
}
