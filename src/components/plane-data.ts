/**
 * The loss plane of a run as the build reads it (Node only): the loader's grid and plane from
 * public/derived/loss-plane/planes.json (VG_PUBLIC_DIR for fixtures) and the optimiser's path from
 * public/runs/<id>/log.json (VG_RUNS_DIR). A missing file, run or field fails the build, naming it
 * and the command that makes it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultRunsDir } from "../figures/run-log-file.ts";
import { missingRunMessage } from "../figures/learning-speed.ts";
import { PLANES_COMMAND, PLANES_FILE, parsePlanePath, parsePlanes, type Plane, type PlaneGrid, type PlanePath } from "../figures/loss-plane.ts";

export const defaultPublicDir = () => process.env.VG_PUBLIC_DIR || join(process.cwd(), "public");

function readJson(path: string, missing: () => string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(missing());
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${shown} is not JSON: ${(e as Error).message}`);
  }
}

export function readPlane(runId: string, publicDir: string = defaultPublicDir(), runsDir: string = defaultRunsDir()): { grid: PlaneGrid; plane: Plane; path: PlanePath } {
  const planes = readJson(join(publicDir, "derived/loss-plane/planes.json"), () => `there is no ${PLANES_FILE}. Compute it with: ${PLANES_COMMAND}`, PLANES_FILE);
  const { grid, plane } = parsePlanes(planes, runId);
  const log = readJson(join(runsDir, runId, "log.json"), () => missingRunMessage(runId), `public/runs/${runId}/log.json`);
  const path = parsePlanePath(runId, log);
  return { grid, plane, path };
}
