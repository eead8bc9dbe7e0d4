/**
 * The command line of the benchmarks: strict flags, `--help`, and a usage error
 * that prints the message and the usage and exits 2. And the site a benchmark
 * measures: a reused `--dist` build (checked) or a fresh one under BENCH_BASE.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { buildSite } from "./site.ts";

export const BENCH_BASE = "/vanishing-gradients/";

export interface Cli<O extends ParseArgsOptionsConfig> {
  opts: ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"];
  usageError(message: string): never;
}

/**
 * Parses process.argv against `options` (which include `help`): a bad flag prints `usage` and
 * exits 2; --help prints it and exits 0.
 */
export function parseCli<const O extends ParseArgsOptionsConfig & { help: { type: "boolean" } }>(name: string, usage: string, options: O): Cli<O> {
  const usageError = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n${usage}\n`);
    process.exit(2);
  };
  let opts: Cli<O>["opts"];
  try {
    opts = parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return usageError((e as Error).message);
  }
  if ((opts as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return { opts, usageError };
}

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
