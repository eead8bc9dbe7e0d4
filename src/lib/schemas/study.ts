/**
 * Studies: one content/studies/<id>.json per row of a measured table (the
 * `answers` loader, scripts/derived/loaders/answers.ts, computes them into
 * public/derived/answers/answers.json). Three kinds:
 *   train    train a sigmoid network from Nielsen's initialisation on several seeds,
 *            optionally with the first weight layer frozen at its random values
 *   readout  the best L2-regularised softmax regression on fixed features
 *            (a random first layer, a trained one, or the raw pixels)
 *   blanked  a trained network evaluated with some input pixels set to 0
 * All rows use the shipped digits: the first data.train training and the first
 * data.test test images.
 */
import { z } from "zod";
import type { Summary } from "../statistics.ts";
import { parseWith } from "./field-path.ts";

const positiveInt = z.number().int().positive();
const seed = z.number().int().min(0).max(2 ** 31 - 1);
const runId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a run id like full-3-hidden");

const base = {
  title: z.string().min(1),
  description: z.string().min(1),
  data: z
    .object({
      train: z.literal(8000),
      test: z.literal(2000),
    })
    .strict(),
};

export const trainStudySchema = z
  .object({
    ...base,
    kind: z.literal("train"),
    /** Layer sizes, e.g. [784, 30, 30, 30, 10]. */
    architecture: z
      .array(positiveInt)
      .min(3, "architecture needs at least one hidden layer")
      .refine((a) => a[0] === 784, "architecture must start with 784 inputs (28×28 pixels)")
      .refine((a) => a[a.length - 1] === 10, "architecture must end with 10 outputs (one per digit)"),
    activation: z.literal("sigmoid"),
    cost: z.literal("cross-entropy"),
    /** Nielsen's: W ~ N(0, 1/n_in), b ~ N(0, 1) (src/lib/nets/network.ts initialNetwork). */
    init: z.object({ weights: z.literal("scaled-gaussian"), biases: z.literal("gaussian") }).strict(),
    /** [] (every layer learns) or [1] (the first weight layer and its biases keep their initial values). */
    frozenLayers: z.union([z.tuple([]), z.tuple([z.literal(1)])]),
    optimizer: z
      .object({
        kind: z.literal("sgd"),
        eta: z.number().positive(),
        lambda: z.number().min(0),
        batchSize: positiveInt,
      })
      .strict(),
    /**
     * Nielsen's variable learning rate (Neural Networks and Deep Learning, ch. 3): train at
     * optimizer.eta until the training accuracy has gone `patience` epochs in a row without
     * beating its best by at least `minImprovement` percentage points (the best is only raised
     * by such an improvement); then halve η, reset that count (the best stays) and go on. When
     * the count runs out again after the `halvings`-th halving, stop: the last stretch is trained
     * at η / 2^halvings (Nielsen: 7 halvings, η/128). maxEpochs caps the run whatever happens.
     * halvings 0 is the plain rule "stop at the first plateau". No test data decides anything.
     * The rule itself: etaSchedule below.
     */
    stopping: z
      .object({
        patience: positiveInt,
        minImprovement: z.number().positive(),
        halvings: z.number().int().min(0),
        maxEpochs: positiveInt,
      })
      .strict(),
    seeds: z.array(seed).min(2, "at least two seeds: one seed has no spread to show as ±").refine((s) => new Set(s).size === s.length, "seeds must be distinct"),
  })
  .strict();

const featureSource = z.discriminatedUnion("source", [
  /** The first layer of initialNetwork([784, width, …], Nielsen's init, seed): drawn first, so any upper layers leave it the same. */
  z.object({ source: z.literal("random-first-layer"), width: positiveInt, seed }).strict(),
  /** The first layer of a committed run's model (uint8-dequantised, as shipped). */
  z.object({ source: z.literal("run-first-layer"), run: runId, model: z.enum(["model-initial", "model-final"]) }).strict(),
  /** The 784 pixels scaled to [0, 1]. */
  z.object({ source: z.literal("pixels") }).strict(),
]);

export const readoutStudySchema = z
  .object({
    ...base,
    kind: z.literal("readout"),
    features: featureSource,
    /** L2 strengths to choose from (per example: the mean cost plus (λ/2)‖W‖²). */
    lambdas: z.array(z.number().min(0)).min(1),
    /** The last `validation` training images choose λ; then the fit is redone on all data.train. */
    validation: positiveInt,
    /** L-BFGS stops when max |∂C/∂θ| ≤ tolerance (or after maxIterations). */
    tolerance: z.number().positive(),
    maxIterations: positiveInt,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.validation >= s.data.train) ctx.addIssue({ code: "custom", path: ["validation"], message: `validation ${s.validation} leaves no training images out of ${s.data.train}` });
  });

export const blankedStudySchema = z
  .object({
    ...base,
    kind: z.literal("blanked"),
    /** The committed run whose model-final is evaluated. */
    run: runId,
    /** Fractions of the 784 pixels set to 0 (unluckyPixels(fraction, pixelSeed)); include 0 as the reference. */
    fractions: z.array(z.number().min(0).max(1)).min(1),
    pixelSeed: seed,
  })
  .strict();

export const studySchema = z.discriminatedUnion("kind", [trainStudySchema, readoutStudySchema, blankedStudySchema]);

export type Study = z.infer<typeof studySchema>;
export type TrainStudy = z.infer<typeof trainStudySchema>;
export type ReadoutStudy = z.infer<typeof readoutStudySchema>;
export type BlankedStudy = z.infer<typeof blankedStudySchema>;

/** Validates a parsed study config; the error names the file and every bad field. */
export function parseStudy(json: unknown, file: string): Study {
  const r = studySchema.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
  throw new Error(`${file}: invalid study config\n${lines.join("\n")}`);
}

/** Each seed-averaged number of a study: src/lib/statistics.ts's Summary (mean, std, median, extremes). */
export type { Summary };

/** What etaSchedule says after an epoch: go on at the same η, halve η for the epochs after it, or stop. */
export type ScheduleStep = "continue" | "halve" | "stop";

/**
 * The learning-rate schedule and stopping rule of train studies (the `stopping` block),
 * counted in images so that no rounding decides it. Epochs are numbered from 1; call
 * update once after each epoch with that epoch's number of correct training images:
 *
 *   An epoch "improves" when it has at least needed = ceil(minImprovement% · n) more
 *   correct images than the best so far; only such an epoch raises the best, and it
 *   resets the flat count to 0; any other epoch adds 1 to the flat count.
 *   When the flat count reaches `patience` after epoch e:
 *     fewer than `halvings` halvings so far → "halve": epochs e+1, … run at half the η
 *       of epoch e; the flat count restarts at 0 (the best is kept);
 *     otherwise → "stop" after epoch e.
 *   Epoch maxEpochs returns "stop" whatever else happened (even on a plateau that would halve).
 *
 * So with patience p and no improvement after epoch 1, the halvings come after epochs
 * 1+p, 1+2p, …, 1+hp and the run stops after epoch 1+(h+1)p, the last p epochs at η/2^h.
 * halvings 0 is the plain plateau rule (stop after the first `patience` flat epochs).
 */
export function etaSchedule(stopping: TrainStudy["stopping"], trainCount: number) {
  const needed = Math.ceil((stopping.minImprovement / 100) * trainCount - 1e-9);
  let best = -Infinity;
  let flat = 0;
  let halved = 0;
  return {
    needed,
    /** How many times η has been halved so far (the next epoch runs at η / 2^halved). */
    get halved() {
      return halved;
    },
    /** Records one epoch's correct count; says what to do before the next epoch. */
    update(correct: number, epoch: number): ScheduleStep {
      if (correct >= best + needed) {
        best = correct;
        flat = 0;
      } else {
        flat++;
      }
      if (epoch >= stopping.maxEpochs) return "stop";
      if (flat < stopping.patience) return "continue";
      if (halved >= stopping.halvings) return "stop";
      halved++;
      flat = 0;
      return "halve";
    },
  };
}

// ---------------------------------------------------------------------------------------------
// public/derived/answers/answers.json: one zod schema, checked by the answers loader before it writes
// and by every reader (readDerived with parseAnswersTable). Accuracies are fractions (0.95 = 95%).

const fraction = z.number().min(0).max(1);
const summarySchema = z.strictObject({ mean: z.number(), std: z.number(), min: z.number(), max: z.number(), median: z.number() });

/** One seed of a train row. */
const seedResultSchema = z.strictObject({
  seed,
  /** Of the final network (not the best epoch's), on the data.test test images. */
  testAccuracy: fraction,
  /** Of the final network, on the data.train training images. */
  trainAccuracy: fraction,
  /** The epoch training stopped after. */
  epochs: positiveInt,
  /** The best training accuracy of any epoch, and that epoch (the final one can be lower: SGD wanders). */
  bestTrainAccuracy: fraction,
  bestEpoch: positiveInt,
  /** The epochs after which η was halved (etaSchedule's "halve"): epoch e+1 was the first at the new η. */
  halvingEpochs: z.array(positiveInt),
  /** The η of the last epoch trained (optimizer.eta / 2^halvingEpochs.length). */
  finalEta: z.number().positive(),
  /** "maxEpochs" when the run was cut off by the cap (epochs = maxEpochs), else "schedule" (the patience ran out after the last allowed halving). */
  stoppedBy: z.enum(["schedule", "maxEpochs"]),
  seconds: z.number().min(0),
});

const rowBase = {
  /** The study id (its file name). */
  id: z.string().min(1),
  /** "content/studies/<id>.json". */
  config: z.string().min(1),
  title: z.string(),
};

const trainRowSchema = z.strictObject({
  ...rowBase,
  kind: z.literal("train"),
  architecture: z.array(positiveInt).min(2),
  frozenLayers: z.array(positiveInt),
  /** Width of the first hidden layer. */
  width: positiveInt,
  /** The initial learning rate (optimizer.eta) and the schedule (the config's `stopping`). */
  eta: z.number().positive(),
  stopping: trainStudySchema.shape.stopping,
  seeds: z.array(seedResultSchema).min(2),
  testAccuracy: summarySchema,
  trainAccuracy: summarySchema,
  epochs: summarySchema,
});

const readoutRowSchema = z.strictObject({
  ...rowBase,
  kind: z.literal("readout"),
  /** Number of features the regression reads. */
  width: positiveInt,
  features: featureSource,
  /** Validation accuracy (last `validation` training images) of the fit on the others, per λ. */
  validation: z.array(z.strictObject({ lambda: z.number().min(0), accuracy: fraction, iterations: z.number().int().min(0), stop: z.string() })).min(1),
  /** The λ with the best validation accuracy (the smallest on a tie). */
  lambda: z.number().min(0),
  /** The refit on all data.train images with that λ. */
  trainAccuracy: fraction,
  testAccuracy: fraction,
  iterations: z.number().int().min(0),
  stop: z.string(),
  tolerance: z.number().positive(),
});

const blankedRowSchema = z.strictObject({
  ...rowBase,
  kind: z.literal("blanked"),
  run: runId,
  /** Accuracy at fraction 0 (nothing blanked). */
  testAccuracy: fraction,
  fractions: z
    .array(
      z.strictObject({
        fraction,
        /** How many pixels were set to 0. */
        pixels: z.number().int().min(0),
        /** How many of those are non-zero in at least one training image (the rest were always 0 anyway). */
        inkedPixels: z.number().int().min(0),
        testAccuracy: fraction,
      }),
    )
    .min(1),
});

export const answersTableSchema = z.strictObject({
  data: z.strictObject({ source: z.string(), train: positiveInt, test: positiveInt }),
  backend: z.string(),
  rows: z.array(z.discriminatedUnion("kind", [trainRowSchema, readoutRowSchema, blankedRowSchema])),
});

export type SeedResult = z.infer<typeof seedResultSchema>;
export type TrainRow = z.infer<typeof trainRowSchema>;
export type ReadoutRow = z.infer<typeof readoutRowSchema>;
export type BlankedRow = z.infer<typeof blankedRowSchema>;
export type AnswerRow = TrainRow | ReadoutRow | BlankedRow;
export type AnswersTable = z.infer<typeof answersTableSchema>;

/** Where the table lives, as messages name it. */
export const ANSWERS_FILE = "public/derived/answers/answers.json";

/** The answers table checked by its schema; the first bad field throws, named with the file. */
export const parseAnswersTable = (json: unknown, file: string = ANSWERS_FILE): AnswersTable => parseWith(answersTableSchema, json, file);
