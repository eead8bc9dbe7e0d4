/**
 * The site a benchmark measures: a reused `--dist` build (checked) or a fresh one
 * under BENCH_BASE; and the shared command line (scripts/cli.ts).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSite } from "./site.ts";

export const BENCH_BASE = "/vanishing-gradients/";

export { parseCli, type Cli } from "../cli.ts";

/** The built site to measure: `dist` if given (it must be a build under BENCH_BASE), else a fresh build. */
export async function benchDist(name: string, dist: string | undefined, usageError: (message: string) => never): Promise<string> {
  if (dist) {
    const index = await readFile(join(dist, "index.html"), "utf8").catch(() => null);
    if (index === null) usageError(`--dist ${dist}: no index.html there`);
    if (!index.includes(BENCH_BASE)) usageError(`--dist ${dist}: not built with BASE_PATH=${BENCH_BASE}`);
    console.log(`${name} — reusing ${dist}`);
    return dist;
  }
  const result = await buildSite({ GITHUB_REPOSITORY: "", BASE_PATH: BENCH_BASE });
  if (result.code !== 0) throw new Error(`the site did not build:\n${result.output}`);
  console.log(`${name} — built under ${BENCH_BASE} in ${(result.ms / 1000).toFixed(1)} s → ${result.outDir} (reuse: --dist ${result.outDir})`);
  return result.outDir;
}
