/**
 * An independent float64 reference for lesson 7 ("through time"): forward pass
 * and backpropagation through time of a tanh RNN, an LSTM and a GRU with a
 * softmax read-out from the LAST hidden state, on a batch of sequences (the
 * layout of src/lib/recurrent/task.ts). Plain loops over Float64Array; no
 * tfjs; DOM-free. The trainers the build runs are checked against it, and it
 * measures how the gradient fades with distance: ‖∂C/∂h_t‖ for every t.
 *
 * Cells: rnn.ts (tanh RNN), lstm.ts (Hochreiter & Schmidhuber 1997 with the
 * forget gate of Gers et al. 2000), gru.ts (Cho et al. 2014). Parameter layout:
 * shared.ts. Initialisations: init.ts.
 *
 * Batch of B sequences of steps = T + 1 inputs x_0..x_T, labels y_n:
 *   logits_n = V h_T + c,  p_n = softmax(logits_n)
 *   C = (1/B) Σ_n −ln p_n[y_n]           (cross-entropy at the last step only)
 *
 * Measured per time step, t = 0..T (the vanishing-gradient product of
 * Hochreiter 1991; Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio
 * 2013):
 *   hiddenGrads[t][n·H + j] = ∂C/∂h_t[j] of item n: the TOTAL derivative of the
 *     batch-averaged C, i.e. the effect of adding ε to h_t[j] of item n after
 *     step t is computed (forward's StatePerturbation), through every later step
 *     and the read-out. It already carries the 1/B.
 *   hiddenGradNorms[t] = √(Σ_n Σ_j hiddenGrads[t][n·H + j]²): the Frobenius
 *     norm over batch items and units.
 *   LSTM only: cellGrads[t], cellGradNorms[t], the same for the cell state c_t
 *     (ε added to c_t before h_t = o ⊙ tanh(c_t)).
 */
import { gruBackward, gruForward, type GruTrace } from "./gru.ts";
import { lstmBackward, lstmForward, type LstmTrace } from "./lstm.ts";
import { rnnBackward, rnnForward, type RnnTrace } from "./rnn.ts";
import {
  zeroGrads,
  type Cell, type InputAt, type ItemPerturbation, type RecurrentGrads, type RecurrentParams, type SequenceBatch, type StatePerturbation,
} from "./shared.ts";

export * from "./shared.ts";
export { initParams, orthogonalMatrix, type InitOptions, type RecurrentInit } from "./init.ts";

const FILE = "src/lib/recurrent/reference.ts";


export interface ForwardResult {
  /** C, the batch-averaged cross-entropy. */
  cost: number;
  /** Softmax outputs, row-major [B, K]. */
  probs: Float64Array;
  /** Share of items whose largest probability is at the label (first index wins ties). */
  accuracy: number;
  /** hidden[t] = h_t of every item, row-major [B, H], t = 0..T (after any perturbation). */
  hidden: Float64Array[];
  /** LSTM only: cells[t] = c_t, row-major [B, H]. */
  cells?: Float64Array[];
}

export interface BackwardResult {
  cost: number;
  /** ∂C/∂(every parameter), same names and layouts as the parameters. */
  grads: RecurrentGrads;
  hiddenGrads: Float64Array[];
  hiddenGradNorms: number[];
  /** LSTM only. */
  cellGrads?: Float64Array[];
  cellGradNorms?: number[];
}

function check(cell: Cell, p: RecurrentParams, batch: SequenceBatch): number {
  if (p.cell !== cell) throw new RangeError(`${FILE}: cell "${cell}" does not match params.cell "${p.cell}"; pass the params of that cell`);
  if (batch.inputSize !== p.D) throw new RangeError(`${FILE}: batch.inputSize ${batch.inputSize} does not match params.D ${p.D}; initialise with D = inputSize`);
  const B = batch.labels.length;
  if (B < 1 || batch.steps < 1 || batch.inputs.length !== B * batch.steps * p.D) {
    throw new RangeError(`${FILE}: batch.inputs has ${batch.inputs.length} entries, expected labels.length · steps · inputSize = ${B}·${batch.steps}·${p.D} (≥ 1 each)`);
  }
  for (let n = 0; n < B; n++) {
    const y = batch.labels[n];
    if (!Number.isInteger(y) || y < 0 || y >= p.K) throw new RangeError(`${FILE}: batch.labels[${n}] = ${y} is not a class in 0..${p.K - 1} (params.K = ${p.K})`);
  }
  return B;
}

function inputAt(batch: SequenceBatch, n: number): InputAt {
  const { inputs, steps, inputSize } = batch;
  return (t) => inputs.subarray((n * steps + t) * inputSize, (n * steps + t + 1) * inputSize);
}

function itemPerturbation(pert: StatePerturbation | undefined, n: number, H: number): ItemPerturbation | undefined {
  if (!pert) return undefined;
  return {
    step: pert.step,
    hidden: pert.hidden?.subarray(n * H, (n + 1) * H),
    cell: pert.cell?.subarray(n * H, (n + 1) * H),
  };
}

function runCell(p: RecurrentParams, x: InputAt, steps: number, pert?: ItemPerturbation): RnnTrace | LstmTrace | GruTrace {
  if (p.cell === "rnn") return rnnForward(p, x, steps, pert);
  if (p.cell === "lstm") return lstmForward(p, x, steps, pert);
  return gruForward(p, x, steps, pert);
}

/** Softmax of V h + c into out (K entries); returns −ln out[y]. */
function readout(p: RecurrentParams, h: Float64Array, y: number, out: Float64Array): number {
  const { H, K, V, c } = p;
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    let s = c[k];
    for (let j = 0; j < H; j++) s += V[k * H + j] * h[j];
    out[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.exp(out[k] - max);
  const logZ = max + Math.log(sum);
  const loss = logZ - out[y];
  for (let k = 0; k < K; k++) out[k] = Math.exp(out[k] - logZ);
  return loss;
}

/**
 * Forward pass of the batch. `perturb` (optional) adds a nudge to h_step (and,
 * for the LSTM, c_step) of every item: the cost's finite differences against
 * it are ∂C/∂h_step, ∂C/∂c_step.
 */
export function forward(cell: Cell, params: RecurrentParams, batch: SequenceBatch, perturb?: StatePerturbation): ForwardResult {
  const B = check(cell, params, batch);
  const { H, K } = params;
  const steps = batch.steps;
  if (perturb) {
    if (!Number.isInteger(perturb.step) || perturb.step < 0 || perturb.step >= steps) {
      throw new RangeError(`${FILE}: perturb.step must be an integer in 0..${steps - 1}, got ${perturb.step}`);
    }
    for (const key of ["hidden", "cell"] as const) {
      const v = perturb[key];
      if (v && v.length !== B * H) throw new RangeError(`${FILE}: perturb.${key} must have B·H = ${B * H} entries, got ${v.length}`);
    }
    if (perturb.cell && cell !== "lstm") throw new RangeError(`${FILE}: perturb.cell applies to the LSTM only (cell "${cell}"); use perturb.hidden`);
  }
  const probs = new Float64Array(B * K);
  const hidden = Array.from({ length: steps }, () => new Float64Array(B * H));
  const cells = cell === "lstm" ? Array.from({ length: steps }, () => new Float64Array(B * H)) : undefined;
  let total = 0;
  let correct = 0;
  for (let n = 0; n < B; n++) {
    const tr = runCell(params, inputAt(batch, n), steps, itemPerturbation(perturb, n, H));
    for (let t = 0; t < steps; t++) {
      hidden[t].set(tr.h[t + 1], n * H);
      if (cells && "c" in tr) cells[t].set(tr.c[t + 1], n * H);
    }
    const out = probs.subarray(n * K, (n + 1) * K);
    total += readout(params, tr.h[steps], batch.labels[n], out);
    let best = 0;
    for (let k = 1; k < K; k++) if (out[k] > out[best]) best = k;
    if (best === batch.labels[n]) correct++;
  }
  return { cost: total / B, probs, accuracy: correct / B, hidden, ...(cells ? { cells } : {}) };
}

/** C alone (forward's cost), for finite differences. */
export function cost(cell: Cell, params: RecurrentParams, batch: SequenceBatch, perturb?: StatePerturbation): number {
  return forward(cell, params, batch, perturb).cost;
}

function norms(grads: Float64Array[]): number[] {
  return grads.map((g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0)));
}

/** Gradients of C with respect to every parameter and every h_t (and c_t for the LSTM). */
export function backward(cell: Cell, params: RecurrentParams, batch: SequenceBatch): BackwardResult {
  const B = check(cell, params, batch);
  const { H, K } = params;
  const steps = batch.steps;
  const g = zeroGrads(params);
  const hiddenGrads = Array.from({ length: steps }, () => new Float64Array(B * H));
  const cellGrads = cell === "lstm" ? Array.from({ length: steps }, () => new Float64Array(B * H)) : undefined;
  const out = new Float64Array(K);
  let total = 0;
  for (let n = 0; n < B; n++) {
    const x = inputAt(batch, n);
    const y = batch.labels[n];
    const tr = runCell(params, x, steps);
    const hT = tr.h[steps];
    total += readout(params, hT, y, out);
    // δ = ∂C/∂logits = (p − onehot(y)) / B
    const dhT = new Float64Array(H);
    for (let k = 0; k < K; k++) {
      const d = (out[k] - (k === y ? 1 : 0)) / B;
      g.c[k] += d;
      for (let j = 0; j < H; j++) {
        g.V[k * H + j] += d * hT[j];
        dhT[j] += params.V[k * H + j] * d;
      }
    }
    let dh: Float64Array[];
    let dc: Float64Array[] | undefined;
    if (cell === "rnn") ({ dh } = rnnBackward(params, x, tr as RnnTrace, dhT, g));
    else if (cell === "lstm") ({ dh, dc } = lstmBackward(params, x, tr as LstmTrace, dhT, g));
    else ({ dh } = gruBackward(params, x, tr as GruTrace, dhT, g));
    for (let t = 0; t < steps; t++) {
      hiddenGrads[t].set(dh[t], n * H);
      if (cellGrads && dc) cellGrads[t].set(dc[t], n * H);
    }
  }
  const result: BackwardResult = { cost: total / B, grads: g, hiddenGrads, hiddenGradNorms: norms(hiddenGrads) };
  if (cellGrads) {
    result.cellGrads = cellGrads;
    result.cellGradNorms = norms(cellGrads);
  }
  return result;
}
