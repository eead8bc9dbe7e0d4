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
// Summaries

/** Five numbers about a sample. */
export interface Summary {
  mean: number;
  /** Sample standard deviation (divides by n − 1). */
  std: number;
  min: number;
  max: number;
  /** Middle value; the mean of the two middle values when n is even. */
  median: number;
}

/** A per-seed ratio, summarised. */
export interface RatioSummary {
  mean: number;
  median: number;
  min: number;
  max: number;
  /** exp(mean(log ratio)): the typical ratio on the scale ratios multiply on. */
  geometricMean: number;
}

function finite(values: readonly number[], what: string): void {
  if (values.length === 0) throw new Error(`${what}: no values`);
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`${what}: ${v} is not a finite number`);
}

export function mean(values: readonly number[]): number {
  finite(values, "mean");
  return values.reduce((a, v) => a + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  finite(values, "median");
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sample standard deviation (n − 1 in the denominator); needs two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) throw new Error(`sampleStd: a sample standard deviation needs at least two values, got ${values.length}`);
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/** exp(mean(log v)); every value must be positive. */
export function geometricMean(values: readonly number[]): number {
  finite(values, "geometricMean");
  for (const v of values) if (!(v > 0)) throw new Error(`geometricMean: ${v} is not positive`);
  return Math.exp(values.reduce((a, v) => a + Math.log(v), 0) / values.length);
}

export function summarise(values: readonly number[]): Summary {
  return { mean: mean(values), std: sampleStd(values), min: Math.min(...values), max: Math.max(...values), median: median(values) };
}

export function summariseRatios(ratios: readonly number[]): RatioSummary {
  return { mean: mean(ratios), median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), geometricMean: geometricMean(ratios) };
}

/** Share of `values` strictly below x (0…1): where one run sits among the seeds. */
export function fractionBelow(values: readonly number[], x: number): number {
  finite(values, "fractionBelow");
  return values.filter((v) => v < x).length / values.length;
}

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

/** What one experiment's seeds say, computed from its per-seed norms. */
export interface SeedSummary {
  /** One Summary per hidden layer, the first hidden layer first. */
  hidden: Summary[];
  output: Summary;
  /** Last hidden / first hidden per seed, summarised; null with one hidden layer. */
  ratio: RatioSummary | null;
  /** perLayerFactor of the ratio's geometric mean; null with one hidden layer. */
  perLayerFactor: number | null;
}

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
export interface DepthStep {
  from: number;
  to: number;
  /** Geometric-mean last/first ratio at `to` over that at `from` (the ratio is 1 with one hidden layer). */
  ratioFactor: number;
  /** Geometric-mean first-hidden-layer norm at `from` over that at `to`: how much the extra layer slows the first layer. */
  firstLayerFactor: number;
}

export interface DepthGrowth {
  /** The experiments of the series, in order of depth (same width, same init, same cost). */
  experiments: string[];
  hiddenLayers: number[];
  /** Per depth: geometric mean over seeds of last hidden / first hidden (exactly 1 with one hidden layer). */
  ratioGeometricMean: number[];
  /** Per depth: geometric mean over seeds of the first hidden layer's norm. */
  firstLayerGeometricMean: number[];
  steps: DepthStep[];
  /**
   * Geometric means of the steps' factors: "each extra hidden layer multiplies the
   * last/first ratio by about `ratio` and divides the first layer's speed by about `firstLayer`".
   */
  perExtraLayer: { ratio: number; firstLayer: number };
}

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

/** Nielsen's printed numbers for one architecture, next to ours. */
export interface NielsenRow {
  /** Hidden layers' speeds as printed, e.g. ["0.012", "0.060", "0.283"]. */
  printed: string[];
  values: number[];
  /** Last hidden / first hidden from the printed numbers. */
  ratio: number | null;
  /** perLayerFactor of that ratio. */
  perLayerFactor: number | null;
  /** Per hidden layer: the share of our seeds whose norm lies below Nielsen's number (0…1). */
  fractionOfSeedsBelow: number[];
  /** The share of our seeds whose last/first ratio lies below Nielsen's; null with one hidden layer. */
  ratioFractionOfSeedsBelow: number | null;
}

/** The committed run trained from seed 1 (public/runs/<id>/log.json). */
export interface ShippedRow {
  run: string;
  seed: number;
  /** Its log's initial.gradNorms (float32, tfjs): hidden layers, then output. */
  gradNorms: number[];
  /** Last hidden / first hidden of gradNorms; null with one hidden layer. */
  ratio: number | null;
  /** Largest relative difference between gradNorms and our float64 seed 1 (at most SHIPPED_TOLERANCE). */
  maxRelativeDifference: number;
  /** Per hidden layer: the share of our seeds whose norm lies below the shipped one (0…1). */
  fractionOfSeedsBelow: number[];
  /** The share of our seeds whose last/first ratio lies below the shipped one's; null with one hidden layer. */
  ratioFractionOfSeedsBelow: number | null;
}

/** One experiment config measured over seeds 1…N. */
export interface ExperimentRow extends SeedSummary {
  title: string;
  architecture: number[];
  cost: "cross-entropy" | "quadratic";
  hiddenLayers: number;
  /** The seeds measured: first…last, count of them. */
  seeds: { first: number; last: number; count: number };
  /** Per seed (seeds.first + index), every layer's norm: hidden layers, then output. */
  perSeed: number[][];
  /** Per seed, last hidden / first hidden; null with one hidden layer. */
  perSeedRatio: number[] | null;
  shipped: ShippedRow;
  /** Nielsen's printed numbers for the same architecture; null where he printed none. */
  nielsen: NielsenRow | null;
}

/** public/derived/nielsen-table/table.json */
export interface NielsenTable {
  /** How everything below was measured. */
  method: {
    quantity: string;
    gradientImages: number;
    /** The digits: the shipped data file and which of them. */
    data: string;
    /** Seed 1 is checked against the shipped runs with this relative tolerance. */
    shippedTolerance: number;
    /** Known differences from Nielsen's setup. */
    differencesFromNielsen: string[];
  };
  /** Keyed by experiment id (content/experiments/<id>.json). */
  experiments: Record<string, ExperimentRow>;
  /** The nielsen-1…4-hidden series: how the ratio and the first layer's speed change per added layer. */
  depthGrowth: DepthGrowth;
  /** Nielsen's cited numbers as in content/sources/nielsen-ch5.json. */
  source: { citation: string; url: string; section: string; notPrinted: string[] };
}
