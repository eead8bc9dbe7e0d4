/**
 * The atomic write of a run (scripts/runs/store.ts) stopped at each of its stages,
 * as a kill would stop it, and the recovery that the next `npm run pretrain` runs
 * first: the previous run survives intact, or the new one is complete, and never
 * a mixture of the two.
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRun, codeVersion, configHash, loadExperiments, orphanRunWarnings, readRunManifest, recoverInterrupted, ROOT, RUN_FILES, shownPath, writeRun, type RunToWrite, type WriteStage } from "../../scripts/runs/store.ts";
import { initialNetwork } from "../../src/lib/nets/network.ts";
import { runNotes, verifyRunsIntegration } from "../../src/build/verify-runs-integration.ts";
import type { RunLog } from "../../scripts/runs/train-experiment.ts";

const ID = "store-net";
const tmp = () => mkdtemp(join(tmpdir(), "vg-store-"));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A small run; `seed` makes the weights and the log of two runs differ in every file. */
function run(seed: number): RunToWrite {
  const snap = { trainAccuracy: 0.5, testAccuracy: seed / 10, cost: seed, gradNorms: [seed, seed / 2] };
  const log = { id: ID, title: "t", architecture: [4, 3, 2], backend: "cpu", dataset: { source: "x", train: 1, test: 1, gradientImages: 1 }, initial: snap, epochs: [], final: snap } as unknown as RunLog;
  return {
    id: ID,
    log,
    initial: initialNetwork([4, 3, 2], { weights: "gaussian", biases: "gaussian" }, seed),
    final: initialNetwork([4, 3, 2], { weights: "gaussian", biases: "gaussian" }, seed + 100),
    manifest: {
      id: ID,
      configHash: `config-${seed}`,
      codeVersion: "code",
      backend: "cpu",
      backendReason: "test",
      seed,
      startedAt: "2026-01-01T00:00:00.000Z",
      durationSeconds: 1,
      data: { source: "x", sha256: "y" },
      quantization: "uint8",
    },
    shippedAccuracy: () => seed / 10,
    shippedGradNorms: () => [seed],
  };
}

/** sha256 of every file of the run folder, manifest included. */
async function contents(dir: string) {
  const out: Record<string, string> = {};
  for (const name of [...RUN_FILES, "manifest.json"]) out[name] = sha(await readFile(join(dir, name)));
  return out;
}

/** The folder holds a whole run: every file is the one its manifest names. */
async function expectConsistent(dir: string) {
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
  for (const name of RUN_FILES) expect(sha(await readFile(join(dir, name))), `${name} against manifest.json`).toBe(manifest.files[name]);
}

async function written(seed: number) {
  const dir = await tmp();
  await writeRun(run(seed), dir);
  return contents(join(dir, ID));
}

const killAt = (stage: WriteStage) => (s: WriteStage) => {
  if (s === stage) throw new Error(`killed at ${s}`);
};

describe("writeRun", () => {
  it("reaches its stages in order, and with no previous run skips the ones that move it aside", async () => {
    const dir = await tmp();
    const seen: WriteStage[] = [];
    await writeRun(run(1), dir, (s) => void seen.push(s));
    expect(seen).toEqual(["temp-files", "temp-complete"]);
    seen.length = 0;
    await writeRun(run(2), dir, (s) => void seen.push(s));
    expect(seen).toEqual(["temp-files", "temp-complete", "old-aside", "new-in"]);
    expect(await readdir(dir)).toEqual([ID]);
    expect(await contents(join(dir, ID))).toEqual(await written(2));
  });

  // A throw before the swap is an error the write sees, and it removes its own temp folder; a real kill
  // there leaves the temp folder, which recovery removes (tests/scripts/atomic-folder.test.ts).
  const cases: [WriteStage, "old" | "new", (pid: number) => string[]][] = [
    ["temp-files", "old", () => []],
    ["temp-complete", "old", () => []],
    ["old-aside", "old", (pid) => [`removed an abandoned temporary folder .tmp-${ID}-${pid}`, `restored ${ID} from an interrupted write`]],
    ["new-in", "new", () => []],
  ];
  for (const [stage, survivor, notes] of cases) {
    it(`stopped at ${stage}: recovery leaves the ${survivor} run, whole, and nothing else`, async () => {
      const [oldFiles, newFiles] = [await written(1), await written(2)];
      expect(oldFiles["model-final/group1-shard1of1.bin"]).not.toBe(newFiles["model-final/group1-shard1of1.bin"]);
      const dir = await tmp();
      await writeRun(run(1), dir);
      await expect(writeRun(run(2), dir, killAt(stage))).rejects.toThrow(`killed at ${stage}`);

      // What a build would see before any recovery: the old run untouched, or no run at all
      // while it is renamed aside (the build then refuses it), or the new run whole.
      const target = join(dir, ID);
      if (stage === "old-aside") {
        expect(existsSync(target)).toBe(false);
        expect(await contents(join(dir, `.old-${ID}-${process.pid}`))).toEqual(oldFiles);
      } else {
        expect(await contents(target)).toEqual(stage === "new-in" ? newFiles : oldFiles);
      }

      expect((await recoverInterrupted(dir)).sort()).toEqual(notes(process.pid).sort());
      expect(await readdir(dir)).toEqual([ID]);
      expect(await contents(target)).toEqual(survivor === "new" ? newFiles : oldFiles);
      await expectConsistent(target);
      // Recovery is idempotent: a second pass finds nothing to do.
      expect(await recoverInterrupted(dir)).toEqual([]);
    });
  }

  it("stopped before the first run is moved in: recovery leaves no run rather than half of one", async () => {
    for (const stage of ["temp-files", "temp-complete"] as const) {
      const dir = await tmp();
      await expect(writeRun(run(1), dir, killAt(stage))).rejects.toThrow();
      expect(await readdir(dir)).toEqual([]);
      expect(await recoverInterrupted(dir)).toEqual([]);
    }
  });

  it("refuses a run whose shipped weights score far from the log, leaving the previous run and no temp folder", async () => {
    const dir = await tmp();
    await writeRun(run(1), dir);
    const bad = { ...run(2), shippedAccuracy: () => 0.2 + 0.021 };
    await expect(writeRun(bad, dir)).rejects.toThrow(`${ID}: the shipped uint8 weights score 0.221 on the test set, the trained ones 0.2; refusing to write`);
    expect(await readdir(dir)).toEqual([ID]);
    expect(await contents(join(dir, ID))).toEqual(await written(1));
  });

  it("refuses a manifest its schema refuses, leaving the previous run whole", async () => {
    const dir = await tmp();
    await writeRun(run(1), dir);
    const bad = run(2);
    bad.manifest = { ...bad.manifest, seed: 2.5 };
    await expect(writeRun(bad, dir)).rejects.toThrow(`the field "seed" of ${ID}/manifest.json is not a whole number (2.5)`);
    expect(await readdir(dir)).toEqual([ID]);
    expect(await contents(join(dir, ID))).toEqual(await written(1));
  });

  it("recovery of a folder that does not exist finds nothing", async () => {
    expect(await recoverInterrupted(join(tmpdir(), "vg-store-never-created"))).toEqual([]);
  });
});

describe("run folders without a config", () => {
  it("get one warning each, naming the folder, the missing config and the fix; temp folders and files are not runs", async () => {
    const runs = await tmp();
    for (const name of ["kept", "old-run", "another-old", ".tmp-kept-12", ".old-kept-12"]) await mkdir(join(runs, name));
    await writeFile(join(runs, "README.md"), "not a run");
    const exps = join(ROOT, "content/experiments");
    expect(await orphanRunWarnings([{ id: "kept" }], runs, exps)).toEqual([
      `${runs}/another-old has no config content/experiments/another-old.json: delete the folder or restore the config`,
      `${runs}/old-run has no config content/experiments/old-run.json: delete the folder or restore the config`,
    ]);
    expect(await orphanRunWarnings([{ id: "kept" }, { id: "old-run" }, { id: "another-old" }], runs, exps)).toEqual([]);
    expect(await orphanRunWarnings([], join(tmpdir(), "vg-store-never-created"))).toEqual([]);
  });

  it("in the repository, as the build and pretrain name them", async () => {
    expect(shownPath(join(ROOT, "public/runs/old-run"))).toBe("public/runs/old-run");
    expect(shownPath("/elsewhere/runs/old-run")).toBe("/elsewhere/runs/old-run");
    // Every committed run folder has its config.
    expect(await orphanRunWarnings(await loadExperiments())).toEqual([]);
  });
});

describe("the config hash", () => {
  it('leaves out title, description and "preset", so opting out of the trainer retrains nothing', async () => {
    for (const { id, experiment: e } of await loadExperiments()) {
      const manifest = JSON.parse(await readFile(join(ROOT, "public/runs", id, "manifest.json"), "utf8"));
      expect(configHash(e), id).toBe(manifest.configHash);
      expect(configHash({ ...e, preset: !(e as { preset?: boolean }).preset, title: "Another", description: "Another." }), id).toBe(manifest.configHash);
      expect(configHash({ ...e, seed: e.seed + 1 }), id).not.toBe(manifest.configHash);
    }
  });
});

describe("the build's run check (src/build/verify-runs-integration.ts)", () => {
  /** Runs the integration's hook as `astro build` does, with VG_RUNS_DIR at `runsDir`; what it logged. */
  async function build(runsDir: string) {
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`) };
    const before = process.env.VG_RUNS_DIR;
    process.env.VG_RUNS_DIR = runsDir;
    try {
      await verifyRunsIntegration().hooks["astro:config:setup"]({ command: "build", logger });
    } finally {
      if (before === undefined) delete process.env.VG_RUNS_DIR;
      else process.env.VG_RUNS_DIR = before;
    }
    return logged;
  }

  it("warns once about a run folder without a config, and passes", async () => {
    const runs = await tmp();
    await cp(join(ROOT, "public/runs"), runs, { recursive: true });
    const n = (await loadExperiments()).length;
    const first = await build(runs);
    expect(first[0]).toBe(`info ${n} training runs match their configs and the training code`);
    expect(first.filter((l) => l.startsWith("warn"))).toEqual([]);
    await cp(join(runs, (await readdir(runs))[0]), join(runs, "old-run"), { recursive: true });
    const second = await build(runs);
    expect(second[0]).toBe(`info ${n} training runs match their configs and the training code`);
    expect(second.filter((l) => l.startsWith("warn"))).toEqual([`warn ${runs}/old-run has no config content/experiments/old-run.json: delete the folder or restore the config`]);
  });

  it("notes each experiment the live trainer cannot run, once, unless its config opts out", async () => {
    const exps = await tmp();
    const tiny = JSON.parse(await readFile(join(ROOT, "tests/fixtures/experiments/tiny-net.json"), "utf8"));
    await writeFile(join(exps, "quadratic.json"), JSON.stringify({ ...tiny, cost: "quadratic" }));
    await writeFile(join(exps, "deep.json"), JSON.stringify({ ...tiny, architecture: [784, 9, 9, 9, 9, 9, 9, 9, 10] }));
    await writeFile(join(exps, "opted-out.json"), JSON.stringify({ ...tiny, cost: "quadratic", preset: false }));
    await writeFile(join(exps, "tiny-net.json"), JSON.stringify(tiny));
    expect(await runNotes(await tmp(), exps)).toEqual({
      warnings: [],
      notes: [
        `${exps}/deep.json is not a live-trainer preset: the trainer offers 1–6 hidden layers, not 7 (add "preset": false to the config to leave it out without this note)`,
        `${exps}/quadratic.json is not a live-trainer preset: the trainer uses the cross-entropy cost, not quadratic (add "preset": false to the config to leave it out without this note)`,
      ],
    });
  });
});

describe("a committed run's manifest.json, read through its schema", () => {
  /** A copy of committed runs in a temporary runs folder, with `edit` applied to one manifest. */
  async function copied(id: string, edit: (m: Record<string, unknown>) => unknown) {
    const dir = await tmp();
    await cp(join(ROOT, "public/runs", id), join(dir, id), { recursive: true });
    const file = join(dir, id, "manifest.json");
    const edited = edit(JSON.parse(await readFile(file, "utf8")));
    await writeFile(file, typeof edited === "string" ? edited : JSON.stringify(edited));
    return { dir, file };
  }
  const experiment = async (id: string) => (await loadExperiments()).find((e) => e.id === id)!;

  it("a manifest without its files is a corrupt run, not a crash", async () => {
    const { dir, file } = await copied("nielsen-2-hidden", ({ files: _, ...m }) => m);
    expect(await checkRun(await experiment("nielsen-2-hidden"), await codeVersion(), dir)).toEqual({ id: "nielsen-2-hidden", ok: false, reason: `is corrupt: the field "files" of ${file} is missing` });
  });

  it("a recurrent run's manifest is read through the recurrent schema", async () => {
    const id = "through-time-lstm-t5-s1";
    const { dir, file } = await copied(id, (m) => ({ ...m, quantization: "uint8" }));
    expect(await checkRun(await experiment(id), await codeVersion(), dir)).toEqual({ id, ok: false, reason: `is corrupt: the field "quantization" of ${file} is not valid ("uint8"): Invalid input: expected "float32"` });
  });

  it("names the file when it is not JSON, and says how to train a run that never was", async () => {
    const { dir, file } = await copied("nielsen-2-hidden", () => "{");
    await expect(readRunManifest("nielsen-2-hidden", dir)).rejects.toThrow(`${file}: not valid JSON (`);
    await expect(readRunManifest("no-such-run")).rejects.toThrow('public/runs/no-such-run/manifest.json is missing: the run "no-such-run" has never been trained. Train it with: npm run pretrain -- --only no-such-run');
  });

  it("every committed manifest reads, one per run folder", async () => {
    const ids = (await readdir(join(ROOT, "public/runs"), { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name);
    const manifests = await Promise.all(ids.map((id) => readRunManifest(id)));
    expect(manifests.map((m) => m.id)).toEqual(ids);
    expect(manifests.filter((m) => "kind" in m).length).toBe(ids.filter((id) => id.startsWith("through-time-")).length);
  });
});
