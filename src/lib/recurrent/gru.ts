/**
 * The GRU of the float64 recurrent reference, one sequence at a time (Cho et
 * al. 2014, with the reset gate applied BEFORE the recurrent matrix, as in the
 * paper; PyTorch and cuDNN apply it after: r ⊙ (Wₙ h + b)). Layout in
 * src/lib/recurrent/shared.ts: gate blocks z, r, n (rows 0..H−1, H..2H−1,
 * 2H..3H−1 of W, U, b). DOM-free; no tfjs.
 *
 *   z = σ(W_z h_{t−1} + U_z x_t + b_z),   r = σ(W_r h_{t−1} + U_r x_t + b_r)
 *   ñ = tanh(W_n (r ⊙ h_{t−1}) + U_n x_t + b_n)
 *   h_t = (1 − z) ⊙ ñ + z ⊙ h_{t−1},   h_{−1} = 0
 * so z is the share KEPT from the past (z ≈ 1: copy h_{t−1} forward), as in
 * Cho et al.'s h = z h_{t−1} + (1 − z) h̃ and in PyTorch.
 *
 * Backward, with dh_t = ∂C/∂h_t the TOTAL derivative:
 *   dñ = dh_t ⊙ (1 − z),  dz = dh_t ⊙ (h_{t−1} − ñ),  dh_{t−1} gets dh_t ⊙ z
 *   da_n = dñ ⊙ (1 − ñ²);  dq = W_nᵀ da_n (q = r ⊙ h_{t−1});  dr = dq ⊙ h_{t−1};
 *   dh_{t−1} gets dq ⊙ r + W_zᵀ da_z + W_rᵀ da_r with da_z = dz ⊙ z(1 − z), da_r = dr ⊙ r(1 − r)
 */
import { affineRows, affineRowsBackward, sigmoid, type InputAt, type ItemPerturbation, type RecurrentGrads, type RecurrentParams } from "./shared.ts";

export interface GruTrace {
  /** h[t + 1] = h_t (after any perturbation); h[0] = h_{−1} = 0. */
  h: Float64Array[];
  /** gates[t] = [z, r, ñ] at step t, 3H entries. */
  gates: Float64Array[];
}

export function gruForward(p: RecurrentParams, xAt: InputAt, steps: number, pert?: ItemPerturbation): GruTrace {
  const { H } = p;
  const h: Float64Array[] = [new Float64Array(H)];
  const gates: Float64Array[] = [];
  for (let t = 0; t < steps; t++) {
    const prev = h[t];
    const x = xAt(t);
    const a = new Float64Array(3 * H);
    affineRows(p, 0, 2 * H, prev, x, a);
    for (let k = 0; k < 2 * H; k++) a[k] = sigmoid(a[k]);
    const q = new Float64Array(H);
    for (let j = 0; j < H; j++) q[j] = a[H + j] * prev[j];
    const an = new Float64Array(H);
    affineRows(p, 2 * H, 3 * H, q, x, an);
    for (let j = 0; j < H; j++) a[2 * H + j] = Math.tanh(an[j]);
    const ht = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      const z = a[j];
      ht[j] = (1 - z) * a[2 * H + j] + z * prev[j];
      if (pert && pert.step === t && pert.hidden) ht[j] += pert.hidden[j];
    }
    gates.push(a);
    h.push(ht);
  }
  return { h, gates };
}

/**
 * Backpropagation through time from dhT = ∂C/∂h_T; accumulates into g and
 * returns dh[t] = ∂C/∂h_t for t = 0..T.
 */
export function gruBackward(p: RecurrentParams, xAt: InputAt, trace: GruTrace, dhT: Float64Array, g: RecurrentGrads): { dh: Float64Array[] } {
  const { H } = p;
  const steps = trace.gates.length;
  const dh: Float64Array[] = new Array(steps);
  let carry = Float64Array.from(dhT);
  for (let t = steps - 1; t >= 0; t--) {
    dh[t] = carry;
    const gt = trace.gates[t];
    const prev = trace.h[t];
    const x = xAt(t);
    const back = new Float64Array(H);
    const daN = new Float64Array(H);
    const daZR = new Float64Array(2 * H);
    for (let j = 0; j < H; j++) {
      const z = gt[j], n = gt[2 * H + j];
      const dN = carry[j] * (1 - z);
      daZR[j] = carry[j] * (prev[j] - n) * z * (1 - z);
      back[j] += carry[j] * z;
      daN[j] = dN * (1 - n * n);
    }
    const q = new Float64Array(H);
    for (let j = 0; j < H; j++) q[j] = gt[H + j] * prev[j];
    const dq = new Float64Array(H);
    affineRowsBackward(p, 2 * H, 3 * H, q, x, daN, g, dq);
    for (let j = 0; j < H; j++) {
      const r = gt[H + j];
      back[j] += dq[j] * r;
      daZR[H + j] = dq[j] * prev[j] * r * (1 - r);
    }
    affineRowsBackward(p, 0, 2 * H, prev, x, daZR, g, back);
    carry = back;
  }
  return { dh };
}
