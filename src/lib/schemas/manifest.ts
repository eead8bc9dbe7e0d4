/**
 * manifest.json, the record a committed folder carries of what made it and the sha256 of each of its
 * files: a run's (public/runs/<id>/, an MLP run's or a recurrent run's, "kind": "recurrent") and a
 * derived asset's (public/derived/<id>/). One zod schema each. The writers (scripts/runs/store.ts
 * writeRun, scripts/runs/recurrent-store.ts, scripts/derived/store.ts writeDerived, all through
 * scripts/atomic-folder.ts) check a manifest against it before it is written; every reader in the
 * scripts and the build (the staleness checks, the loaders that read a run's config hash, derive's
 * time estimates) reads a manifest through `parseRunManifest`, `parseRecurrentManifest` or
 * `parseDerivedManifest`, so a truncated or hand-edited one fails the same way everywhere, naming the
 * file and the field. The islands fetch a manifest only for its `files` and check that by hand
 * (src/islands/verified-files.ts): zod would outweigh their first script. DOM-free.
 */
import { z } from "zod";
import { parseWith } from "./field-path.ts";

/** A hash of what made the folder (a config, the code, the data, the inputs): compared, never recomputed from here. */
const hash = z.string().min(1);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in 64 lowercase hex digits");
const seconds = z.number().min(0);
/** Each file of the folder (a '/'-separated path inside it) → the sha256 of its bytes. */
const files = z.record(z.string().min(1), sha256).refine((f) => Object.keys(f).length > 0, "at least one file");

/** What every run's manifest says of its config, code, backend, timing, data and files. */
const runIdentity = {
  id: z.string().min(1),
  /** scripts/runs/store.ts configHash of the experiment config it was trained from. */
  configHash: hash,
  /** scripts/runs/store.ts codeVersion: the training code and the tfjs version. */
  codeVersion: hash,
  backend: z.string().min(1),
  /** Why that backend: what the page and the lessons say of it. */
  backendReason: z.string().min(1),
  seed: z.number().int(),
  startedAt: z.iso.datetime(),
  durationSeconds: seconds,
  data: z.strictObject({ source: z.string().min(1), sha256: hash }),
  /** Test accuracy of the parameters as written (dequantised for an MLP run), checked after writing. */
  shippedFinalTestAccuracy: z.number().min(0).max(1),
  files,
};

/** public/runs/<id>/manifest.json of an MLP run (weights shipped as uint8). */
export const runManifestSchema = z.strictObject({
  ...runIdentity,
  quantization: z.literal("uint8"),
  /**
   * Per-layer ‖∂C/∂b‖ of the shipped (dequantised) initial weights on the same images as
   * log.initial.gradNorms: how far the uint8 copy is from the network that was trained.
   */
  shippedInitialGradNorms: z.array(z.number().min(0)).min(1),
});

/** public/runs/<id>/manifest.json of a recurrent run: float32 parameters, exact, no quantisation. */
export const recurrentManifestSchema = z.strictObject({
  ...runIdentity,
  kind: z.literal("recurrent"),
  quantization: z.literal("float32"),
});

/** public/derived/<id>/manifest.json. */
export const derivedManifestSchema = z.strictObject({
  id: z.string().min(1),
  /** sha256 over the loader's file and its inputs (scripts/derived/store.ts inputsHash). */
  inputsHash: hash,
  generatedAt: z.iso.datetime(),
  durationSeconds: seconds,
  /** For a loader with parts: each part's seconds when it last ran. */
  partSeconds: z.record(z.string().min(1), seconds).optional(),
  /** The loader's `inputs` when it ran (what the build re-hashes). */
  inputs: z.array(z.string().min(1)),
  files,
});

export type RunManifest = z.infer<typeof runManifestSchema>;
export type RecurrentManifest = z.infer<typeof recurrentManifestSchema>;
export type DerivedManifest = z.infer<typeof derivedManifestSchema>;

/** A run's manifest: throws naming `file` and the first bad field. */
export const parseRunManifest = (json: unknown, file: string): RunManifest => parseWith(runManifestSchema, json, file);
/** A recurrent run's manifest: throws naming `file` and the first bad field. */
export const parseRecurrentManifest = (json: unknown, file: string): RecurrentManifest => parseWith(recurrentManifestSchema, json, file);
/** A derived asset's manifest: throws naming `file` and the first bad field. */
export const parseDerivedManifest = (json: unknown, file: string): DerivedManifest => parseWith(derivedManifestSchema, json, file);
