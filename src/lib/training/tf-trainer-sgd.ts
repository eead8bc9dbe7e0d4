/**
 * Mini-batch SGD for N same-shaped MLPs at once (sigmoid, tanh or ReLU hidden layers; sigmoid
 * outputs), backpropagation written out in tfjs ops (no autodiff, no Layers API). One network is
 * N = 1; the committed runs and the reader's browser train that way (through src/lib/training/tf-trainer.ts).
 *
 * What a 30-unit network costs is tfjs' overhead per op, not arithmetic, so N networks share each op
 * where they can: a small layer keeps the N networks' biases and weights stacked in one variable,
 * [N, k + 1, n] with the biases as row 0, so that its forward product is [1 | a]·P and its gradient
 * [1 | a]ᵀδ in one op each (∂C/∂b is that gradient's row 0, the sum over the examples in the order
 * tf.sum adds them), and its activations and δ are stacked too, [N, m, n]. A layer whose stacked product
 * would sum in another order than a lone network's (k + 1 > STACKED_EXACT_INNER, src/lib/training/tf-kernels.ts),
 * and every layer when N = 1 or on a backend where the stacked product is not checked, keeps one
 * [k, n] matrix per network and runs the lone network's ops on each. Either way each network gets
 * exactly the numbers it would get alone: element-wise ops and sums over one network's elements do
 * not mix networks, a stacked layer's bias enters its product as the first term (a column of ones
 * against a row of biases) where a lone fused product's bias enters it, and matMulEach keeps every
 * product in a lone product's order (tests/unit/lib/training/tf-trainer-sgd.test.ts compares them bit for bit).
 *
 * In a step, at most BLOCK_DIAGONAL_MAX_N networks compute a stacked layer's products as one XNNPACK product
 * of a block-diagonal matrix (blockDiagonal: each network's [1 | a] a block, zeros around it) rather than the
 * stacked product, a scalar loop: the zeros leave every sum as it is.
 *
 * A wide lowest layer (784 pixels, or a frozen layer's 1000 activations) on wasm is kept transposed,
 * Pᵀ = [b | Wᵀ] per network, and a step multiplies Pᵀ·[1 | a]ᵀ: the same sums in the same order as the
 * fused a·W + b, but XNNPACK then packs the 10-example mini-batch rather than the weights, which change
 * every step (TRANSPOSED_MIN_INNER). batch() assembles what layer 0 reads in JavaScript: [1 | x]ᵀ for a
 * transposed layer, one stacked [1 | x] for a stacked one. The tests check all of it bit for bit against
 * a plain SGD step written with the fused product.
 *
 * Each network has its own learning rate (setEta), its own mini-batch order and, optionally, its own
 * inputs (the frozen first layer's activations differ per seed). DOM-free; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { NetworkParams } from "../nets/network.ts";
import type { Activation } from "../schemas/experiment.ts";
import {
  activate,
  evaluationOps,
  matMulEach,
  MiniBatch,
  needsGeneral,
  outputDelta,
  slope,
  toEvaluation,
  transposeEach,
  STACKED_EXACT_INNER,
  STACKED_MAX_WORK,
  productOrderChecked,
  TRANSPOSED_MIN_INNER,
  BLOCK_DIAGONAL_MAX_N,
  BLOCK_DIAGONAL_MIN_OUT,
  blockDiagonal,
  blockMask,
  blockProduct,
  transposedProductEach,
  type Evaluation,
  type Tf,
  type TrainerOptions,
} from "./tf-kernels.ts";

/** N networks' values of one layer: stacked [N, m, n], or one [m, n] per network. */
type Many = TF.Tensor3D | TF.Tensor2D[];

/**
 * What a training step's forward pass keeps of a layer for its gradient: a stacked layer's [1 | a] ([N, m, k + 1],
 * or as a block-diagonal [N·m, N·(k + 1)]), a transposed layer's [1 | a]ᵀ per network.
 */
type Saved = TF.Tensor3D | TF.Tensor2D | TF.Tensor2D[] | undefined;

/** Pᵀ = [b | Wᵀ], [n, k + 1], of weights W [k, n] and biases b [n]. */
export function transposedParams(w: ArrayLike<number>, b: ArrayLike<number>, k: number, n: number): Float32Array {
  const pt = new Float32Array(n * (k + 1));
  for (let j = 0; j < n; j++) {
    pt[j * (k + 1)] = b[j];
    for (let r = 0; r < k; r++) pt[j * (k + 1) + 1 + r] = w[r * n + j];
  }
  return pt;
}

/** W [k, n] and b [n] back from Pᵀ [n, k + 1]. */
export function fromTransposedParams(pt: ArrayLike<number>, k: number, n: number): { weights: Float32Array; biases: Float32Array } {
  const weights = new Float32Array(k * n);
  const biases = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    biases[j] = pt[j * (k + 1)];
    for (let r = 0; r < k; r++) weights[r * n + j] = pt[j * (k + 1) + 1 + r];
  }
  return { weights, biases };
}

/**
 * One weight layer of the N networks:
 *   stacked     one [N, k + 1, n] variable whose row 0 is each network's biases and rows 1…k its weights
 *               (the product with [1 | a] adds the bias first, as a lone fused product does, and the
 *               gradient's row 0 is ∂C/∂b);
 *   each        one [k, n] matrix and bias vector per network;
 *   transposed  a wide lowest layer on wasm: one [n, k + 1] variable per network, Pᵀ = [b | Wᵀ], so that a
 *               step's forward product is Pᵀ·[1 | a]ᵀ. XNNPACK packs the second operand of a product
 *               whenever it changes: packing the mini-batch (m columns) instead of the weights, which change
 *               every step, is what saves the time (TRANSPOSED_MIN_INNER). Each entry is still the sum
 *               b + x₁w₁ + … + x_k w_k in that order, as the lone fused product sums it.
 */
type Layer = { kind: "stacked"; p: TF.Variable } | { kind: "each"; w: TF.Variable[]; b: TF.Variable[] } | { kind: "transposed"; pt: TF.Variable[] };

export class SgdTrainer {
  readonly tf: Tf;
  readonly sizes: number[];
  readonly opts: TrainerOptions;
  #layers: Layer[];
  #frozen: Set<number>;
  #activation: Activation;
  /** Lowest layer index (0-based) that learns: backprop stops there. */
  #lowest: number;
  #etas: number[];
  /**
   * Constant tensors a step needs, made once and kept across steps, by what they hold: the column of ones of
   * [1 | a], each network's η/m, the L2 factors that shrink a layer's weights and not its biases (a transposed
   * layer's [1, d, …, d] row, a stacked layer's [N, k + 1, 1]), the block-diagonal mask.
   */
  #constants = new Map<string, TF.Tensor>();
  /** One mini-batch buffer per network: tfjs-cpu keeps the array a tensor is made from, so two networks' batches must not share one. */
  #mb: MiniBatch[] = [];

  constructor(tf: Tf, nets: readonly NetworkParams[], opts: TrainerOptions) {
    if (needsGeneral(opts)) throw new Error("SgdTrainer trains plain SGD without batch normalisation or shortcuts; use Trainer (src/lib/training/tf-trainer.ts), which picks the general trainer for these options");
    if (nets.length === 0) throw new Error("SgdTrainer needs at least one network");
    const sizes = nets[0].sizes;
    for (const [i, net] of nets.entries()) {
      if (net.sizes.join() !== sizes.join()) throw new Error(`network ${i} has sizes [${net.sizes.join(", ")}], network 0 [${sizes.join(", ")}]: networks trained together must have one shape`);
    }
    this.tf = tf;
    this.sizes = [...sizes];
    this.opts = opts;
    this.#frozen = new Set((opts.frozenLayers ?? []).map((l) => l - 1));
    this.#activation = opts.activation ?? "sigmoid";
    const N = nets.length;
    const stackable = N > 1 && productOrderChecked(tf);
    let lowest = 0;
    while (lowest < sizes.length - 1 && this.#frozen.has(lowest)) lowest++;
    this.#lowest = lowest;
    // tidy disposes the tensors the variables are copied from (variables survive it).
    this.#layers = tf.tidy(() =>
      sizes.slice(0, -1).map((k, l): Layer => {
        const n = sizes[l + 1];
        if (stackable && k + 1 <= STACKED_EXACT_INNER) {
          const p = new Float32Array(N * (k + 1) * n);
          nets.forEach((net, i) => (p.set(net.biases[l], i * (k + 1) * n), p.set(net.weights[l], i * (k + 1) * n + n)));
          return { kind: "stacked", p: tf.variable(tf.tensor3d(p, [N, k + 1, n]), true) };
        }
        if (l === lowest && k >= TRANSPOSED_MIN_INNER && productOrderChecked(tf)) {
          return { kind: "transposed", pt: nets.map((net) => tf.variable(tf.tensor2d(transposedParams(net.weights[l], net.biases[l], k, n), [n, k + 1]), true)) };
        }
        return { kind: "each", w: nets.map((net) => tf.variable(tf.tensor2d(net.weights[l], [k, n]), true)), b: nets.map((net) => tf.variable(tf.tensor1d(net.biases[l]), true)) };
      }),
    );
    this.#etas = nets.map(() => opts.eta);
  }

  /** How many networks train together. */
  get count(): number {
    return this.#etas.length;
  }

  /** The learning rate of each network. */
  get etas(): readonly number[] {
    return this.#etas;
  }

  /** Sets network i's learning rate from the next step on. */
  setEta(i: number, eta: number): void {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no network ${i} among ${this.count}`);
    this.#etas[i] = eta;
  }

  #each(t: Many): TF.Tensor2D[] {
    return Array.isArray(t) ? t : (this.tf.unstack(t) as TF.Tensor2D[]);
  }

  #stacked(t: Many): TF.Tensor3D {
    return Array.isArray(t) ? (this.tf.stack(t) as TF.Tensor3D) : t;
  }

  /** The weights of a stacked layer: rows 1…k of its parameters, [N, k, n]. */
  #weightsOf(p: TF.Tensor): TF.Tensor3D {
    return this.tf.slice(p, [0, 1, 0], [-1, -1, -1]) as TF.Tensor3D;
  }

  /** Layer l's weights as stacked [N, k, n], for measurements. */
  #stackedWeights(l: number): TF.Tensor3D {
    const layer = this.#layers[l];
    if (layer.kind === "stacked") return this.#weightsOf(layer.p);
    return this.tf.stack(this.#loneWeights(l).map((x) => x.w)) as TF.Tensor3D;
  }

  /** Each network's weights [k, n] and biases [n] of an unstacked layer (a transposed layer's as copies). */
  #loneWeights(l: number): { w: TF.Tensor2D; b: TF.Tensor1D }[] {
    const tf = this.tf;
    const layer = this.#layers[l];
    if (layer.kind === "each") return layer.w.map((w, i) => ({ w: w as TF.Tensor2D, b: layer.b[i] as TF.Tensor1D }));
    if (layer.kind === "transposed") {
      return layer.pt.map((pt) => {
        const p = tf.transpose(pt) as TF.Tensor2D;
        // The biases as a rank-1 copy (a reshape keeps its data's rank-2 shape, which the fused product refuses).
        return { w: tf.slice(p, [1, 0], [-1, -1]), b: tf.slice(tf.reshape(p, [-1]), 0, p.shape[1]) as TF.Tensor1D };
      });
    }
    throw new Error(`layer ${l} is stacked`);
  }

  #constant<T extends TF.Tensor>(key: string, make: () => T): T {
    let t = this.#constants.get(key);
    if (!t) this.#constants.set(key, (t = this.tf.keep(make())));
    return t as T;
  }

  /** Whether a step's stacked products may be block-diagonal ones (blockDiagonal in src/lib/training/tf-kernels.ts). */
  #blocks(): boolean {
    return this.count > 1 && this.count <= BLOCK_DIAGONAL_MAX_N;
  }

  #mask(): TF.Tensor {
    return this.#constant(`mask ${this.count}`, () => blockMask(this.tf, this.count));
  }

  #decayRow(k1: number, d: number): TF.Tensor2D {
    return this.#constant(`decay ${k1} ${d}`, () => this.tf.tensor2d(Float32Array.from({ length: k1 }, (_, r) => (r === 0 ? 1 : d)), [1, k1]));
  }

  /** [1 | a]ᵀ of each network's examples, [k + 1, m]: the second operand of a transposed layer's products. */
  #onesT(a: Many): TF.Tensor2D[] {
    const tf = this.tf;
    return this.#each(a).map((x) => tf.transpose(tf.concat([tf.ones([x.shape[0], 1]), x], 1)) as TF.Tensor2D);
  }

  /** [1 | a]: the examples of a stacked layer with a column of ones before them, [N, m, k + 1]. */
  #withOnes(a: Many): TF.Tensor3D {
    const tf = this.tf;
    const x = this.#stacked(a);
    const [n, m] = x.shape;
    return tf.concat([this.#constant(`ones ${n} ${m}`, () => tf.ones([n, m, 1])), x], 2) as TF.Tensor3D;
  }

  /**
   * f(a·W + b) of weight layer l for every network. In a training step (`ones` given), a stacked product's
   * [1 | a] and a transposed layer's [1 | a]ᵀ go into `ones[l]` for the gradient.
   */
  #dense(a: Many, l: number, ones?: Saved[]): Many {
    const tf = this.tf;
    const N = this.count;
    const layer = this.#layers[l];
    const f = l === this.#layers.length - 1 ? "sigmoid" : this.#activation;
    const one = (x: TF.Tensor2D, w: TF.Tensor2D, b: TF.Tensor1D) =>
      (f === "tanh" ? tf.tanh(tf.fused.matMul({ a: x, b: w, bias: b })) : tf.fused.matMul({ a: x, b: w, bias: b, activation: f })) as TF.Tensor2D;
    if (layer.kind === "transposed" && ones) {
      const xt = (ones[l] as TF.Tensor2D[] | undefined) ?? this.#onesT(a);
      ones[l] = xt;
      const m = xt[0].shape[1];
      // A mini-batch wider than the layer would cost more to pack than the weights: then the fused product.
      if (m <= this.sizes[l + 1]) {
        const zT = layer.pt.map((pt, i) => tf.matMul(pt, xt[i]));
        // Several networks: their z stacked, [N, m, n], one transpose and one activation for all.
        return N === 1 ? [activate(tf, f, tf.transpose(zT[0])) as TF.Tensor2D] : (activate(tf, f, transposeEach(tf, tf.stack(zT) as TF.Tensor3D)) as TF.Tensor3D);
      }
    }
    if (layer.kind !== "stacked") {
      const xs = this.#each(a);
      return this.#loneWeights(l).map(({ w, b }, i) => one(xs[i], w, b));
    }
    const m = Array.isArray(a) ? (a[0]?.shape[0] ?? (ones?.[l] as TF.Tensor3D).shape[1]) : a.shape[1];
    if (this.#stackedProduct(l, m)) {
      const x = (ones?.[l] as TF.Tensor3D | undefined) ?? this.#withOnes(a);
      if (ones && this.#blocks() && this.sizes[l + 1] >= BLOCK_DIAGONAL_MIN_OUT) {
        // In a step: [1 | a] as a block-diagonal matrix, kept for the gradient, times the N parameter matrices one above the other.
        const blocks = blockDiagonal(tf, x, this.#mask());
        ones[l] = blocks;
        return activate(tf, f, blockProduct(tf, blocks, layer.p as TF.Tensor as TF.Tensor3D)) as TF.Tensor3D;
      }
      if (ones) ones[l] = x;
      return activate(tf, f, tf.matMul(x, layer.p)) as TF.Tensor3D;
    }
    const xs = this.#each(a);
    const ws = tf.unstack(this.#weightsOf(layer.p)) as TF.Tensor2D[];
    // Fresh rank-1 biases (split copies): the fused product takes a rank-1 bias.
    const bs = tf.split(tf.reshape(tf.slice(layer.p, [0, 0, 0], [-1, 1, -1]), [-1]), N) as TF.Tensor1D[];
    return ws.map((w, i) => one(xs[i], w, bs[i]));
  }

  /** Whether stacked layer l computes its forward product on m examples as one stacked product (rather than one per network). */
  #stackedProduct(l: number, m: number): boolean {
    return this.#layers[l].kind === "stacked" && this.count * m * (this.sizes[l] + 1) * this.sizes[l + 1] <= STACKED_MAX_WORK;
  }

  /** Activations of every layer; index 0 is the inputs, one [m, k] per network. `ones` collects the stacked layers' [1 | a] and the transposed layers' [1 | a]ᵀ. */
  #forward(xs: TF.Tensor2D[], ones?: Saved[]): Many[] {
    const acts: Many[] = [xs];
    for (let l = 0; l < this.#layers.length; l++) acts.push(this.#dense(acts[l], l, ones));
    return acts;
  }

  /** ∂C/∂(output of layer l − 1) ⊙ f′ from δ of layer l: (δ Wᵀ) ⊙ f′(acts[l]). */
  #backward(delta: Many, l: number, acts: Many[]): Many {
    const tf = this.tf;
    const layer = this.#layers[l];
    if (layer.kind === "stacked") {
      return tf.mul(matMulEach(tf, this.#stacked(delta), transposeEach(tf, this.#weightsOf(layer.p))), slope(tf, this.#activation, this.#stacked(acts[l]))) as TF.Tensor3D;
    }
    const ds = this.#each(delta);
    const as = this.#each(acts[l]);
    // Wᵀ: a transposed layer holds it as columns 1…k of Pᵀ.
    const wT = layer.kind === "each" ? layer.w.map((w) => tf.transpose(w)) : layer.pt.map((pt) => tf.slice(pt, [0, 1], [-1, -1]));
    return wT.map((w, i) => tf.mul(tf.matMul(ds[i], w), slope(tf, this.#activation, as[i])) as TF.Tensor2D);
  }

  /**
   * The gradient of layer l from its inputs and δ: for a stacked layer [1 | a]ᵀ δ, [N, k + 1, n], whose row 0
   * is ∂C/∂b (Σ over the examples of δ, in order from 0, as tf.sum adds them) and rows 1…k ∂C/∂W (`ones` is
   * [1 | a] when the forward pass made it); otherwise ∂C/∂W and ∂C/∂b per network.
   */
  #layerGradients(l: number, a: Many, delta: Many, ones?: Saved): { dP: TF.Tensor3D } | { dW: TF.Tensor[]; db: TF.Tensor[] } {
    const tf = this.tf;
    const kind = this.#layers[l].kind;
    if (kind === "stacked") {
      const d = this.#stacked(delta);
      // The forward pass's block-diagonal [1 | a], transposed, is the block-diagonal [1 | a]ᵀ.
      if (ones && !Array.isArray(ones) && ones.rank === 2) return { dP: blockProduct(tf, tf.transpose(ones as TF.Tensor2D), d) };
      const x1 = (ones as TF.Tensor3D | undefined) ?? this.#withOnes(a);
      // In a step (`ones` given): one block-diagonal product where it pays; a measurement over many examples keeps the stacked one.
      return { dP: ones && this.#blocks() ? transposedProductEach(tf, x1, d, this.#mask()) : matMulEach(tf, transposeEach(tf, x1), d) };
    }
    const ds = this.#each(delta);
    if (kind === "transposed") {
      // [1 | a]ᵀδ, [k + 1, n]: row 0 is Σ δ over the examples in order, as tf.sum adds them; rows 1…k are ∂C/∂W.
      const dP = this.#transposedGradients(a, ds, ones as TF.Tensor2D[] | undefined);
      return { dW: dP.map((g) => tf.slice(g, [1, 0], [-1, -1])), db: dP.map((g) => tf.reshape(tf.slice(g, [0, 0], [1, -1]), [-1])) };
    }
    const as = this.#each(a);
    return { dW: as.map((x, i) => tf.matMul(tf.transpose(x), ds[i])), db: ds.map((d) => tf.sum(d, 0)) };
  }

  /** [1 | a]ᵀδ of a transposed layer, one [k + 1, n] per network (`ones` is [1 | a]ᵀ when the forward pass made it). */
  #transposedGradients(a: Many, ds: TF.Tensor2D[], ones?: TF.Tensor2D[]): TF.Tensor2D[] {
    const xt = ones ?? this.#onesT(a);
    return xt.map((x, i) => this.tf.matMul(x, ds[i]));
  }

  /**
   * One SGD step of every network on its mini-batch: xs one [m, k] per network, ys one [m, 10]. δ is
   * scaled by η/m before it is propagated — backprop is linear in δ — so the updates need no further
   * multiplication; L2 shrinks each weight by 1 − ηλ/n.
   */
  step(xs: TF.Tensor2D[], ys: TF.Tensor2D[], trainingSetSize: number): void {
    if (xs.length !== this.count || ys.length !== this.count) throw new Error(`${xs.length} input and ${ys.length} label batches for ${this.count} networks`);
    this.#step(xs, ys, trainingSetSize);
  }

  /** Whether batch() hands layer 0 its mini-batch as [1 | x]ᵀ, [k + 1, m] (a transposed layer 0 taking the transposed product). */
  #transposedInput(m: number): boolean {
    return this.#layers[0].kind === "transposed" && m <= this.sizes[1];
  }

  /**
   * step(), where layer 0 may get its examples as made in JavaScript by batch() (`input0`, instead of xs): a
   * transposed layer's [1 | x]ᵀ per network, or a stacked layer's [1 | x]; ys may come stacked, [N, m, 10].
   */
  #step(xs: TF.Tensor2D[], ys: TF.Tensor2D[] | TF.Tensor3D, trainingSetSize: number, input0?: Saved): void {
    const tf = this.tf;
    const N = this.count;
    const m = Array.isArray(ys) ? ys[0].shape[0] : ys.shape[1];
    const decays = this.#etas.map((eta) => 1 - (eta * this.opts.lambda) / trainingSetSize);
    const L = this.#layers.length;
    tf.tidy(() => {
      const ones: Saved[] = input0 ? [input0] : [];
      const acts = this.#forward(xs, ones);
      const out = acts[L];
      let delta: Many = Array.isArray(out)
        ? this.#each(ys).map((y, i) => tf.mul(outputDelta(tf, this.opts.cost, (out as TF.Tensor2D[])[i], y), this.#etas[i] / m) as TF.Tensor2D)
        : (tf.mul(outputDelta(tf, this.opts.cost, out, Array.isArray(ys) ? tf.stack(ys) : ys), this.#constant(`η/m ${m} ${this.#etas.join(" ")}`, () => tf.tensor3d(Float32Array.from(this.#etas, (e) => e / m), [N, 1, 1]))) as TF.Tensor3D);
      for (let l = L - 1; l >= this.#lowest; l--) {
        const layer = this.#layers[l];
        const nextDelta = l > this.#lowest ? this.#backward(delta, l, acts) : null;
        if (layer.kind === "transposed") {
          // Pᵀ ← Pᵀ − ([1 | a]ᵀδ)ᵀ; L2 shrinks columns 1…k (the weights), not column 0 (the biases).
          const dP = this.#transposedGradients(acts[l], this.#each(delta), ones[l] as TF.Tensor2D[]);
          const k1 = this.sizes[l] + 1;
          layer.pt.forEach((pt, i) => pt.assign(tf.sub(decays[i] === 1 ? pt : tf.mul(pt, this.#decayRow(k1, decays[i])), tf.transpose(dP[i]))));
        } else if (!this.#frozen.has(l)) {
          const g = this.#layerGradients(l, acts[l], delta, ones[l]);
          if (layer.kind === "stacked" && "dP" in g) {
            // L2 shrinks the weights (rows 1…k), not the biases (row 0, multiplied by 1).
            const k1 = this.sizes[l] + 1;
            const decay = decays.every((d) => d === 1)
              ? null
              : this.#constant(`decays ${k1} ${decays.join(" ")}`, () => tf.tensor3d(Float32Array.from({ length: N * k1 }, (_, r) => (r % k1 === 0 ? 1 : decays[Math.floor(r / k1)])), [N, k1, 1]));
            layer.p.assign(decay ? tf.sub(tf.mul(layer.p, decay), g.dP) : tf.sub(layer.p, g.dP));
          } else if (layer.kind === "each" && "dW" in g) {
            layer.w.forEach((W, i) => W.assign(decays[i] === 1 ? tf.sub(W, g.dW[i]) : tf.sub(tf.mul(W, decays[i]), g.dW[i])));
            layer.b.forEach((b, i) => b.assign(tf.sub(b, g.db[i])));
          }
        }
        if (nextDelta) delta = nextDelta;
      }
    });
  }

  /**
   * One SGD step on mini-batch k of every network's order (examples orders[i][k·bs …]); n is the
   * training-set size for the L2 term. xs holds one Float32Array of `width` values per example,
   * either one per network or a single one every network reads; labels (0–9) are shared.
   */
  batch(xs: readonly Float32Array[], labels: ArrayLike<number>, orders: readonly ArrayLike<number>[], width: number, k: number, n: number): void {
    const tf = this.tf;
    const N = this.count;
    const bs = this.opts.batchSize;
    if (orders.length !== N) throw new Error(`${orders.length} example orders for ${N} networks`);
    if (xs.length !== N && xs.length !== 1) throw new Error(`${xs.length} input sets for ${N} networks (give one per network, or one for all)`);
    tf.tidy(() => {
      if (this.#stackedProduct(0, bs)) {
        // One [1 | x] for every network's layer 0, and one y (unstacked again if the output layer is not stacked).
        const mb = (this.#mb[0] ??= new MiniBatch());
        mb.fillStacked(xs, labels, orders, width, k, bs);
        this.#step([], tf.tensor3d(mb.y, [N, bs, 10]), n, tf.tensor3d(mb.x, [N, bs, width + 1]));
        return;
      }
      const xb: TF.Tensor2D[] = [];
      const yb: TF.Tensor2D[] = [];
      const transposed = this.#transposedInput(bs);
      for (let i = 0; i < N; i++) {
        const mb = (this.#mb[i] ??= new MiniBatch());
        if (transposed) mb.fillTransposed(xs.length === 1 ? xs[0] : xs[i], labels, orders[i], width, k, bs);
        else mb.fill(xs.length === 1 ? xs[0] : xs[i], labels, orders[i], width, k, bs);
        xb.push(transposed ? tf.tensor2d(mb.xt, [width + 1, bs]) : tf.tensor2d(mb.x, [bs, width]));
        yb.push(tf.tensor2d(mb.y, [bs, 10]));
      }
      if (transposed) this.#step([], yb, n, xb);
      else this.#step(xb, yb, n);
    });
  }

  /** One epoch of every network over its own order of the examples (a last partial mini-batch is dropped). */
  epoch(xs: readonly Float32Array[], labels: ArrayLike<number>, orders: readonly ArrayLike<number>[], width: number): void {
    const batches = Math.floor(orders[0].length / this.opts.batchSize);
    for (let k = 0; k < batches; k++) this.batch(xs, labels, orders, width, k, orders[0].length);
  }

  /** The examples as one [m, k] per network: x is [m, k] (every network reads it), [N, m, k] or a list of N [m, k]. */
  #inputs(x: TF.Tensor | TF.Tensor2D[]): TF.Tensor2D[] {
    if (Array.isArray(x)) {
      if (x.length !== this.count) throw new Error(`${x.length} input sets for ${this.count} networks`);
      return x;
    }
    return x.rank === 2 ? this.#etas.map(() => x as TF.Tensor2D) : (this.tf.unstack(x) as TF.Tensor2D[]);
  }

  /** Accuracy and average cost (with the L2 term over trainingSetSize, as Nielsen's total_cost) of each network; x [m, k] shared, [N, m, k] or one [m, k] per network. */
  async evaluate(x: TF.Tensor | TF.Tensor2D[], labels: TF.Tensor1D, trainingSetSize: number): Promise<Evaluation[]> {
    const tf = this.tf;
    const L = this.#layers.length;
    const result = tf.tidy(() => {
      const out = this.#forward(this.#inputs(x))[L];
      // One network (alone, or the last one kept): its rank-2 evaluation, as a lone Trainer's (a stacked [1, k, n] sums as its [k, n]).
      if (this.count === 1 && Array.isArray(out)) return evaluationOps(tf, this.opts.cost, out[0], labels, this.#layers.map((layer, l) => (layer.kind === "stacked" ? this.#weightsOf(layer.p) : this.#loneWeights(l)[0].w)));
      return evaluationOps(tf, this.opts.cost, this.#stacked(out), labels, this.#layers.map((_, l) => this.#stackedWeights(l)));
    });
    const v = await result.data();
    result.dispose();
    const m = labels.shape[0];
    return this.#etas.map((_, i) => toEvaluation(v.subarray(i * 3, i * 3 + 3), m, this.opts.lambda, trainingSetSize));
  }

  /** Euclidean norm of each network's part of t: per network [..] tensors, or stacked with the network first. */
  #norms(t: TF.Tensor | TF.Tensor[]): TF.Tensor {
    const tf = this.tf;
    if (Array.isArray(t)) return tf.stack(t.map((x) => tf.norm(x)));
    return tf.norm(t, "euclidean", t.rank === 3 ? [1, 2] : 1);
  }

  /** Per network, per layer ‖∂C/∂b^l‖, C averaged over the given examples (Nielsen's measurement). */
  async biasGradientNorms(x: TF.Tensor | TF.Tensor2D[], labels: TF.Tensor1D): Promise<number[][]> {
    const tf = this.tf;
    const m = labels.shape[0];
    const L = this.#layers.length;
    const norms = tf.tidy(() => {
      const y = tf.cast(tf.oneHot(labels, 10), "float32");
      const acts = this.#forward(this.#inputs(x));
      const out = acts[L];
      let delta: Many = Array.isArray(out) ? out.map((a) => outputDelta(tf, this.opts.cost, a, y) as TF.Tensor2D) : (outputDelta(tf, this.opts.cost, out, y) as TF.Tensor3D);
      const rows: TF.Tensor[] = [];
      for (let l = L - 1; l >= 0; l--) {
        rows.unshift(this.#norms(Array.isArray(delta) ? delta.map((d) => tf.div(tf.sum(d, 0), m)) : tf.div(tf.sum(delta, 1), m)));
        if (l > 0) delta = this.#backward(delta, l, acts);
      }
      return tf.stack(rows, 1);
    });
    return this.#rows(norms, L);
  }

  /**
   * Per network, per layer ‖∂C₀/∂W^l‖ and ‖∂C₀/∂b^l‖ of every layer, frozen or not, with C₀ the average
   * cost over the given examples without the L2 term (the data's pull on each layer).
   */
  async gradientNorms(x: TF.Tensor | TF.Tensor2D[], labels: TF.Tensor1D): Promise<{ weights: number[]; biases: number[] }[]> {
    const tf = this.tf;
    const L = this.#layers.length;
    const m = labels.shape[0];
    const norms = tf.tidy(() => {
      const y = tf.cast(tf.oneHot(labels, 10), "float32");
      const acts = this.#forward(this.#inputs(x));
      const out = acts[L];
      let delta: Many = Array.isArray(out) ? out.map((a) => tf.div(outputDelta(tf, this.opts.cost, a, y), m) as TF.Tensor2D) : (tf.div(outputDelta(tf, this.opts.cost, out, y), m) as TF.Tensor3D);
      const dW: TF.Tensor[] = [];
      const db: TF.Tensor[] = [];
      for (let l = L - 1; l >= 0; l--) {
        const g = this.#layerGradients(l, acts[l], delta);
        if ("dP" in g) {
          dW.unshift(this.#norms(this.#weightsOf(g.dP)));
          db.unshift(this.#norms(tf.reshape(tf.slice(g.dP, [0, 0, 0], [-1, 1, -1]), [this.count, -1])));
        } else {
          dW.unshift(this.#norms(g.dW));
          db.unshift(this.#norms(g.db));
        }
        if (l > 0) delta = this.#backward(delta, l, acts);
      }
      return tf.stack([...dW, ...db], 1);
    });
    return (await this.#rows(norms, 2 * L)).map((r) => ({ weights: r.slice(0, L), biases: r.slice(L) }));
  }

  async #rows(t: TF.Tensor, width: number): Promise<number[][]> {
    const v = await t.data();
    t.dispose();
    return this.#etas.map((_, i) => Array.from(v.subarray(i * width, (i + 1) * width)));
  }

  /**
   * Each network's current parameters, copied out of the backend. Every read starts before the first
   * await, so a trainer disposed while they are in flight still returns the values as of the call.
   */
  async params(): Promise<NetworkParams[]> {
    const N = this.count;
    // Every read starts here, before the first await.
    const reads = this.#layers.map((layer) =>
      layer.kind === "stacked" ? layer.p.data() : layer.kind === "transposed" ? Promise.all(layer.pt.map((x) => x.data())) : Promise.all([Promise.all(layer.w.map((x) => x.data())), Promise.all(layer.b.map((x) => x.data()))]),
    );
    const values = await Promise.all(reads);
    const weights: Float32Array[][] = this.#etas.map(() => []);
    const biases: Float32Array[][] = this.#etas.map(() => []);
    this.#layers.forEach((layer, l) => {
      const v = values[l];
      if (layer.kind === "transposed") {
        const [k, n] = [this.sizes[l], this.sizes[l + 1]];
        (v as Float32Array[]).forEach((pt, i) => {
          const { weights: w, biases: b } = fromTransposedParams(pt, k, n);
          weights[i].push(w);
          biases[i].push(b);
        });
      } else if (!Array.isArray(v)) {
        // [N, k + 1, n]: per network, its biases (row 0), then its weights.
        const block = (v as Float32Array).length / N;
        const n = this.sizes[l + 1];
        for (let i = 0; i < N; i++) {
          biases[i].push(new Float32Array((v as Float32Array).subarray(i * block, i * block + n)));
          weights[i].push(new Float32Array((v as Float32Array).subarray(i * block + n, (i + 1) * block)));
        }
      } else {
        const [ws, bs] = v as [Float32Array[], Float32Array[]];
        for (let i = 0; i < N; i++) (weights[i].push(new Float32Array(ws[i])), biases[i].push(new Float32Array(bs[i])));
      }
    });
    return this.#etas.map((_, i) => ({ sizes: [...this.sizes], weights: weights[i], biases: biases[i] }));
  }

  /** Keeps only the networks at these positions (in this order); the others stop training here. */
  keep(indices: readonly number[]): void {
    const tf = this.tf;
    for (const i of indices) if (!(i >= 0 && i < this.count)) throw new RangeError(`no network ${i} among ${this.count}`);
    if (indices.length === 0) throw new Error("keep at least one network");
    const idx = tf.tensor1d(Int32Array.from(indices), "int32");
    this.#layers = this.#layers.map((layer): Layer => {
      if (layer.kind === "each") {
        for (const [i, v] of [...layer.w.entries(), ...layer.b.entries()]) if (!indices.includes(i)) v.dispose();
        return { kind: "each", w: indices.map((i) => layer.w[i]), b: indices.map((i) => layer.b[i]) };
      }
      if (layer.kind === "transposed") {
        for (const [i, v] of layer.pt.entries()) if (!indices.includes(i)) v.dispose();
        return { kind: "transposed", pt: indices.map((i) => layer.pt[i]) };
      }
      const p = tf.tidy(() => tf.variable(tf.gather(layer.p, idx), true));
      layer.p.dispose();
      return { kind: "stacked", p };
    });
    idx.dispose();
    this.#etas = indices.map((i) => this.#etas[i]);
    this.#mb = [];
  }

  dispose(): void {
    for (const t of this.#constants.values()) t.dispose();
    this.#constants.clear();
    for (const layer of this.#layers) for (const v of layer.kind === "stacked" ? [layer.p] : layer.kind === "transposed" ? layer.pt : [...layer.w, ...layer.b]) v.dispose();
  }
}
