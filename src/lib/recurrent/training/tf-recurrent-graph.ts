/**
 * The tfjs graph of the recurrent trainer (src/lib/recurrent/training/tf-recurrent.ts,
 * lesson 7 "through time"): the unrolled forward pass of a tanh RNN, an LSTM or
 * a GRU, the batch-averaged cost, backpropagation through time written out in
 * tf ops (Werbos 1990) with the float64 reference's formulas (rnn.ts, lstm.ts,
 * gru.ts; parameter layout in shared.ts), and the global gradient norm. Split
 * out of tf-recurrent.ts unchanged (the trainer and its optimizers stay there);
 * why backward is written out rather than taken from tf.grads, and why the
 * transposes are explicit, is in that file's header. DOM-free; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { Cell } from "../shared.ts";

export type Tf = typeof TF;
export type T2 = TF.Tensor2D;

/** What the graph reads: tfjs, the cell, H, and the variables W, U, b, V, c in the reference's layout. */
export interface Graph {
  tf: Tf;
  cell: Cell;
  H: number;
  vars: TF.Variable[];
}

/** What backward needs of the forward pass (see forwardGraph). */
export interface Trace {
  hs: T2[];
  /** LSTM: m² of the one-pass activations (4 on the g block, else 1). */
  slopeScale?: TF.Tensor1D;
  cs: T2[];
  gates: T2[][];
  logits: T2;
}

/** A batch uploaded for the unrolled graph: inputs time-major [steps·B, D] (row t·B + n), labels one-hot [B, K]. */
export interface Uploaded {
  x: T2;
  y: T2;
  B: number;
  steps: number;
}

/**
 * The unrolled forward pass; with `trace`, what backward needs: hs[t] = h_{t−1} (hs[0] = 0, hs[steps] = h_T),
 * per step the gates ([i, f, g, o, tanh(c_t), s] LSTM, [z, r, ñ] GRU) and the LSTM's cs[t] = c_{t−1}.
 */
export function forwardGraph(g: Graph, u: Uploaded, trace: boolean): Trace {
  const tf = g.tf;
  const { H } = g;
  const [W, U, b, V, cb] = g.vars as unknown as [T2, T2, TF.Tensor1D, T2, TF.Tensor1D];
  const xp = tf.split(tf.add(tf.matMul(u.x, tf.transpose(U)), b) as T2, u.steps, 0);
  let h = tf.zeros([u.B, H]) as T2;
  let c = h;
  const tr: Trace = { hs: [h], cs: [c], gates: [], logits: h };
  if (g.cell === "gru") {
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
    const [m, m1] = g.cell === "lstm" ? [gBlock(2, 1), gBlock(1, 0)] : [null, null];
    tr.slopeScale = g.cell === "lstm" ? gBlock(4, 1) : undefined;
    for (let t = 0; t < u.steps; t++) {
      const a = tf.add(tf.matMul(h, WT), xp[t]) as T2;
      if (g.cell === "rnn") {
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
export function costGraph(tf: Tf, logits: T2, y: T2): TF.Scalar {
  return tf.neg(tf.div(tf.sum(tf.mul(y, tf.logSoftmax(logits))), logits.shape[0])) as TF.Scalar;
}

/**
 * Backpropagation through time (Werbos 1990) of the batch-averaged cost: the gradients of W, U, b, V, c
 * (in that order), the cost, and dh[t] = ∂C/∂h_t, dc[t] = ∂C/∂c_t (LSTM) for t = 0..T.
 */
export function backwardGraph(g: Graph, u: Uploaded): { grads: TF.Tensor[]; cost: TF.Scalar; dh: T2[]; dc: T2[] } {
  const tf = g.tf;
  const { H } = g;
  const tr = forwardGraph(g, u, true);
  const [W, , , V] = g.vars as T2[];
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
  if (g.cell === "gru") [Wzr, Wn] = tf.split(W, [2 * H, H], 0) as T2[];
  for (let t = steps - 1; t >= 0; t--) {
    dhs[t] = dh;
    const prev = tr.hs[t];
    if (g.cell === "rnn") {
      const ht = tr.hs[t + 1];
      da[t] = tf.mul(dh, tf.sub(1, tf.square(ht))) as T2;
      dh = tf.matMul(da[t], W) as T2; // (Wᵀ da)ᵀ in batch-major rows
    } else if (g.cell === "lstm") {
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
  if (g.cell === "gru") {
    const DN = tf.concat(daN, 0) as T2;
    dW = tf.concat([dW, tf.matMul(tf.transpose(DN), tf.concat(qs, 0) as T2)], 0);
    DA = tf.concat([DA, DN], 1) as T2;
  }
  const dU = tf.matMul(tf.transpose(DA), u.x);
  const db = tf.sum(DA, 0);
  return { grads: [dW, dU, db, dV, dcb], cost, dh: dhs, dc: dcs };
}

/** Global norm √(Σ g²) over all the tensors. */
export function globalNormGraph(tf: Tf, gs: TF.Tensor[]): TF.Scalar {
  return tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g))))) as TF.Scalar;
}
