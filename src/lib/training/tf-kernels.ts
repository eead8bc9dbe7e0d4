/**
 * The tfjs ops both MLP trainers share (src/lib/training/tf-trainer-sgd.ts, the plain-SGD trainer of one or
 * many networks, and src/lib/training/tf-trainer-general.ts, batch normalisation, shortcuts and other
 * optimizers for one network): the options they take, σ′ from σ, the output layer's δ, the
 * accuracy and cost of an evaluation, the JS assembly of a mini-batch, and the product of many
 * networks' matrices at once. DOM-free; tfjs is passed in.
 *
 * Transposes are explicit (tf.transpose, then a plain matMul): the wasm backend's matMul with
 * transposeA/transposeB set runs about ten times slower than the copy plus an untransposed product
 * (measured with `npm run bench:train`).
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { CostKind } from "../nets/mlp.ts";
import type { Activation } from "../schemas/experiment.ts";

export type Tf = typeof TF;

export interface TrainerOptions {
  cost: CostKind;
  eta: number;
  lambda: number;
  batchSize: number;
  /** Activation of the hidden layers (default sigmoid); the output layer is always sigmoid. */
  activation?: Activation;
  /** Weight layers (1-based) that never change. */
  frozenLayers?: readonly number[];
  /** Batch normalisation of every hidden layer's weighted input (γ = 1, β = 0 at the start). */
  batchNorm?: boolean;
  /** Identity shortcuts: a hidden layer whose width equals its input's adds its input to its output. */
  residual?: boolean;
  /** "sgd" (default), "adam" (Kingma & Ba, with bias correction) or "layerwise": SGD with each layer's step scaled by ‖∂C/∂W^L‖/‖∂C/∂W^l‖. */
  optimizer?: OptimizerKind;
}

export type OptimizerKind = "sgd" | "adam" | "layerwise";

export interface Evaluation {
  accuracy: number;
  /** Average cost per example, plus the L2 term (λ/2n)Σw² when lambda > 0. */
  cost: number;
}

/** Whether these options need the general trainer (batch normalisation, shortcuts, an optimizer other than SGD). */
export const needsGeneral = (opts: TrainerOptions) => Boolean(opts.batchNorm || opts.residual) || (opts.optimizer ?? "sgd") !== "sgd";

/** f′(z) of a hidden layer, from its output h = f(z) (any shape). */
export function slope(tf: Tf, activation: Activation, h: TF.Tensor): TF.Tensor {
  if (activation === "tanh") return tf.sub(1, tf.square(h));
  // ReLU: 1 where h > 0, else 0 (the derivative at 0 is taken as 0).
  if (activation === "relu") return tf.step(h);
  return tf.mul(h, tf.sub(1, h));
}

/** f(y) of a hidden layer's weighted input. */
export function activate(tf: Tf, activation: Activation, y: TF.Tensor): TF.Tensor {
  return activation === "tanh" ? tf.tanh(y) : activation === "relu" ? tf.relu(y) : tf.sigmoid(y);
}

/** ∂C/∂z of the (sigmoid) output layer for one example, unscaled: a − y (cross-entropy) or (a − y)σ′ (quadratic). */
export function outputDelta(tf: Tf, cost: CostKind, aL: TF.Tensor, y: TF.Tensor): TF.Tensor {
  const diff = tf.sub(aL, y);
  if (cost === "cross-entropy") return diff;
  return tf.mul(diff, tf.mul(aL, tf.sub(1, aL)));
}

/**
 * Per network: the average cost over the examples, the number answered correctly and Σw² over the
 * weight matrices. `out` is the output layer's activations, [m, 10] for one network or [N, m, 10] for
 * N; `weights` are [k, n] or [N, k, n]. Every sum runs over one network's elements in the same order
 * whichever shape holds them, so the numbers do not depend on how many networks share the call.
 */
export function evaluationOps(tf: Tf, cost: CostKind, out: TF.Tensor, labels: TF.Tensor1D, weights: readonly TF.Tensor[]): TF.Tensor {
  const many = out.rank === 3;
  const m = labels.shape[0];
  const a = tf.clipByValue(out, 1e-7, 1 - 1e-7);
  const y = tf.cast(tf.oneHot(labels, 10), "float32");
  const per =
    cost === "cross-entropy"
      ? tf.neg(tf.add(tf.mul(y, tf.log(a)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, a)))))
      : tf.mul(0.5, tf.square(tf.sub(a, y)));
  const axes = many ? [1, 2] : undefined;
  const costs = tf.div(tf.sum(per, axes), m);
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(a, many ? 2 : 1), labels), "float32"), many ? 1 : undefined);
  const sq = tf.addN(weights.map((w) => tf.sum(tf.square(w), axes)));
  return many ? tf.stack([costs, correct, sq], 1) : tf.stack([costs, correct, sq]);
}

/** [cost, correct, Σw²] of one network as an Evaluation (the L2 term (λ/2n)Σw² added as Nielsen's total_cost). */
export const toEvaluation = (v: ArrayLike<number>, m: number, lambda: number, trainingSetSize: number): Evaluation => ({
  accuracy: v[1] / m,
  cost: v[0] + (lambda / (2 * trainingSetSize)) * v[2],
});

/**
 * A mini-batch assembled in JavaScript (examples order[k·bs] … order[k·bs + bs − 1] of x, and their
 * one-hot labels) into buffers reused from step to step: the wasm backend's gather is far slower than
 * a plain copy (measured with `npm run bench:train`).
 */
export class MiniBatch {
  x = new Float32Array(0);
  /** With `transposed`: [1 | x]ᵀ, [width + 1, bs], a row of ones and then one column per example. */
  xt = new Float32Array(0);
  y = new Float32Array(0);

  fill(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number, k: number, bs: number): void {
    this.#labels(labels, order, k, bs);
    if (this.x.length !== bs * width) this.x = new Float32Array(bs * width);
    for (let i = 0; i < bs; i++) {
      const e = order[k * bs + i];
      this.x.set(x.subarray(e * width, (e + 1) * width), i * width);
    }
  }

  /** As fill, with the examples into `xt` as [1 | x]ᵀ (a transposed layer's second operand). */
  fillTransposed(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number, k: number, bs: number): void {
    this.#labels(labels, order, k, bs);
    if (this.xt.length !== (width + 1) * bs) this.xt = new Float32Array((width + 1) * bs).fill(1, 0, bs);
    for (let i = 0; i < bs; i++) {
      const e = order[k * bs + i];
      for (let r = 0, from = e * width, to = bs + i; r < width; r++, to += bs) this.xt[to] = x[from + r];
    }
  }

  /** The one-hot labels of mini-batch k into `y`; throws when the batch runs past the examples. */
  #labels(labels: ArrayLike<number>, order: ArrayLike<number>, k: number, bs: number): void {
    if ((k + 1) * bs > order.length) throw new RangeError(`mini-batch ${k} of ${bs} runs past the ${order.length} examples`);
    if (this.y.length !== bs * 10) this.y = new Float32Array(bs * 10);
    this.y.fill(0);
    for (let i = 0; i < bs; i++) this.y[i * 10 + labels[order[k * bs + i]]] = 1;
  }

  /**
   * Mini-batch k of N networks at once, each from its own order and inputs (xs: one per network, or one all
   * read), stacked: x as [N, bs, width + 1] with a column of ones first ([1 | x] of a stacked layer), y as
   * [N, bs, 10].
   */
  fillStacked(xs: readonly Float32Array[], labels: ArrayLike<number>, orders: readonly ArrayLike<number>[], width: number, k: number, bs: number): void {
    const N = orders.length;
    const w1 = width + 1;
    for (const order of orders) if ((k + 1) * bs > order.length) throw new RangeError(`mini-batch ${k} of ${bs} runs past the ${order.length} examples`);
    if (this.x.length !== N * bs * w1) this.x = new Float32Array(N * bs * w1);
    if (this.y.length !== N * bs * 10) this.y = new Float32Array(N * bs * 10);
    this.y.fill(0);
    for (let i = 0; i < N; i++) {
      const x = xs.length === 1 ? xs[0] : xs[i];
      for (let j = 0; j < bs; j++) {
        const e = orders[i][k * bs + j];
        const row = i * bs + j;
        this.x[row * w1] = 1;
        this.x.set(x.subarray(e * width, (e + 1) * width), row * w1 + 1);
        this.y[row * 10 + labels[e]] = 1;
      }
    }
  }
}

/**
 * Largest inner dimension for which tfjs-wasm's product of stacked matrices sums each entry in the
 * order of a single matrix's product. A single product (batch dimension 1) goes to XNNPACK, which
 * sums the k terms of an entry one after another; a stacked one ([N, p, q] · [N, q, r], N > 1) goes
 * to a plain loop that sums the terms in blocks of 48 and then adds the blocks, which rounds
 * differently once a block after the first holds two terms or more. Checked term for term in
 * tests/unit/lib/training/tf-trainer-sgd.test.ts.
 */
export const STACKED_EXACT_INNER = 48;
/**
 * Whether the trainer may compute a product in another shape than a lone network's fused a·W + b: stacked
 * (the rule above), block-diagonal (blockDiagonal) or transposed (TRANSPOSED_MIN_INNER). On tfjs-wasm, the
 * backend the committed numbers come from, each of these is checked to sum every entry as the fused product
 * does, bias first. Other backends sum and add biases in their own orders (tfjs-cpu adds a fused bias after
 * the terms, not before), so there every network gets the lone network's own products.
 */
export const productOrderChecked = (tf: Tf) => tf.getBackend() === "wasm";
/**
 * Above this many multiply-adds (N·p·q·r) the stacked product, a scalar loop, costs more than one
 * SIMD product per network (each a few tfjs calls): both give the same numbers, this only picks the faster.
 */
export const STACKED_MAX_WORK = 400_000;

/**
 * Each network's product a[i] · b[i] for stacked a [N, p, q] and b [N, q, r], every entry summed in
 * the order a lone network's product [p, q] · [q, r] sums it (so one network trained alone and the same
 * network trained beside others get the same numbers): one stacked product where that holds and pays,
 * otherwise one product per network.
 */
export function matMulEach(tf: Tf, a: TF.Tensor3D, b: TF.Tensor3D): TF.Tensor3D {
  const [n, p, q] = a.shape;
  const r = b.shape[2];
  if (n === 1 || (q <= STACKED_EXACT_INNER && n * p * q * r <= STACKED_MAX_WORK && productOrderChecked(tf))) return tf.matMul(a, b);
  const as = tf.unstack(a) as TF.Tensor2D[];
  const bs = tf.unstack(b) as TF.Tensor2D[];
  return tf.stack(as.map((ai, i) => tf.matMul(ai, bs[i]))) as TF.Tensor3D;
}

/** Most networks for which a block-diagonal product (blockDiagonal) pays: it multiplies N times the terms of the stacked one. */
export const BLOCK_DIAGONAL_MAX_N = 6;
/** Fewest outputs n of a stacked layer whose forward product is block-diagonal in a step (at 10 the stacked loop is as fast). */
export const BLOCK_DIAGONAL_MIN_OUT = 20;

/**
 * The N matrices a [N, p, q] as the blocks of one block-diagonal [N·p, N·q] matrix. Its product with the N
 * matrices b [N, q, r] one above the other, [N·q, r], is each network's a[i]·b[i], stacked as [N·p, r], in one
 * product: on wasm a 2-D product goes to XNNPACK, which sums the N·q terms of an entry in order, and the
 * terms of the other blocks are zeros, which leave a sum as it is, so each entry is its lone product's sum.
 * The stacked product ([N, p, q]·[N, q, r]) is a scalar loop instead: at N = 3 and [10, 31]·[31, 30] the
 * block-diagonal one takes 33 against 36 µs forward, and a gradient [1 | a]ᵀδ 22 against 42 µs (wasm in Node).
 * `mask` is blockMask(N), which a caller may keep across steps.
 */
export function blockDiagonal(tf: Tf, a: TF.Tensor3D, mask: TF.Tensor = blockMask(tf, a.shape[0])): TF.Tensor2D {
  const [n, p, q] = a.shape;
  return tf.reshape(tf.mul(tf.reshape(a, [n, p, 1, q]), mask), [n * p, n * q]) as TF.Tensor2D;
}

/** Each network's a[i]·b[i], [N, p, r], from blockDiagonal(a) [N·p, N·q] and the stacked b [N, q, r]. */
export function blockProduct(tf: Tf, blocks: TF.Tensor2D, b: TF.Tensor3D): TF.Tensor3D {
  const [n, q, r] = b.shape;
  return tf.reshape(tf.matMul(blocks, tf.reshape(b, [n * q, r]) as TF.Tensor2D), [n, blocks.shape[0] / n, r]) as TF.Tensor3D;
}

/** Each network's a[i]ᵀ·b[i] for stacked a [N, p, q] and b [N, p, r] (a stacked layer's gradient [1 | a]ᵀδ) by one block-diagonal product. */
export const transposedProductEach = (tf: Tf, a: TF.Tensor3D, b: TF.Tensor3D, mask?: TF.Tensor): TF.Tensor3D => blockProduct(tf, blockDiagonal(tf, transposeEach(tf, a), mask), b);

/** The [N, 1, N, 1] identity that makes blockDiagonal's blocks. */
export const blockMask = (tf: Tf, n: number) => tf.tensor4d(Float32Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? 1 : 0)), [n, 1, n, 1]);

/** Swaps the last two axes of stacked matrices. */
export const transposeEach = (tf: Tf, t: TF.Tensor3D) => tf.transpose(t, [0, 2, 1]) as TF.Tensor3D;

/**
 * Narrowest lowest layer (inputs k) kept transposed on wasm (Pᵀ = [b | Wᵀ], src/lib/training/tf-trainer-sgd.ts), its
 * step's product computed as Pᵀ·[1 | a]ᵀ: that product and the fused a·W + b both go to XNNPACK, which sums
 * each entry's terms one after another starting from the bias (the row of ones puts it first). XNNPACK repacks a product's second operand whenever it
 * changes; the weights change every step, and packing their k × n costs more than packing the (k + 1) × m
 * mini-batch once k is large. Measured on wasm in Node, a forward product of 10 examples whose weights
 * changed since the last step: 136 µs fused against 80 µs transposed at [784 → 30], 144 against 87 at
 * [1000 → 30], 54 against 38 at [300 → 30]. An epoch of the answers table's three stacked networks took
 * 18% less at 1000 inputs, 16% at 784, 9% at 300 and 4–11% at 100 (runs vary by about 5%).
 */
export const TRANSPOSED_MIN_INNER = 100;
