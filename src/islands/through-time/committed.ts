/**
 * A committed "through time" run's log (public/runs/<id>/log.json, written by scripts/pretrain.ts
 * from scripts/runs/train-recurrent.ts) as the demo's entries, DOM-free: the build reads it from disk
 * (src/components/ThroughTimeDemo.astro) and the browser fetches it when the reader's settings name it,
 * checked against its manifest's sha256 (verified-files.ts), to draw it faint behind the live run.
 */
import type { RecurrentEpochLog, RecurrentRunLog } from "../../lib/schemas/run-log.ts";
import { DataFileError, LoadOnce, verifiedRunLog, type Getter, type Loaded } from "../verified-files.ts";
import { quoted } from "../../lib/schemas/field-path.ts";

/** One measurement of a run: its epoch, accuracies, cost, gradient norm before clipping and ‖∂C/∂hₜ‖ for t = 0..T. */
export type TimeEntry = Pick<RecurrentEpochLog, "epoch" | "trainAccuracy" | "testAccuracy" | "cost" | "gradNormBeforeClip" | "hiddenGradNorms">;

/** A committed run as the demo draws it: its distance T, chance 1/K, and its entries (initial first). */
export interface CommittedLog {
  id: string;
  T: number;
  chance: number;
  entries: TimeEntry[];
}

/**
 * A run's log as the demo draws it. The build reads the log through the run-log schema (readRecurrentRunLog,
 * src/figures/read-committed.ts) and hands it here; the browser checks what it fetched with logFromJson.
 */
export function committedLog(log: { id: string; task: Pick<RecurrentRunLog["task"], "T" | "chance">; initial: TimeEntry; epochs: readonly TimeEntry[] }): CommittedLog {
  return { id: log.id, T: log.task.T, chance: log.task.chance, entries: [timeEntry(log.initial), ...log.epochs.map(timeEntry)] };
}

/** The fields of a measurement the demo draws, copied. */
const timeEntry = (e: TimeEntry): TimeEntry => ({
  epoch: e.epoch,
  trainAccuracy: e.trainAccuracy,
  testAccuracy: e.testAccuracy,
  cost: e.cost,
  gradNormBeforeClip: e.gradNormBeforeClip === null ? null : { mean: e.gradNormBeforeClip.mean, max: e.gradNormBeforeClip.max },
  hiddenGradNorms: [...e.hiddenGradNorms],
});

/**
 * A fetched log's JSON as entries, in the browser; a missing or bad field names itself and the file. It checks
 * only what the demo draws, by hand: the run-log schema brings zod, which would outweigh this island's first script.
 */
export function logFromJson(raw: unknown, file: string): CommittedLog {
  const bad = (path: string, v: unknown) => new DataFileError(`the field "${path}" of ${file} is ${v === undefined ? "missing" : `not valid (${quoted(v)})`}`);
  const num = (path: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, v);
    return v;
  };
  const log = (raw ?? {}) as Record<string, unknown>;
  if (log.kind !== "recurrent") throw bad("kind", log.kind);
  const task = (log.task ?? {}) as Record<string, unknown>;
  const T = num("task.T", task.T);
  const chance = num("task.chance", task.chance);
  const entry = (path: string, e: unknown): TimeEntry => {
    if (!e || typeof e !== "object") throw bad(path, e);
    const o = e as Record<string, unknown>;
    const g = o.hiddenGradNorms;
    if (!Array.isArray(g) || g.length !== T + 1) throw bad(`${path}.hiddenGradNorms`, Array.isArray(g) ? `${g.length} values, expected T + 1 = ${T + 1}` : g);
    const clip = o.gradNormBeforeClip as Record<string, unknown> | null | undefined;
    if (clip !== null && (typeof clip !== "object" || clip === undefined)) throw bad(`${path}.gradNormBeforeClip`, clip);
    for (const k of ["epoch", "trainAccuracy", "testAccuracy", "cost"] as const) num(`${path}.${k}`, o[k]);
    if (clip !== null) for (const k of ["mean", "max"] as const) num(`${path}.gradNormBeforeClip.${k}`, clip[k]);
    g.forEach((v, t) => num(`${path}.hiddenGradNorms.${t}`, v));
    return o as unknown as TimeEntry;
  };
  if (!Array.isArray(log.epochs)) throw bad("epochs", log.epochs);
  return committedLog({ id: String(log.id ?? ""), task: { T, chance }, initial: entry("initial", log.initial), epochs: log.epochs.map((e, i) => entry(`epochs.${i}`, e)) });
}

/** Run `id`'s log, fetched and checked against runs/<id>/manifest.json. */
export const loadCommittedLog = (get: Getter, id: string): Promise<CommittedLog> => verifiedRunLog(get, id, logFromJson);

/** A committed run as the demo holds it: its log, still loading, or unavailable (with why). */
export type Committed = Loaded<CommittedLog>;

/** Each run's log, fetched the first time it is asked for; `loaded()` runs when one arrives (or fails). */
export class CommittedLogs extends LoadOnce<CommittedLog> {
  constructor(get: Getter, loaded: () => void) {
    super((id) => loadCommittedLog(get, id), loaded);
  }
}
