/**
 * The shape of public/derived/invisible-pixels/facts.json (written by the data loader
 * scripts/derived/loaders/invisible-pixels.ts): every number the invisible-pixels lesson and its demos
 * show. One zod schema, checked by the loader before it writes the file and by the build when it reads
 * it (parsePixelFacts, through src/components/pixel-data.ts). The <vg-pixels> and <vg-collision>
 * islands read the same file in the browser, checked against its manifest's sha256, without this
 * module: it brings zod, which would outweigh their first script. The runs and files the loader reads
 * are named in src/lib/analysis/pixels.ts, which the islands share.
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";

/** Where the file lives, as messages name it. */
export const PIXEL_FACTS_FILE = "public/derived/invisible-pixels/facts.json";

const whole = z.number().int().min(0);
const positive = z.number().int().min(1);
const share = z.number().min(0).max(1, "a share is at most 1");
const nonNegative = z.number().min(0);
const pixel = whole.max(783, "a pixel index is 0 to 783");
const digit = whole.max(9, "a digit's label is 0 to 9");

/** How often |z| > 4 over the training digits and a layer's units. */
const saturationSchema = z
  .strictObject({
    /** Weighted inputs |z| > limit, over all images and units. */
    saturated: whole,
    total: positive,
    fraction: share,
    /** The largest |z| seen. */
    largest: nonNegative,
    /** The smallest σ′(z) seen (σ′(4) ≈ 0.0177). */
    smallestSlope: z.number().min(0).max(0.25, "σ′ is at most 1/4"),
  })
  .refine((s) => s.saturated <= s.total && s.fraction === s.saturated / s.total, "fraction must be saturated / total, and saturated at most total");

/** A spread of values over pixels. */
const spreadSchema = z
  .strictObject({
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    /** Standard deviation (population). */
    std: nonNegative,
    /** std / mean. */
    cv: z.number(),
    /** Quantiles at 1%, 50% and 99% (nearest rank). */
    p01: z.number(),
    median: z.number(),
    p99: z.number(),
  })
  .refine((s) => s.min <= s.p01 && s.p01 <= s.median && s.median <= s.p99 && s.p99 <= s.max && s.min <= s.mean && s.mean <= s.max, "min ≤ p01 ≤ median ≤ p99 ≤ max and min ≤ mean ≤ max must hold");

const decoderMetaSchema = z.strictObject({
  name: z.enum(["random", "trained"], { error: 'a decoder is "random" or "trained"' }),
  inputs: positive,
  outputs: positive,
  lambda: z.number().positive(),
  /** Byte offset of this decoder in decoders.bin (int16 with a scale per output: src/lib/analysis/int16-decoder.ts). */
  offset: whole,
});

const layerFactsSchema = z.strictObject({
  run: z.string().min(1),
  model: z.string().min(1),
  units: positive,
  /** Spread of the per-pixel norms ‖w_i‖ of the outgoing weights, over all 784 pixels. */
  norms: spreadSchema,
  /** Spread of the per-pixel largest outgoing weight max_j |w_ij|. */
  largest: spreadSchema,
  /** Mean over the training digits of ‖∂a/∂x_i‖, per pixel (784 values, 4 significant digits). */
  sensitivity: z.array(nonNegative).refine((a) => a.length === 784, "one value per pixel, 784"),
  /** Spread of the sensitivity over the pixels that are not always 0. */
  sensitivitySpread: spreadSchema,
  /** How often |z| > 4 over the training digits and the layer's units. */
  saturation: saturationSchema,
  decoder: z.strictObject({
    lambda: z.number().positive(),
    validation: z.array(z.strictObject({ lambda: z.number().positive(), error: nonNegative })).min(1),
    testError: nonNegative,
    /** The same with the int16 weights the site ships. */
    shippedTestError: nonNegative,
  }),
});

export const pixelFactsSchema = z
  .strictObject({
    data: z.strictObject({ count: positive, train: positive, test: positive, decoderFit: positive }),
    /** Pixels that are 0 in every one of the digits (indices 0–783), in order. */
    alwaysZero: z.array(pixel).refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]), "the pixels must be listed once each, in increasing order"),
    alwaysZeroCount: whole,
    /** The shipped sample: positions of its digits in the test split. */
    sample: z.strictObject({ testIndices: z.array(whole).min(1) }),
    layers: z.strictObject({ random: layerFactsSchema, trained: layerFactsSchema }),
    /** Mean squared error of reconstructing every test digit as the mean training digit. */
    meanImageError: nonNegative,
    /** The two test digits of different classes whose random-layer activations are closest. */
    pair: z
      .strictObject({
        i: whole,
        j: whole,
        labels: z.tuple([digit, digit]),
        /** Distance of their 30 activations under the random layer and under the trained layer, and of their pixels. */
        random: nonNegative,
        trained: nonNegative,
        pixels: nonNegative,
        /** Median distance between different-label test digits, in each of the three spaces. */
        typicalRandom: nonNegative,
        typicalTrained: nonNegative,
        typicalPixels: nonNegative,
      })
      .refine((p) => p.i !== p.j && p.labels[0] !== p.labels[1], "two different digits with different labels"),
    decoders: z.array(decoderMetaSchema).refine((d) => d.length === 2 && d[0].name === "random" && d[1].name === "trained", 'the "random" decoder, then the "trained" one'),
    /** The config hash of each run the facts were computed from. */
    runs: z.record(z.string(), z.string().min(1)),
  })
  .superRefine((f, ctx) => {
    if (f.alwaysZeroCount !== f.alwaysZero.length) ctx.addIssue({ code: "custom", path: ["alwaysZeroCount"], message: `alwaysZero lists ${f.alwaysZero.length} pixels` });
    const outside = f.sample.testIndices.findIndex((i) => i >= f.data.test);
    if (outside >= 0) ctx.addIssue({ code: "custom", path: ["sample", "testIndices", outside], message: `the test split has ${f.data.test} digits` });
    for (const k of ["i", "j"] as const) if (f.pair[k] >= f.data.test) ctx.addIssue({ code: "custom", path: ["pair", k], message: `the test split has ${f.data.test} digits` });
  });

export type Saturation = z.infer<typeof saturationSchema>;
export type Spread = z.infer<typeof spreadSchema>;
export type DecoderMeta = z.infer<typeof decoderMetaSchema>;
export type LayerFacts = z.infer<typeof layerFactsSchema>;
export type PixelFacts = z.infer<typeof pixelFactsSchema>;

/** facts.json checked against the schema; the first bad field throws, named with the file. */
export const parsePixelFacts = (json: unknown, file: string = PIXEL_FACTS_FILE): PixelFacts => parseWith(pixelFactsSchema, json, file);
