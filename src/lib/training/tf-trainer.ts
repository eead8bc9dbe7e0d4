/**
 * The trainer of one MLP, as the committed runs, the data loaders and the reader's browser use it:
 * mini-batch training with backpropagation written out in tfjs ops (few ops per step, so the per-op
 * overhead of the wasm and cpu backends stays small, and the same code runs on any tfjs backend in
 * Node or in the browser). It hands the work to one of two trainers that share their ops
 * (src/lib/training/tf-kernels.ts):
 *   src/lib/training/tf-trainer-sgd.ts      plain SGD, optionally L2, frozen layers; many networks at once
 *                                  when a caller wants that (here: one)
 *   src/lib/training/tf-trainer-general.ts  batch normalisation, residual shortcuts, Adam, "layerwise"
 * DOM-free; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { NetworkParams } from "../nets/network.ts";
import { needsGeneral, type Evaluation, type Tf, type TrainerOptions } from "./tf-kernels.ts";
import { SgdTrainer } from "./tf-trainer-sgd.ts";
import { GeneralTrainer } from "./tf-trainer-general.ts";

export type { Evaluation, OptimizerKind, TrainerOptions } from "./tf-kernels.ts";
export { ADAM, BN_EPSILON, BN_MOMENTUM, LAYERWISE_MAX } from "./tf-trainer-general.ts";

export class Trainer {
  readonly tf: Tf;
  readonly sizes: number[];
  readonly opts: TrainerOptions;
  #sgd: SgdTrainer | null = null;
  #general: GeneralTrainer | null = null;

  constructor(tf: Tf, net: NetworkParams, opts: TrainerOptions) {
    this.tf = tf;
    this.sizes = [...net.sizes];
    this.opts = opts;
    if (needsGeneral(opts)) this.#general = new GeneralTrainer(tf, net, opts);
    else this.#sgd = new SgdTrainer(tf, [net], opts);
  }

  /** One step on a mini-batch x [m, k] with one-hot y [m, 10]; n is the training-set size for the L2 term. */
  step(x: TF.Tensor2D, y: TF.Tensor2D, trainingSetSize: number): void {
    if (this.#general) return this.#general.step(x, y, trainingSetSize);
    this.#sgd!.step([x], [y], trainingSetSize);
  }

  /**
   * Trains one epoch over the examples in the given order. x holds one image of `width` values per
   * example; labels are 0–9. A last, partial mini-batch is dropped.
   */
  epoch(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number): void {
    if (this.#general) return this.#general.epoch(x, labels, order, width);
    this.#sgd!.epoch([x], labels, [order], width);
  }

  /** One step on mini-batch k of an epoch's order (examples order[k·bs] … order[k·bs + bs − 1]); n is the training-set size for the L2 term. */
  batch(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number, k: number, n: number): void {
    if (this.#general) return this.#general.batch(x, labels, order, width, k, n);
    this.#sgd!.batch([x], labels, [order], width, k, n);
  }

  /** Per-layer ‖∂C/∂b^l‖, C averaged over the given examples (Nielsen's measurement). */
  async biasGradientNorms(x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number[]> {
    if (this.#general) return this.#general.biasGradientNorms(x, labels);
    return (await this.#sgd!.biasGradientNorms(x, labels))[0];
  }

  /**
   * Per-layer ‖∂C₀/∂W^l‖ and ‖∂C₀/∂b^l‖ of every layer, frozen or not, with C₀ the average cost over
   * the given examples without the L2 term (the data's pull on each layer). Batch normalisation uses
   * these examples' own statistics and leaves the running ones alone.
   */
  async gradientNorms(x: TF.Tensor2D, labels: TF.Tensor1D): Promise<{ weights: number[]; biases: number[] }> {
    if (this.#general) return this.#general.gradientNorms(x, labels);
    return (await this.#sgd!.gradientNorms(x, labels))[0];
  }

  /** Accuracy and average cost (with the L2 term over trainingSetSize, as Nielsen's total_cost). */
  async evaluate(x: TF.Tensor2D, labels: TF.Tensor1D, trainingSetSize: number): Promise<Evaluation> {
    if (this.#general) return this.#general.evaluate(x, labels, trainingSetSize);
    return (await this.#sgd!.evaluate(x, labels, trainingSetSize))[0];
  }

  /**
   * The current parameters, copied out of the backend. Every read starts before the first await, so
   * a trainer disposed while they are in flight (a page that drops its run) still returns the values
   * as of the call rather than reading a disposed tensor.
   */
  async params(): Promise<NetworkParams> {
    if (this.#general) return this.#general.params();
    return (await this.#sgd!.params())[0];
  }

  /** Batch normalisation's parameters and running statistics per hidden layer, copied out; null without it. */
  async batchNormState(): Promise<{ gamma: Float32Array[]; beta: Float32Array[]; runningMean: Float32Array[]; runningVar: Float32Array[] } | null> {
    return this.#general ? this.#general.batchNormState() : null;
  }

  dispose(): void {
    this.#general?.dispose();
    this.#sgd?.dispose();
  }
}
