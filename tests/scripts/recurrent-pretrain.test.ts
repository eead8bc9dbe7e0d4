/**
 * Recurrent experiments ("kind": "recurrent", lesson 7) through scripts/pretrain.ts end to end, on a
 * tiny LSTM fixture in temporary folders: the run folder (log with the initial and per-epoch
 * measurements, float32 parameters in src/lib/recurrent/training/params-file.ts's format, manifest with
 * sha256s), caching, bit-reproducibility, and the build's verification of such a run.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRun, codeVersion, loadExperiments, sha256, verifyRuns, RECURRENT_RUN_FILES } from "../../scripts/runs/store.ts";
import { readRecurrentParams } from "../../scripts/runs/recurrent-store.ts";
import { PARAMS_BIN, PARAMS_JSON } from "../../src/lib/recurrent/training/params-file.ts";
import { forward } from "../../src/lib/recurrent/reference.ts";
import { recallTask } from "../../src/lib/recurrent/task.ts";
import { recurrentSeeds } from "../../src/lib/recurrent/training/recurrent-run.ts";
import { initParams } from "../../src/lib/recurrent/init.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const FIXTURES = join(ROOT, "tests/fixtures/experiments-recurrent");

function pretrain(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/pretrain.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = () => mkdtemp(join(tmpdir(), "vg-rruns-"));
const hashes = async (dir: string) => Object.fromEntries(await Promise.all(RECURRENT_RUN_FILES.map(async (f) => [f, sha256(await readFile(join(dir, f)))])));

describe("a recurrent experiment through pretrain", () => {
  it("store.ts names the parameter files as params-file.ts writes them", () => {
    expect([...RECURRENT_RUN_FILES]).toEqual(["log.json", ...["model-initial", "model-final"].flatMap((d) => [`${d}/${PARAMS_JSON}`, `${d}/${PARAMS_BIN}`])]);
  });

  it("is trained into a run folder with its log, float32 parameters and manifest, then skipped until something changes", async () => {
    const out = await tmp();
    const r = pretrain("--experiments", FIXTURES, "--out", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/tiny-lstm epoch 3\/3 test accuracy \d+\.\d% elapsed/);
    expect(r.out).toMatch(/pretrain: wrote .*tiny-lstm in \d+\.\d s — test accuracy \d+\.\d% \(written float32 parameters \d+\.\d%\)/);
    const dir = join(out, "tiny-lstm");
    for (const f of [...RECURRENT_RUN_FILES, "manifest.json"]) expect(existsSync(join(dir, f)), f).toBe(true);

    const log = JSON.parse(await readFile(join(dir, "log.json"), "utf8"));
    expect(log).toMatchObject({ id: "tiny-lstm", kind: "recurrent", cell: "lstm", hidden: 6, backend: "wasm" });
    expect(log.task).toEqual({ source: "src/lib/recurrent/task.ts recallTask", T: 6, K: 3, train: 96, test: 48, gradientSequences: 32, chance: 1 / 3 });
    // Epoch 0, then every 2nd epoch and the last.
    expect([log.initial.epoch, ...log.epochs.map((e: { epoch: number }) => e.epoch)]).toEqual([0, 2, 3]);
    expect(log.initial.gradNormBeforeClip).toBeNull();
    for (const entry of [log.initial, ...log.epochs]) {
      expect(entry.hiddenGradNorms, `epoch ${entry.epoch}`).toHaveLength(7);
      expect(entry.cellGradNorms, `epoch ${entry.epoch}`).toHaveLength(7);
      for (const v of [...entry.hiddenGradNorms, ...entry.cellGradNorms, entry.trainAccuracy, entry.testAccuracy, entry.cost]) expect(Number.isFinite(v)).toBe(true);
    }
    for (const entry of log.epochs) {
      expect(entry.gradNormBeforeClip.max).toBeGreaterThanOrEqual(entry.gradNormBeforeClip.mean);
      expect(entry.gradNormBeforeClip.mean).toBeGreaterThan(0);
    }
    expect(log.final).toEqual(log.epochs.at(-1));

    // The initial parameters on disk are the seeded initialisation, rounded to float32.
    const cfg = JSON.parse(await readFile(join(FIXTURES, "tiny-lstm.json"), "utf8"));
    const initial = await readRecurrentParams(join(dir, "model-initial"));
    const want = initParams("lstm", { H: 6, D: 4, K: 3, seed: 5, recurrent: "uniform", scale: 1, forgetBias: 1 });
    for (const n of ["W", "U", "b", "V", "c"] as const) expect(initial[n], n).toEqual(Float64Array.from(Float32Array.from(want[n])));
    // The final ones score, by the float64 reference, what the log says (float32 is exact).
    const final = await readRecurrentParams(join(dir, "model-final"));
    const test = recallTask({ T: 6, K: 3, count: 48, seed: recurrentSeeds(cfg.seed).test });
    const acc = forward("lstm", final, { inputs: test.inputs, labels: test.labels, inputSize: test.inputSize, steps: test.steps }).accuracy;
    expect(Math.abs(acc - log.final.testAccuracy)).toBeLessThanOrEqual(1 / 48);

    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ id: "tiny-lstm", kind: "recurrent", backend: "wasm", seed: 5, quantization: "float32", shippedFinalTestAccuracy: acc });
    expect(manifest.data.source).toBe("src/lib/recurrent/task.ts recallTask");
    expect(Object.keys(manifest.files).sort()).toEqual([...RECURRENT_RUN_FILES].sort());
    for (const f of RECURRENT_RUN_FILES) expect(manifest.files[f], f).toBe(sha256(await readFile(join(dir, f))));

    // Up to date: checkRun and the build's verifyRuns accept it, and pretrain skips it.
    const [e] = await loadExperiments(FIXTURES);
    await expect(checkRun(e, await codeVersion(), out)).resolves.toEqual({ id: "tiny-lstm", ok: true });
    await expect(verifyRuns({ experimentsDir: FIXTURES, runsDir: out })).resolves.toHaveLength(1);
    expect(pretrain("--experiments", FIXTURES, "--out", out).out).toContain("pretrain: tiny-lstm is up to date (skipped)");

    // A changed config is stale; a corrupt parameter file fails verification with the command to run.
    const exps = await tmp();
    await writeFile(join(exps, "tiny-lstm.json"), JSON.stringify({ ...cfg, hidden: 7 }));
    const check = pretrain("--experiments", exps, "--out", out, "--check");
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/stale {2}tiny-lstm is stale: .*tiny-lstm\.json changed since it was trained/);
    const bad = await tmp();
    await cp(out, bad, { recursive: true });
    const bin = join(bad, "tiny-lstm/model-final/params.bin");
    const bytes = await readFile(bin);
    bytes[5] ^= 0xff;
    await writeFile(bin, bytes);
    await expect(verifyRuns({ experimentsDir: FIXTURES, runsDir: bad })).rejects.toThrow(
      "Training runs are not up to date:\n  public/runs/tiny-lstm is corrupt: model-final/params.bin does not match its sha256 in manifest.json\nThe build never trains by itself. Run:\n  npm run pretrain -- --only tiny-lstm",
    );
  }, 120_000);

  it("is bit-identical when the same config is trained twice (log.json and both parameter files)", async () => {
    const a = await tmp();
    const b = await tmp();
    expect(pretrain("--experiments", FIXTURES, "--out", a).code).toBe(0);
    expect(pretrain("--experiments", FIXTURES, "--out", b, "--force").code).toBe(0);
    expect(await hashes(join(a, "tiny-lstm"))).toEqual(await hashes(join(b, "tiny-lstm")));
  }, 120_000);

  it("a bad recurrent config stops pretrain, naming the file and the field", async () => {
    const exps = await tmp();
    const cfg = JSON.parse(await readFile(join(FIXTURES, "tiny-lstm.json"), "utf8"));
    await writeFile(join(exps, "bad-rnn.json"), JSON.stringify({ ...cfg, cell: "rnn" }));
    const r = pretrain("--experiments", exps, "--out", await tmp(), "--check");
    expect(r.code).toBe(1);
    expect(r.err).toBe(`pretrain: ${exps}/bad-rnn.json: invalid experiment config\n  init.forgetBias: forgetBias applies to the LSTM only (cell is "rnn"): remove it\n`);
  });
});
