/**
 * A teacher's fork adds experiments: a copy of the project (its files as git sees them,
 * node_modules linked) gains a tanh network trained with the quadratic cost, which the live trainer
 * cannot run, and a ReLU one, which it can. Pretraining just those two takes seconds; then the whole
 * site builds green (every page, /learning-speed/ and the other trainer pages included), the build
 * says once that the quadratic one is not a live-trainer preset, the ReLU one is a preset on every
 * trainer, and the tests that read the experiment list pass on the copy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** [784, 30, 10], two epochs of mini-batches of 10 over 1,000 digits: a second or two each. */
const small = (patch: Record<string, unknown>) => ({
  title: "A small network of a teacher's fork",
  description: "Added by tests/scripts/fork-experiments.test.ts.",
  architecture: [784, 30, 10],
  cost: "cross-entropy",
  optimizer: { kind: "sgd", eta: 0.1, lambda: 0, batchSize: 10 },
  epochs: 2,
  data: { train: 1000, test: 1000 },
  seed: 1,
  log: { gradientImages: 1000 },
  ...patch,
});
const FORK: Record<string, object> = {
  "tanh-quadratic": small({ activation: "tanh", init: { weights: "xavier", biases: "zero" }, cost: "quadratic" }),
  "relu-he-small": small({ activation: "relu", init: { weights: "he", biases: "zero" } }),
};
const NOTE = 'content/experiments/tanh-quadratic.json is not a live-trainer preset: the trainer uses the cross-entropy cost, not quadratic (add "preset": false to the config to leave it out without this note)';

let work: string;
let copy: string;
const timings: string[] = [];

/** A command in the copy, with none of the tests' VG_* settings; output and exit code. */
function inCopy(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VG_")));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: copy, encoding: "utf8", env: { ...clean, CI: "1", NO_COLOR: "1", FORCE_COLOR: "0", ...env }, maxBuffer: 64 * 1024 * 1024 });
  timings.push(`${args.slice(0, 2).join(" ").replace(/^node_modules\/[^ ]*\/([^/ ]+)/, "$1")} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  const t0 = performance.now();
  work = await mkdtemp(join(tmpdir(), "vg-fork-"));
  copy = join(work, "site");
  // The files git would commit (tracked or not ignored), as they are in the working tree.
  const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
  for (const f of files) {
    // A file deleted in the working tree, or a link (node_modules, in a checkout where it is one), is not copied.
    if (!existsSync(join(ROOT, f)) || !lstatSync(join(ROOT, f)).isFile()) continue;
    await mkdir(dirname(join(copy, f)), { recursive: true });
    await copyFile(join(ROOT, f), join(copy, f));
  }
  await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"));
  for (const [id, config] of Object.entries(FORK)) await writeFile(join(copy, "content/experiments", `${id}.json`), JSON.stringify(config, null, 2) + "\n");
  timings.push(`copy of ${files.length} files ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}, 60_000);

afterAll(async () => {
  console.log(`[fork-experiments] ${timings.join(", ")}`);
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a fork with a quadratic-cost tanh experiment and a ReLU one", () => {
  it("pretrains just the two, noting that the quadratic one is not a live-trainer preset", () => {
    const r = inCopy(["scripts/pretrain.ts", "--only", Object.keys(FORK).join(",")]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`pretrain: note: ${NOTE}`);
    expect(r.out).toContain("pretrain: 2 experiment(s) trained");
    expect(r.out).not.toContain("warning");
    for (const id of Object.keys(FORK)) expect(existsSync(join(copy, "public/runs", id, "manifest.json")), id).toBe(true);
    // Every run, the shipped ones and the two new ones, is up to date.
    const check = inCopy(["scripts/pretrain.ts", "--check"]);
    expect(check.code, check.out).toBe(0);
  }, 120_000);

  it("builds the whole site, saying once that the quadratic one is not a preset; the ReLU one is a preset on every trainer", () => {
    const dist = join(copy, "dist-fork");
    // The output folder sits inside the copy so that the prerendered pages find node_modules.
    const r = inCopy(["node_modules/astro/bin/astro.mjs", "build"], { VG_OUT_DIR: dist, VG_CACHE_DIR: join(copy, ".cache-fork") });
    expect(r.code, r.out.slice(-3000)).toBe(0);
    expect(r.out.split(NOTE).length - 1).toBe(1);
    expect(r.out).not.toMatch(/relu-he-small\.json is not/);
    const pages = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("index.html"));
    expect(pages).toContain("learning-speed/index.html");
    const trainers = pages.filter((f) => readFileSync(join(dist, f), "utf8").includes("<vg-trainer"));
    expect(trainers).toContain("learning-speed/index.html");
    for (const page of trainers) {
      const html = readFileSync(join(dist, page), "utf8");
      const options = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
      expect(options, page).toContain("relu-he-small");
      expect(options, page).not.toContain("tanh-quadratic");
      const presets = /<vg-trainer[^>]* presets="([^"]*)"/.exec(html)?.[1] ?? "";
      expect(presets, page).toContain("&quot;id&quot;:&quot;relu-he-small&quot;");
      expect(presets, page).not.toContain("tanh-quadratic");
    }
  }, 300_000);

  it("passes the tests that read the experiment list, run on the copy", () => {
    const r = inCopy([
      "node_modules/vitest/vitest.mjs", "run",
      "tests/unit/islands/trainer/settings.test.ts", "tests/unit/lib/schemas/experiment.test.ts",
      "tests/scripts/store.test.ts", "tests/scripts/run-paths.test.ts",
    ]);
    expect(r.code, r.out.slice(-4000)).toBe(0);
    expect(r.out).toMatch(/Test Files {2}4 passed \(4\)/);
  }, 300_000);
});
