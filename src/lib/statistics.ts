/**
 * Summaries of a sample: mean, median, sample standard deviation, geometric mean, extremes. One copy for
 * every seed-averaged number the course prints (the Nielsen table, the answers table). A summary of fewer
 * than two values has no spread, so `summarise` refuses it rather than print "± 0". Imports nothing.
 */

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
