/**
 * `npm run pretrain -- --jobs N` end to end, on fixture experiments in temporary folders: N child
 * processes write the same files as one process; a bad --jobs is a usage error; a run that fails in
 * one process stops the others, naming the run's file, and leaves every other folder whole; a killed
 * pretrain takes its child processes with it.
 */
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { checkRun, codeVersion, loadExperiments, sha256 } from "../../scripts/runs/store.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const FIXTURES = join(ROOT, "tests/fixtures");

/** pretrain, stopped after 90 s (a pretrain that waits on a process it should have stopped would hang the test). */
function pretrain(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/pretrain.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" }, timeout: 90_000, killSignal: "SIGKILL" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = () => mkdtemp(join(tmpdir(), "vg-jobs-"));
/** stderr without the warnings about the live trainer's sliders (tiny-net's η 0.5 is between two steps). */
const errors = (err: string) => err.replace(/^pretrain: warning: .*\n/gm, "");
const json = async (path: string) => JSON.parse(await readFile(path, "utf8"));

/** Every file under `dir` and its sha256, with the manifests' timings (startedAt, durationSeconds) blanked. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  for (const f of files.map((d) => relative(dir, join(d.parentPath, d.name))).sort()) {
    let bytes = readFileSync(join(dir, f));
    if (f.endsWith("manifest.json")) {
      const m = JSON.parse(bytes.toString("utf8"));
      expect(typeof m.startedAt, `${f} startedAt`).toBe("string");
      expect(typeof m.durationSeconds, `${f} durationSeconds`).toBe("number");
      bytes = Buffer.from(JSON.stringify({ ...m, startedAt: "", durationSeconds: 0 }));
    }
    out[f] = sha256(bytes);
  }
  return out;
}

/** Four small experiments of both kinds: three MLPs (one with batch normalisation) and an LSTM. */
async function fourExperiments() {
  const exps = await tmp();
  const net = await json(join(FIXTURES, "experiments/tiny-net.json"));
  await writeFile(join(exps, "tiny-net.json"), JSON.stringify(net));
  await writeFile(join(exps, "tiny-deep.json"), JSON.stringify({ ...net, architecture: [784, 16, 12, 10], seed: 7 }));
  await writeFile(join(exps, "tiny-bn.json"), JSON.stringify({ ...net, architecture: [784, 16, 10], batchNorm: true, seed: 11 }));
  await cp(join(FIXTURES, "experiments-recurrent/tiny-lstm.json"), join(exps, "tiny-lstm.json"));
  return exps;
}

describe("pretrain --jobs", () => {
  it.each([["0"], ["-1"], ["x"], ["1.5"], [""]])("--jobs=%j prints the usage and exits 2", (value) => {
    const r = pretrain(`--jobs=${value}`, "--experiments", join(FIXTURES, "experiments"), "--out", join(tmpdir(), "vg-never"));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`pretrain: --jobs must be a whole number of processes, 1 or more (got "${value}")`);
    expect(r.err).toContain("Usage: npm run pretrain -- [options]");
    expect(r.err).toContain("--jobs N");
  });

  it("--jobs -1 (a value that looks like a flag) prints the usage and exits 2", () => {
    const r = pretrain("--jobs", "-1", "--experiments", join(FIXTURES, "experiments"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("Usage: npm run pretrain -- [options]");
  });

  it("--jobs 2 writes byte for byte the files of --jobs 1 (the manifests' timings aside), one line per finished run", async () => {
    const exps = await fourExperiments();
    const one = await tmp();
    const two = await tmp();
    const a = pretrain("--experiments", exps, "--out", one, "--jobs", "1");
    expect(a.code, a.err).toBe(0);
    const b = pretrain("--experiments", exps, "--out", two, "--jobs", "2");
    expect(b.code, b.err).toBe(0);
    expect(b.out).toContain("pretrain: 4 experiment(s) trained in");
    expect(b.out).toMatch(/trained in \d+\.\d s by 2 processes\n/);
    const ids = ["tiny-bn", "tiny-deep", "tiny-lstm", "tiny-net"];
    expect(readdirSync(two).sort()).toEqual(ids);
    // Each run once, named by its own id, as a whole line; its epochs are whole lines prefixed by its id.
    for (const id of ids) {
      expect(b.out.split("\n").filter((l) => l.startsWith("pretrain: wrote ") && l.includes(`/${id} in `)), id).toHaveLength(1);
    }
    for (const l of b.out.split("\n").filter((l) => l.includes(" epoch "))) expect(l).toMatch(/^tiny-(bn|deep|lstm|net) epoch \d+\/\d+ test accuracy \d+\.\d% elapsed \d+\.\d s ETA \d+ s$/);
    const t1 = tree(one);
    expect(Object.keys(t1)).toHaveLength(4 * 6 + 1); // log, manifest, two model folders of two files each; tiny-bn's batchnorm.json
    expect(tree(two)).toEqual(t1);
    // Each manifest names its own run, and the build's check accepts every run.
    const code = await codeVersion();
    for (const e of await loadExperiments(exps)) {
      expect((await json(join(two, e.id, "manifest.json"))).id).toBe(e.id);
      expect(await checkRun(e, code, two)).toEqual({ id: e.id, ok: true });
    }
  });

  it("a run that fails in one process stops the others, names the run's file and leaves no partial folder", async () => {
    const out = await tmp();
    const exps = await tmp();
    // a-slow: a finished run to protect, then retrained for 400 epochs (long enough to be in progress when c fails).
    const slow = await json(join(FIXTURES, "experiments-slow/slow-net.json"));
    await writeFile(join(exps, "a-slow.json"), JSON.stringify({ ...slow, epochs: 1 }));
    expect(pretrain("--experiments", exps, "--out", out).code).toBe(0);
    const before = tree(join(out, "a-slow"));
    await writeFile(join(exps, "a-slow.json"), JSON.stringify(slow));
    // b-quick trains in a moment in the other process, which then takes c-too-many: more training
    // images than the shipped data holds, which only training finds out.
    const net = await json(join(FIXTURES, "experiments/tiny-net.json"));
    await writeFile(join(exps, "b-quick.json"), JSON.stringify(net));
    await writeFile(join(exps, "c-too-many.json"), JSON.stringify({ ...net, data: { train: 9000, test: 200 } }));
    const t0 = performance.now();
    const r = pretrain("--experiments", exps, "--out", out, "--jobs", "2");
    expect(r.code, r.out + r.err).toBe(1);
    expect(errors(r.err)).toBe(
      `pretrain: training ${exps}/c-too-many.json failed: c-too-many: data.train is 9000 but the data has only 8000 training images\n` +
        "pretrain: stopped 1 other run(s) in progress, whose folders are as they were; the runs written before it are kept\n",
    );
    // a-slow was stopped, not finished: its 400 epochs take far longer than this.
    expect(r.out).not.toContain("a-slow epoch 400/400");
    expect(performance.now() - t0).toBeLessThan(60_000);
    expect(tree(join(out, "a-slow"))).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(["a-slow", "b-quick"]);
    const code = await codeVersion();
    const [, quick] = await loadExperiments(exps);
    expect(await checkRun(quick, code, out)).toEqual({ id: "b-quick", ok: true });
  });

  it("with --jobs 1 a failing run names its file the same way", async () => {
    const exps = await tmp();
    const net = await json(join(FIXTURES, "experiments/tiny-net.json"));
    await writeFile(join(exps, "too-many.json"), JSON.stringify({ ...net, data: { train: 9000, test: 200 } }));
    const out = await tmp();
    const r = pretrain("--experiments", exps, "--out", out, "--jobs", "1");
    expect(r.code).toBe(1);
    expect(errors(r.err)).toBe(
      `pretrain: training ${exps}/too-many.json failed: too-many: data.train is 9000 but the data has only 8000 training images\n` +
        "pretrain: stopped; the runs written before it are kept\n",
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("a killed pretrain takes its processes with it: the previous runs stay intact", async () => {
    const out = await tmp();
    const exps = await tmp();
    const slow = await json(join(FIXTURES, "experiments-slow/slow-net.json"));
    for (const id of ["slow-a", "slow-b"]) await writeFile(join(exps, `${id}.json`), JSON.stringify({ ...slow, epochs: 1 }));
    expect(pretrain("--experiments", exps, "--out", out).code).toBe(0);
    const before = tree(out);
    for (const id of ["slow-a", "slow-b"]) await writeFile(join(exps, `${id}.json`), JSON.stringify(slow));
    const parent = spawn(process.execPath, [join(ROOT, "scripts/pretrain.ts"), "--experiments", exps, "--out", out, "--jobs", "2"], { cwd: ROOT, env: { ...process.env, CI: "1" } });
    let seen = "";
    await new Promise<void>((ok) => {
      parent.stdout.on("data", (d: Buffer) => {
        seen += d.toString();
        // Both processes are training.
        if (seen.includes("slow-a epoch 2/") && seen.includes("slow-b epoch 2/")) ok();
      });
    });
    const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(parent.pid)], { encoding: "utf8" }).stdout.split("\n").map(Number).filter(Boolean);
    expect(children).toHaveLength(2);
    parent.kill("SIGKILL");
    // "exit", not "close": the children share the parent's stdout, which closes when they are gone.
    await new Promise((ok) => parent.on("exit", ok));
    // A process is gone when it no longer exists or is a zombie waiting to be reaped.
    const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((ok) => setTimeout(ok, 100));
    const survivors = children.filter(alive);
    for (const pid of survivors) process.kill(pid, "SIGKILL");
    expect(survivors).toEqual([]);
    expect(tree(out)).toEqual(before);
  }, 60_000);
});
