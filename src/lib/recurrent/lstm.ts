/**
 * The LSTM of the float64 recurrent reference, one sequence at a time
 * (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &
 * Cummins 2000; no peepholes). Layout in src/lib/recurrent/shared.ts: gate
 * blocks i, f, g, o (rows 0..H−1, H..2H−1, 2H..3H−1, 3H..4H−1 of W, U, b).
 * DOM-free; no tfjs.
 *
 *   [a_i; a_f; a_g; a_o] = W h_{t−1} + U x_t + b
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t),   h_{−1} = c_{−1} = 0
 *
 * Backward, with dh_t, dc_t the TOTAL derivatives ∂C/∂h_t, ∂C/∂c_t:
 *   dc_t = (dc from step t + 1) + dh_t ⊙ o ⊙ (1 − tanh²(c_t))
 *   do = dh_t ⊙ tanh(c_t),  di = dc_t ⊙ g,  dg = dc_t ⊙ i,  df = dc_t ⊙ c_{t−1}
 *   dc_{t−1} gets f ⊙ dc_t  — the "constant error carousel": with f ≈ 1 the
 *                             cell-state gradient is carried back unshrunk
 *   da = gate slopes ⊙ (di, df, dg, do);  dh_{t−1} = Wᵀ da
 */
import { affineRows, affineRowsBackward, sigmoid, type InputAt, type ItemPerturbation, type RecurrentGrads, type RecurrentParams } from "./shared.ts";

export interface LstmTrace {
  /** h[t + 1] = h_t, c[t + 1] = c_t (after any perturbation); index 0 is t = −1 (zeros). */
  h: Float64Array[];
  c: Float64Array[];
  /** gates[t] = [i, f, g, o] at step t, 4H entries. */
  gates: Float64Array[];
}

export function lstmForward(p: RecurrentParams, xAt: InputAt, steps: number, pert?: ItemPerturbation): LstmTrace {
  const { H } = p;
  const h: Float64Array[] = [new Float64Array(H)];
  const c: Float64Array[] = [new Float64Array(H)];
  const gates: Float64Array[] = [];
  for (let t = 0; t < steps; t++) {
    const a = new Float64Array(4 * H);
    affineRows(p, 0, 4 * H, h[t], xAt(t), a);
    for (let k = 0; k < 4 * H; k++) a[k] = k >= 2 * H && k < 3 * H ? Math.tanh(a[k]) : sigmoid(a[k]);
    const ct = new Float64Array(H);
    const ht = new Float64Array(H);
    const nudged = pert !== undefined && pert.step === t;
    for (let j = 0; j < H; j++) {
      ct[j] = a[H + j] * c[t][j] + a[j] * a[2 * H + j];
      if (nudged && pert.cell) ct[j] += pert.cell[j];
      ht[j] = a[3 * H + j] * Math.tanh(ct[j]);
      if (nudged && pert.hidden) ht[j] += pert.hidden[j];
    }
    gates.push(a);
    c.push(ct);
    h.push(ht);
  }
  return { h, c, gates };
}

/**
 * Backpropagation through time from dhT = ∂C/∂h_T; accumulates into g and
 * returns dh[t] = ∂C/∂h_t and dc[t] = ∂C/∂c_t for t = 0..T.
 */
export function lstmBackward(p: RecurrentParams, xAt: InputAt, trace: LstmTrace, dhT: Float64Array, g: RecurrentGrads): { dh: Float64Array[]; dc: Float64Array[] } {
  const { H } = p;
  const steps = trace.gates.length;
  const dh: Float64Array[] = new Array(steps);
  const dc: Float64Array[] = new Array(steps);
  let carryH = Float64Array.from(dhT);
  let carryC = new Float64Array(H);
  for (let t = steps - 1; t >= 0; t--) {
    const gt = trace.gates[t];
    const ct = trace.c[t + 1];
    const cPrev = trace.c[t];
    const dct = new Float64Array(H);
    const da = new Float64Array(4 * H);
    const nextC = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      const i = gt[j], f = gt[H + j], gg = gt[2 * H + j], o = gt[3 * H + j];
      const tc = Math.tanh(ct[j]);
      dct[j] = carryC[j] + carryH[j] * o * (1 - tc * tc);
      const dI = dct[j] * gg, dF = dct[j] * cPrev[j], dG = dct[j] * i, dO = carryH[j] * tc;
      da[j] = dI * i * (1 - i);
      da[H + j] = dF * f * (1 - f);
      da[2 * H + j] = dG * (1 - gg * gg);
      da[3 * H + j] = dO * o * (1 - o);
      nextC[j] = f * dct[j];
    }
    dh[t] = carryH;
    dc[t] = dct;
    const back = new Float64Array(H);
    affineRowsBackward(p, 0, 4 * H, trace.h[t], xAt(t), da, g, back);
    carryH = back;
    carryC = nextC;
  }
  return { dh, dc };
}
