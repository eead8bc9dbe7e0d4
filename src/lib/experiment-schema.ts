/**
 * The schema of content/experiments/<id>.json: everything that determines a
 * training run. Changing any field changes the config hash and makes the
 * committed run stale (the build then asks for `npm run pretrain -- --only <id>`).
 */
import { z } from "zod";

const positiveInt = z.number().int().positive();

/** Hidden-layer activations the trainer implements (src/lib/tf-trainer.ts). */
export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** Optimizers the trainer implements (src/lib/tf-trainer.ts). */
export const OPTIMIZERS = ["sgd", "adam", "layerwise"] as const;
/** Weight initialisations (src/lib/network.ts weightScale). */
export const WEIGHT_INITS = ["scaled-gaussian", "gaussian", "xavier", "he"] as const;

export const experimentSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** Layer sizes from input to output, e.g. [784, 30, 30, 30, 10]. */
    architecture: z
      .array(positiveInt)
      .min(2, "architecture needs at least an input and an output layer")
      .refine((a) => a[0] === 784, "architecture must start with 784 inputs (28×28 pixels)")
      .refine((a) => a[a.length - 1] === 10, "architecture must end with 10 outputs (one per digit)"),
    /**
     * Activation of every hidden layer (Nielsen's networks use sigmoid throughout). The output
     * layer is always sigmoid: both costs are written for sigmoid outputs.
     */
    activation: z.enum(ACTIVATIONS),
    cost: z.enum(["cross-entropy", "quadratic"]),
    init: z
      .object({
        /**
         * "scaled-gaussian": W ~ N(0, 1/n_in) (Nielsen's network2); "gaussian": W ~ N(0, 1);
         * "xavier": W ~ N(0, 2/(n_in + n_out)) (Glorot); "he": W ~ N(0, 2/n_in).
         */
        weights: z.enum(WEIGHT_INITS),
        /** "gaussian": b ~ N(0, 1); "zero": b = 0. */
        biases: z.enum(["gaussian", "zero"]),
      })
      .strict(),
    optimizer: z
      .object({
        /**
         * "sgd": W ← (1 − ηλ/n)W − η∂C₀/∂W; "adam": Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) on ∂C/∂W with the L2
         * term; "layerwise": SGD with each layer's step scaled by ‖∂C/∂W^L‖/‖∂C/∂W^l‖ (src/lib/tf-trainer.ts).
         */
        kind: z.enum(OPTIMIZERS),
        /** Learning rate η. */
        eta: z.number().positive(),
        /** L2 regularisation λ: W ← (1 − ηλ/n) W − η ∂C₀/∂W. */
        lambda: z.number().min(0),
        batchSize: positiveInt,
      })
      .strict(),
    epochs: z.number().int().min(0),
    data: z
      .object({
        /** How many training images to train on (the first n of the training split). */
        train: positiveInt,
        /** How many test images to evaluate on (the first n of the test split). */
        test: positiveInt,
      })
      .strict(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Weight layers (1 = first, between input and first hidden layer) kept at their initial values. */
    frozenLayers: z.array(positiveInt).default([]),
    /** Batch normalisation of every hidden layer's weighted input (γ, β learned; running statistics for evaluation). */
    batchNorm: z.boolean().default(false),
    /** Identity shortcuts around every hidden layer after the first whose width equals its input's. */
    residual: z.boolean().default(false),
    log: z
      .object({
        /** Per-layer ‖∂C/∂b‖ is averaged over this many training images (Nielsen: 1,000). */
        gradientImages: positiveInt,
        /**
         * Log every n-th epoch (and always the last): accuracies, cost, ‖∂C/∂b‖ per layer, and
         * ‖ΔW‖/‖W‖ over the epochs since the previous entry. Default 1: every epoch.
         */
        every: positiveInt.default(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const layers = e.architecture.length - 1;
    e.frozenLayers.forEach((l, i) => {
      if (l > layers) ctx.addIssue({ code: "custom", path: ["frozenLayers", i], message: `layer ${l} does not exist: the network has ${layers} weight layers` });
    });
    if (e.optimizer.batchSize > e.data.train) {
      ctx.addIssue({ code: "custom", path: ["optimizer", "batchSize"], message: `batchSize ${e.optimizer.batchSize} is larger than data.train ${e.data.train}` });
    }
    if (e.epochs > 0 && e.log.every > e.epochs) {
      ctx.addIssue({ code: "custom", path: ["log", "every"], message: `every ${e.log.every} is more than epochs ${e.epochs}: nothing would be logged during training` });
    }
    if (e.log.gradientImages > e.data.train) {
      ctx.addIssue({ code: "custom", path: ["log", "gradientImages"], message: `gradientImages ${e.log.gradientImages} is larger than data.train ${e.data.train}` });
    }
  });

export type Experiment = z.infer<typeof experimentSchema>;

/** Validates a parsed config; the error names the file and every bad field. */
export function parseExperiment(json: unknown, file: string): Experiment {
  const r = experimentSchema.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
  throw new Error(`${file}: invalid experiment config\n${lines.join("\n")}`);
}

/** The fields that only describe an experiment: editing them does not make its run stale. */
export const DESCRIPTIVE_FIELDS = ["title", "description"] as const;

/** What training depends on: the config without its descriptive fields. */
export function trainingRelevant(e: Experiment): Omit<Experiment, (typeof DESCRIPTIVE_FIELDS)[number]> {
  const { title: _title, description: _description, ...rest } = e;
  return rest;
}

/** Canonical JSON (sorted keys) so that the config hash ignores formatting and key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
