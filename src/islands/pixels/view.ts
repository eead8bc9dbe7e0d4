/**
 * Everything the invisible-pixels demo shows for one setting, computed from the
 * loaded data (DOM-free: the build renders the first view with it, the island
 * every later one): the red masks and their counts, the influence map, the two
 * reconstructions and the two networks' answers.
 *
 * Cause and effect: the red pixels are the ones the reader is told are lost, so
 * both networks and both decoders are given the digit as the reader is shown it,
 * with its red pixels blanked (set to 0), never the full digit behind the paint.
 */
import { forward } from "../../lib/nets/mlp.ts";
import type { NetworkParams } from "../../lib/nets/network.ts";
import { countSet, largestOutgoing, pixelSensitivity, scaleInputs, unluckyPixels, type FirstLayer } from "../../lib/analysis/pixels.ts";
import { predictRidge, type RidgeModel } from "../../lib/analysis/ridge.ts";
import { activations } from "../../lib/analysis/pixels.ts";
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
  /** The digit itself. */
  image: Float64Array;
  /** What the networks and decoders are given: the digit with its red pixels set to 0. */
  shown: Float64Array;
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
  /** Each decoder's image from its first layer's 30 activations of `shown`. */
  reconstruction: { random: Float64Array; trained: Float64Array };
  /** Mean squared error of each reconstruction against `shown`, the image it was made from. */
  error: { random: number; trained: number };
  answers: { trained: Answer; frozen: Answer };
}

export interface InfluenceView {
  /** Mean over the shipped digits of ‖∂a/∂x_i‖ for the (possibly unlucky) random layer. */
  values: Float64Array;
  /** Median over the pixels that are not always 0. */
  median: number;
  /**
   * The yardstick of the red rule: the shipped layer's median influence (not this layer's:
   * when an unlucky share above a half shrinks most pixels, this layer's median collapses
   * with them and nothing would be below a share of it).
   */
  reference: number;
  max: number;
  /** 1 where the influence is below `influence` × reference (always-0 pixels left out). */
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

/** The image with the masked pixels set to 0. */
export function blank(image: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  return Float64Array.from(image, (v, i) => (mask[i] ? 0 : v));
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
  const shown = blank(image, mask);
  const random = clip01(predictRidge(data.decoders.random, activations(data.random, shown)));
  const trained = clip01(predictRidge(data.decoders.trained, activations(data.trainedLayer, shown)));
  return {
    image,
    shown,
    ...meta,
    red: mask,
    threshold: s.threshold,
    redCount: countSet(mask),
    redOnInk,
    redWithData: countSet(mask, data.alwaysZero),
    ink,
    reconstruction: { random, trained },
    error: { random: mse(random, shown), trained: mse(trained, shown) },
    answers: { trained: answer(data.networks.trained, shown), frozen: answer(data.networks.frozen, shown) },
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

/** Median of the values over the pixels that are not always 0. */
export function liveMedian(values: ArrayLike<number>, alwaysZero: ArrayLike<number>): number {
  const live = Array.from(values).filter((_, i) => !alwaysZero[i]).sort((a, b) => a - b);
  return live.length ? (live[(live.length - 1) >> 1] + live[live.length >> 1]) / 2 : 0;
}

/**
 * The map for one layer's influence values. `reference` is the median the red rule is a share
 * of: the shipped layer's (influenceValues(data, 0)), whatever the unlucky share; it defaults
 * to these values' own median, which is the same thing for the shipped layer.
 */
export function influenceView(values: Float64Array, alwaysZero: Uint8Array, fraction: number, reference = liveMedian(values, alwaysZero)): InfluenceView {
  const median = liveMedian(values, alwaysZero);
  const red = Uint8Array.from(values, (v, i) => (!alwaysZero[i] && v < fraction * reference ? 1 : 0));
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return { values, median, reference, max, red, redCount: countSet(red) };
}

/** How the weight rule's red pixels (the panels) and the influence map's compare, over the pixels that are not always 0. */
export interface RedAgreement {
  /** Red by the weight rule (the panels). */
  weights: number;
  /** Red on the influence map. */
  map: number;
  /** Red by both. */
  both: number;
}

export function redAgreement(weightRed: ArrayLike<number>, mapRed: ArrayLike<number>, alwaysZero: ArrayLike<number>): RedAgreement {
  let weights = 0;
  let map = 0;
  let both = 0;
  for (let i = 0; i < PIXELS; i++) {
    if (alwaysZero[i]) continue;
    if (weightRed[i]) weights++;
    if (mapRed[i]) map++;
    if (weightRed[i] && mapRed[i]) both++;
  }
  return { weights, map, both };
}
