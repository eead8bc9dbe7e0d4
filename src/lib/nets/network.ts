/**
 * Parameters of a fully connected network, as plain typed arrays. The layout of
 * weights[l] is row-major [n_in, n_out] — the same as a tfjs Dense kernel — so
 * that the arrays go to tfjs and to model.json without transposing.
 */
import { gaussian, mulberry32 } from "../rng.ts";
import type { Experiment } from "../schemas/experiment.ts";

export interface NetworkParams {
  sizes: number[];
  weights: Float32Array[];
  biases: Float32Array[];
}

export type InitScheme = Experiment["init"];

/**
 * Seeded initialisation, drawn in a fixed order (layer by layer: weights row by
 * row, then biases) so that the same seed gives the same network on every backend.
 *   weights "scaled-gaussian": N(0, 1/n_in) (Nielsen's network2); "gaussian": N(0, 1);
 *           "xavier": N(0, 2/(n_in + n_out)) (Glorot & Bengio 2010); "he": N(0, 2/n_in) (He et al. 2015)
 *   biases  "gaussian": N(0, 1); "zero": 0
 */
export function initialNetwork(sizes: readonly number[], init: InitScheme, seed: number): NetworkParams {
  const normal = gaussian(mulberry32(seed));
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const scale = weightScale(init.weights, nIn, nOut);
    const w = new Float32Array(nIn * nOut);
    for (let i = 0; i < w.length; i++) w[i] = normal() * scale;
    const b = new Float32Array(nOut);
    if (init.biases === "gaussian") for (let i = 0; i < nOut; i++) b[i] = normal();
    weights.push(w);
    biases.push(b);
  }
  return { sizes: [...sizes], weights, biases };
}

/** Standard deviation of a layer's initial weights under each scheme. */
export function weightScale(scheme: InitScheme["weights"], nIn: number, nOut: number): number {
  switch (scheme) {
    case "scaled-gaussian":
      return 1 / Math.sqrt(nIn);
    case "gaussian":
      return 1;
    case "xavier":
      return Math.sqrt(2 / (nIn + nOut));
    case "he":
      return Math.sqrt(2 / nIn);
  }
}

export function cloneNetwork(n: NetworkParams): NetworkParams {
  return { sizes: [...n.sizes], weights: n.weights.map((w) => w.slice()), biases: n.biases.map((b) => b.slice()) };
}

/** Number of trainable parameters. */
export function parameterCount(n: Pick<NetworkParams, "sizes">): number {
  let c = 0;
  for (let l = 0; l + 1 < n.sizes.length; l++) c += n.sizes[l] * n.sizes[l + 1] + n.sizes[l + 1];
  return c;
}

/** ‖after − before‖ / ‖before‖ for one weight matrix: how far a layer moved. */
export function relativeChange(before: ArrayLike<number>, after: ArrayLike<number>): number {
  let d = 0;
  let b = 0;
  for (let i = 0; i < before.length; i++) {
    d += (after[i] - before[i]) ** 2;
    b += before[i] * before[i];
  }
  return b === 0 ? 0 : Math.sqrt(d / b);
}
