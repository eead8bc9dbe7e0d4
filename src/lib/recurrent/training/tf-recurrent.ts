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
 * than the copy plus an untransposed product (see src/lib/training/tf-trainer.ts). The
 * input projection U x_t + b of every step is one product before the loop.
 *
 * ∂C/∂h_t is measured as the reference defines it: the TOTAL derivative of the
 * batch-averaged cost, i.e. the backward carry at step t (LSTM: also ∂C/∂c_t),
 * and its Frobenius norm over batch items and units.
 *
 * Gradient-norm clipping (Pascanu, Mikolov & Bengio 2013): all gradients are
 * scaled together by min(1, clip/‖g‖), ‖g‖ the global norm over every parameter,
 * which step() returns as measured BEFORE clipping.
 *
 * Files: the graph (unrolled forward pass, cost, backpropagation through time,
 * global norm) is in tf-recurrent-graph.ts; this file holds the trainer (batch
 * upload and checks, SGD and Adam, clipping, evaluation, read-backs).
 */
import type * as TF from "@tensorflow/tfjs-core";
import { ADAM, adamStep } from "../../adam.ts";
import { GATES, PARAM_NAMES, type Cell, type ParamName, type RecurrentParams, type SequenceBatch } from "../shared.ts";
import { backwardGraph, costGraph, forwardGraph, globalNormGraph, type Graph, type Tf, type Trace, type Uploaded } from "./tf-recurrent-graph.ts";

export type RecurrentOptimizer = "sgd" | "adam";

export interface RecurrentTrainerOptions {
  /** "sgd" (default) or "adam" (Kingma & Ba 2015, with bias correction). */
  optimizer?: RecurrentOptimizer;
  /** Learning rate η. */
  eta: number;
  /** Clip the global gradient norm to this value (Pascanu et al. 2013); null or absent: no clipping. */
  clip?: number | null;
}

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

const FILE = "src/lib/recurrent/training/tf-recurrent.ts";
/** Sequences per pass in evaluate. */
export const EVAL_CHUNK = 256;


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
  /** What the graph functions (tf-recurrent-graph.ts) read: tfjs, the cell, H, #vars. */
  #graph: Graph;

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
    this.#graph = { tf, cell, H, vars: this.#vars };
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

  #forward(u: Uploaded, trace: boolean): Trace {
    return forwardGraph(this.#graph, u, trace);
  }

  #backward(u: Uploaded): ReturnType<typeof backwardGraph> {
    return backwardGraph(this.#graph, u);
  }

  /** One step of SGD or Adam on the batch, gradients clipped by global norm when the option is set. */
  step(batch: SequenceBatch): StepResult {
    const tf = this.tf;
    const { eta, clip } = this.opts;
    this.#t++;
    const out = tf.tidy(() => {
      const { grads, cost } = this.#backward(this.#upload(batch));
      const norm = globalNormGraph(tf, grads);
      // min(1, clip/‖g‖) as clip / max(‖g‖, clip): no division by zero.
      const scaled = clip != null ? grads.map((g) => tf.mul(g, tf.div(clip, tf.maximum(norm, clip)))) : grads;
      this.#vars.forEach((p, i) => {
        const g = scaled[i];
        if (this.#moments) {
          adamStep(tf, p, g, this.#moments[i], this.#t, eta);
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
        return tf.stack([tf.mul(costGraph(tf, logits, u.y), to - from), hits]);
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
