/**
 * The schema of content/experiments/<id>.json: everything that determines a
 * training run. Changing any field but the descriptive ones (title, description,
 * preset) changes the config hash and makes the committed run stale (the build then
 * asks for `npm run pretrain -- --only <id>`).
 */
import { z } from "zod";

const positiveInt = z.number().int().positive();

/** Hidden-layer activations the trainer implements (src/lib/training/tf-trainer.ts). */
export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** Optimizers the trainer implements (src/lib/training/tf-trainer.ts). */
export const OPTIMIZERS = ["sgd", "adam", "layerwise"] as const;
/** Weight initialisations (src/lib/nets/network.ts weightScale). */
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
         * term; "layerwise": SGD with each layer's step scaled by ‖∂C/∂W^L‖/‖∂C/∂W^l‖ (src/lib/training/tf-trainer.ts).
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
    /**
     * Whether the live trainer (<TrainerDemo>) offers this experiment as a preset (default true). false
     * leaves it out without the build's note; it does not change the run (it is not in the config hash).
     */
    preset: z.boolean().default(true),
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

/** An MLP experiment (a config without "kind"). */
export type Experiment = z.infer<typeof experimentSchema>;

/** Recurrent cells (src/lib/recurrent/): "rnn" is the tanh RNN. */
export const CELLS = ["rnn", "lstm", "gru"] as const;
/** Recurrent-weight initialisations (src/lib/recurrent/init.ts). */
export const RECURRENT_INITS = ["uniform", "orthogonal", "identity"] as const;
/** Optimizers the recurrent trainer implements (src/lib/recurrent/training/tf-recurrent.ts). */
export const RECURRENT_OPTIMIZERS = ["sgd", "adam"] as const;

/**
 * A recurrent experiment (lesson 7, "through time"): `"kind": "recurrent"`, a tanh RNN, LSTM or GRU
 * trained on the recall task of src/lib/recurrent/task.ts by RecurrentRun (src/lib/recurrent/training/recurrent-run.ts).
 * The task's data is generated from the seed (no download): the training set, the test set and the
 * shuffle have streams of their own derived from it (recurrentSeeds).
 */
export const recurrentExperimentSchema = z
  .object({
    kind: z.literal("recurrent"),
    title: z.string().min(1),
    description: z.string().min(1),
    cell: z.enum(CELLS),
    /** Hidden units H (the same for every cell type, so the cells compare like with like). */
    hidden: positiveInt,
    task: z
      .object({
        /** Distance to remember: the target is shown at step 0, the query at step T (sequences of T + 1 steps). */
        T: z.number().int().min(1).max(1000),
        /** Alphabet size (classes); chance is 1/K. */
        K: z.number().int().min(2).max(255),
        /** Training sequences. */
        train: positiveInt,
        /** Test sequences. */
        test: positiveInt,
      })
      .strict(),
    init: z
      .object({
        /** Recurrent weights W: "uniform" U(−s, s), s = scale/√H; "orthogonal" scale·Q; "identity" scale·I (src/lib/recurrent/init.ts). */
        recurrent: z.enum(RECURRENT_INITS),
        scale: z.number().positive(),
        /** LSTM only: the forget gate's bias (default 1). */
        forgetBias: z.number().optional(),
      })
      .strict(),
    optimizer: z
      .object({
        kind: z.enum(RECURRENT_OPTIMIZERS),
        /** Learning rate η. */
        eta: z.number().positive(),
        batchSize: positiveInt,
        /** Clip the global gradient norm to this (Pascanu, Mikolov & Bengio 2013); null: no clipping. */
        clip: z.number().positive().nullable(),
      })
      .strict(),
    epochs: z.number().int().min(0),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    log: z
      .object({
        /** ‖∂C/∂h_t‖ (LSTM: also ‖∂C/∂c_t‖) is measured on the first this-many training sequences. */
        gradientSequences: positiveInt,
        /** Log every n-th epoch (and always the last). Default 1: every epoch. */
        every: positiveInt.default(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.init.forgetBias !== undefined && e.cell !== "lstm") {
      ctx.addIssue({ code: "custom", path: ["init", "forgetBias"], message: `forgetBias applies to the LSTM only (cell is "${e.cell}"): remove it` });
    }
    if (e.optimizer.batchSize > e.task.train) {
      ctx.addIssue({ code: "custom", path: ["optimizer", "batchSize"], message: `batchSize ${e.optimizer.batchSize} is larger than task.train ${e.task.train}` });
    }
    if (e.epochs > 0 && e.log.every > e.epochs) {
      ctx.addIssue({ code: "custom", path: ["log", "every"], message: `every ${e.log.every} is more than epochs ${e.epochs}: nothing would be logged during training` });
    }
    if (e.log.gradientSequences > e.task.train) {
      ctx.addIssue({ code: "custom", path: ["log", "gradientSequences"], message: `gradientSequences ${e.log.gradientSequences} is larger than task.train ${e.task.train}` });
    }
  });

export type RecurrentExperiment = z.infer<typeof recurrentExperimentSchema>;
/** Any experiment config: an MLP (no "kind") or a recurrent network ("kind": "recurrent"). */
export type AnyExperiment = Experiment | RecurrentExperiment;

/** Whether a parsed config is a recurrent experiment. */
export const isRecurrent = (e: AnyExperiment): e is RecurrentExperiment => (e as { kind?: unknown }).kind === "recurrent";

/** The kinds a config's "kind" may name (an MLP config leaves it out). */
export const EXPERIMENT_KINDS = ["recurrent"] as const;

/**
 * Names a config might use for a key that the schema spells otherwise, too far apart for an edit
 * distance to guess (by the object they sit in; "" is the top level). Nielsen's code says `sizes`.
 */
const KEY_ALIASES: Record<string, Record<string, string>> = {
  "": { sizes: "architecture", layers: "architecture", iterations: "epochs", bn: "batchNorm", shortcuts: "residual", skip: "residual" },
  optimizer: { learningrate: "eta", learning_rate: "eta", lr: "eta", rate: "eta", weightdecay: "lambda", weight_decay: "lambda", l2: "lambda", decay: "lambda", type: "kind", name: "kind", batch: "batchSize" },
  data: { training: "train", testing: "test" },
};

/** KEY_ALIASES for recurrent configs. */
const RECURRENT_KEY_ALIASES: Record<string, Record<string, string>> = {
  "": { h: "hidden", hiddensize: "hidden", hidden_size: "hidden", units: "hidden", celltype: "cell", type: "cell", iterations: "epochs", data: "task" },
  task: { length: "T", distance: "T", steps: "T", classes: "K", symbols: "K", alphabet: "K", training: "train", testing: "test" },
  init: { recurrentinit: "recurrent", weights: "recurrent", gain: "scale", forget_bias: "forgetBias", forgetgatebias: "forgetBias" },
  optimizer: { learningrate: "eta", learning_rate: "eta", lr: "eta", rate: "eta", type: "kind", name: "kind", batch: "batchSize", clipnorm: "clip", clip_norm: "clip", gradientclip: "clip", maxnorm: "clip" },
  log: { gradientimages: "gradientSequences", sequences: "gradientSequences" },
};

type Schema = typeof experimentSchema | typeof recurrentExperimentSchema;

/** The keys an object of the schema at `path` accepts (empty when the path is not an object's). */
export function knownKeys(path: readonly (string | number)[], schema: Schema = experimentSchema): string[] {
  // Through defaults and optionals to the object inside.
  const inner = (s: unknown): unknown => {
    const def = (s as { _zod?: { def?: { innerType?: unknown } } })?._zod?.def;
    return def?.innerType ? inner(def.innerType) : s;
  };
  let s: unknown = schema;
  for (const key of path) {
    const shape = (inner(s) as { shape?: Record<string, unknown> }).shape;
    s = shape?.[String(key)];
  }
  const shape = (inner(s) as { shape?: Record<string, unknown> })?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * A guess at the name meant by a misspelt one: src/lib/site/closest.ts's `closest`, which the callers that
 * report errors to a person pass in (pretrain, the build, the trainer's presets). It is not imported
 * here: the derived-data loaders import this schema, and a helper for error messages should not be
 * one of their inputs (editing it would mark their outputs stale).
 */
export type Suggest = (word: string, candidates: readonly string[]) => string | null;

/** The key a teacher most likely meant by `key` in the object at `path` (an alias, else `suggest`'s guess), or null. */
export function suggestKey(path: readonly (string | number)[], key: string, suggest?: Suggest, schema: Schema = experimentSchema): string | null {
  const known = knownKeys(path, schema);
  const alias = (schema === experimentSchema ? KEY_ALIASES : RECURRENT_KEY_ALIASES)[path.join(".")]?.[key.toLowerCase()];
  if (alias && known.includes(alias)) return alias;
  return suggest ? suggest(key, known) : null;
}

const valueAt = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), json);

/**
 * Validates a parsed config; the error names the file and every bad field. An unknown key gets a
 * line of its own with the key it most likely meant (`content/experiments/x.json: unknown key
 * "optimiser" — did you mean "optimizer"?`, from `suggest`; without one, only the aliases above),
 * and the "missing" complaint about that key is left out; with no guess, the keys that are allowed.
 */
export function parseExperiment(json: unknown, file: string, suggest?: Suggest): AnyExperiment {
  const kind = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>).kind : undefined;
  if (kind !== undefined && !(EXPERIMENT_KINDS as readonly unknown[]).includes(kind)) {
    throw new Error(`${file}: invalid experiment config\n  kind: ${JSON.stringify(kind)} is not a kind of experiment: write "recurrent" for a recurrent network (cell rnn, lstm or gru), or leave "kind" out for an MLP`);
  }
  const schema: Schema = kind === "recurrent" ? recurrentExperimentSchema : experimentSchema;
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const unknown: string[] = [];
  const meant = new Set<string>();
  for (const i of r.error.issues) {
    if (i.code !== "unrecognized_keys") continue;
    const at = i.path.map(String);
    for (const key of i.keys) {
      const shown = [...at, key].join(".");
      const guess = suggestKey(at, key, suggest, schema);
      if (guess) {
        meant.add([...at, guess].join("."));
        unknown.push(`${file}: unknown key "${shown}" — did you mean "${[...at, guess].join(".")}"?`);
      } else {
        unknown.push(`${file}: unknown key "${shown}" — remove it, or use one of the keys ${at.length ? `of ${at.join(".")}` : "at the top level"}: ${knownKeys(at, schema).join(", ")}`);
      }
    }
  }
  const rest = r.error.issues.filter(
    (i) => i.code !== "unrecognized_keys" && !(meant.has(i.path.map(String).join(".")) && valueAt(json, i.path as PropertyKey[]) === undefined),
  );
  const lines = rest.map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
  throw new Error([...unknown, ...(lines.length ? [`${file}: invalid experiment config`, ...lines] : [])].join("\n"));
}

/** The fields that do not decide what a run computes: editing them does not make it stale. */
export const DESCRIPTIVE_FIELDS = ["title", "description", "preset"] as const;

/** What training depends on: the config without its descriptive fields (so not in the config hash). */
export function trainingRelevant(e: Experiment): Omit<Experiment, (typeof DESCRIPTIVE_FIELDS)[number]>;
export function trainingRelevant(e: RecurrentExperiment): Omit<RecurrentExperiment, "title" | "description">;
export function trainingRelevant(e: AnyExperiment): object;
export function trainingRelevant(e: AnyExperiment): object {
  const { title: _title, description: _description, ...rest } = e;
  delete (rest as { preset?: boolean }).preset;
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
