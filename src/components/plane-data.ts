/**
 * The loss plane of a run as the build reads it (Node only): the loader's grid and plane from
 * public/derived/loss-plane/planes.json (VG_PUBLIC_DIR for fixtures) and the optimiser's path from
 * public/runs/<id>/log.json (VG_RUNS_DIR), each checked by its one schema (planes.json:
 * src/lib/schemas/derived/loss-plane.ts; log.json: src/lib/schemas/run-log.ts). A missing file, run
 * or field fails the build, naming it and the command that makes it.
 */
import { join } from "node:path";
import { defaultRunsDir, readDerived, readRunLog } from "../figures/read-committed.ts";
import { parsePlanes, type Plane, type PlaneGrid, type PlanePath } from "../figures/loss-plane.ts";

export const defaultPublicDir = () => process.env.VG_PUBLIC_DIR || join(process.cwd(), "public");

export function readPlane(runId: string, publicDir: string = defaultPublicDir(), runsDir: string = defaultRunsDir()): { grid: PlaneGrid; plane: Plane; path: PlanePath } {
  const { grid, plane } = readDerived("loss-plane/planes.json", (json) => parsePlanes(json, runId), join(publicDir, "derived"));
  const path = readRunLog(runId, runsDir).path;
  return { grid, plane, path };
}
