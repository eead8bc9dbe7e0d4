/**
 * scripts/pretrain.ts end to end, on tiny fixture experiments written into
 * temporary folders: flags, caching, determinism, atomic writes, verification.
 */
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRun, codeVersion, loadExperiments, shippedDataHash, verifyRuns, sha256 } from "../../scripts/runs/store.ts";
import { isRecurrent } from "../../src/lib/schemas/experiment.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const FIXTURES = join(ROOT, "tests/fixtures/experiments");

function pretrain(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/pretrain.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = () => mkdtemp(join(tmpdir(), "vg-runs-"));
const hashes = async (dir: string) => {
  const out: Record<string, string> = {};
  for (const f of ["log.json", "model-initial/group1-shard1of1.bin", "model-final/group1-shard1of1.bin", "model-final/model.json"]) {
    out[f] = sha256(await readFile(join(dir, f)));
  }
  return out;
};

describe("pretrain command line", () => {
  it("--help prints the usage and exits 0", () => {
    const r = pretrain("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: npm run pretrain -- [options]");
  });

  it.each([
    [["--bogus"], "pretrain: Unknown option '--bogus'"],
    [["--backend", "tpu"], 'pretrain: unknown backend "tpu" (expected one of auto, wasm, cpu, webgpu)'],
    [["--only", "no-such-run", "--experiments", FIXTURES], 'pretrain: no experiment "no-such-run" in tests/fixtures/experiments (have: tiny-net)'],
    [["--only", "tiny-nte", "--experiments", FIXTURES], 'pretrain: no experiment "tiny-nte" in tests/fixtures/experiments — did you mean "tiny-net"? (have: tiny-net)'],
  ])("%j prints the usage and exits 2", (args, message) => {
    const r = pretrain(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain("Usage: npm run pretrain -- [options]");
  });

  it("stops on a bad config, naming the file and the field", () => {
    const r = pretrain("--experiments", join(ROOT, "tests/fixtures/experiments-bad"), "--out", join(tmpdir(), "vg-never"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("pretrain: tests/fixtures/experiments-bad/broken-net.json: invalid experiment config\n  optimizer.batchSize: ");
  });

  it("stops on a misspelt key, naming the file, the key's path and the key it most likely means", async () => {
    const exps = await tmp();
    const { optimizer, ...cfg } = JSON.parse(await readFile(join(FIXTURES, "tiny-net.json"), "utf8"));
    await writeFile(join(exps, "tiny-net.json"), JSON.stringify({ ...cfg, optimiser: optimizer }));
    const r = pretrain("--experiments", exps, "--out", join(tmpdir(), "vg-never"), "--check");
    expect(r.code).toBe(1);
    expect(r.err).toBe(`pretrain: ${exps}/tiny-net.json: unknown key "optimiser" — did you mean "optimizer"?\n`);
    await writeFile(join(exps, "tiny-net.json"), JSON.stringify({ ...cfg, optimizer: { ...optimizer, eta: undefined, learningRate: 0.5 }, epoch: 2 }));
    expect(pretrain("--experiments", exps, "--out", join(tmpdir(), "vg-never"), "--check").err).toBe(
      `pretrain: ${exps}/tiny-net.json: unknown key "optimizer.learningRate" — did you mean "optimizer.eta"?\n` +
        `${exps}/tiny-net.json: unknown key "epoch" — did you mean "epochs"?\n`,
    );
  });
});

describe("what pretrain says about the live trainer and about leftover runs (warnings, never failures)", () => {
  /** tiny-net with `patch` (and `optimizer` inside its optimizer) as experiments/<id>.json in a fresh folder. */
  async function experiments(configs: Record<string, [Record<string, unknown>, Record<string, unknown>?]>) {
    const dir = await tmp();
    const cfg = JSON.parse(await readFile(join(FIXTURES, "tiny-net.json"), "utf8"));
    for (const [id, [patch, optimizer]] of Object.entries(configs)) await writeFile(join(dir, `${id}.json`), JSON.stringify({ ...cfg, ...patch, optimizer: { ...cfg.optimizer, ...optimizer } }));
    return dir;
  }

  it("a value off the trainer's controls: a warning naming the file, the setting, the value and what the preset uses", async () => {
    const exps = await experiments({ "off-grid": [{ seed: 12345 }, { eta: 0.05 }], "on-grid": [{}, { eta: 0.501 }] });
    const r = pretrain("--experiments", exps, "--out", await tmp(), "--check");
    // Never trained: --check fails for that reason alone.
    expect(r.out).toContain("stale  off-grid has never been trained");
    expect(r.err.split("\n").filter((l) => l.includes("warning"))).toEqual([
      `pretrain: warning: ${exps}/off-grid.json: optimizer.eta 0.05 is between two steps of the live trainer's η slider (the nearest is 0.0501): the live trainer's preset keeps η = 0.05; moving the slider puts η on a step (custom settings)`,
      `pretrain: warning: ${exps}/off-grid.json: seed 12345 is outside the live trainer's seed field (1–9999): the live trainer's preset keeps seed 12345; a seed typed there is kept within 1–9999 (custom settings)`,
    ]);
  });

  it("an experiment the trainer cannot run: a note, unless its config says \"preset\": false", async () => {
    const exps = await experiments({ quadratic: [{ cost: "quadratic", activation: "tanh", init: { weights: "xavier", biases: "zero" } }], "opted-out": [{ cost: "quadratic", preset: false }] });
    const r = pretrain("--experiments", exps, "--out", await tmp(), "--check");
    expect(r.err).toBe(
      `pretrain: note: ${exps}/quadratic.json is not a live-trainer preset: the trainer uses the cross-entropy cost, not quadratic (add "preset": false to the config to leave it out without this note)\n`,
    );
  });

  it("--check lists run folders without a config as warnings, and still passes", async () => {
    const out = await tmp();
    expect(pretrain("--experiments", FIXTURES, "--out", out).code).toBe(0);
    await mkdir(join(out, "old-run"));
    await mkdir(join(out, ".tmp-tiny-net-1"));
    const r = pretrain("--experiments", FIXTURES, "--out", out, "--check");
    expect(r.code).toBe(0);
    expect(r.out).toContain("ok     tiny-net");
    expect(r.err.split("\n").filter((l) => l.includes("has no config"))).toEqual([
      `pretrain: warning: ${out}/old-run has no config tests/fixtures/experiments/old-run.json: delete the folder or restore the config`,
    ]);
  });
});

describe("runs", () => {
  it("are written with every declared file, one line per epoch in CI, then skipped until something changes", async () => {
    const out = await tmp();
    const first = pretrain("--experiments", FIXTURES, "--out", out);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/tiny-net epoch 1\/2 test accuracy \d+\.\d% elapsed/);
    expect(first.out).toMatch(/tiny-net epoch 2\/2 test accuracy/);
    for (const f of ["log.json", "manifest.json", "model-initial/model.json", "model-initial/group1-shard1of1.bin", "model-final/model.json", "model-final/group1-shard1of1.bin"]) {
      expect(existsSync(join(out, "tiny-net", f)), f).toBe(true);
    }
    const log = JSON.parse(await readFile(join(out, "tiny-net/log.json"), "utf8"));
    expect(log.epochs).toHaveLength(2);
    expect(log.initial.gradNorms).toHaveLength(2);
    expect(log.epochs[1].weightChange).toHaveLength(2);
    expect(log.final.testAccuracy).toBeGreaterThan(0.3);
    const manifest = JSON.parse(await readFile(join(out, "tiny-net/manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ id: "tiny-net", backend: "wasm", seed: 3, quantization: "uint8" });
    expect(manifest.files["log.json"]).toBe(sha256(await readFile(join(out, "tiny-net/log.json"))));

    const again = pretrain("--experiments", FIXTURES, "--out", out);
    expect(again.out).toContain("pretrain: tiny-net is up to date (skipped)");
    expect(again.out).toContain("pretrain: nothing to train");
    expect(pretrain("--experiments", FIXTURES, "--out", out, "--check").code).toBe(0);

    // A changed config makes the run stale; --check says so and exits 1.
    const exps = await tmp();
    const cfg = JSON.parse(await readFile(join(FIXTURES, "tiny-net.json"), "utf8"));
    await writeFile(join(exps, "tiny-net.json"), JSON.stringify({ ...cfg, seed: 4 }));
    const check = pretrain("--experiments", exps, "--out", out, "--check");
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/stale {2}tiny-net is stale: .*tiny-net\.json changed since it was trained/);
  });

  it("are bit-identical when the same config is trained twice on the same backend", async () => {
    const a = await tmp();
    const b = await tmp();
    expect(pretrain("--experiments", FIXTURES, "--out", a).code).toBe(0);
    expect(pretrain("--experiments", FIXTURES, "--out", b, "--force").code).toBe(0);
    expect(await hashes(join(a, "tiny-net"))).toEqual(await hashes(join(b, "tiny-net")));
  });

  it("survive a killed pretraining run: the previous files stay intact", async () => {
    const out = await tmp();
    const exps = await tmp();
    await cp(join(ROOT, "tests/fixtures/experiments-slow/slow-net.json"), join(exps, "slow-net.json"));
    // A finished run to protect: train it quickly once (2 epochs), then start a long retrain and kill it.
    const cfg = JSON.parse(await readFile(join(exps, "slow-net.json"), "utf8"));
    await writeFile(join(exps, "slow-net.json"), JSON.stringify({ ...cfg, epochs: 1 }));
    expect(pretrain("--experiments", exps, "--out", out).code).toBe(0);
    const before = await hashes(join(out, "slow-net"));
    await writeFile(join(exps, "slow-net.json"), JSON.stringify(cfg));
    const child = spawn(process.execPath, [join(ROOT, "scripts/pretrain.ts"), "--experiments", exps, "--out", out], { cwd: ROOT, env: { ...process.env, CI: "1" } });
    await new Promise<void>((ok) => {
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("epoch 2/")) {
          child.kill("SIGKILL");
          ok();
        }
      });
    });
    await new Promise((ok) => child.on("close", ok));
    expect(await hashes(join(out, "slow-net"))).toEqual(before);
    // The next run cleans up what the killed one left behind.
    const check = pretrain("--experiments", exps, "--out", out, "--check");
    expect(check.code).toBe(1);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);

    // A kill between the two renames of the swap (tests/scripts/store.test.ts stops writeRun at
    // every stage): the run is aside, a complete new one in the temp folder. The next pretrain
    // restores the previous run first, whole, and drops the temp folder.
    await rename(join(out, "slow-net"), join(out, ".old-slow-net-4242"));
    await cp(join(out, ".old-slow-net-4242"), join(out, ".tmp-slow-net-4242"), { recursive: true });
    await writeFile(join(out, ".tmp-slow-net-4242/log.json"), "{}");
    const recovered = pretrain("--experiments", exps, "--out", out, "--check");
    expect(recovered.out).toContain("pretrain: restored slow-net from an interrupted write");
    expect(recovered.out).toContain("pretrain: removed an abandoned temporary folder .tmp-slow-net-4242");
    expect(readdirSync(out)).toEqual(["slow-net"]);
    expect(await hashes(join(out, "slow-net"))).toEqual(before);
  }, 60_000);
});

describe("verifyRuns (what npm run build runs)", () => {
  it("passes the committed runs", async () => {
    await expect(verifyRuns()).resolves.toHaveLength(readdirSync(join(ROOT, "content/experiments")).filter((f) => f.endsWith(".json")).length);
  });

  it("in the repository: pretrain --check passes, with no warning about a run folder without a config", () => {
    const r = pretrain("--check");
    expect(r.code).toBe(0);
    expect(r.err).not.toContain("has no config");
  });

  it("fails on a corrupt file, with the exact command to run", async () => {
    const out = await tmp();
    await cp(join(ROOT, "public/runs"), out, { recursive: true });
    const bin = join(out, "nielsen-3-hidden/model-final/group1-shard1of1.bin");
    const bytes = await readFile(bin);
    bytes[10] ^= 0xff;
    await writeFile(bin, bytes);
    await expect(verifyRuns({ runsDir: out })).rejects.toThrow(
      "Training runs are not up to date:\n  public/runs/nielsen-3-hidden is corrupt: model-final/group1-shard1of1.bin does not match its sha256 in manifest.json\nThe build never trains by itself. Run:\n  npm run pretrain -- --only nielsen-3-hidden",
    );
  });

  // Any committed experiment trained on the shipped data will do (the first, whatever the content folder holds).
  const shippedRun = async () => {
    for (const e of await loadExperiments()) {
      if (JSON.parse(await readFile(join(ROOT, "public/runs", e.id, "manifest.json"), "utf8")).data.source === "public/data/mnist-10k.bin.gz") return e;
    }
    throw new Error("no committed run trained on the shipped data");
  };

  it("marks a run stale when the shipped data changed since it was trained", async () => {
    const e = await shippedRun();
    const code = await codeVersion();
    await expect(checkRun(e, code, undefined, await shippedDataHash())).resolves.toEqual({ id: e.id, ok: true });
    await expect(checkRun(e, code, undefined, "0000000000000000")).resolves.toEqual({
      id: e.id,
      ok: false,
      reason: "is stale: public/data/mnist-10k.bin.gz changed since it was trained",
    });
  });

  it("ignores edits to an experiment's title, description and preset", async () => {
    const e = await shippedRun();
    const edited = { ...e, experiment: { ...e.experiment, title: "Renamed", description: "Described anew.", preset: !(e.experiment as { preset?: boolean }).preset } };
    await expect(checkRun(edited, await codeVersion())).resolves.toEqual({ id: e.id, ok: true });
  });

  it("fails on a run that was never trained", async () => {
    const out = await tmp();
    const [first] = await loadExperiments();
    await expect(verifyRuns({ runsDir: out })).rejects.toThrow(`public/runs/${first.id} has never been trained (no manifest.json)`);
  });
});

describe("committed runs", () => {
  it("load with tf.loadLayersModel and score what their manifest says", async () => {
    const tf = await import("@tensorflow/tfjs-core");
    await import("@tensorflow/tfjs-backend-cpu");
    const tfl = await import("@tensorflow/tfjs-layers");
    const { loadShippedDigits } = await import("../../scripts/mnist-source.ts");
    const { split, toFloat32 } = await import("../../src/lib/mnist/digits.ts");
    await tf.setBackend("cpu");
    const dir = join(ROOT, "public/runs/full-3-hidden/model-final");
    const model = await tfl.loadLayersModel({
      load: async () => {
        const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
        const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
        return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) };
      },
    });
    const test = split(await loadShippedDigits(), "test");
    const x = tf.tensor2d(toFloat32(test.pixels), [test.count, 784]);
    const predicted = await (tf.argMax(model.predict(x) as never, 1) as never as { data(): Promise<Int32Array> }).data();
    const accuracy = predicted.filter((p, i) => p === test.labels[i]).length / test.count;
    const manifest = JSON.parse(await readFile(join(ROOT, "public/runs/full-3-hidden/manifest.json"), "utf8"));
    expect(accuracy).toBeCloseTo(manifest.shippedFinalTestAccuracy, 3);
    expect(accuracy).toBeGreaterThan(0.85);
  });

  it("record how close the shipped uint8 initial weights are to the trained ones (within 2%; 5% for N(0, 1) weights)", async () => {
    // The MLP runs: a recurrent run's parameters are float32, not quantised.
    for (const run of (await loadExperiments()).filter((e) => !isRecurrent(e.experiment)).map((e) => e.id)) {
      const m = JSON.parse(await readFile(join(ROOT, "public/runs", run, "manifest.json"), "utf8"));
      const log = JSON.parse(await readFile(join(ROOT, "public/runs", run, "log.json"), "utf8"));
      const exp = JSON.parse(await readFile(join(ROOT, "content/experiments", `${run}.json`), "utf8"));
      m.shippedInitialGradNorms.forEach((g: number, l: number) => {
        // With batch normalisation a hidden layer's bias gradient is 0 but for rounding (float32 in the log,
        // float64 in the manifest): only the output layer's is a measurement to compare.
        if (exp.batchNorm && l < m.shippedInitialGradNorms.length - 1) return expect(Math.max(g, log.initial.gradNorms[l]), `${run} layer ${l + 1}`).toBeLessThan(1e-5);
        // N(0, 1) weights span about ±5, so a uint8 step is about 0.04, and saturated sigmoids magnify it:
        // the manifest records a larger change there (3% measured), bounded at 5%.
        const bound = exp.init.weights === "gaussian" ? 0.05 : 0.02;
        expect(Math.abs(g - log.initial.gradNorms[l]) / log.initial.gradNorms[l], `${run} layer ${l + 1}`).toBeLessThan(bound);
      });
    }
  });

  // The budget of the runs the lessons' demos load: the Nielsen-protocol networks, the asker's and the two the pixels demo
  // loads. The eight fix-* runs add about 450 KB that no page downloads (see the README).
  // The runs are those pinned in tests/fixtures/pre-path-logs.json (a teacher's added run is not in the budget).
  it("ship at most 500 KB of weights in all for the Nielsen-protocol, asker and pixels-demo runs", async () => {
    let total = 0;
    const pinned = Object.keys(JSON.parse(await readFile(join(ROOT, "tests/fixtures/pre-path-logs.json"), "utf8")).runs);
    for (const run of pinned.filter((r) => !r.startsWith("fix-") && existsSync(join(ROOT, "public/runs", r)))) {
      for (const which of ["model-initial", "model-final"]) total += (await readFile(join(ROOT, "public/runs", run, which, "group1-shard1of1.bin"))).length;
    }
    expect(total).toBeLessThanOrEqual(500 * 1024);
  });
});
