/**
 * Mini-batch training of a tanh RNN, an LSTM or a GRU in tfjs ops, for lesson 7
 * ("through time"): the cells, parameter layout and gate orders of the float64
 * reference (src/lib/recurrent/shared.ts, rnn.ts, lstm.ts, gru.ts; GRU with the
 * reset gate before W_n), which the tests check this against. DOM-free; tfjs is
 * passed in, so the same code runs on the cpu and wasm backends in Node and in
 * the browser.
 *
 * The sequence is unrolled in a loop of tf ops, and backpropagation through
 * time (Werbos 1990) is written out in tf ops as well, step by step backwards
 * with the reference's formulas (rnn.ts, lstm.ts, gru.ts), not taken from
 * tf.grads: tfjs-core registers no gradients by itself (its register_all_gradients
 * module cannot be loaded from Node's tfjs-core bundle), and written out, the
 * per-step deltas are collected so that ∂C/∂W = Σ_t δ_tᵀ h_{t−1} and ∂C/∂U are
 * ONE product each over all steps. Transposes are explicit (tf.transpose, then
 * a plain matMul): the wasm backend's matMul with transpose flags is much slower
 * than the copy plus an untransposed product (see src/lib/tf-trainer.ts). The
 * input projection U x_t + b of every step is one product before the loop.
 *
 * ∂C/∂h_t is measured as the reference defines it: the TOTAL derivative of the
 * batch-averaged cost, i.e. the backward carry at step t (LSTM: also ∂C/∂c_t),
 * and its Frobenius norm over batch items and units.
 *
 * Gradient-norm clipping (Pascanu, Mikolov & Bengio 2013): all gradients are
 * scaled together by min(1, clip/‖g‖), ‖g‖ the global norm over every parameter,
 * which step() returns as measured BEFORE clipping.
 */
import type * as TF from "@tensorflow/tfjs-core";
import { GATES, PARAM_NAMES, type Cell, type ParamName, type RecurrentParams, type SequenceBatch } from "./shared.ts";

type Tf = typeof TF;
type T2 = TF.Tensor2D;

export type RecurrentOptimizer = "sgd" | "adam";

export interface RecurrentTrainerOptions {
  /** "sgd" (default) or "adam" (Kingma & Ba 2015, with bias correction). */
  optimizer?: RecurrentOptimizer;
  /** Learning rate η. */
  eta: number;
  /** Clip the global gradient norm to this value (Pascanu et al. 2013); null or absent: no clipping. */
  clip?: number | null;
}

/** Adam's constants (the values of src/lib/tf-trainer.ts's ADAM, repeated so this file does not import the MLP trainer). */
export const RECURRENT_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export interface StepResult {
  /** Batch-averaged cross-entropy before the step. */
  cost: number;
  /** Global norm of every parameter's gradient, before clipping. */
  gradNorm: number;
}

export interface StateGradNorms {
  /** ‖∂C/∂h_t‖ for t = 0..T. */
  hidden: number[];
  /** LSTM only: ‖∂C/∂c_t‖ for t = 0..T. */
  cell?: number[];
}

const FILE = "src/lib/recurrent/tf-recurrent.ts";
/** Sequences per pass in evaluate. */
export const EVAL_CHUNK = 256;

/** A batch uploaded for the unrolled graph: inputs time-major [steps·B, D] (row t·B + n), labels one-hot [B, K]. */
interface Trace {
  hs: T2[];
  /** LSTM: m² of the one-pass activations (4 on the g block, else 1). */
  slopeScale?: TF.Tensor1D;
  cs: T2[];
  gates: T2[][];
  logits: T2;
}

interface Uploaded {
  x: T2;
  y: T2;
  B: number;
  steps: number;
}

export class RecurrentTrainer {
  readonly tf: Tf;
  readonly cell: Cell;
  readonly H: number;
  readonly D: number;
  readonly K: number;
  readonly opts: RecurrentTrainerOptions;
  /** W, U, b, V, c in the reference's layout (W [G·H, H], U [G·H, D], b [G·H], V [K, H], c [K]). */
  #vars: TF.Variable[];
  #moments: { m: TF.Variable; v: TF.Variable }[] | null = null;
  #t = 0;

  constructor(tf: Tf, params: RecurrentParams, opts: RecurrentTrainerOptions) {
    if (!(opts.eta > 0) || !Number.isFinite(opts.eta)) throw new RangeError(`${FILE}: option eta must be a positive finite number, got ${opts.eta}`);
    if (opts.clip != null && (!(opts.clip > 0) || !Number.isFinite(opts.clip))) {
      throw new RangeError(`${FILE}: option clip must be a positive finite number or null (no clipping), got ${opts.clip}`);
    }
    const optimizer = opts.optimizer ?? "sgd";
    if (optimizer !== "sgd" && optimizer !== "adam") throw new RangeError(`${FILE}: option optimizer must be "sgd" or "adam", got ${JSON.stringify(optimizer)}`);
    const { cell, H, D, K } = params;
    const G = GATES[cell];
    const shapes: Record<ParamName, number[]> = { W: [G * H, H], U: [G * H, D], b: [G * H], V: [K, H], c: [K] };
    for (const name of PARAM_NAMES) {
      const want = shapes[name].reduce((a, b) => a * b, 1);
      if (params[name].length !== want) throw new RangeError(`${FILE}: params.${name} has ${params[name].length} entries, expected ${shapes[name].join("·")} = ${want} for cell "${cell}"`);
    }
    this.tf = tf;
    this.cell = cell;
    this.H = H;
    this.D = D;
    this.K = K;
    this.opts = { ...opts, optimizer };
    this.#vars = tf.tidy(() => PARAM_NAMES.map((name) => tf.variable(tf.tensor(Float32Array.from(params[name]), shapes[name]), true)));
    if (optimizer === "adam") {
      this.#moments = tf.tidy(() => this.#vars.map((v) => ({ m: tf.variable(tf.zerosLike(v), false), v: tf.variable(tf.zerosLike(v), false) })));
    }
  }

  /** Inputs reordered time-major and labels one-hot, as tensors (the caller disposes them, e.g. in tidy). */
  #upload(batch: SequenceBatch): Uploaded {
    const { inputs, labels, steps, inputSize: D } = batch;
    const B = labels.length;
    if (D !== this.D) throw new RangeError(`${FILE}: batch.inputSize ${D} does not match the trainer's D ${this.D}; initialise with D = inputSize`);
    if (B < 1 || steps < 1 || inputs.length !== B * steps * D) {
      throw new RangeError(`${FILE}: batch.inputs has ${inputs.length} entries, expected labels.length · steps · inputSize = ${B}·${steps}·${D} (≥ 1 each)`);
    }
    const x = new Float32Array(steps * B * D);
    for (let n = 0; n < B; n++) for (let t = 0; t < steps; t++) x.set(inputs.subarray((n * steps + t) * D, (n * steps + t + 1) * D), (t * B + n) * D);
    const y = new Float32Array(B * this.K);
    for (let n = 0; n < B; n++) {
      const k = labels[n];
      if (!Number.isInteger(k) || k < 0 || k >= this.K) throw new RangeError(`${FILE}: batch.labels[${n}] = ${k} is not a class in 0..${this.K - 1}`);
      y[n * this.K + k] = 1;
    }
    const tf = this.tf;
    return { x: tf.tensor2d(x, [steps * B, D]), y: tf.tensor2d(y, [B, this.K]), B, steps };
  }

  /**
   * The unrolled forward pass; with `trace`, what backward needs: hs[t] = h_{t−1} (hs[0] = 0, hs[steps] = h_T),
   * per step the gates ([i, f, g, o, tanh(c_t), s] LSTM, [z, r, ñ] GRU) and the LSTM's cs[t] = c_{t−1}.
   */
  #forward(u: Uploaded, trace: boolean): Trace {
    const tf = this.tf;
    const { H } = this;
    const [W, U, b, V, cb] = this.#vars as unknown as [T2, T2, TF.Tensor1D, T2, TF.Tensor1D];
    const xp = tf.split(tf.add(tf.matMul(u.x, tf.transpose(U)), b) as T2, u.steps, 0);
    let h = tf.zeros([u.B, H]) as T2;
    let c = h;
    const tr: Trace = { hs: [h], cs: [c], gates: [], logits: h };
    if (this.cell === "gru") {
      const [Wzr, Wn] = tf.split(W, [2 * H, H], 0);
      const WzrT = tf.transpose(Wzr), WnT = tf.transpose(Wn);
      for (let t = 0; t < u.steps; t++) {
        const [xzr, xn] = tf.split(xp[t], [2 * H, H], 1);
        const [z, r] = tf.split(tf.sigmoid(tf.add(tf.matMul(h, WzrT), xzr)), 2, 1) as T2[];
        const n = tf.tanh(tf.add(tf.matMul(tf.mul(r, h) as T2, WnT), xn)) as T2;
        h = tf.add(n, tf.mul(z, tf.sub(h, n))) as T2; // (1 − z) ⊙ ñ + z ⊙ h_{t−1}
        if (trace) tr.gates.push([z, r, n]);
        tr.hs.push(h);
      }
    } else {
      const WT = tf.transpose(W);
      // LSTM: all four activations in one pass, tanh(a) = 2σ(2a) − 1 for the g block: s = σ(m ⊙ a), act = m ⊙ s − (m − 1),
      // m = 2 on the g block and 1 elsewhere (fewer ops per step: at B = 32 the per-op overhead is most of the time).
      const gBlock = (v: number, rest: number) => tf.tensor1d(Array.from({ length: 4 * H }, (_, k) => (k >= 2 * H && k < 3 * H ? v : rest)));
      const [m, m1] = this.cell === "lstm" ? [gBlock(2, 1), gBlock(1, 0)] : [null, null];
      tr.slopeScale = this.cell === "lstm" ? gBlock(4, 1) : undefined;
      for (let t = 0; t < u.steps; t++) {
        const a = tf.add(tf.matMul(h, WT), xp[t]) as T2;
        if (this.cell === "rnn") {
          h = tf.tanh(a);
        } else {
          const sg = tf.sigmoid(tf.mul(a, m!)) as T2;
          const [i, f, g, o] = tf.split(tf.sub(tf.mul(sg, m!), m1!), 4, 1) as T2[];
          c = tf.add(tf.mul(f, c), tf.mul(i, g)) as T2;
          const tc = tf.tanh(c) as T2;
          h = tf.mul(o, tc) as T2;
          if (trace) tr.gates.push([i, f, g, o, tc, sg]);
          tr.cs.push(c);
        }
        tr.hs.push(h);
      }
    }
    tr.logits = tf.add(tf.matMul(h, tf.transpose(V)), cb) as T2;
    return tr;
  }

  /** C = (1/B) Σ_n −ln softmax(logits_n)[y_n]. */
  #cost(logits: T2, y: T2): TF.Scalar {
    const tf = this.tf;
    return tf.neg(tf.div(tf.sum(tf.mul(y, tf.logSoftmax(logits))), logits.shape[0])) as TF.Scalar;
  }

  /**
   * Backpropagation through time (Werbos 1990) of the batch-averaged cost: the gradients of W, U, b, V, c
   * (in that order), the cost, and dh[t] = ∂C/∂h_t, dc[t] = ∂C/∂c_t (LSTM) for t = 0..T.
   */
  #backward(u: Uploaded): { grads: TF.Tensor[]; cost: TF.Scalar; dh: T2[]; dc: T2[] } {
    const tf = this.tf;
    const { H } = this;
    const tr = this.#forward(u, true);
    const [W, , , V] = this.#vars as T2[];
    const steps = u.steps;
    const ls = tf.logSoftmax(tr.logits);
    const cost = tf.neg(tf.div(tf.sum(tf.mul(u.y, ls)), u.B)) as TF.Scalar;
    const dLogits = tf.div(tf.sub(tf.exp(ls), u.y), u.B) as T2; // (p − onehot(y)) / B
    const hT = tr.hs[steps];
    const dV = tf.matMul(tf.transpose(dLogits), hT);
    const dcb = tf.sum(dLogits, 0);
    let dh = tf.matMul(dLogits, V) as T2;
    let dcCarry = tf.zeros([u.B, H]) as T2;
    const dhs: T2[] = new Array(steps), dcs: T2[] = [];
    // da[t]: ∂C/∂(pre-activations) of step t (GRU: z and r blocks; daN[t] the ñ block, whose W rows multiply qs[t] = r ⊙ h_{t−1}).
    const da: T2[] = new Array(steps);
    const daN: T2[] = new Array(steps), qs: T2[] = new Array(steps);
    let Wzr: T2 | null = null, Wn: T2 | null = null;
    if (this.cell === "gru") [Wzr, Wn] = tf.split(W, [2 * H, H], 0) as T2[];
    for (let t = steps - 1; t >= 0; t--) {
      dhs[t] = dh;
      const prev = tr.hs[t];
      if (this.cell === "rnn") {
        const ht = tr.hs[t + 1];
        da[t] = tf.mul(dh, tf.sub(1, tf.square(ht))) as T2;
        dh = tf.matMul(da[t], W) as T2; // (Wᵀ da)ᵀ in batch-major rows
      } else if (this.cell === "lstm") {
        const [i, f, g, o, tc, sg] = tr.gates[t];
        const dct = tf.add(dcCarry, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc)))) as T2;
        dcs[t] = dct;
        // ∂C/∂[i, f, g, o] = [dc ⊙ g, dc ⊙ c_{t−1}, dc ⊙ i, dh ⊙ tanh(c_t)], times the slopes s(1 − s) ⊙ m² (4s(1 − s) = tanh′ on the g block).
        const dAct = tf.mul(tf.concat([dct, dct, dct, dh], 1), tf.concat([g, tr.cs[t], i, tc], 1));
        const k = tr.slopeScale!;
        da[t] = tf.mul(dAct, tf.mul(sg, tf.sub(k, tf.mul(sg, k)))) as T2;
        dcCarry = tf.mul(f, dct) as T2; // the constant error carousel: f ⊙ dc_t
        dh = tf.matMul(da[t], W) as T2;
      } else {
        const [z, r, n] = tr.gates[t];
        const daZ = tf.mul(tf.mul(dh, tf.sub(prev, n)), tf.mul(z, tf.sub(1, z)));
        daN[t] = tf.mul(tf.mul(dh, tf.sub(1, z)), tf.sub(1, tf.square(n))) as T2;
        qs[t] = tf.mul(r, prev) as T2;
        const dq = tf.matMul(daN[t], Wn!);
        const daR = tf.mul(tf.mul(dq, prev), tf.mul(r, tf.sub(1, r)));
        da[t] = tf.concat([daZ, daR] as T2[], 1);
        dh = tf.addN([tf.mul(dh, z), tf.mul(dq, r), tf.matMul(da[t], Wzr!)]) as T2;
      }
    }
    const prevAll = tf.concat(tr.hs.slice(0, steps), 0) as T2; // [steps·B, H], rows t·B + n, as u.x
    let DA = tf.concat(da, 0) as T2;
    let dW: TF.Tensor = tf.matMul(tf.transpose(DA), prevAll);
    if (this.cell === "gru") {
      const DN = tf.concat(daN, 0) as T2;
      dW = tf.concat([dW, tf.matMul(tf.transpose(DN), tf.concat(qs, 0) as T2)], 0);
      DA = tf.concat([DA, DN], 1) as T2;
    }
    const dU = tf.matMul(tf.transpose(DA), u.x);
    const db = tf.sum(DA, 0);
    return { grads: [dW, dU, db, dV, dcb], cost, dh: dhs, dc: dcs };
  }

  /** Global norm √(Σ g²) over all the tensors. */
  #globalNorm(gs: TF.Tensor[]): TF.Scalar {
    const tf = this.tf;
    return tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g))))) as TF.Scalar;
  }

  /** One step of SGD or Adam on the batch, gradients clipped by global norm when the option is set. */
  step(batch: SequenceBatch): StepResult {
    const tf = this.tf;
    const { eta, clip } = this.opts;
    this.#t++;
    const out = tf.tidy(() => {
      const { grads, cost } = this.#backward(this.#upload(batch));
      const norm = this.#globalNorm(grads);
      // min(1, clip/‖g‖) as clip / max(‖g‖, clip): no division by zero.
      const scaled = clip != null ? grads.map((g) => tf.mul(g, tf.div(clip, tf.maximum(norm, clip)))) : grads;
      this.#vars.forEach((p, i) => {
        const g = scaled[i];
        if (this.#moments) {
          const { beta1, beta2, epsilon } = RECURRENT_ADAM;
          const mv = this.#moments[i];
          mv.m.assign(tf.add(tf.mul(mv.m, beta1), tf.mul(g, 1 - beta1)));
          mv.v.assign(tf.add(tf.mul(mv.v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const mHat = tf.div(mv.m, 1 - beta1 ** this.#t);
          const vHat = tf.div(mv.v, 1 - beta2 ** this.#t);
          p.assign(tf.sub(p, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), eta)));
        } else {
          p.assign(tf.sub(p, tf.mul(g, eta)));
        }
      });
      return tf.stack([cost, norm]);
    });
    const [cost, gradNorm] = out.dataSync();
    out.dispose();
    return { cost, gradNorm };
  }

  /**
   * Batch-averaged cost and accuracy (largest logit at the label; the first index wins ties, as the reference).
   * Large batches go through in chunks of EVAL_CHUNK sequences: one pass over 1,000 sequences of 101 steps is
   * several times slower on wasm than four passes over 250.
   */
  evaluate(batch: SequenceBatch): { cost: number; accuracy: number } {
    const tf = this.tf;
    const B = batch.labels.length;
    const len = batch.steps * batch.inputSize;
    let costSum = 0, correct = 0;
    for (let from = 0; from < B; from += EVAL_CHUNK) {
      const to = Math.min(B, from + EVAL_CHUNK);
      const part = from === 0 && to === B ? batch : { ...batch, inputs: batch.inputs.subarray(from * len, to * len), labels: Array.from({ length: to - from }, (_, i) => batch.labels[from + i]) };
      const out = tf.tidy(() => {
        const u = this.#upload(part);
        const { logits } = this.#forward(u, false);
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(u.y, 1)), "float32"));
        return tf.stack([tf.mul(this.#cost(logits, u.y), to - from), hits]);
      });
      const [c, k] = out.dataSync();
      out.dispose();
      costSum += c;
      correct += k;
    }
    return { cost: costSum / B, accuracy: correct / B };
  }

  /**
   * ∂C/∂h_t (and, LSTM, ∂C/∂c_t) of every item, row-major [B, H] per step t = 0..T, as Float64Array copies,
   * with C the batch-averaged cost: the backward pass's carry at each step.
   */
  stateGrads(batch: SequenceBatch): { hidden: Float64Array[]; cell?: Float64Array[] } {
    const tf = this.tf;
    const lstm = this.cell === "lstm";
    const gs = tf.tidy(() => {
      const { dh, dc } = this.#backward(this.#upload(batch));
      return lstm ? [...dh, ...dc] : dh;
    });
    const arrays = gs.map((g) => Float64Array.from(g.dataSync()));
    tf.dispose(gs);
    const steps = batch.steps;
    return lstm ? { hidden: arrays.slice(0, steps), cell: arrays.slice(steps) } : { hidden: arrays };
  }

  /** ‖∂C/∂h_t‖ (Frobenius over batch items and units) for t = 0..T; LSTM also ‖∂C/∂c_t‖. */
  hiddenGradNorms(batch: SequenceBatch): StateGradNorms {
    const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
    const g = this.stateGrads(batch);
    return g.cell ? { hidden: g.hidden.map(norm), cell: g.cell.map(norm) } : { hidden: g.hidden.map(norm) };
  }

  /** ∂C/∂W, ∂C/∂U, ∂C/∂b, ∂C/∂V, ∂C/∂c of the current parameters on the batch (no step), as Float64Array copies. */
  gradients(batch: SequenceBatch): { cost: number; grads: Record<ParamName, Float64Array> } {
    const tf = this.tf;
    const { grads, cost } = tf.tidy(() => {
      const r = this.#backward(this.#upload(batch));
      return { grads: r.grads, cost: r.cost };
    });
    const out = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, Float64Array.from(grads[i].dataSync())])) as Record<ParamName, Float64Array>;
    const c = cost.dataSync()[0];
    tf.dispose([...grads, cost]);
    return { cost: c, grads: out };
  }

  /** The current parameters, as Float64Array copies of the float32 values. */
  params(): RecurrentParams {
    const [W, U, b, V, c] = this.#vars.map((v) => Float64Array.from(v.dataSync()));
    return { cell: this.cell, H: this.H, D: this.D, K: this.K, W, U, b, V, c };
  }

  dispose(): void {
    for (const v of this.#vars) v.dispose();
    for (const { m, v } of this.#moments ?? []) {
      m.dispose();
      v.dispose();
    }
    this.#moments = null;
  }
}
