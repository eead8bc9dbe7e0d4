/**
 * The shape of public/derived/live-presets/presets.json (written by the data loader
 * scripts/derived/loaders/live-presets.ts, read for the build by src/components/live-presets.ts):
 * every live-trainer preset trained as the trainer trains it, its accuracies per measured epoch and
 * its opening stretch at chance. One zod schema, checked by the loader before it writes the file and
 * by every reader (parseLivePresets).
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";
import { ACTIVATIONS, OPTIMIZERS } from "../experiment.ts";

/** Where the file lives, as messages name it. */
export const LIVE_PRESETS_FILE = "public/derived/live-presets/presets.json";

/**
 * The trainer's initialisations (src/islands/trainer/settings.ts INITS, which this folder may not
 * import): the loader's and the build's types keep the two lists equal (tsc), and a unit test too.
 */
export const TRAINER_INITS = ["nielsen", "gaussian", "xavier", "he"] as const;

const whole = z.number().int().min(0);
const positiveWhole = z.number().int().min(1);
/** An accuracy over the trainer's digits: 0 to 1. */
const share = z.number().min(0).max(1, "an accuracy or share is at most 1");

/**
 * The trainer settings that decide a preset's numbers: TrainerSettings (src/islands/trainer/settings.ts)
 * without preset, backend and epochs — the keys sameTraining compares, with the experiment schema's limits.
 */
const liveSettingsSchema = z.strictObject({
  /** Widths of the hidden layers. */
  layers: z.array(positiveWhole).min(1),
  activation: z.enum(ACTIVATIONS),
  init: z.enum(TRAINER_INITS),
  /** Weight layers (1 = input → first hidden) that never change. */
  frozen: z.array(positiveWhole),
  /** The learning rate η. */
  eta: z.number().refine((v) => v > 0, "the learning rate must be above 0"),
  lambda: z.number().min(0),
  batch: positiveWhole,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  optimizer: z.enum(OPTIMIZERS),
  batchNorm: z.boolean(),
  residual: z.boolean(),
});

const livePointSchema = z.strictObject({ epoch: whole, trainAccuracy: share, testAccuracy: share });

/** chancePlateau (src/lib/analysis/chance.ts): the measured epochs at chance from the first, and the first above it. */
const plateauSchema = z
  .strictObject({ from: whole, to: whole, leftAt: whole.nullable() })
  .superRefine((p, ctx) => {
    if (p.to < p.from) ctx.addIssue({ code: "custom", path: ["to"], message: `to must not be before from (${p.from})` });
    if (p.leftAt !== null && p.leftAt <= p.to) ctx.addIssue({ code: "custom", path: ["leftAt"], message: `leftAt must come after the plateau's last epoch (to ${p.to})` });
  });

const livePresetSchema = z
  .strictObject({
    /** The settings measured (the preset's, from its config then): the build uses an entry only while the preset still has them. */
    settings: liveSettingsSchema,
    /** The preset's epochs: where the trainer stops. */
    epochs: positiveWhole,
    /** Epoch 0 (the initial network), then each epoch the trainer measures, up to `epochs`. */
    points: z.array(livePointSchema).min(1),
    /** chancePlateau(points, oneAnswer, margin): null when epoch 0 is already above chance. */
    plateau: plateauSchema.nullable(),
    /** Wall time in Node, informative only. */
    seconds: z.number(),
  })
  .superRefine((p, ctx) => {
    if (!p.points.length) return; // reported as an empty list
    p.points.forEach((q, i) => {
      const before = i ? p.points[i - 1].epoch : -1;
      if (i === 0 && q.epoch !== 0) ctx.addIssue({ code: "custom", path: ["points", 0, "epoch"], message: "the first point must be epoch 0 (the initial network)" });
      else if (q.epoch <= before) ctx.addIssue({ code: "custom", path: ["points", i, "epoch"], message: `the epochs must increase (the point before is epoch ${before})` });
    });
    const last = p.points.length - 1;
    if (p.points[last].epoch !== p.epochs) ctx.addIssue({ code: "custom", path: ["points", last, "epoch"], message: `the last point must be the preset's last epoch (epochs ${p.epochs})` });
  });

/** public/derived/live-presets/presets.json: checked by the loader before it writes and by every reader. */
export const livePresetsSchema = z.strictObject({
  /** The trainer's training and test digits. */
  digits: z.strictObject({ train: positiveWhole, test: positiveWhole }),
  /** oneAnswerShare of the test labels: the accuracy of always giving the most common answer. */
  oneAnswer: share,
  /** "At chance" is at most oneAnswer + margin. */
  margin: share,
  /** The tfjs backend that trained every preset. */
  backend: z.enum(["wasm", "cpu"], { error: 'the backend that trained the presets is "wasm" or "cpu"' }),
  /** Keyed by preset id (content/experiments/<id>.json). */
  presets: z.record(z.string(), livePresetSchema),
});

export type LiveSettings = z.infer<typeof liveSettingsSchema>;
export type LivePoint = z.infer<typeof livePointSchema>;
export type LivePreset = z.infer<typeof livePresetSchema>;
export type LivePresets = z.infer<typeof livePresetsSchema>;

/** The file checked by its schema; the first bad field throws, named with the file. */
export const parseLivePresets = (json: unknown, file: string = LIVE_PRESETS_FILE): LivePresets => parseWith(livePresetsSchema, json, file);
