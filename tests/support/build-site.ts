/** Runs `astro build` with the given environment and returns its exit code and output. */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BuildResult {
  code: number;
  output: string;
  outDir: string;
  ms: number;
}

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export async function buildSite(env: Record<string, string>): Promise<BuildResult> {
  const work = await mkdtemp(join(tmpdir(), "vg-build-"));
  const outDir = join(work, "dist");
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "node_modules/astro/bin/astro.mjs"), "build"], {
    cwd: ROOT,
    env: { ...process.env, ...env, VG_OUT_DIR: outDir, VG_CACHE_DIR: join(work, "cache"), NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code: number = await new Promise((ok) => child.on("close", (c) => ok(c ?? 1)));
  return { code, output, outDir, ms: performance.now() - started };
}
