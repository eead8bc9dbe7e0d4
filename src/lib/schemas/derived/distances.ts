/**
 * The shape of public/derived/distances/distances.json (written by the data loader
 * scripts/derived/loaders/distances.ts, read by src/figures/distances.ts for <DistancesFigure>):
 * what each representation of the first test digits does to the distances between them. One zod
 * schema, checked by the loader before it writes the file and by every reader (parseDistances).
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";

/** Where the file lives, as messages name it. */
export const DISTANCES_FILE = "public/derived/distances/distances.json";
/** The representations every page expects, in the order they are drawn. */
export const REPRESENTATION_IDS = ["pixels", "pca-30", "trained-30", "random-30", "random-100", "random-300", "random-1000"] as const;

/** A count or an index: a whole number, 0 or more. */
const whole = z.number().int().min(0);
const digit = whole.max(9, "a digit's label is 0 to 9");
/** A share of the digits (an accuracy): 0 to 1. */
const share = z.number().min(0).max(1, "an accuracy is at most 1");
/** Two digits' labels (checked as a list first: a tuple's wrong length would read as "an empty list"). */
const labels = z
  .array(digit)
  .refine((a) => a.length === 2, "a pair of labels, one per digit")
  .pipe(z.tuple([digit, digit]));
const text = z.string().refine((s) => s.length > 0, "must not be empty");

/** The 5th and 95th percentiles of something, in order. */
const bandShape = { p5: z.number(), p95: z.number() };
const inOrder = (b: { p5: number; p95: number }) => b.p5 <= b.p95;
const IN_ORDER = "p5 must not be above p95";
const band = z.strictObject(bandShape).refine(inOrder, IN_ORDER);

/** Percentiles of a ratio of distances: positive (no two different digits coincide), rising. */
const percentiles = z
  .strictObject({ p5: z.number(), p50: z.number(), p95: z.number() })
  .refine((p) => p.p5 <= p.p50 && p.p50 <= p.p95, "the percentiles must rise: p5 ≤ p50 ≤ p95")
  .refine((p) => p.p5 > 0, "p5 must be above 0: an r of 0 would put two digits of different labels on the same point");

const pairFact = z.strictObject({
  i: whole,
  j: whole,
  labels,
  ratio: z.number(),
  relative: z.number(),
});

const representationSchema = z.strictObject({
  id: text,
  label: text,
  dims: whole,
  /** Where the representation comes from (a file, a run's model, a study and seed). */
  source: text,
  /** Leave-one-out 1-nearest-neighbour accuracy over the digits (ties: lowest index). */
  nearestNeighbour: share,
  nearestNeighbourCorrect: whole,
  /** Percentiles of r = ‖f(x_i) − f(x_j)‖ / ‖x_i − x_j‖ over the pairs of different labels. */
  ratio: percentiles,
  /** ratio.p5 / ratio.p50 and ratio.p95 / ratio.p50. */
  relative: band,
  /** Random layers: the same for the weighted inputs z = Wx + b. */
  linear: z.strictObject({ nearestNeighbour: share, ratio: percentiles, relative: band }).optional(),
  /** Random layers: a Gaussian projection to `dims` dimensions, √(q_p/q_0.5) of χ²_dims; overRms √(q_p/dims); linearMedian √q_0.5/√784. */
  predicted: z.strictObject({ ...bandShape, overRms: band, linearMedian: z.number() }).refine(inOrder, IN_ORDER).optional(),
  /** The different-label pair with the smallest r. */
  closestPair: pairFact,
});

/** public/derived/distances/distances.json: checked by the loader before it writes and by every reader. */
export const distancesSchema = z
  .strictObject({
    source: z.string(),
    digits: whole,
    /** Pairs with different labels. */
    pairs: whole,
    allPairs: whole,
    pca: z.strictObject({ components: whole, seed: whole, trainingDigits: whole, iterations: whole, residual: z.number(), explainedVariance: z.number() }),
    /** The χ² quantiles for a Gaussian projection to k dimensions. */
    chiSquare: z.array(z.strictObject({ k: whole, q05: z.number(), q50: z.number(), q95: z.number(), relative: band, overRms: band })),
    representations: z.array(representationSchema).min(1),
    /** The different-label pair closest in the random-30 activations, and its r in every representation. */
    collidedPair: z.strictObject({
      i: whole,
      j: whole,
      labels,
      pixelDistance: z.number(),
      randomDistance: z.number(),
      byRepresentation: z.array(z.strictObject({ id: z.string(), ratio: z.number(), relative: z.number(), rank: z.number() })),
    }),
  })
  .superRefine((d, ctx) => {
    const ids = d.representations.map((r) => r.id);
    // Reported at "representations.length" (the list's count): the list itself would be quoted whole in the message.
    for (const id of REPRESENTATION_IDS) {
      if (!ids.includes(id)) ctx.addIssue({ code: "custom", path: ["representations", "length"], message: `there is no representation "${id}" (found ${ids.join(", ")})` });
    }
    d.collidedPair.byRepresentation.forEach((b, n) => {
      if (!ids.includes(b.id)) ctx.addIssue({ code: "custom", path: ["collidedPair", "byRepresentation", n, "id"], message: `not one of the representations (${ids.join(", ")})` });
    });
  });

export type DistancesData = z.infer<typeof distancesSchema>;
export type Representation = z.infer<typeof representationSchema>;
export type PairFact = z.infer<typeof pairFact>;
export type Band = z.infer<typeof band>;
export type Percentiles = z.infer<typeof percentiles>;

/** The file checked by its schema; the first bad field throws, named with the file. */
export const parseDistances = (json: unknown, file: string = DISTANCES_FILE): DistancesData => parseWith(distancesSchema, json, file);
