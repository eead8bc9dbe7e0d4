/**
 * The shape of public/derived/invisible-pixels/facts.json (written by the data
 * loader scripts/derived/loaders/invisible-pixels.ts) and what reads it back:
 * the lesson's static figures at build time and the <vg-pixels> island.
 */

export interface Saturation {
  /** Weighted inputs |z| > limit, over all images and units. */
  saturated: number;
  total: number;
  fraction: number;
  /** The largest |z| seen. */
  largest: number;
  /** The smallest σ′(z) seen (σ′(4) ≈ 0.0177). */
  smallestSlope: number;
}

export interface Spread {
  min: number;
  max: number;
  mean: number;
  /** Standard deviation (population). */
  std: number;
  /** std / mean. */
  cv: number;
  /** Quantiles at 1%, 50% and 99% (nearest rank). */
  p01: number;
  median: number;
  p99: number;
}

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

export const DERIVED_DIR = "derived/invisible-pixels";

export interface DecoderMeta {
  name: "random" | "trained";
  inputs: number;
  outputs: number;
  lambda: number;
  /** Byte offset of this decoder in decoders.bin (int16 with a scale per output: src/lib/analysis/int16-decoder.ts). */
  offset: number;
}

export interface LayerFacts {
  run: string;
  model: string;
  units: number;
  /** Spread of the per-pixel norms ‖w_i‖ of the outgoing weights, over all 784 pixels. */
  norms: Spread;
  /** Spread of the per-pixel largest outgoing weight max_j |w_ij|. */
  largest: Spread;
  /** Mean over the training digits of ‖∂a/∂x_i‖, per pixel (784 values, 4 significant digits). */
  sensitivity: number[];
  /** Spread of the sensitivity over the pixels that are not always 0. */
  sensitivitySpread: Spread;
  /** How often |z| > 4 over the training digits and the layer's units. */
  saturation: Saturation;
  decoder: { lambda: number; validation: { lambda: number; error: number }[]; testError: number; /** The same with the int16 weights the site ships. */
    shippedTestError: number };
}

export interface PixelFacts {
  data: { count: number; train: number; test: number; decoderFit: number };
  /** Pixels that are 0 in every one of the digits (indices 0–783). */
  alwaysZero: number[];
  alwaysZeroCount: number;
  /** The shipped sample: positions of its digits in the test split. */
  sample: { testIndices: number[] };
  layers: Record<"random" | "trained", LayerFacts>;
  /** Mean squared error of reconstructing every test digit as the mean training digit. */
  meanImageError: number;
  /** The two test digits of different classes whose random-layer activations are closest. */
  pair: {
    i: number;
    j: number;
    labels: [number, number];
    /** Distance of their 30 activations under the random layer and under the trained layer, and of their pixels. */
    random: number;
    trained: number;
    pixels: number;
    /** Median distance between different-label test digits, in each of the three spaces. */
    typicalRandom: number;
    typicalTrained: number;
    typicalPixels: number;
  };
  decoders: DecoderMeta[];
  /** The config hash of each run the facts were computed from. */
  runs: Record<string, string>;
}
