/**
 * Mini-batch SGD for MLPs (sigmoid, tanh or ReLU hidden layers; sigmoid outputs) in tfjs ops, with backpropagation written out
 * (no autodiff, no Layers API): few ops per step, so the per-op overhead of the
 * wasm and cpu backends stays small, and the same code runs on any tfjs backend
 * (wasm, cpu, webgpu) in Node or in the browser. DOM-free; tfjs is passed in.
 *
 * Transposes are explicit (tf.transpose, then a plain matMul): the wasm backend's
 * matMul with transposeA/transposeB set runs about ten times slower than the copy
 * plus an untransposed product (measured with `npm run bench:train`).
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { NetworkParams } from "./network.ts";
import type { CostKind } from "./mlp.ts";
import type { Activation } from "./experiment-schema.ts";

type Tf = typeof TF;

export interface TrainerOptions {
  cost: CostKind;
  eta: number;
  lambda: number;
  batchSize: number;
  /** Activation of the hidden layers (default sigmoid); the output layer is always sigmoid. */
  activation?: Activation;
  /** Weight layers (1-based) that never change. */
  frozenLayers?: readonly number[];
}

export interface Evaluation {
  accuracy: number;
  /** Average cost per example, plus the L2 term (λ/2n)Σw² when lambda > 0. */
  cost: number;
}

export class Trainer {
  readonly tf: Tf;
  readonly sizes: number[];
  readonly opts: TrainerOptions;
  #w: TF.Variable[];
  #b: TF.Variable[];
  #frozen: Set<number>;
  #activation: Activation;
  /** Lowest layer index (0-based) that learns: backprop stops there. */
  #lowest: number;

  constructor(tf: Tf, net: NetworkParams, opts: TrainerOptions) {
    this.tf = tf;
    this.sizes = [...net.sizes];
    this.opts = opts;
    this.#frozen = new Set((opts.frozenLayers ?? []).map((l) => l - 1));
    this.#activation = opts.activation ?? "sigmoid";
    // tidy disposes the tensors the variables are copied from (variables survive it).
    this.#w = tf.tidy(() => net.weights.map((w, l) => tf.variable(tf.tensor2d(w, [net.sizes[l], net.sizes[l + 1]]), true)));
    this.#b = tf.tidy(() => net.biases.map((b) => tf.variable(tf.tensor1d(b), true)));
    let lowest = 0;
    while (lowest < this.#w.length && this.#frozen.has(lowest)) lowest++;
    this.#lowest = lowest;
  }

  /** Activations of every layer for a batch x of shape [m, 784] (index 0 is x). */
  #forward(x: TF.Tensor2D): TF.Tensor2D[] {
    const acts: TF.Tensor2D[] = [x];
    let a = x;
    const last = this.#w.length - 1;
    for (let l = 0; l <= last; l++) {
      const f = l === last ? "sigmoid" : this.#activation;
      if (f === "tanh") a = this.tf.tanh(this.tf.fused.matMul({ a, b: this.#w[l], bias: this.#b[l] })) as TF.Tensor2D;
      else a = this.tf.fused.matMul({ a, b: this.#w[l], bias: this.#b[l], activation: f }) as TF.Tensor2D;
      acts.push(a);
    }
    return acts;
  }

  /** σ'(z) of a hidden layer, from its activation a = σ(z). */
  #slope(a: TF.Tensor2D): TF.Tensor2D {
    const tf = this.tf;
    if (this.#activation === "tanh") return tf.sub(1, tf.square(a));
    // ReLU: 1 where a > 0, else 0 (the derivative at 0 is taken as 0).
    if (this.#activation === "relu") return tf.step(a);
    return tf.mul(a, tf.sub(1, a));
  }

  /** δ of hidden layer l (0-based weight layer l−1's output), from δ of the layer above. */
  #backward(delta: TF.Tensor2D, l: number, acts: TF.Tensor2D[]): TF.Tensor2D {
    const tf = this.tf;
    return tf.mul(tf.matMul(delta, tf.transpose(this.#w[l])), this.#slope(acts[l])) as TF.Tensor2D;
  }

  /** δ^L for the output layer. */
  #outputDelta(aL: TF.Tensor2D, y: TF.Tensor2D): TF.Tensor2D {
    const tf = this.tf;
    const diff = tf.sub(aL, y);
    if (this.opts.cost === "cross-entropy") return diff as TF.Tensor2D;
    return tf.mul(diff, tf.mul(aL, tf.sub(1, aL))) as TF.Tensor2D;
  }

  /**
   * One SGD step on a mini-batch. δ is scaled by η/m before it is propagated —
   * backprop is linear in δ — so the updates need no further multiplication.
   */
  step(x: TF.Tensor2D, y: TF.Tensor2D, trainingSetSize: number): void {
    const tf = this.tf;
    const { eta, lambda } = this.opts;
    const m = x.shape[0];
    const decay = 1 - (eta * lambda) / trainingSetSize;
    tf.tidy(() => {
      const acts = this.#forward(x);
      let delta = tf.mul(this.#outputDelta(acts[acts.length - 1], y), eta / m) as TF.Tensor2D;
      for (let l = this.#w.length - 1; l >= this.#lowest; l--) {
        const prev = acts[l];
        const W = this.#w[l];
        const nextDelta = l > this.#lowest ? this.#backward(delta, l, acts) : null;
        if (!this.#frozen.has(l)) {
          const dW = tf.matMul(tf.transpose(prev), delta);
          W.assign(decay === 1 ? tf.sub(W, dW) : tf.sub(tf.mul(W, decay), dW));
          this.#b[l].assign(tf.sub(this.#b[l], tf.sum(delta, 0)));
        }
        if (nextDelta) delta = nextDelta;
      }
    });
  }

  /**
   * Trains one epoch over the examples in the given order. Mini-batches are
   * assembled in JavaScript and uploaded as new tensors: the wasm backend's
   * gather is far slower than a plain copy (measured with `npm run bench:train`).
   * x holds one image of `width` values per example; labels are 0–9.
   */
  epoch(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number): void {
    const batches = Math.floor(order.length / this.opts.batchSize);
    for (let k = 0; k < batches; k++) this.batch(x, labels, order, width, k, order.length);
  }

  #xb: Float32Array | null = null;
  #yb: Float32Array | null = null;

  /** One SGD step on mini-batch k of an epoch's order (examples order[k·bs] … order[k·bs + bs − 1]); n is the training-set size for the L2 term. */
  batch(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number, k: number, n: number): void {
    const tf = this.tf;
    const bs = this.opts.batchSize;
    if ((k + 1) * bs > order.length) throw new RangeError(`mini-batch ${k} of ${bs} runs past the ${order.length} examples`);
    if (this.#xb?.length !== bs * width) this.#xb = new Float32Array(bs * width);
    this.#yb ??= new Float32Array(bs * 10);
    if (this.#yb.length !== bs * 10) this.#yb = new Float32Array(bs * 10);
    const xb = this.#xb;
    const yb = this.#yb;
    yb.fill(0);
    const start = k * bs;
    for (let i = 0; i < bs; i++) {
      const e = order[start + i];
      xb.set(x.subarray(e * width, (e + 1) * width), i * width);
      yb[i * 10 + labels[e]] = 1;
    }
    tf.tidy(() => this.step(tf.tensor2d(xb, [bs, width]), tf.tensor2d(yb, [bs, 10]), n));
  }

  /** Per-layer ‖∂C/∂b^l‖, C averaged over the given examples (Nielsen's measurement). */
  async biasGradientNorms(x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number[]> {
    const tf = this.tf;
    const norms = tf.tidy(() => {
      const m = x.shape[0];
      const y = tf.cast(tf.oneHot(labels, 10), "float32") as TF.Tensor2D;
      const acts = this.#forward(x);
      let delta = this.#outputDelta(acts[acts.length - 1], y);
      const out: TF.Scalar[] = [];
      for (let l = this.#w.length - 1; l >= 0; l--) {
        out.unshift(tf.norm(tf.div(tf.sum(delta, 0), m)) as TF.Scalar);
        if (l > 0) delta = this.#backward(delta, l, acts);
      }
      return tf.stack(out);
    });
    const values = Array.from(await norms.data());
    norms.dispose();
    return values;
  }

  /** Accuracy and average cost (with the L2 term over trainingSetSize, as Nielsen's total_cost). */
  async evaluate(x: TF.Tensor2D, labels: TF.Tensor1D, trainingSetSize: number): Promise<Evaluation> {
    const tf = this.tf;
    const result = tf.tidy(() => {
      const acts = this.#forward(x);
      const a = tf.clipByValue(acts[acts.length - 1], 1e-7, 1 - 1e-7);
      const y = tf.cast(tf.oneHot(labels, 10), "float32");
      const per =
        this.opts.cost === "cross-entropy"
          ? tf.neg(tf.add(tf.mul(y, tf.log(a)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, a)))))
          : tf.mul(0.5, tf.square(tf.sub(a, y)));
      const cost = tf.div(tf.sum(per), x.shape[0]);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(a, 1), labels), "float32"));
      const sq = tf.addN(this.#w.map((w) => tf.sum(tf.square(w))));
      return tf.stack([cost, correct, sq]);
    });
    const [cost, correct, sq] = Array.from(await result.data());
    result.dispose();
    return {
      accuracy: correct / x.shape[0],
      cost: cost + (this.opts.lambda / (2 * trainingSetSize)) * sq,
    };
  }

  /** The current parameters, copied out of the backend. */
  async params(): Promise<NetworkParams> {
    const weights = await Promise.all(this.#w.map(async (w) => new Float32Array(await w.data())));
    const biases = await Promise.all(this.#b.map(async (b) => new Float32Array(await b.data())));
    return { sizes: [...this.sizes], weights, biases };
  }

  dispose(): void {
    this.#w.forEach((w) => w.dispose());
    this.#b.forEach((b) => b.dispose());
  }
}
