/**
 * What lesson 7 ("through time") reads from the 75 committed recurrent runs
 * (content/experiments/through-time-<config>-t<T>-s<seed>.json), summarised:
 * the data loader scripts/derived/loaders/through-time.ts reads the logs and the
 * shipped parameters and calls these functions. DOM-free, no tfjs, no files.
 *
 *   seedSpread(values)       min, median, max of one number over seeds
 *   learnedCount(accs)       how many seeds reached LEARNED (test accuracy ≥ 95%)
 *   learningRange(rows)      the largest T every seed learned, and the smallest T
 *                            from which no seed learned (at that T and every longer one)
 *   geometricProfile(lists)  the geometric mean over seeds of ‖∂C/∂h_t‖, t by t, with
 *                            the smallest and largest seed at each t
 */

export const FILE_SUMMARY = "src/lib/schemas/derived/through-time.ts";

/** Test accuracy from which a run counts as having learned the task (chance is 1/K = 25%). */
export const LEARNED = 0.95;

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Min, median (mean of the middle two for an even count) and max. */
export function seedSpread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError(`${FILE_SUMMARY}: seedSpread needs at least one value`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${FILE_SUMMARY}: seedSpread got a value that is not finite: ${v}`);
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, max: s[s.length - 1] };
}

/** The number of accuracies ≥ LEARNED. */
export const learnedCount = (accuracies: readonly number[]): number => accuracies.filter((a) => a >= LEARNED).length;

export interface LearningRange {
  /** The largest T at which every seed learned, scanning up from the shortest T and stopping at the first T where one did not; null when one failed at the shortest T. */
  allLearnUpTo: number | null;
  /** The smallest T such that no seed learned at it or at any longer T; null when some seed learned at the longest T. */
  noneFrom: number | null;
}

/** rows: one per T, in increasing T, each with every seed's final test accuracy. */
export function learningRange(rows: readonly { T: number; accuracies: readonly number[] }[]): LearningRange {
  if (rows.length === 0) throw new RangeError(`${FILE_SUMMARY}: learningRange needs at least one T`);
  for (let i = 1; i < rows.length; i++) {
    if (!(rows[i].T > rows[i - 1].T)) throw new RangeError(`${FILE_SUMMARY}: learningRange rows must be in increasing T, got ${rows[i - 1].T} then ${rows[i].T}`);
  }
  let allLearnUpTo: number | null = null;
  for (const r of rows) {
    if (learnedCount(r.accuracies) < r.accuracies.length) break;
    allLearnUpTo = r.T;
  }
  let noneFrom: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (learnedCount(rows[i].accuracies) > 0) break;
    noneFrom = rows[i].T;
  }
  return { allLearnUpTo, noneFrom };
}

export interface Profile {
  /** Geometric mean over seeds of ‖∂C/∂h_t‖, t = 0..T. */
  mean: number[];
  min: number[];
  max: number[];
}

/** The geometric mean (and range) over seeds of lists of positive norms of one length. */
export function geometricProfile(lists: readonly (readonly number[])[]): Profile {
  if (lists.length === 0) throw new RangeError(`${FILE_SUMMARY}: geometricProfile needs at least one list`);
  const n = lists[0].length;
  for (const l of lists) {
    if (l.length !== n) throw new RangeError(`${FILE_SUMMARY}: geometricProfile lists differ in length (${n} and ${l.length}); pass the norms of runs with the same T`);
    for (const v of l) if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${FILE_SUMMARY}: geometricProfile needs positive finite norms, got ${v}`);
  }
  const mean: number[] = [], min: number[] = [], max: number[] = [];
  for (let t = 0; t < n; t++) {
    const col = lists.map((l) => l[t]);
    mean.push(Math.exp(col.reduce((s, v) => s + Math.log(v), 0) / col.length));
    min.push(Math.min(...col));
    max.push(Math.max(...col));
  }
  return { mean, min, max };
}
