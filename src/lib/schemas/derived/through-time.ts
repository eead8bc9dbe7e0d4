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
 *
 * and the schema of what it writes, public/derived/through-time/summary.json: the loader checks the
 * file with it before it is written, and every reader (src/figures/through-time.ts,
 * src/components/through-time-data.ts) reads it through `parseThroughTimeSummary`.
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";
import { geometricMean, median } from "../../statistics.ts";

export const FILE_SUMMARY = "src/lib/schemas/derived/through-time.ts";

/** Test accuracy from which a run counts as having learned the task (chance is 1/K = 25%). */
export const LEARNED = 0.95;

/** One number over seeds: the smallest, the median and the largest (spreadSchema). */
export type Spread = z.infer<typeof spreadSchema>;

/** Min, median (statistics.ts: the mean of the middle two for an even count) and max. */
export function seedSpread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError(`${FILE_SUMMARY}: seedSpread needs at least one value`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${FILE_SUMMARY}: seedSpread got a value that is not finite: ${v}`);
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** The number of accuracies ≥ LEARNED. */
export const learnedCount = (accuracies: readonly number[]): number => accuracies.filter((a) => a >= LEARNED).length;

/** How far every seed, and no seed, learned (learningRangeSchema). */
export type LearningRange = z.infer<typeof learningRangeSchema>;

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

/** ‖∂C/∂h_t‖ over seeds, t = 0..T (profileSchema). */
export type Profile = z.infer<typeof profileSchema>;

/** The geometric mean (statistics.ts) and range over seeds of lists of positive norms of one length. */
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
    mean.push(geometricMean(col));
    min.push(Math.min(...col));
    max.push(Math.max(...col));
  }
  return { mean, min, max };
}

// ---------------------------------------------------------------------------------------------
// summary.json

/** Where the summary lives, as messages name it. */
export const THROUGH_TIME_SUMMARY_FILE = "public/derived/through-time/summary.json";

/** The cells lesson 7 compares, in the order it charts them: a tanh RNN with three recurrent inits, an LSTM, a GRU. */
export const THROUGH_TIME_CONFIGS = ["rnn", "rnn-orthogonal", "rnn-identity", "lstm", "gru"] as const;
export type ThroughTimeConfig = (typeof THROUGH_TIME_CONFIGS)[number];

/** min ≤ median ≤ max; the issue is on the median when it lies outside [min, max], on max when max < min. */
function ordered(s: { min: number; median: number; max: number }, ctx: z.RefinementCtx): void {
  if (!(s.min <= s.median && s.median <= s.max)) {
    ctx.addIssue({ code: "custom", path: [s.min <= s.max ? "median" : "max"], message: `min ≤ median ≤ max must hold, and min is ${s.min}, median ${s.median}, max ${s.max}` });
  }
}

const spreadSchema = z.strictObject({ min: z.number(), median: z.number(), max: z.number() }).superRefine(ordered);

const minMax = z.strictObject({ min: z.number(), max: z.number() });

const learningRangeSchema = z.strictObject({
  /** The largest T at which every seed learned, scanning up from the shortest T and stopping at the first T where one did not; null when one failed at the shortest T. */
  allLearnUpTo: z.number().int().positive().nullable(),
  /** The smallest T such that no seed learned at it or at any longer T; null when some seed learned at the longest T. */
  noneFrom: z.number().int().positive().nullable(),
});

const profileSchema = z.strictObject({
  /** Geometric mean over seeds of ‖∂C/∂h_t‖, t = 0..T. */
  mean: z.array(z.number()),
  /** The smallest and the largest seed at each t. */
  min: z.array(z.number()),
  max: z.array(z.number()),
});

/** One run (config × T × seed), as the loader read it from the log and the shipped parameters. */
const runRowSchema = z.strictObject({
  seed: z.number().int(),
  run: z.string().min(1),
  testAccuracy: z.number(),
  trainAccuracy: z.number(),
  /** ‖∂C/∂h_0‖ and ‖∂C/∂h_T‖ at the start of training. */
  startH0: z.number(),
  startHT: z.number(),
  /** The measured per-step factor (geometric mean of ‖∂C/∂h_{t−1}‖/‖∂C/∂h_t‖) at the start and at the end. */
  startFactor: z.number(),
  endFactor: z.number(),
  /** The largest gradient norm before clipping over the logged epochs. */
  gradNormBeforeClipMax: z.number(),
  /** ‖∂C/∂h_0‖ and the test accuracy after each logged epoch. */
  h0ByEpoch: z.array(z.strictObject({ epoch: z.number().int(), h0: z.number(), testAccuracy: z.number() })),
  /** Seed 1 only: the float64 recomputation of the initial norms against the log's, largest relative difference. */
  recomputedRelDiff: z.number().optional(),
  // The tanh RNN only (factors.ts).
  spectral: z.number().optional(),
  tightBound: z.number().optional(),
  maxStepRatio: z.number().optional(),
  everyStepUnderBound: z.boolean().optional(),
  factorOverBound: z.number().optional(),
  rmsSingular: z.number().optional(),
  spectralRadius: z.number().optional(),
  factorOverRadius: z.number().optional(),
  // The LSTM only: the forget gate (mean, and the most open unit's mean) at the start and the end, the factor along the cell state.
  forgetStart: z.number().optional(),
  forgetEnd: z.number().optional(),
  forgetMostOpenStart: z.number().optional(),
  forgetMostOpenEnd: z.number().optional(),
  cellFactorStart: z.number().optional(),
  cellFactorEnd: z.number().optional(),
});

/** One config at one T: the seeds' final test accuracy, how many learned, and the seeds' start factor. */
const accuracyRowSchema = z
  .strictObject({ min: z.number(), median: z.number(), max: z.number(), learned: z.number().int().min(0), seeds: z.number().int().positive(), startFactor: spreadSchema })
  .superRefine(ordered);

const cliffPointSchema = z.strictObject({ scale: z.number(), cost: z.number(), gradNorm: z.number(), slope: z.number() });

const cliffStepSchema = z.strictObject({
  /** The scale s of W = s·W₀ the step starts from (on the wall). */
  from: z.number(),
  eta: z.number().positive(),
  clip: z.number().positive(),
  cost: z.number(),
  gradNorm: z.number(),
  unclipped: z.strictObject({ cost: z.number(), length: z.number() }),
  clipped: z.strictObject({ cost: z.number(), length: z.number() }),
});

const factsSchema = z.strictObject({
  training: z.strictObject({
    epochs: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    train: z.number().int().positive(),
    steps: z.number().int().positive(),
    clip: z.number().positive().nullable(),
    hidden: z.number().int().positive(),
    K: z.number().int().positive(),
    forgetBias: z.number().nullable(),
    gradientSequences: z.number().int().positive(),
  }),
  clipping: z.strictObject({
    runs: z.number().int().min(0),
    runsOverClip: z.number().int().min(0),
    largeThreshold: z.number(),
    runsOverLarge: z.number().int().min(0),
    largest: z.number(),
    largestRun: z.string().min(1),
  }),
  rnnUniform: z.strictObject({
    startFactor: minMax,
    spectral: minMax,
    tightBound: minMax,
    rmsSingular: minMax,
    spectralRadius: minMax,
    factorOverRadiusLongest: minMax,
    matrices: z.number().int().min(0),
    factorOverBound: minMax,
  }),
  rnnUnitSpectrum: z.strictObject({ startFactor: minMax, spectral: minMax }),
  everyRnnStepUnderBound: z.boolean(),
  rnnRuns: z.number().int().min(0),
  lstm: z.strictObject({
    shortMax: z.number().int().positive(),
    longMin: z.number().int().positive(),
    forgetStart: minMax,
    mostOpenEndShort: minMax,
    mostOpenEndLong: minMax,
    cellFactorStart: minMax,
    mostOpenStart: minMax,
    meanEndLong: minMax,
  }),
  startFactor: z.record(z.string(), minMax),
  nearChanceLong: z.strictObject({
    below: z.number(),
    gap: z.number(),
    runs: z.number().int().min(0),
    trainAboveTest: z.number().int().min(0),
    meanTrain: z.number(),
    meanTest: z.number(),
  }),
  collapse: z.record(z.string(), z.strictObject({ T: z.number().int().positive(), epoch: z.number().int().positive(), start: minMax, atEpoch: minMax, testAtEpoch: minMax })),
});

/**
 * public/derived/through-time/summary.json: checked by the loader before it writes and by every reader.
 * Besides each field's type: every listed config has its accuracy at every listed T and its profile,
 * each profile list has profileT + 1 values (t = 0..profileT), every spread has min ≤ median ≤ max,
 * and the cliff has at least two points.
 */
export const throughTimeSummarySchema = z
  .strictObject({
    /** The cells, in the order the lesson charts them. */
    configs: z.array(z.enum(THROUGH_TIME_CONFIGS)).min(1),
    /** The sequence lengths T, shortest first. */
    lengths: z.array(z.number().int().positive()).min(1),
    seeds: z.array(z.number().int()).min(1),
    /** Test accuracy from which a run counts as having learned (LEARNED). */
    learned: z.number(),
    /** 1/K. */
    chance: z.number(),
    /** The T whose start-of-training profile is charted. */
    profileT: z.number().int().min(0),
    /** What the lesson states in words, across runs. */
    facts: factsSchema,
    /** runs[config][T]: one row per seed. */
    runs: z.record(z.string(), z.record(z.string(), z.array(runRowSchema))),
    /** accuracy[config][T]. */
    accuracy: z.record(z.string(), z.record(z.string(), accuracyRowSchema)),
    range: z.record(z.string(), learningRangeSchema),
    /** profile[config]: ‖∂C/∂h_t‖ at the start, T = profileT. */
    profile: z.record(z.string(), profileSchema),
    /** The same for the LSTM's cell state, ‖∂C/∂c_t‖. */
    cellProfile: z.record(z.string(), profileSchema),
    /** Cost and gradient norm along W = s·W₀, and the step off the wall with and without clipping. */
    cliff: z.strictObject({
      points: z.array(cliffPointSchema),
      peak: cliffPointSchema,
      gradNormAwayFromWall: minMax,
      wall: z.strictObject({ from: z.number(), to: z.number() }),
      step: cliffStepSchema,
    }),
  })
  .superRefine((s, ctx) => {
    for (const c of s.configs) {
      if (s.accuracy[c] === undefined) ctx.addIssue({ code: "custom", path: ["accuracy", c], message: `every config in "configs" has its accuracy` });
      else {
        for (const T of s.lengths) {
          if (s.accuracy[c][T] === undefined) ctx.addIssue({ code: "custom", path: ["accuracy", c, String(T)], message: `every config has its accuracy at every T in "lengths"` });
        }
      }
      const p = s.profile[c];
      if (p === undefined) ctx.addIssue({ code: "custom", path: ["profile", c], message: `every config in "configs" has its profile` });
      else {
        for (const k of ["mean", "min", "max"] as const) {
          if (p[k].length !== s.profileT + 1) {
            ctx.addIssue({ code: "custom", path: ["profile", c, k, "length"], message: `profileT is ${s.profileT}, so each profile list has ${s.profileT + 1} values, t = 0 to ${s.profileT}` });
          }
        }
      }
    }
    if (s.cliff.points.length < 2) ctx.addIssue({ code: "custom", path: ["cliff", "points", "length"], message: "the cliff needs at least two points" });
  });

export type ThroughTimeSummary = z.infer<typeof throughTimeSummarySchema>;
/** One config at one T in `accuracy`. */
export type SpreadRow = z.infer<typeof accuracyRowSchema>;
/** One run's row in `runs`. */
export type RunRow = z.infer<typeof runRowSchema>;
export type CliffPointRow = z.infer<typeof cliffPointSchema>;
export type CliffStep = z.infer<typeof cliffStepSchema>;

/** summary.json checked by its schema; the first bad field throws, named with the file. */
export const parseThroughTimeSummary = (json: unknown, file: string = THROUGH_TIME_SUMMARY_FILE): ThroughTimeSummary => parseWith(throughTimeSummarySchema, json, file);
