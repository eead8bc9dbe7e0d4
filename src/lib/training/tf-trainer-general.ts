/**
 * The general MLP trainer: one network with batch normalisation, residual shortcuts, Adam or
 * "layerwise" steps (sigmoid, tanh or ReLU hidden layers; sigmoid outputs), backpropagation written
 * out in tfjs ops (no autodiff, no Layers API). Plain SGD without these is src/lib/training/tf-trainer-sgd.ts,
 * which can train many networks at once; both use the ops of src/lib/training/tf-kernels.ts, and
 * src/lib/training/tf-trainer.ts picks one of them for a network. DOM-free; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { NetworkParams } from "../nets/network.ts";
import { ADAM, adamStep } from "../adam.ts";
import type { Activation } from "../schemas/experiment.ts";
import { activate, evaluationOps, MiniBatch, outputDelta, slope, toEvaluation, type Evaluation, type OptimizerKind, type Tf, type TrainerOptions } from "./tf-kernels.ts";

/** Batch normalisation: ε in 1/√(σ² + ε), and the weight of each batch in the running statistics. */
export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;
export { ADAM };
/** Largest factor by which "layerwise" lengthens a layer's step. */
export const LAYERWISE_MAX = 1e6;

/** What a forward pass of the general path keeps for backpropagation. */
interface GeneralPass {
  /** acts[0] = x; acts[l + 1] = output of weight layer l. */
  acts: TF.Tensor2D[];
  /** f(y) of each hidden layer (without the shortcut), for f′. */
  hs: TF.Tensor2D[];
  /** Normalised weighted inputs and 1/√(σ² + ε) of each hidden layer, when batch-normalised. */
  zhat: (TF.Tensor2D | null)[];
  invStd: (TF.Tensor1D | null)[];
}

interface Grads {
  dW: (TF.Tensor2D | null)[];
  db: (TF.Tensor1D | null)[];
  dGamma: (TF.Tensor1D | null)[];
  dBeta: (TF.Tensor1D | null)[];
}

export class GeneralTrainer {
  readonly tf: Tf;
  readonly sizes: number[];
  readonly opts: TrainerOptions;
  #w: TF.Variable[];
  #b: TF.Variable[];
  #frozen: Set<number>;
  #activation: Activation;
  /** Lowest layer index (0-based) that learns: backprop stops there. */
  #lowest: number;
  #optimizer: OptimizerKind;
  #gamma: TF.Variable[] = [];
  #beta: TF.Variable[] = [];
  #runMean: TF.Variable[] = [];
  #runVar: TF.Variable[] = [];
  /** Adam's moments, one pair per parameter tensor (W, b, γ, β of each layer), and its step count. */
  #moments = new Map<TF.Variable, { m: TF.Variable; v: TF.Variable }>();
  #t = 0;

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
    this.#optimizer = opts.optimizer ?? "sgd";
    if (opts.batchNorm) {
      const hidden = this.sizes.slice(1, -1);
      // In tidy, as the weights: the ones and zeros the variables are made from are freed.
      this.#gamma = tf.tidy(() => hidden.map((n) => tf.variable(tf.ones([n]), true)));
      this.#beta = tf.tidy(() => hidden.map((n) => tf.variable(tf.zeros([n]), true)));
      this.#runMean = tf.tidy(() => hidden.map((n) => tf.variable(tf.zeros([n]), false)));
      this.#runVar = tf.tidy(() => hidden.map((n) => tf.variable(tf.ones([n]), false)));
    }
  }

  /** Whether hidden weight layer l (0-based) adds its input to its output. */
  #shortcut(l: number): boolean {
    return Boolean(this.opts.residual) && l >= 1 && l < this.#w.length - 1 && this.sizes[l] === this.sizes[l + 1];
  }

  /**
   * The forward pass. mode "train" normalises with the batch's statistics and updates the
   * running ones; "batch" uses the batch's statistics without updating anything (measurements);
   * "inference" uses the running statistics (evaluation).
   */
  #forwardGeneral(x: TF.Tensor2D, mode: "train" | "batch" | "inference"): GeneralPass {
    const tf = this.tf;
    const last = this.#w.length - 1;
    const pass: GeneralPass = { acts: [x], hs: [], zhat: [], invStd: [] };
    let a = x;
    for (let l = 0; l <= last; l++) {
      if (l === last) {
        a = tf.fused.matMul({ a, b: this.#w[l], bias: this.#b[l], activation: "sigmoid" }) as TF.Tensor2D;
        pass.acts.push(a);
        break;
      }
      let y = tf.fused.matMul({ a, b: this.#w[l], bias: this.#b[l] }) as TF.Tensor2D;
      if (this.opts.batchNorm) {
        let mean: TF.Tensor1D;
        let variance: TF.Tensor1D;
        if (mode === "inference") {
          mean = this.#runMean[l] as TF.Tensor1D;
          variance = this.#runVar[l] as TF.Tensor1D;
        } else {
          const mv = tf.moments(y, 0);
          mean = mv.mean as TF.Tensor1D;
          variance = mv.variance as TF.Tensor1D;
          if (mode === "train") {
            this.#runMean[l].assign(tf.add(tf.mul(this.#runMean[l], 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
            this.#runVar[l].assign(tf.add(tf.mul(this.#runVar[l], 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM)));
          }
        }
        const invStd = tf.rsqrt(tf.add(variance, BN_EPSILON)) as TF.Tensor1D;
        const zhat = tf.mul(tf.sub(y, mean), invStd) as TF.Tensor2D;
        pass.zhat.push(zhat);
        pass.invStd.push(invStd);
        y = tf.add(tf.mul(zhat, this.#gamma[l]), this.#beta[l]) as TF.Tensor2D;
      } else {
        pass.zhat.push(null);
        pass.invStd.push(null);
      }
      const h = activate(tf, this.#activation, y) as TF.Tensor2D;
      pass.hs.push(h);
      a = this.#shortcut(l) ? (tf.add(a, h) as TF.Tensor2D) : h;
      pass.acts.push(a);
    }
    return pass;
  }

  /**
   * Gradients of the batch's average cost C₀ (plus (λ/2n)Σ‖W‖² when withL2) with respect to every
   * parameter that learns, by backpropagation through the shortcuts and the batch normalisation:
   *   δ of the output = (a − y)/m (cross-entropy);  ∂C/∂W^l = a^{l−1}ᵀ δ^l,  ∂C/∂b^l = Σ δ^l;
   *   g = ∂C/∂a^l = δ^{l+1} W^{l+1}ᵀ (+ ∂C/∂a^{l+1} through a shortcut);  ∂C/∂y^l = g ⊙ f′;
   *   batch norm: ∂C/∂γ = Σ ∂C/∂y ⊙ ẑ, ∂C/∂β = Σ ∂C/∂y, and with ĝ = γ ⊙ ∂C/∂y,
   *   δ^l = ∂C/∂z^l = (ĝ − mean(ĝ) − ẑ ⊙ mean(ĝ ⊙ ẑ)) / √(σ² + ε)   (means over the batch).
   * `all` computes every layer's gradients, frozen or not (measurements); `top` the output layer's
   * ∂C/∂W even when it is frozen ("layerwise" scales every step by its norm).
   */
  #gradients(pass: GeneralPass, y: TF.Tensor2D, opts: { withL2: boolean; trainingSetSize: number; all: boolean; top?: boolean }): Grads {
    const tf = this.tf;
    const L = this.#w.length;
    const { acts, hs, zhat, invStd } = pass;
    const m = acts[0].shape[0];
    const g: Grads = { dW: new Array(L).fill(null), db: new Array(L).fill(null), dGamma: new Array(L - 1).fill(null), dBeta: new Array(L - 1).fill(null) };
    const lowest = opts.all ? 0 : this.#lowest;
    let delta = tf.div(outputDelta(tf, this.opts.cost, acts[L], y), m) as TF.Tensor2D;
    /** ∂C/∂acts[l + 1] from above, kept for a shortcut around layer l. */
    let gAbove: TF.Tensor2D | null = null;
    for (let l = L - 1; l >= lowest; l--) {
      if (opts.all || !this.#frozen.has(l) || (opts.top && l === L - 1)) {
        let dW = tf.matMul(tf.transpose(acts[l]), delta) as TF.Tensor2D;
        if (opts.withL2 && this.opts.lambda > 0) dW = tf.add(dW, tf.mul(this.#w[l], this.opts.lambda / opts.trainingSetSize)) as TF.Tensor2D;
        g.dW[l] = dW;
        g.db[l] = tf.sum(delta, 0) as TF.Tensor1D;
      }
      if (l === lowest) break;
      // ∂C/∂acts[l], the output of hidden layer l − 1.
      let gAct = tf.matMul(delta, tf.transpose(this.#w[l])) as TF.Tensor2D;
      if (gAbove && this.#shortcut(l)) gAct = tf.add(gAct, gAbove) as TF.Tensor2D;
      gAbove = gAct;
      const k = l - 1;
      let gy = tf.mul(gAct, slope(tf, this.#activation, hs[k])) as TF.Tensor2D;
      const zh = zhat[k];
      const inv = invStd[k];
      if (zh && inv) {
        if (opts.all || !this.#frozen.has(k)) {
          g.dGamma[k] = tf.sum(tf.mul(gy, zh), 0) as TF.Tensor1D;
          g.dBeta[k] = tf.sum(gy, 0) as TF.Tensor1D;
        }
        const gh = tf.mul(gy, this.#gamma[k]);
        gy = tf.mul(tf.sub(tf.sub(gh, tf.mean(gh, 0)), tf.mul(zh, tf.mean(tf.mul(gh, zh), 0))), inv) as TF.Tensor2D;
      }
      delta = gy;
    }
    return g;
  }

  /** The moments Adam keeps for a parameter (zeros at first). */
  #momentsOf(p: TF.Variable): { m: TF.Variable; v: TF.Variable } {
    let mv = this.#moments.get(p);
    if (!mv) {
      mv = { m: this.tf.variable(this.tf.zerosLike(p), false), v: this.tf.variable(this.tf.zerosLike(p), false) };
      this.#moments.set(p, mv);
    }
    return mv;
  }

  /** One step on a mini-batch x [m, k], y [m, 10]: gradients of the batch, then the optimizer's update. */
  step(x: TF.Tensor2D, y: TF.Tensor2D, trainingSetSize: number): void {
    const tf = this.tf;
    const eta = this.opts.eta;
    this.#t++;
    tf.tidy(() => {
      const top = this.#optimizer === "layerwise";
      const g = this.#gradients(this.#forwardGeneral(x, "train"), y, { withL2: true, trainingSetSize, all: false, top });
      const L = this.#w.length;
      const pairs: Array<[TF.Variable, TF.Tensor, number]> = [];
      // "layerwise": each layer's steps lengthened so that its weight step is as long as the output layer's would be.
      const outNorm = g.dW[L - 1] ? tf.norm(g.dW[L - 1]!) : null;
      for (let l = 0; l < L; l++) {
        const dW = g.dW[l];
        if (!dW || this.#frozen.has(l)) continue;
        let scale: TF.Scalar | number = 1;
        if (this.#optimizer === "layerwise" && outNorm) {
          const n = tf.norm(dW);
          scale = tf.where(tf.greater(n, 0), tf.minimum(tf.div(outNorm, tf.maximum(n, 1e-30)), LAYERWISE_MAX), tf.scalar(0)) as TF.Scalar;
        }
        const withScale = (t: TF.Tensor) => (typeof scale === "number" ? t : tf.mul(t, scale));
        pairs.push([this.#w[l], withScale(dW), l]);
        // With batch normalisation a hidden layer's bias has no effect (the mean is subtracted), and its
        // gradient is rounding noise that Adam would scale up to full steps: it is left where it is.
        if (!(this.opts.batchNorm && l < L - 1)) pairs.push([this.#b[l], withScale(g.db[l]!), l]);
        if (l < L - 1 && g.dGamma[l]) {
          pairs.push([this.#gamma[l], withScale(g.dGamma[l]!), l]);
          pairs.push([this.#beta[l], withScale(g.dBeta[l]!), l]);
        }
      }
      for (const [p, grad] of pairs) {
        if (this.#optimizer === "adam") {
          adamStep(tf, p, grad, this.#momentsOf(p), this.#t, eta);
        } else {
          p.assign(tf.sub(p, tf.mul(grad, eta)));
        }
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

  #mb = new MiniBatch();

  /** One step on mini-batch k of an epoch's order (examples order[k·bs] … order[k·bs + bs − 1]); n is the training-set size for the L2 term. */
  batch(x: Float32Array, labels: ArrayLike<number>, order: ArrayLike<number>, width: number, k: number, n: number): void {
    const tf = this.tf;
    const bs = this.opts.batchSize;
    this.#mb.fill(x, labels, order, width, k, bs);
    tf.tidy(() => this.step(tf.tensor2d(this.#mb.x, [bs, width]), tf.tensor2d(this.#mb.y, [bs, 10]), n));
  }

  /** Per-layer ‖∂C/∂b^l‖, C averaged over the given examples (Nielsen's measurement; batch normalisation with these examples' statistics). */
  async biasGradientNorms(x: TF.Tensor2D, labels: TF.Tensor1D): Promise<number[]> {
    return (await this.gradientNorms(x, labels)).biases;
  }

  /**
   * Per-layer ‖∂C₀/∂W^l‖ and ‖∂C₀/∂b^l‖ of every layer, frozen or not, with C₀ the average cost over
   * the given examples without the L2 term (the data's pull on each layer). Batch normalisation uses
   * these examples' own statistics and leaves the running ones alone.
   */
  async gradientNorms(x: TF.Tensor2D, labels: TF.Tensor1D): Promise<{ weights: number[]; biases: number[] }> {
    const tf = this.tf;
    const L = this.#w.length;
    const norms = tf.tidy(() => {
      const y = tf.cast(tf.oneHot(labels, 10), "float32") as TF.Tensor2D;
      const g = this.#gradients(this.#forwardGeneral(x, "batch"), y, { withL2: false, trainingSetSize: 1, all: true });
      return tf.stack([...g.dW.map((d) => tf.norm(d!)), ...g.db.map((d) => tf.norm(d!))]);
    });
    const values = Array.from(await norms.data());
    norms.dispose();
    return { weights: values.slice(0, L), biases: values.slice(L) };
  }

  /** Accuracy and average cost (with the L2 term over trainingSetSize, as Nielsen's total_cost); batch normalisation with its running statistics. */
  async evaluate(x: TF.Tensor2D, labels: TF.Tensor1D, trainingSetSize: number): Promise<Evaluation> {
    const tf = this.tf;
    const result = tf.tidy(() => evaluationOps(tf, this.opts.cost, this.#forwardGeneral(x, "inference").acts.at(-1)!, labels, this.#w));
    const v = await result.data();
    result.dispose();
    return toEvaluation(v, labels.shape[0], this.opts.lambda, trainingSetSize);
  }

  /**
   * The current parameters, copied out of the backend. Every read starts before the first await, so
   * a trainer disposed while they are in flight (a page that drops its run) still returns the values
   * as of the call rather than reading a disposed tensor.
   */
  async params(): Promise<NetworkParams> {
    const reads = [...this.#w, ...this.#b].map((t) => t.data());
    const values = (await Promise.all(reads)).map((v) => new Float32Array(v as Float32Array));
    const L = this.#w.length;
    return { sizes: [...this.sizes], weights: values.slice(0, L), biases: values.slice(L) };
  }

  /** Batch normalisation's parameters and running statistics per hidden layer, copied out; null without it. */
  async batchNormState(): Promise<{ gamma: Float32Array[]; beta: Float32Array[]; runningMean: Float32Array[]; runningVar: Float32Array[] } | null> {
    if (!this.opts.batchNorm) return null;
    const read = (vs: TF.Variable[]) => Promise.all(vs.map(async (v) => new Float32Array(await v.data())));
    const [gamma, beta, runningMean, runningVar] = await Promise.all([read(this.#gamma), read(this.#beta), read(this.#runMean), read(this.#runVar)]);
    return { gamma, beta, runningMean, runningVar };
  }

  dispose(): void {
    for (const v of [...this.#w, ...this.#b, ...this.#gamma, ...this.#beta, ...this.#runMean, ...this.#runVar]) v.dispose();
    for (const { m, v } of this.#moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.#moments.clear();
  }
}
