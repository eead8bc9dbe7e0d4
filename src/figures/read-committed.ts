/**
 * The one build-time reader of committed data (Node only: Astro components, figures and scripts).
 * - `readRunLog`, `readRecurrentRunLog`: public/runs/<id>/log.json of an MLP or a recurrent run, checked by its
 *   run-log schema (src/lib/schemas/run-log.ts).
 * - `readDerived`: public/derived/<loader>/<file>, checked by its asset's own parser where it has one.
 * A missing file says how to make it; a bad one names the file and the field (and, for a derived file, the command that recomputes it). The JSON text is cached by path and
 * modification time (a page with twenty numbers from one log reads it once; `astro dev` sees edits); the check
 * runs on every read, so a caller can never mutate what the next one gets: parsers return fresh objects.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { missingRunMessage, parseRecurrentRunLog, parseRunLog, runLogFile, type RecurrentRunLog, type RunLog } from "../lib/schemas/run-log.ts";

/** public/runs, or VG_RUNS_DIR where the tests point it elsewhere. */
export const defaultRunsDir = () => process.env.VG_RUNS_DIR || join(process.cwd(), "public/runs");
/** public/derived, or VG_DERIVED_DIR. */
export const defaultDerivedDir = () => process.env.VG_DERIVED_DIR || join(process.cwd(), "public/derived");

const cache = new Map<string, { mtime: number; json: unknown }>();

function readJson<T>(path: string, shown: string, missing: () => string, parse: (json: unknown) => T): T {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    throw new Error(missing());
  }
  const hit = cache.get(path);
  let json: unknown;
  if (hit && hit.mtime === mtime) json = hit.json;
  else {
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new Error(`${shown} is not JSON: ${(e as Error).message}`);
    }
    cache.set(path, { mtime, json });
  }
  return parse(json);
}

/** A committed MLP run's log, checked against the run-log schema. */
export function readRunLog(runId: string, runsDir: string = defaultRunsDir()): RunLog {
  return readJson(join(runsDir, runId, "log.json"), runLogFile(runId), () => missingRunMessage(runId), (json) => parseRunLog(runId, json));
}

/** A committed recurrent run's log ("kind": "recurrent"), checked against the recurrent run-log schema. */
export function readRecurrentRunLog(runId: string, runsDir: string = defaultRunsDir()): RecurrentRunLog {
  return readJson(join(runsDir, runId, "log.json"), runLogFile(runId), () => missingRunMessage(runId), (json) => parseRecurrentRunLog(runId, json));
}

/** The command that (re)computes a derived file: its loader is the first folder of the path. */
export const deriveCommand = (file: string) => `npm run derive -- --only ${file.split("/")[0]}`;

/**
 * A derived file ("invisible-pixels/facts.json"), checked by `parse` (given the JSON and the file as
 * messages name it) where the asset has a parser; unchecked JSON otherwise, for field paths (<DerivedValue>).
 */
export function readDerived<T = unknown>(file: string, parse?: (json: unknown, shown: string) => T, derivedDir: string = defaultDerivedDir()): T {
  const shown = `public/derived/${file}`;
  const check = parse ?? ((json: unknown) => structuredClone(json) as T);
  return readJson(join(derivedDir, file), shown, () => `there is no derived file ${shown}. Compute it with: ${deriveCommand(file)}`, (json) => {
    try {
      return check(json, shown);
    } catch (e) {
      // A committed file its parser refuses was written by another version of its loader: the fix is the same for every asset.
      const message = (e as Error).message;
      throw message.includes(deriveCommand(file)) ? e : new Error(`${message}; recompute it with: ${deriveCommand(file)}`);
    }
  });
}
