/**
 * What a first layer does with each pixel. The first weight matrix is row-major
 * [784, n] (one row of outgoing weights per pixel, as in network.ts), the images
 * are 784 values in [0, 1], one after another. DOM-free: used by the build-time
 * data loader, the page's static figures and the <vg-pixels> island alike.
 */
import { mulberry32, shuffleInPlace } from "../rng.ts";
import type { Saturation, Spread } from "../schemas/derived/invisible-pixels.ts";

/** What `saturation` and `spread` return: the shapes facts.json stores (src/lib/schemas/derived/invisible-pixels.ts). */
export type { Saturation, Spread };

// What the invisible-pixels loader reads and writes, shared with the islands (which must not import the schema: it brings zod).
/** How many test digits the page ships (the colliding pair is added if it lies beyond). */
export const SAMPLE_SIZE = 300;

/** Ridge strengths tried for the decoders (λ per the whole fit, on the validation digits). */
export const LAMBDAS = [1e-3, 1e-2, 1e-1, 1, 10, 100] as const;

/** The two first layers the lesson compares, from committed runs. */
export const PIXEL_RUNS = {
  /** The random layer that never trains (seed 1; identical to full-3-hidden's initial layer). */
  random: { run: "frozen-first-layer", model: "model-initial" },
  /** The same layer after 30 epochs of training with every layer learning. */
  trained: { run: "full-3-hidden", model: "model-final" },
} as const;

/** The networks whose answers the demo shows. */
export const ANSWER_RUNS = {
  trained: { run: "full-3-hidden", model: "model-final" },
  frozen: { run: "frozen-first-layer", model: "model-final" },
} as const;

/** Where the invisible-pixels loader writes (public/derived/invisible-pixels: facts.json, sample-digits.bin, decoders.bin). */
export const DERIVED_DIR = "derived/invisible-pixels";


/** A first layer: weights row-major [nIn, nOut] and nOut biases. */
export interface FirstLayer {
  nIn: number;
  nOut: number;
  weights: ArrayLike<number>;
  biases: ArrayLike<number>;
}

/** The first layer of a network's parameters (network.ts layout). */
export function firstLayerOf(net: { sizes: readonly number[]; weights: ArrayLike<number>[]; biases: ArrayLike<number>[] }): FirstLayer {
  return { nIn: net.sizes[0], nOut: net.sizes[1], weights: net.weights[0], biases: net.biases[0] };
}

function checkLayer(layer: FirstLayer): void {
  if (layer.weights.length !== layer.nIn * layer.nOut) {
    throw new Error(`first layer: ${layer.weights.length} weights for ${layer.nIn} inputs × ${layer.nOut} units (${layer.nIn * layer.nOut})`);
  }
  if (layer.biases.length !== layer.nOut) throw new Error(`first layer: ${layer.biases.length} biases for ${layer.nOut} units`);
}

/** Refuses an image array too short for `count` images, which would otherwise read undefined as NaN. */
function checkImages(what: string, layer: FirstLayer, images: ArrayLike<number>, count: number): void {
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`${what}: count must be a whole number ≥ 0, got ${count}`);
  if (images.length < count * layer.nIn) {
    throw new Error(`${what}: ${images.length} values for ${count} images of ${layer.nIn} inputs (${count * layer.nIn})`);
  }
}

/** ‖w_i‖ for every input i: the Euclidean norm of its outgoing weights. */
export function outgoingNorms(layer: FirstLayer): Float64Array {
  checkLayer(layer);
  const out = new Float64Array(layer.nIn);
  for (let i = 0; i < layer.nIn; i++) {
    let s = 0;
    for (let j = 0; j < layer.nOut; j++) s += layer.weights[i * layer.nOut + j] ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** max_j |w_ij| for every input i: its largest outgoing weight in size. */
export function largestOutgoing(layer: FirstLayer): Float64Array {
  checkLayer(layer);
  const out = new Float64Array(layer.nIn);
  for (let i = 0; i < layer.nIn; i++) {
    let m = 0;
    for (let j = 0; j < layer.nOut; j++) m = Math.max(m, Math.abs(layer.weights[i * layer.nOut + j]));
    out[i] = m;
  }
  return out;
}

/**
 * The answer's picture: 1 for an input whose outgoing weights are all smaller
 * than `threshold` in size (max_j |w_ij| < threshold), 0 otherwise.
 */
export function smallWeightMask(layer: FirstLayer, threshold: number): Uint8Array {
  const largest = largestOutgoing(layer);
  return Uint8Array.from(largest, (m) => (m < threshold ? 1 : 0));
}

/** 1 where `values` is below `threshold`. */
export function below(values: ArrayLike<number>, threshold: number): Uint8Array {
  return Uint8Array.from({ length: values.length }, (_, i) => (values[i] < threshold ? 1 : 0));
}

/** How many entries of a 0/1 mask are set, optionally only where `where` is 0. */
export function countSet(mask: ArrayLike<number>, unless?: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && !(unless && unless[i])) n++;
  return n;
}

/**
 * The pixels an "unlucky initialisation" hits: round(fraction · n) of the n inputs,
 * chosen by a seeded shuffle (the same on every machine), sorted ascending.
 */
export function unluckyPixels(fraction: number, seed: number, n = 784): Uint16Array {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`unlucky fraction must be between 0 and 1, got ${fraction}`);
  // Indices travel as uint16: beyond 65,536 inputs they would wrap around silently.
  if (!(Number.isInteger(n) && n >= 0 && n <= 65536)) throw new Error(`unlucky pixels: n must be a whole number in 0..65536, got ${n}`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, mulberry32(seed));
  return Uint16Array.from(order.subarray(0, Math.round(fraction * n))).sort();
}

/** A copy of the layer with the outgoing weights of the given inputs multiplied by `factor`. */
export function scaleInputs(layer: FirstLayer, inputs: ArrayLike<number>, factor: number): FirstLayer {
  checkLayer(layer);
  const w = Float64Array.from(layer.weights);
  // Each input once, even if listed twice; an index outside the layer would scale the wrong row (or none).
  const seen = new Uint8Array(layer.nIn);
  for (let k = 0; k < inputs.length; k++) {
    const i = inputs[k];
    if (!(Number.isInteger(i) && i >= 0 && i < layer.nIn)) throw new Error(`scaleInputs: input ${i} is not one of 0..${layer.nIn - 1}`);
    if (seen[i]) continue;
    seen[i] = 1;
    const row = i * layer.nOut;
    for (let j = 0; j < layer.nOut; j++) w[row + j] *= factor;
  }
  return { ...layer, weights: w };
}

/** 1 for every pixel that is 0 in all `count` images (uint8 pixels, `size` per image). */
export function alwaysZero(pixels: Uint8Array, count: number, size = 784): Uint8Array {
  if (pixels.length < count * size) throw new Error(`alwaysZero: ${pixels.length} pixels for ${count} images of ${size}`);
  const mask = new Uint8Array(size).fill(1);
  for (let n = 0; n < count; n++) {
    const base = n * size;
    for (let i = 0; i < size; i++) if (pixels[base + i] !== 0) mask[i] = 0;
  }
  return mask;
}

/** z = b + xW for one input x (length nIn), as float64. */
export function weightedInputs(layer: FirstLayer, x: ArrayLike<number>): Float64Array {
  checkLayer(layer);
  if (x.length !== layer.nIn) throw new Error(`first layer: input has ${x.length} values for ${layer.nIn} inputs`);
  const z = Float64Array.from(layer.biases);
  for (let i = 0; i < layer.nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * layer.nOut;
    for (let j = 0; j < layer.nOut; j++) z[j] += xi * layer.weights[row + j];
  }
  return z;
}

const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** σ′(z) = e^−|z| / (1 + e^−|z|)²: σ(1 − σ) without the cancellation in 1 − σ for large z (σ′(40) ≈ 4e-18, not 0). */
const slope = (z: number) => {
  const e = Math.exp(-Math.abs(z));
  return e / (1 + e) ** 2;
};

/** a = σ(z): the layer's activations for one input. */
export function activations(layer: FirstLayer, x: ArrayLike<number>): Float64Array {
  return weightedInputs(layer, x).map(sig);
}

/** Activations of `count` images stored one after another (nIn values each): count × nOut, row-major. */
export function activationsOf(layer: FirstLayer, images: ArrayLike<number>, count: number): Float64Array {
  checkLayer(layer);
  checkImages("activationsOf", layer, images, count);
  const out = new Float64Array(count * layer.nOut);
  const x = new Float64Array(layer.nIn);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < layer.nIn; i++) x[i] = images[n * layer.nIn + i];
    out.set(activations(layer, x), n * layer.nOut);
  }
  return out;
}

/**
 * Each input's influence on the layer's activations, averaged over images:
 * s_i = mean over images of ‖∂a/∂x_i‖ = mean ‖σ′(z) ⊙ w_i‖ (w_i: row i of W).
 */
export function pixelSensitivity(layer: FirstLayer, images: ArrayLike<number>, count: number): Float64Array {
  checkLayer(layer);
  checkImages("pixelSensitivity", layer, images, count);
  const { nIn, nOut } = layer;
  const out = new Float64Array(nIn);
  const x = new Float64Array(nIn);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < nIn; i++) x[i] = images[n * nIn + i];
    const d = weightedInputs(layer, x).map(slope);
    for (let i = 0; i < nIn; i++) {
      let s = 0;
      for (let j = 0; j < nOut; j++) s += (d[j] * layer.weights[i * nOut + j]) ** 2;
      out[i] += Math.sqrt(s);
    }
  }
  if (count > 0) for (let i = 0; i < nIn; i++) out[i] /= count;
  return out;
}


/** How often the layer's weighted inputs are saturated (|z| > limit) over `count` images. */
export function saturation(layer: FirstLayer, images: ArrayLike<number>, count: number, limit = 4): Saturation {
  checkLayer(layer);
  checkImages("saturation", layer, images, count);
  let saturated = 0;
  let largest = 0;
  const x = new Float64Array(layer.nIn);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < layer.nIn; i++) x[i] = images[n * layer.nIn + i];
    for (const z of weightedInputs(layer, x)) {
      const a = Math.abs(z);
      if (a > limit) saturated++;
      if (a > largest) largest = a;
    }
  }
  const total = count * layer.nOut;
  return { saturated, total, fraction: total ? saturated / total : 0, largest, smallestSlope: slope(largest) };
}

/**
 * The closest two rows (Euclidean) of a count × k feature matrix whose labels
 * differ: the pair a layer with these features tells apart least.
 */
export function closestPair(features: ArrayLike<number>, count: number, k: number, labels: ArrayLike<number>): { i: number; j: number; distance: number } {
  if (features.length < count * k) throw new Error(`closestPair: ${features.length} features for ${count} rows of ${k}`);
  if (labels.length < count) throw new Error(`closestPair: ${labels.length} labels for ${count} rows`);
  let best = { i: -1, j: -1, distance: Infinity };
  let bestSq = Infinity;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      if (labels[i] === labels[j]) continue;
      let d = 0;
      for (let c = 0; c < k && d < bestSq; c++) d += (features[i * k + c] - features[j * k + c]) ** 2;
      if (d < bestSq) {
        bestSq = d;
        best = { i, j, distance: 0 };
      }
    }
  }
  if (best.i < 0) throw new Error("closestPair: no two rows with different labels");
  best.distance = Math.sqrt(bestSq);
  return best;
}

/** Euclidean distance between rows i and j of a count × k matrix. */
export function rowDistance(features: ArrayLike<number>, k: number, i: number, j: number): number {
  let d = 0;
  for (let c = 0; c < k; c++) d += (features[i * k + c] - features[j * k + c]) ** 2;
  return Math.sqrt(d);
}


/** Summary of a list of values, for "how spread out are the per-pixel norms". */
export function spread(values: ArrayLike<number>): Spread {
  const n = values.length;
  if (n === 0) throw new Error("spread: no values");
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  const std = Math.sqrt(sq / n);
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  return { min: sorted[0], max: sorted[n - 1], mean, std, cv: mean === 0 ? 0 : std / mean, p01: q(0.01), median: q(0.5), p99: q(0.99) };
}
