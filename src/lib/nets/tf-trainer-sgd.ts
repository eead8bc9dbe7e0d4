/**
 * Mini-batch SGD for N same-shaped MLPs at once (sigmoid, tanh or ReLU hidden layers; sigmoid
 * outputs), backpropagation written out in tfjs ops (no autodiff, no Layers API). One network is
 * N = 1; the committed runs and the reader's browser train that way (through src/lib/nets/tf-trainer.ts).
 *
 * What a 30-unit network costs is tfjs' overhead per op, not arithmetic, so N networks share each op
 * where they can: a small layer keeps the N networks' weights stacked, [N, k, n] (biases as one flat
 * [N·n] vector: a reshaped tensor keeps its first shape in tfjs-wasm, whose fused product takes only a
 * rank-1 bias), and its activations and δ are stacked too, [N, m, n]. A layer whose stacked product
 * would sum in another order than a lone network's (k + 1 > STACKED_EXACT_INNER, src/lib/nets/tf-kernels.ts),
 * and every layer when N = 1 or on a backend where the stacked product is not checked, keeps one
 * [k, n] matrix per network and runs the lone network's ops on each. Either way each network gets
 * exactly the numbers it would get alone: element-wise ops and sums over one network's elements do
 * not mix networks, a stacked layer's bias enters its product as the first term (a column of ones
 * against a row of biases) where a lone fused product's bias enters it, and matMulEach keeps every
 * product in a lone product's order (tests/unit/lib/nets/tf-trainer-sgd.test.ts compares them bit for bit).
 *
 * Each network has its own learning rate (setEta), its own mini-batch order and, optionally, its own
 * inputs (the frozen first layer's activations differ per seed). DOM-free; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { NetworkParams } from "./network.ts";
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
  stackedProductsExact,
  type Evaluation,
  type Tf,
  type TrainerOptions,
} from "./tf-kernels.ts";

/** N networks' values of one layer: stacked [N, m, n], or one [m, n] per network. */
type Many = TF.Tensor3D | TF.Tensor2D[];

/** One weight layer of the N networks: stacked, or one matrix and bias vector per network. */
type Layer = { stacked: true; w: TF.Variable; b: TF.Variable } | { stacked: false; w: TF.Variable[]; b: TF.Variable[] };

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
  /** One mini-batch buffer per network: tfjs-cpu keeps the array a tensor is made from, so two networks' batches must not share one. */
  #mb: MiniBatch[] = [];

  constructor(tf: Tf, nets: readonly NetworkParams[], opts: TrainerOptions) {
    if (needsGeneral(opts)) throw new Error("SgdTrainer trains plain SGD without batch normalisation or shortcuts; use Trainer (src/lib/nets/tf-trainer.ts), which picks the general trainer for these options");
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
    const stackable = N > 1 && stackedProductsExact(tf);
    // tidy disposes the tensors the variables are copied from (variables survive it).
    this.#layers = tf.tidy(() =>
      sizes.slice(0, -1).map((k, l): Layer => {
        const n = sizes[l + 1];
        if (stackable && k + 1 <= STACKED_EXACT_INNER) {
          const w = new Float32Array(N * k * n);
          const b = new Float32Array(N * n);
          nets.forEach((net, i) => (w.set(net.weights[l], i * k * n), b.set(net.biases[l], i * n)));
          return { stacked: true, w: tf.variable(tf.tensor3d(w, [N, k, n]), true), b: tf.variable(tf.tensor1d(b), true) };
        }
        return { stacked: false, w: nets.map((net) => tf.variable(tf.tensor2d(net.weights[l], [k, n]), true)), b: nets.map((net) => tf.variable(tf.tensor1d(net.biases[l]), true)) };
      }),
    );
    let lowest = 0;
    while (lowest < this.#layers.length && this.#frozen.has(lowest)) lowest++;
    this.#lowest = lowest;
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

  /** Layer l's weights (and biases) as stacked [N, k, n] (and [N, n]), for measurements. */
  #stackedWeights(l: number): TF.Tensor3D {
    const layer = this.#layers[l];
    return layer.stacked ? (layer.w as TF.Tensor3D) : (this.tf.stack(layer.w) as TF.Tensor3D);
  }

  /** f(a·W + b) of weight layer l for every network. */
  #dense(a: Many, l: number): Many {
    const tf = this.tf;
    const N = this.count;
    const layer = this.#layers[l];
    const f = l === this.#layers.length - 1 ? "sigmoid" : this.#activation;
    const one = (x: TF.Tensor2D, w: TF.Tensor2D, b: TF.Tensor1D) =>
      (f === "tanh" ? tf.tanh(tf.fused.matMul({ a: x, b: w, bias: b })) : tf.fused.matMul({ a: x, b: w, bias: b, activation: f })) as TF.Tensor2D;
    if (!layer.stacked) {
      const xs = this.#each(a);
      return layer.w.map((w, i) => one(xs[i], w as TF.Tensor2D, layer.b[i] as TF.Tensor1D));
    }
    const [k, n] = layer.w.shape.slice(1);
    const m = Array.isArray(a) ? a[0].shape[0] : a.shape[1];
    if (N * m * (k + 1) * n <= STACKED_MAX_WORK) {
      const x = tf.concat([tf.ones([N, m, 1]), this.#stacked(a)], 2);
      return activate(tf, f, tf.matMul(x, tf.concat([tf.reshape(layer.b, [N, 1, n]), layer.w], 1))) as TF.Tensor3D;
    }
    const xs = this.#each(a);
    const ws = tf.unstack(layer.w) as TF.Tensor2D[];
    const bs = tf.split(layer.b, N) as TF.Tensor1D[];
    return ws.map((w, i) => one(xs[i], w, bs[i]));
  }

  /** Activations of every layer; index 0 is the inputs, one [m, k] per network. */
  #forward(xs: TF.Tensor2D[]): Many[] {
    const acts: Many[] = [xs];
    for (let l = 0; l < this.#layers.length; l++) acts.push(this.#dense(acts[l], l));
    return acts;
  }

  /** ∂C/∂(output of layer l − 1) ⊙ f′ from δ of layer l: (δ Wᵀ) ⊙ f′(acts[l]). */
  #backward(delta: Many, l: number, acts: Many[]): Many {
    const tf = this.tf;
    const layer = this.#layers[l];
    if (layer.stacked) {
      return tf.mul(matMulEach(tf, this.#stacked(delta), transposeEach(tf, layer.w as TF.Tensor3D)), slope(tf, this.#activation, this.#stacked(acts[l]))) as TF.Tensor3D;
    }
    const ds = this.#each(delta);
    const as = this.#each(acts[l]);
    return layer.w.map((w, i) => tf.mul(tf.matMul(ds[i], tf.transpose(w)), slope(tf, this.#activation, as[i])) as TF.Tensor2D);
  }

  /** ∂C/∂W and ∂C/∂b of layer l from its inputs and δ: stacked [N, k, n] and [N·n], or one pair per network. */
  #layerGradients(l: number, a: Many, delta: Many): { dW: TF.Tensor | TF.Tensor[]; db: TF.Tensor | TF.Tensor[] } {
    const tf = this.tf;
    if (this.#layers[l].stacked) {
      const d = this.#stacked(delta);
      return { dW: matMulEach(tf, transposeEach(tf, this.#stacked(a)), d), db: tf.reshape(tf.sum(d, 1), [-1]) };
    }
    const as = this.#each(a);
    const ds = this.#each(delta);
    return { dW: as.map((x, i) => tf.matMul(tf.transpose(x), ds[i])), db: ds.map((d) => tf.sum(d, 0)) };
  }

  /**
   * One SGD step of every network on its mini-batch: xs one [m, k] per network, ys one [m, 10]. δ is
   * scaled by η/m before it is propagated — backprop is linear in δ — so the updates need no further
   * multiplication; L2 shrinks each weight by 1 − ηλ/n.
   */
  step(xs: TF.Tensor2D[], ys: TF.Tensor2D[], trainingSetSize: number): void {
    const tf = this.tf;
    const N = this.count;
    if (xs.length !== N || ys.length !== N) throw new Error(`${xs.length} input and ${ys.length} label batches for ${N} networks`);
    const m = xs[0].shape[0];
    const decays = this.#etas.map((eta) => 1 - (eta * this.opts.lambda) / trainingSetSize);
    const L = this.#layers.length;
    tf.tidy(() => {
      const acts = this.#forward(xs);
      const out = acts[L];
      let delta: Many = Array.isArray(out)
        ? out.map((a, i) => tf.mul(outputDelta(tf, this.opts.cost, a, ys[i]), this.#etas[i] / m) as TF.Tensor2D)
        : (tf.mul(outputDelta(tf, this.opts.cost, out, tf.stack(ys)), tf.tensor3d(Float32Array.from(this.#etas, (e) => e / m), [N, 1, 1])) as TF.Tensor3D);
      for (let l = L - 1; l >= this.#lowest; l--) {
        const layer = this.#layers[l];
        const nextDelta = l > this.#lowest ? this.#backward(delta, l, acts) : null;
        if (!this.#frozen.has(l)) {
          const { dW, db } = this.#layerGradients(l, acts[l], delta);
          if (layer.stacked) {
            const decay = decays.every((d) => d === 1) ? null : tf.tensor3d(Float32Array.from(decays), [N, 1, 1]);
            layer.w.assign(decay ? tf.sub(tf.mul(layer.w, decay), dW as TF.Tensor) : tf.sub(layer.w, dW as TF.Tensor));
            layer.b.assign(tf.sub(layer.b, db as TF.Tensor));
          } else {
            layer.w.forEach((W, i) => W.assign(decays[i] === 1 ? tf.sub(W, (dW as TF.Tensor[])[i]) : tf.sub(tf.mul(W, decays[i]), (dW as TF.Tensor[])[i])));
            layer.b.forEach((b, i) => b.assign(tf.sub(b, (db as TF.Tensor[])[i])));
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
      const xb: TF.Tensor2D[] = [];
      const yb: TF.Tensor2D[] = [];
      for (let i = 0; i < N; i++) {
        const mb = (this.#mb[i] ??= new MiniBatch());
        mb.fill(xs.length === 1 ? xs[0] : xs[i], labels, orders[i], width, k, bs);
        xb.push(tf.tensor2d(mb.x, [bs, width]));
        yb.push(tf.tensor2d(mb.y, [bs, 10]));
      }
      this.step(xb, yb, n);
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
      if (this.count === 1 && Array.isArray(out)) return evaluationOps(tf, this.opts.cost, out[0], labels, this.#layers.map((layer) => (layer.stacked ? layer.w : layer.w[0])));
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
        dW.unshift(this.#norms(g.dW));
        db.unshift(this.#layers[l].stacked ? this.#norms(tf.reshape(g.db as TF.Tensor, [this.count, -1])) : this.#norms(g.db));
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
    const read = (v: TF.Variable | TF.Variable[]) => (Array.isArray(v) ? Promise.all(v.map((x) => x.data())) : v.data());
    const w = this.#layers.map((layer) => read(layer.w));
    const b = this.#layers.map((layer) => read(layer.b));
    const [ws, bs] = await Promise.all([Promise.all(w), Promise.all(b)]);
    const part = (v: unknown, i: number) => (Array.isArray(v) ? new Float32Array(v[i] as Float32Array) : new Float32Array((v as Float32Array).subarray(((v as Float32Array).length / N) * i, ((v as Float32Array).length / N) * (i + 1))));
    return this.#etas.map((_, i) => ({ sizes: [...this.sizes], weights: ws.map((v) => part(v, i)), biases: bs.map((v) => part(v, i)) }));
  }

  /** Keeps only the networks at these positions (in this order); the others stop training here. */
  keep(indices: readonly number[]): void {
    const tf = this.tf;
    for (const i of indices) if (!(i >= 0 && i < this.count)) throw new RangeError(`no network ${i} among ${this.count}`);
    if (indices.length === 0) throw new Error("keep at least one network");
    const idx = tf.tensor1d(Int32Array.from(indices), "int32");
    const N = this.count;
    this.#layers = this.#layers.map((layer): Layer => {
      if (!layer.stacked) {
        for (const [i, v] of [...layer.w.entries(), ...layer.b.entries()]) if (!indices.includes(i)) v.dispose();
        return { stacked: false, w: indices.map((i) => layer.w[i]), b: indices.map((i) => layer.b[i]) };
      }
      const w = tf.tidy(() => tf.variable(tf.gather(layer.w, idx), true));
      const b = tf.tidy(() => tf.variable(tf.reshape(tf.gather(tf.reshape(layer.b, [N, -1]), idx), [-1]), true));
      layer.w.dispose();
      layer.b.dispose();
      return { stacked: true, w, b };
    });
    idx.dispose();
    this.#etas = indices.map((i) => this.#etas[i]);
    this.#mb = [];
  }

  dispose(): void {
    for (const layer of this.#layers) for (const v of [layer.w, layer.b].flat()) v.dispose();
  }
}
