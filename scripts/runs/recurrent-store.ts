/**
 * Writing and reading recurrent runs ("kind": "recurrent", lesson 7): store.ts's atomic write
 * (writeFolderAtomically, scripts/atomic-folder.ts: temp folder, verification of what is on disk, renames) with the parameters in
 * the format of src/lib/recurrent/training/params-file.ts. A module of its own so that store.ts, which
 * derived-data loaders import, does not import the recurrent code.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RecurrentParams } from "../../src/lib/recurrent/shared.ts";
import { decodeRecurrentParams, encodeRecurrentParams, PARAMS_BIN, PARAMS_JSON, type ParamsHeader } from "../../src/lib/recurrent/training/params-file.ts";
import { RUNS_DIR, shownPath, type WriteStage } from "./store.ts";
import { parseRecurrentManifest, type RecurrentManifest } from "../../src/lib/schemas/manifest.ts";
import { writeFolderAtomically } from "../atomic-folder.ts";
import type { RecurrentRunLog } from "../../src/lib/schemas/run-log.ts";

export interface RecurrentRunToWrite {
  id: string;
  log: RecurrentRunLog;
  initial: RecurrentParams;
  final: RecurrentParams;
  manifest: Omit<RecurrentManifest, "files" | "shippedFinalTestAccuracy">;
  /** Test accuracy of the parameters read back from disk (the float64 reference on the task's test set), to record and check. */
  shippedAccuracy: (params: RecurrentParams) => number;
}

/** writeRun for a recurrent run: the same temp folder, verification on disk and renames. */
export async function writeRecurrentRun(run: RecurrentRunToWrite, runsDir = RUNS_DIR, reached: (stage: WriteStage) => void | Promise<void> = () => {}): Promise<RecurrentManifest> {
  const files: Record<string, Uint8Array> = { "log.json": new TextEncoder().encode(JSON.stringify(run.log, null, 1) + "\n") };
  for (const [which, params] of [["initial", run.initial], ["final", run.final]] as const) {
    const { header, bin } = encodeRecurrentParams(params);
    files[`model-${which}/${PARAMS_JSON}`] = new TextEncoder().encode(JSON.stringify(header) + "\n");
    files[`model-${which}/${PARAMS_BIN}`] = bin;
  }
  return writeFolderAtomically(runsDir, run.id, files, async (tmp, hashes) => {
    const accuracy = run.shippedAccuracy(await readRecurrentParams(join(tmp, "model-final")));
    const logged = run.log.final.testAccuracy;
    if (Math.abs(accuracy - logged) > 0.02) throw new Error(`${run.id}: the written float32 parameters score ${accuracy} on the test set, the trained ones ${logged}; refusing to write`);
    const manifest: RecurrentManifest = { ...run.manifest, shippedFinalTestAccuracy: accuracy, files: hashes };
    // Checked before it is written; written as made (the schema's parse would reorder its keys).
    parseRecurrentManifest(manifest, `${run.id}/manifest.json`);
    return manifest;
  }, reached);
}

/** A recurrent run's parameters from a model-initial or model-final folder. */
export async function readRecurrentParams(dir: string): Promise<RecurrentParams> {
  const header = JSON.parse(await readFile(join(dir, PARAMS_JSON), "utf8")) as ParamsHeader;
  return decodeRecurrentParams(header, new Uint8Array(await readFile(join(dir, PARAMS_BIN))), shownPath(dir));
}

