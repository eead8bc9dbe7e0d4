/**
 * The fixes the "what fixes it" lesson compares, in the order it discusses them, and their
 * committed runs read at build time (Node only). A missing run or field fails the build,
 * naming the run and the field.
 */
import { readRunLog } from "../figures/read-committed.ts";
import { fixRow, type FixLog, type FixRow } from "../figures/fixes.ts";

export const FIXES: ReadonlyArray<{ id: string; label: string }> = [
  { id: "fix-baseline", label: "baseline" },
  { id: "fix-unscaled-init", label: "N(0, 1) init" },
  { id: "fix-tanh-xavier", label: "tanh, Xavier" },
  { id: "fix-relu-he", label: "ReLU, He" },
  { id: "fix-batchnorm", label: "batch norm" },
  { id: "fix-residual", label: "residual" },
  { id: "fix-adam", label: "Adam" },
  { id: "fix-layerwise", label: "per-layer rates" },
];

export function fixRuns(runsDir?: string): Array<{ label: string; log: FixLog }> {
  return FIXES.map(({ id, label }) => ({ label, log: readRunLog(id, runsDir) }));
}

export function fixRows(runsDir?: string): FixRow[] {
  return fixRuns(runsDir).map(({ label, log }) => fixRow(log, label));
}
