/**
 * One training run, as the build-time pipeline (scripts/runs/train-experiment.ts)
 * and the browser's live trainer (src/islands/trainer) both drive it: the seeded
 * initial network, the seeded shuffle of every epoch, mini-batch SGD through
 * Trainer, and the measurements a run log records. DOM-free; tfjs is passed in.
 *
 * The pipeline runs whole epochs. The browser runs a few mini-batches at a time
 * (`advance` with a deadline) so that no task blocks the page; the steps, their
 * order and so the numbers are the same either way.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { Activation, Experiment } from "../schemas/experiment.ts";
import type { EpochLog, Snapshot } from "../schemas/run-log.ts";
import type { OptimizerKind } from "./tf-trainer.ts";
import type { CostKind } from "../nets/mlp.ts";
import { cloneNetwork, initialNetwork, relativeChange, type InitScheme, type NetworkParams } from "../nets/network.ts";
import { mulberry32, shuffleInPlace } from "../rng.ts";
import { Trainer } from "./tf-trainer.ts";

/** What a run measures at the start and at each logged epoch: the run log's own types (its zod schema). */
export type { EpochLog, Snapshot };

/** Everything that decides a run's numbers (an experiment config without its descriptions and data sizes). */
export interface RunSpec {
  architecture: number[];
  activation: Activation;
  cost: CostKind;
  init: InitScheme;
  eta: number;
  lambda: number;
  batchSize: number;
  frozenLayers: number[];
  seed: number;
  /** ‖∂C/∂b‖ is averaged over the first gradientImages training digits. */
  gradientImages: number;
  optimizer: OptimizerKind;
  batchNorm: boolean;
  residual: boolean;
}

/** Digits as the trainer reads them: `count` images of `width` values in 0..1, and their labels. */
export interface DigitSet {
  pixels: Float32Array;
  labels: ArrayLike<number>;
  count: number;
}

/** The parts of an experiment config that decide a run's numbers: what specOf reads (the live trainer's settings give the same). */
export type SpecSource = Pick<Experiment, "architecture" | "activation" | "cost" | "init" | "frozenLayers" | "seed" | "batchNorm" | "residual"> & {
  optimizer: Pick<Experiment["optimizer"], "eta" | "lambda" | "batchSize" | "kind">;
  log: Pick<Experiment["log"], "gradientImages">;
};

/** The RunSpec of an experiment config (or of the live trainer's settings, which say the same things). */
export function specOf(e: SpecSource): RunSpec {
  return {
    architecture: [...e.architecture],
    activation: e.activation,
    cost: e.cost,
    init: { ...e.init },
    eta: e.optimizer.eta,
    lambda: e.optimizer.lambda,
    batchSize: e.optimizer.batchSize,
    frozenLayers: [...e.frozenLayers],
    seed: e.seed,
    gradientImages: e.log.gradientImages,
    optimizer: e.optimizer.kind,
    batchNorm: e.batchNorm,
    residual: e.residual,
  };
}

/** Seed of the shuffling stream, kept apart from the initialisation stream. */
export const shuffleSeed = (seed: number) => (seed ^ 0x5bd1e995) >>> 0;

export class TrainingRun {
  readonly spec: RunSpec;
  readonly trainer: Trainer;
  readonly initial: NetworkParams;
  readonly trainCount: number;
  readonly width: number;
  #tf: typeof TF;
  #train: DigitSet;
  #tensors: { xTrain: TF.Tensor2D; yTrain: TF.Tensor1D; xTest: TF.Tensor2D; yTest: TF.Tensor1D; xGrad: TF.Tensor2D; yGrad: TF.Tensor1D };
  #rand: () => number;
  #order: Uint32Array;
  /** Epochs completed. */
  #epoch = 0;
  /** Next mini-batch of the current epoch (0 = the epoch has not started: its order is not drawn yet). */
  #batch = 0;
  #before: NetworkParams;
  #disposed = false;

  constructor(tf: typeof TF, spec: RunSpec, train: DigitSet, test: DigitSet) {
    if (train.count < 1 || test.count < 1) throw new Error("a training run needs at least one training and one test digit");
    if (spec.batchSize > train.count) throw new Error(`batch size ${spec.batchSize} is larger than the ${train.count} training digits`);
    if (spec.gradientImages > train.count) throw new Error(`gradientImages ${spec.gradientImages} is larger than the ${train.count} training digits`);
    const width = train.pixels.length / train.count;
    if (!Number.isInteger(width) || width !== spec.architecture[0]) throw new Error(`the digits have ${width} values each but the network takes ${spec.architecture[0]}`);
    this.#tf = tf;
    this.spec = spec;
    this.width = width;
    this.trainCount = train.count;
    this.#train = train;
    this.initial = initialNetwork(spec.architecture, spec.init, spec.seed);
    this.#before = cloneNetwork(this.initial);
    this.trainer = new Trainer(tf, this.initial, {
      cost: spec.cost,
      eta: spec.eta,
      lambda: spec.lambda,
      batchSize: spec.batchSize,
      activation: spec.activation,
      frozenLayers: spec.frozenLayers,
      optimizer: spec.optimizer,
      batchNorm: spec.batchNorm,
      residual: spec.residual,
    });
    this.#tensors = tf.tidy(() => {
      const xTrain = tf.tensor2d(train.pixels, [train.count, width]);
      const yTrain = tf.tensor1d(Int32Array.from(train.labels), "int32");
      const g = spec.gradientImages;
      return {
        xTrain,
        yTrain,
        xTest: tf.tensor2d(test.pixels, [test.count, width]),
        yTest: tf.tensor1d(Int32Array.from(test.labels), "int32"),
        xGrad: tf.slice(xTrain, [0, 0], [g, -1]) as TF.Tensor2D,
        yGrad: tf.slice(yTrain, [0], [g]) as TF.Tensor1D,
      };
    });
    this.#rand = mulberry32(shuffleSeed(spec.seed));
    this.#order = new Uint32Array(train.count);
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Mini-batches in one epoch. A last, partial batch is dropped (Nielsen's code would train on it); the presets' sizes divide evenly. */
  get batchesPerEpoch(): number {
    return Math.floor(this.trainCount / this.spec.batchSize);
  }

  /**
   * Accuracies, cost and per-layer ‖∂C/∂b‖ of the current network. `between` is awaited between
   * the four passes (training digits, test digits, ∂C/∂b, ∂C₀/∂W): a page yields there, so that no
   * single task holds it for all three. The numbers do not depend on it.
   */
  async snapshot(between: () => Promise<void> = async () => {}): Promise<Snapshot> {
    const t = this.#tensors;
    const n = this.trainCount;
    const tr = await this.trainer.evaluate(t.xTrain, t.yTrain, n);
    await between();
    const te = await this.trainer.evaluate(t.xTest, t.yTest, n);
    await between();
    const gradNorms = await this.trainer.biasGradientNorms(t.xGrad, t.yGrad);
    await between();
    const { weights: weightGradNorms } = await this.trainer.gradientNorms(t.xGrad, t.yGrad);
    return { trainAccuracy: tr.accuracy, testAccuracy: te.accuracy, cost: tr.cost, gradNorms, weightGradNorms };
  }

  /**
   * Trains mini-batches of the current epoch, at least one, until the epoch ends or
   * `stop()` says so (checked after every mini-batch). Returns true when an epoch
   * was completed. Without `stop` it finishes the epoch.
   */
  advance(stop?: () => boolean): boolean {
    if (this.#disposed) throw new Error("this training run was disposed");
    const n = this.trainCount;
    if (this.#batch === 0) {
      for (let i = 0; i < n; i++) this.#order[i] = i;
      shuffleInPlace(this.#order, this.#rand);
    }
    const batches = this.batchesPerEpoch;
    do {
      this.trainer.batch(this.#train.pixels, this.#train.labels, this.#order, this.width, this.#batch, n);
      this.#batch++;
    } while (this.#batch < batches && !stop?.());
    if (this.#batch < batches) return false;
    this.#batch = 0;
    this.#epoch++;
    return true;
  }

  /** A log entry for the current epoch: the snapshot and how far each layer moved since the previous entry (`between` as in snapshot). */
  async measure(between: () => Promise<void> = async () => {}): Promise<EpochLog> {
    const after = await this.trainer.params();
    await between();
    const snap = await this.snapshot(between);
    const entry: EpochLog = { epoch: this.#epoch, ...snap, weightChange: after.weights.map((w, l) => relativeChange(this.#before.weights[l], w)) };
    this.#before = after;
    return entry;
  }

  /** The parameters as of the last measurement (the initial ones before any). */
  get measuredParams(): NetworkParams {
    return this.#before;
  }

  /** The current parameters. */
  params(): Promise<NetworkParams> {
    return this.trainer.params();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.trainer.dispose();
    this.#tf.dispose(Object.values(this.#tensors));
  }
}
