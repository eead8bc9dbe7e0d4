/**
 * Nielsen's ch. 5 "speed of learning" table, measured over many seeds: the shape
 * of public/derived/nielsen-table/table.json (written by the data loader
 * scripts/derived/loaders/nielsen-table.ts), the pure functions that summarise
 * the per-seed measurements, and the schema of the cited source file
 * content/sources/nielsen-ch5.json (Nielsen's published numbers). DOM-free.
 *
 * The measured quantity, per layer l, is ‖∂C/∂b^l‖ at initialisation with C the
 * average cost over the first `log.gradientImages` training digits — what
 * biasGradientNorms (src/lib/nets/mlp.ts) and Nielsen's fig/generate_gradient.py compute.
 * Every per-seed vector lists the hidden layers first and the output layer last.
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";
import { geometricMean, summarise, summariseRatios, type RatioSummary, type Summary } from "../../statistics.ts";

export type { RatioSummary, Summary };

/** Where the table lives, relative to public/. */
export const DERIVED_DIR = "derived/nielsen-table";

/**
 * Seed 1's float64 norms against the float32 norms the tfjs trainer logged for the
 * shipped run (public/runs/<id>/log.json `initial.gradNorms`): the largest relative
 * difference allowed. Measured: at most 3.5e-7 over the five runs (float32 rounding
 * of a 1,000-image average), so 1e-5 leaves a margin of about 30. It is tight enough
 * to catch averaging over one digit too few (999 instead of 1,000 moves the norms by
 * 5e-5 to 3e-4 relative); a wrong seed moves them by tens of percent.
 */
export const SHIPPED_TOLERANCE = 1e-5;

// ---------------------------------------------------------------------------
// Summaries (the statistics themselves are in src/lib/statistics.ts)

/**
 * Last hidden layer's norm over the first hidden layer's, from one network's norms
 * (hidden layers first, output last); null with fewer than two hidden layers.
 */
export function lastOverFirstHidden(norms: readonly number[]): number | null {
  const hidden = norms.length - 1;
  if (hidden < 2) return null;
  return norms[hidden - 1] / norms[0];
}

/**
 * The factor k between neighbouring hidden layers if the last/first ratio r of a
 * network with h hidden layers came from h − 1 equal steps: k = r^(1/(h−1)).
 */
export function perLayerFactor(ratio: number, hiddenLayers: number): number {
  if (!Number.isInteger(hiddenLayers) || hiddenLayers < 2) throw new Error(`perLayerFactor: needs at least two hidden layers, got ${hiddenLayers}`);
  if (!(ratio > 0)) throw new Error(`perLayerFactor: the ratio ${ratio} is not positive`);
  return ratio ** (1 / (hiddenLayers - 1));
}

/** Largest |a − b| / |b| over two equally long vectors (b the reference). */
export function maxRelativeDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`maxRelativeDifference: lengths ${a.length} and ${b.length} differ`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

/**
 * Checks our float64 seed-1 norms against the shipped run's float32 log and returns
 * the largest relative difference; throws, naming the run and both vectors, beyond
 * the tolerance or when the lengths differ.
 */
export function assertMatchesShipped(run: string, ours: readonly number[], shipped: readonly number[], tolerance = SHIPPED_TOLERANCE): number {
  const show = (v: readonly number[]) => v.map((x) => x.toPrecision(6)).join(", ");
  if (ours.length !== shipped.length) throw new Error(`${run}: seed 1 has ${ours.length} layers, the shipped run's log ${shipped.length}`);
  const diff = maxRelativeDifference(ours, shipped);
  if (!(diff <= tolerance)) {
    throw new Error(`${run}: seed 1 gives ‖∂C/∂b‖ ${show(ours)} but the shipped run logged ${show(shipped)} (relative difference ${diff.toExponential(2)} > ${tolerance})`);
  }
  return diff;
}

/** What one experiment's seeds say, computed from its per-seed norms (the shape in table.json: seedSummarySchema). */
export type SeedSummary = z.infer<typeof seedSummarySchema>;

/** Summaries over seeds; `perSeed[s]` is one network's norms (hidden layers, then output). */
export function summariseSeeds(perSeed: readonly (readonly number[])[]): SeedSummary {
  if (perSeed.length < 2) throw new Error(`summariseSeeds: needs at least two seeds, got ${perSeed.length}`);
  const layers = perSeed[0].length;
  if (layers < 2) throw new Error("summariseSeeds: a network has at least one hidden layer and an output layer");
  for (const n of perSeed) if (n.length !== layers) throw new Error(`summariseSeeds: a seed has ${n.length} norms, another ${layers}`);
  const column = (l: number) => perSeed.map((n) => n[l]);
  const hidden = Array.from({ length: layers - 1 }, (_, l) => summarise(column(l)));
  const ratios = perSeed.map(lastOverFirstHidden);
  const ratio = ratios[0] === null ? null : summariseRatios(ratios as number[]);
  return {
    hidden,
    output: summarise(column(layers - 1)),
    ratio,
    perLayerFactor: ratio === null ? null : perLayerFactor(ratio.geometricMean, layers - 1),
  };
}

/** One step of the depth series: from `from` to `to` hidden layers. */
export type DepthStep = DepthGrowth["steps"][number];

/** How the seeds' geometric means change with depth (the shape in table.json: depthGrowthSchema). */
export type DepthGrowth = z.infer<typeof depthGrowthSchema>;

/**
 * How the seeds' geometric means change with depth. `series` must be sorted by
 * strictly increasing hidden-layer count; each entry's perSeed as in summariseSeeds.
 */
export function depthGrowth(series: readonly { id: string; perSeed: readonly (readonly number[])[] }[]): DepthGrowth {
  if (series.length < 2) throw new Error("depthGrowth: needs at least two depths");
  const hiddenLayers = series.map((s) => s.perSeed[0].length - 1);
  for (let i = 1; i < hiddenLayers.length; i++) {
    if (!(hiddenLayers[i] > hiddenLayers[i - 1])) throw new Error(`depthGrowth: depths must increase, got ${hiddenLayers.join(", ")}`);
  }
  const ratioGeometricMean = series.map((s) => geometricMean(s.perSeed.map((n) => lastOverFirstHidden(n) ?? 1)));
  const firstLayerGeometricMean = series.map((s) => geometricMean(s.perSeed.map((n) => n[0])));
  const steps: DepthStep[] = [];
  for (let i = 1; i < series.length; i++) {
    // A step over several added layers counts as that many equal steps.
    const added = hiddenLayers[i] - hiddenLayers[i - 1];
    steps.push({
      from: hiddenLayers[i - 1],
      to: hiddenLayers[i],
      ratioFactor: (ratioGeometricMean[i] / ratioGeometricMean[i - 1]) ** (1 / added),
      firstLayerFactor: (firstLayerGeometricMean[i - 1] / firstLayerGeometricMean[i]) ** (1 / added),
    });
  }
  const weights = steps.map((s) => s.to - s.from);
  const weighted = (f: (s: DepthStep) => number) =>
    Math.exp(steps.reduce((a, s, i) => a + weights[i] * Math.log(f(s)), 0) / weights.reduce((a, w) => a + w, 0));
  return {
    experiments: series.map((s) => s.id),
    hiddenLayers,
    ratioGeometricMean,
    firstLayerGeometricMean,
    steps,
    perExtraLayer: { ratio: weighted((s) => s.ratioFactor), firstLayer: weighted((s) => s.firstLayerFactor) },
  };
}

// ---------------------------------------------------------------------------
// The cited source: content/sources/nielsen-ch5.json

/** A number as printed: digits with an optional trailing "…" (Nielsen's "0.07…" is cut, not rounded). */
const PRINTED = /^\d+\.\d+(…)?$/;

const speedsSchema = z
  .object({
    /** The network, as Nielsen writes it, e.g. [784, 30, 30, 30, 10]. */
    architecture: z.array(z.number().int().positive()).min(3),
    /** The hidden layers' speeds exactly as printed, first hidden layer first. */
    printed: z.array(z.string().regex(PRINTED, 'a printed number like "0.283" or "0.07…"')).min(1),
    /** The same as numbers (a trailing "…" dropped). */
    values: z.array(z.number().positive()).min(1),
    /** Where in the section the numbers stand, in our words. */
    where: z.string().min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const hidden = s.architecture.length - 2;
    if (s.printed.length !== hidden) ctx.addIssue({ code: "custom", path: ["printed"], message: `${hidden} hidden layers need ${hidden} printed numbers, got ${s.printed.length}` });
    if (s.values.length !== s.printed.length) ctx.addIssue({ code: "custom", path: ["values"], message: "values and printed must have the same length" });
    s.printed.forEach((p, i) => {
      if (Number(p.replace("…", "")) !== s.values[i]) ctx.addIssue({ code: "custom", path: ["values", i], message: `${s.values[i]} is not the printed ${p}` });
    });
  });

export const nielsenSourceSchema = z
  .object({
    /** Author, title, publisher, year. */
    citation: z.string().min(1),
    chapter: z.string().min(1),
    section: z.string().min(1),
    /** The page as published. */
    url: z.url(),
    /** Where the text was read (a fixed copy of the page). */
    readFrom: z.object({ url: z.url(), commit: z.string().regex(/^[0-9a-f]{40}$/) }).strict(),
    /** The program that produced the numbers, and what it measures. */
    method: z.object({ program: z.url(), measures: z.string().min(1) }).strict(),
    speeds: z.array(speedsSchema).min(1),
    /** What the source does not print, so nobody looks for it in the file. */
    notPrinted: z.array(z.string().min(1)),
  })
  .strict();

export type NielsenSource = z.infer<typeof nielsenSourceSchema>;

/** Parses content/sources/nielsen-ch5.json; a bad file throws naming it and the field. */
export function parseNielsenSource(json: unknown, file = "content/sources/nielsen-ch5.json"): NielsenSource {
  const r = nielsenSourceSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${file}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return r.data;
}

// ---------------------------------------------------------------------------
// table.json

const summarySchema = z.strictObject({ mean: z.number(), std: z.number(), min: z.number(), max: z.number(), median: z.number() });
const ratioSummarySchema = z.strictObject({ mean: z.number(), median: z.number(), min: z.number(), max: z.number(), geometricMean: z.number().positive() });
const share = z.number().min(0).max(1);
const norms = z.array(z.number().positive()).min(2);

const seedSummarySchema = z.strictObject({
  /** One Summary per hidden layer, the first hidden layer first. */
  hidden: z.array(summarySchema).min(1),
  output: summarySchema,
  /** Last hidden / first hidden per seed, summarised; null with one hidden layer. */
  ratio: ratioSummarySchema.nullable(),
  /** perLayerFactor of the ratio's geometric mean; null with one hidden layer. */
  perLayerFactor: z.number().positive().nullable(),
});

const depthGrowthSchema = z.strictObject({
  /** The experiments of the series, in order of depth (same width, same init, same cost). */
  experiments: z.array(z.string()).min(2),
  hiddenLayers: z.array(z.number().int().positive()).min(2),
  /** Per depth: geometric mean over seeds of last hidden / first hidden (exactly 1 with one hidden layer). */
  ratioGeometricMean: z.array(z.number().positive()),
  /** Per depth: geometric mean over seeds of the first hidden layer's norm. */
  firstLayerGeometricMean: z.array(z.number().positive()),
  steps: z.array(
    z.strictObject({
      from: z.number().int().positive(),
      to: z.number().int().positive(),
      /** Geometric-mean last/first ratio at `to` over that at `from` (the ratio is 1 with one hidden layer). */
      ratioFactor: z.number().positive(),
      /** Geometric-mean first-hidden-layer norm at `from` over that at `to`: how much the extra layer slows the first layer. */
      firstLayerFactor: z.number().positive(),
    }),
  ),
  /**
   * Geometric means of the steps' factors: "each extra hidden layer multiplies the
   * last/first ratio by about `ratio` and divides the first layer's speed by about `firstLayer`".
   */
  perExtraLayer: z.strictObject({ ratio: z.number().positive(), firstLayer: z.number().positive() }),
});

/** Nielsen's printed numbers for one architecture, next to ours. */
const nielsenRowSchema = z.strictObject({
  /** Hidden layers' speeds as printed, e.g. ["0.012", "0.060", "0.283"]. */
  printed: z.array(z.string()).min(1),
  values: z.array(z.number().positive()).min(1),
  /** Last hidden / first hidden from the printed numbers. */
  ratio: z.number().positive().nullable(),
  /** perLayerFactor of that ratio. */
  perLayerFactor: z.number().positive().nullable(),
  /** Per hidden layer: the share of our seeds whose norm lies below Nielsen's number (0…1). */
  fractionOfSeedsBelow: z.array(share),
  /** The share of our seeds whose last/first ratio lies below Nielsen's; null with one hidden layer. */
  ratioFractionOfSeedsBelow: share.nullable(),
});

/** The committed run trained from seed 1 (public/runs/<id>/log.json). */
const shippedRowSchema = z.strictObject({
  run: z.string().min(1),
  seed: z.number().int().min(0),
  /** Its log's initial.gradNorms (float32, tfjs): hidden layers, then output. */
  gradNorms: norms,
  /** Last hidden / first hidden of gradNorms; null with one hidden layer. */
  ratio: z.number().positive().nullable(),
  /** Largest relative difference between gradNorms and our float64 seed 1 (at most SHIPPED_TOLERANCE). */
  maxRelativeDifference: z.number().min(0).max(SHIPPED_TOLERANCE),
  /** Per hidden layer: the share of our seeds whose norm lies below the shipped one (0…1). */
  fractionOfSeedsBelow: z.array(share),
  /** The share of our seeds whose last/first ratio lies below the shipped one's; null with one hidden layer. */
  ratioFractionOfSeedsBelow: share.nullable(),
});

/** One experiment config measured over seeds 1…N. */
const experimentRowSchema = z.strictObject({
  title: z.string(),
  architecture: z.array(z.number().int().positive()).min(3),
  cost: z.enum(["cross-entropy", "quadratic"]),
  hiddenLayers: z.number().int().positive(),
  /** The seeds measured: first…last, count of them. */
  seeds: z.strictObject({ first: z.number().int(), last: z.number().int(), count: z.number().int().min(2) }),
  ...seedSummarySchema.shape,
  /** Per seed (seeds.first + index), every layer's norm: hidden layers, then output. */
  perSeed: z.array(norms).min(2),
  /** Per seed, last hidden / first hidden; null with one hidden layer. */
  perSeedRatio: z.array(z.number().positive()).nullable(),
  shipped: shippedRowSchema,
  /** Nielsen's printed numbers for the same architecture; null where he printed none. */
  nielsen: nielsenRowSchema.nullable(),
});

/** public/derived/nielsen-table/table.json: checked by the loader before it writes and by every reader. */
export const nielsenTableSchema = z.strictObject({
  /** How everything below was measured. */
  method: z.strictObject({
    quantity: z.string(),
    gradientImages: z.number().int().positive(),
    /** The digits: the shipped data file and which of them. */
    data: z.string(),
    /** Seed 1 is checked against the shipped runs with this relative tolerance. */
    shippedTolerance: z.number().positive(),
    /** Known differences from Nielsen's setup. */
    differencesFromNielsen: z.array(z.string()),
  }),
  /** Keyed by experiment id (content/experiments/<id>.json). */
  experiments: z.record(z.string(), experimentRowSchema),
  /** The nielsen-1…4-hidden series: how the ratio and the first layer's speed change per added layer. */
  depthGrowth: depthGrowthSchema,
  /** Nielsen's cited numbers as in content/sources/nielsen-ch5.json. */
  source: z.strictObject({ citation: z.string(), url: z.string(), section: z.string(), notPrinted: z.array(z.string()) }),
});

export type NielsenRow = z.infer<typeof nielsenRowSchema>;
export type ShippedRow = z.infer<typeof shippedRowSchema>;
export type ExperimentRow = z.infer<typeof experimentRowSchema>;
export type NielsenTable = z.infer<typeof nielsenTableSchema>;

/** Where the table lives, as messages name it. */
export const NIELSEN_TABLE_FILE = "public/derived/nielsen-table/table.json";

/** The table checked by its schema; the first bad field throws, named with the file. */
export const parseNielsenTable = (json: unknown, file: string = NIELSEN_TABLE_FILE): NielsenTable => parseWith(nielsenTableSchema, json, file);
