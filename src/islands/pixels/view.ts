/**
 * Everything the invisible-pixels demo shows for one setting, computed from the
 * loaded data (DOM-free: the build renders the first view with it, the island
 * every later one): the red masks and their counts, the influence map, the two
 * reconstructions and the two networks' answers.
 */
import { forward } from "../../lib/mlp.ts";
import type { NetworkParams } from "../../lib/network.ts";
import { countSet, largestOutgoing, pixelSensitivity, scaleInputs, unluckyPixels, type FirstLayer } from "../../lib/pixels.ts";
import { predictRidge, type RidgeModel } from "../../lib/ridge.ts";
import { activations } from "../../lib/pixels.ts";
import { UNLUCKY_FACTOR, UNLUCKY_SEED, type PixelSettings } from "./settings.ts";

export const PIXELS = 784;

export interface PixelData {
  /** The shipped test digits: labels and uint8 pixels, one image after another. */
  labels: Uint8Array;
  pixels: Uint8Array;
  count: number;
  /** Position of each shipped digit in the test split. */
  testIndices: number[];
  /** 1 for the pixels that are 0 in all 10,000 digits. */
  alwaysZero: Uint8Array;
  /** The frozen random first layer (frozen-first-layer's initial weights). */
  random: FirstLayer;
  /** The trained first layer (full-3-hidden's final weights). */
  trainedLayer: FirstLayer;
  /** Whole networks whose answers are shown. */
  networks: { trained: NetworkParams; frozen: NetworkParams };
  decoders: { random: RidgeModel; trained: RidgeModel };
}

export interface Answer {
  digit: number;
  /** The winning output neuron's activation (sigmoid outputs: not a probability). */
  output: number;
}

export interface DigitView {
  image: Float64Array;
  label: number;
  testIndex: number;
  /** The answer's rule on the (possibly unlucky) random layer: every outgoing weight below the threshold. */
  red: Uint8Array;
  threshold: number;
  redCount: number;
  /** Red pixels where this digit has ink. */
  redOnInk: number;
  /** Red pixels that are not always 0. */
  redWithData: number;
  /** Ink pixels of this digit. */
  ink: number;
  reconstruction: { random: Float64Array; trained: Float64Array };
  /** Mean squared error of each reconstruction for this digit. */
  error: { random: number; trained: number };
  answers: { trained: Answer; frozen: Answer };
}

export interface InfluenceView {
  /** Mean over the shipped digits of ‖∂a/∂x_i‖ for the (possibly unlucky) random layer. */
  values: Float64Array;
  /** Median over the pixels that are not always 0. */
  median: number;
  max: number;
  /** 1 where the influence is below `influence` × median (always-0 pixels left out). */
  red: Uint8Array;
  redCount: number;
}

/** The shipped digit as 784 values in [0, 1]. */
export function digitImage(data: Pick<PixelData, "pixels">, k: number): Float64Array {
  return Float64Array.from(data.pixels.subarray(k * PIXELS, (k + 1) * PIXELS), (v) => v / 255);
}

/** The random layer, with the unlucky fraction of pixels' weights shrunk. */
export function layerFor(data: Pick<PixelData, "random">, unlucky: number): FirstLayer {
  return unlucky > 0 ? scaleInputs(data.random, unluckyPixels(unlucky, UNLUCKY_SEED, data.random.nIn), UNLUCKY_FACTOR) : data.random;
}

export function answer(net: NetworkParams, x: ArrayLike<number>): Answer {
  const out = forward(net, x).activations.at(-1)!;
  let best = 0;
  for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
  return { digit: best, output: out[best] };
}

const mse = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
};

const clip01 = (v: Float64Array) => v.map((x) => Math.min(1, Math.max(0, x)));

/** The red mask of the answer's rule for a layer. */
export function redMask(layer: FirstLayer, threshold: number): Uint8Array {
  return Uint8Array.from(largestOutgoing(layer), (m) => (m < threshold ? 1 : 0));
}

/** What the demo shows for an image (a shipped digit or one the reader drew). */
export function viewOf(data: PixelData, image: Float64Array, s: PixelSettings, meta: { label: number; testIndex: number }, red?: Uint8Array): DigitView {
  const mask = red ?? redMask(layerFor(data, s.unlucky), s.threshold);
  let redOnInk = 0;
  let ink = 0;
  for (let i = 0; i < PIXELS; i++) {
    if (image[i] > 0) {
      ink++;
      if (mask[i]) redOnInk++;
    }
  }
  const random = clip01(predictRidge(data.decoders.random, activations(data.random, image)));
  const trained = clip01(predictRidge(data.decoders.trained, activations(data.trainedLayer, image)));
  return {
    image,
    ...meta,
    red: mask,
    threshold: s.threshold,
    redCount: countSet(mask),
    redOnInk,
    redWithData: countSet(mask, data.alwaysZero),
    ink,
    reconstruction: { random, trained },
    error: { random: mse(random, image), trained: mse(trained, image) },
    answers: { trained: answer(data.networks.trained, image), frozen: answer(data.networks.frozen, image) },
  };
}

export function digitView(data: PixelData, s: PixelSettings, red?: Uint8Array): DigitView {
  return viewOf(data, digitImage(data, s.digit), s, { label: data.labels[s.digit], testIndex: data.testIndices[s.digit] }, red);
}

/** Influence of each pixel over the shipped digits (the costly part: computed once per unlucky fraction). */
export function influenceValues(data: PixelData, unlucky: number): Float64Array {
  const images = new Float64Array(data.count * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = data.pixels[i] / 255;
  return pixelSensitivity(layerFor(data, unlucky), images, data.count);
}

export function influenceView(values: Float64Array, alwaysZero: Uint8Array, fraction: number): InfluenceView {
  const live = Array.from(values).filter((_, i) => !alwaysZero[i]).sort((a, b) => a - b);
  const median = live.length ? (live[(live.length - 1) >> 1] + live[live.length >> 1]) / 2 : 0;
  const red = Uint8Array.from(values, (v, i) => (!alwaysZero[i] && v < fraction * median ? 1 : 0));
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return { values, median, max, red, redCount: countSet(red) };
}
