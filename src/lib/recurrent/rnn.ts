/**
 * The tanh RNN of the float64 recurrent reference, one sequence at a time:
 * forward pass and backpropagation through time (layout and batching in
 * src/lib/recurrent/shared.ts and reference.ts). DOM-free; no tfjs.
 *
 *   a_t = W h_{t−1} + U x_t + b,   h_t = tanh(a_t),   t = 0..T,   h_{−1} = 0
 *
 * Backward, with dh_t = ∂C/∂h_t the TOTAL derivative (through every later
 * step and the read-out):
 *   da_t = dh_t ⊙ (1 − h_t²)
 *   ∂C/∂W += da_t h_{t−1}ᵀ,  ∂C/∂U += da_t x_tᵀ,  ∂C/∂b += da_t
 *   dh_{t−1} = Wᵀ da_t      (the factor Wᵀ diag(tanh′(a_t)) whose product over
 *                            T steps vanishes or explodes: Hochreiter 1991;
 *                            Bengio, Simard & Frasconi 1994; Pascanu, Mikolov
 *                            & Bengio 2013)
 */
import type { InputAt, ItemPerturbation, RecurrentGrads, RecurrentParams } from "./shared.ts";

export interface RnnTrace {
  /** h[t + 1] = h_t (after any perturbation); h[0] = h_{−1} = 0. */
  h: Float64Array[];
  /** act[t] = tanh(a_t) before any perturbation (its slope is 1 − act²). */
  act: Float64Array[];
}

export function rnnForward(p: RecurrentParams, xAt: InputAt, steps: number, pert?: ItemPerturbation): RnnTrace {
  const { H } = p;
  const h: Float64Array[] = [new Float64Array(H)];
  const act: Float64Array[] = [];
  const a = new Float64Array(H);
  for (let t = 0; t < steps; t++) {
    const W = p.W;
    const prev = h[t];
    const x = xAt(t);
    for (let i = 0; i < H; i++) {
      let s = p.b[i];
      for (let j = 0; j < H; j++) s += W[i * H + j] * prev[j];
      for (let d = 0; d < p.D; d++) s += p.U[i * p.D + d] * x[d];
      a[i] = s;
    }
    const y = a.map(Math.tanh);
    const next = Float64Array.from(y);
    if (pert && pert.step === t && pert.hidden) for (let i = 0; i < H; i++) next[i] += pert.hidden[i];
    act.push(y);
    h.push(next);
  }
  return { h, act };
}

/**
 * Backpropagation through time from dhT = ∂C/∂h_T (the read-out's share);
 * accumulates into g and returns dh[t] = ∂C/∂h_t for t = 0..T.
 */
export function rnnBackward(p: RecurrentParams, xAt: InputAt, trace: RnnTrace, dhT: Float64Array, g: RecurrentGrads): { dh: Float64Array[] } {
  const { H, D, W } = p;
  const steps = trace.act.length;
  const dh: Float64Array[] = new Array(steps);
  let carry = Float64Array.from(dhT);
  for (let t = steps - 1; t >= 0; t--) {
    dh[t] = carry;
    const y = trace.act[t];
    const prev = trace.h[t];
    const x = xAt(t);
    const da = new Float64Array(H);
    for (let i = 0; i < H; i++) da[i] = carry[i] * (1 - y[i] * y[i]);
    const back = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      const ai = da[i];
      for (let j = 0; j < H; j++) {
        g.W[i * H + j] += ai * prev[j];
        back[j] += W[i * H + j] * ai; // (Wᵀ da)_j = Σ_i W[i, j] da_i
      }
      for (let d = 0; d < D; d++) g.U[i * D + d] += ai * x[d];
      g.b[i] += ai;
    }
    carry = back;
  }
  return { dh };
}
