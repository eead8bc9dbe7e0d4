/**
 * A plain, double-precision sigmoid MLP: forward pass, cost and backpropagation
 * for one example. It is the reference the tfjs trainer is checked against, and
 * small enough to read next to Nielsen's network2.py. DOM-free.
 */
import type { NetworkParams } from "./network.ts";
import { sigmoid } from "../toy-math/sigmoid.ts";

export type CostKind = "cross-entropy" | "quadratic";

export interface Forward {
  /** Weighted inputs z^l for l = 1..L (index 0 is layer 1). */
  zs: Float64Array[];
  /** Activations a^l for l = 0..L (index 0 is the input). */
  activations: Float64Array[];
}

export function forward(net: NetworkParams, x: ArrayLike<number>): Forward {
  const activations: Float64Array[] = [Float64Array.from(x)];
  const zs: Float64Array[] = [];
  for (let l = 0; l < net.weights.length; l++) {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    const a = activations[l];
    const w = net.weights[l];
    const z = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) z[j] = net.biases[l][j];
    for (let i = 0; i < nIn; i++) {
      const ai = a[i];
      if (ai === 0) continue;
      const row = i * nOut;
      for (let j = 0; j < nOut; j++) z[j] += ai * w[row + j];
    }
    zs.push(z);
    activations.push(z.map(sigmoid));
  }
  return { zs, activations };
}

/** Cost of one example with one-hot target y (no regularisation term). */
export function exampleCost(kind: CostKind, a: ArrayLike<number>, label: number): number {
  let c = 0;
  for (let j = 0; j < a.length; j++) {
    const y = j === label ? 1 : 0;
    if (kind === "quadratic") c += 0.5 * (a[j] - y) ** 2;
    else {
      // Nielsen's np.nan_to_num: 0·log 0 counts as 0.
      const t1 = y === 0 ? 0 : -y * Math.log(a[j]);
      const t2 = y === 1 ? 0 : -(1 - y) * Math.log(1 - a[j]);
      c += t1 + t2;
    }
  }
  return c;
}

export interface Gradients {
  /** ∂C/∂b^l for l = 1..L. */
  biases: Float64Array[];
  /** ∂C/∂W^l, row-major [n_in, n_out], for l = 1..L. */
  weights: Float64Array[];
}

/**
 * δ^l = ∂C/∂z^l of every layer for one example (index 0 is layer 1), from its forward pass: the
 * output layer's δ, then δ^{l−1} = (W^l δ^l) ⊙ σ'(z^{l−1}). These are ∂C/∂b^l.
 */
function deltas(net: NetworkParams, activations: readonly Float64Array[], label: number, kind: CostKind): Float64Array[] {
  const L = net.weights.length;
  const out: Float64Array[] = new Array(L);
  const aL = activations[L];
  let delta = new Float64Array(aL.length);
  for (let j = 0; j < aL.length; j++) {
    const y = j === label ? 1 : 0;
    // Cross-entropy with sigmoid output: δ = a − y; quadratic: δ = (a − y) σ'(z).
    delta[j] = kind === "cross-entropy" ? aL[j] - y : (aL[j] - y) * aL[j] * (1 - aL[j]);
  }
  for (let l = L - 1; l >= 0; l--) {
    out[l] = delta;
    if (l === 0) break;
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    const aPrev = activations[l];
    const next = new Float64Array(nIn);
    const w = net.weights[l];
    for (let i = 0; i < nIn; i++) {
      let s = 0;
      for (let j = 0; j < nOut; j++) s += w[i * nOut + j] * delta[j];
      next[i] = s * aPrev[i] * (1 - aPrev[i]);
    }
    delta = next;
  }
  return out;
}

/** Backpropagation for one example (the four equations of Nielsen ch. 2): ∂C/∂b^l = δ^l, ∂C/∂W^l = a^{l−1} ⊗ δ^l. */
export function backprop(net: NetworkParams, x: ArrayLike<number>, label: number, kind: CostKind): Gradients {
  const { activations } = forward(net, x);
  const biases = deltas(net, activations, label, kind);
  const weights = biases.map((delta, l) => {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    const aPrev = activations[l];
    const gw = new Float64Array(nIn * nOut);
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) gw[i * nOut + j] = aPrev[i] * delta[j];
    return gw;
  });
  return { biases, weights };
}

/**
 * Per-layer ‖∂C/∂b^l‖ with C the average cost over the given examples — Nielsen's
 * measurement of how fast each layer learns.
 */
export function biasGradientNorms(
  net: NetworkParams,
  images: ArrayLike<number>[],
  labels: ArrayLike<number>,
  kind: CostKind,
): number[] {
  const sums = net.biases.map((b) => new Float64Array(b.length));
  // Only δ is needed (∂C/∂b = δ): the weight gradients backprop would also form are skipped.
  images.forEach((x, n) => {
    deltas(net, forward(net, x).activations, labels[n], kind).forEach((gb, l) => gb.forEach((v, j) => (sums[l][j] += v)));
  });
  return sums.map((s) => Math.sqrt(s.reduce((acc, v) => acc + (v / images.length) ** 2, 0)));
}
