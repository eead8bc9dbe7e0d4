/**
 * Reading a committed run's log.json at build time (Node only: scripts and Astro components).
 * A missing run or a bad field throws with the run and the field named (the same words as <RunValue>).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { missingRunMessage, parseChartLog, type ChartLog, type LogNeeds } from "./learning-speed.ts";

/** public/runs, or VG_RUNS_DIR where the tests point it elsewhere. */
export const defaultRunsDir = () => process.env.VG_RUNS_DIR || join(process.cwd(), "public/runs");

/** `needs`: the optional fields to read and check as well (parseChartLog). */
export function readRunLog(runId: string, runsDir: string = defaultRunsDir(), needs: LogNeeds = {}): ChartLog {
  let text: string;
  try {
    text = readFileSync(join(runsDir, runId, "log.json"), "utf8");
  } catch {
    throw new Error(missingRunMessage(runId));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`public/runs/${runId}/log.json is not JSON: ${(e as Error).message}`);
  }
  return parseChartLog(runId, raw, needs);
}
