/**
 * Runs the real `node scripts/prepare-data.ts` (no network: the digits come from
 * the installed `mnist` package) and checks the documented data set.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Digits, imageAt, readDigits, split } from "../../src/lib/mnist/digits.ts";
import { mulberry32, shuffleInPlace } from "../../src/lib/rng.ts";

const SCRIPT = fileURLToPath(new URL("../../scripts/prepare-data.ts", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });

describe("scripts/prepare-data.ts", { timeout: 60_000 }, () => {
  let dir: string;
  let out: string;
  let first: Uint8Array;
  let stdout: string;
  let d: Digits;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vg-prepare-"));
    out = join(dir, "digits.bin.gz");
    const r = run("--out", out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    stdout = r.stdout;
    first = readFileSync(out);
    d = await readDigits(first);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes 10,000 digits of 28x28, the first 8,000 for training", () => {
    expect([d.count, d.trainCount, d.rows, d.cols]).toEqual([10_000, 8_000, 28, 28]);
    expect(first[0]).toBe(0x1f); // gzipped
    expect(readdirSync(dir)).toEqual(["digits.bin.gz"]); // no temporary file left behind
  });

  it("has every class in both splits", () => {
    for (const which of ["train", "test"] as const) {
      const counts = new Array(10).fill(0);
      for (const l of split(d, which).labels) counts[l]++;
      for (const n of counts) expect(n).toBeGreaterThan(which === "train" ? 500 : 100);
    }
  });

  it("reports counts and the note on the split", () => {
    expect(stdout).toContain("grouped by class");
    expect(stdout).toContain("seed 19344");
    expect(stdout).toMatch(/^train +8000 +per class 0:\d+ 1:\d+/m);
    expect(stdout).toMatch(/^test +2000 +per class/m);
    expect(stdout).toContain(`${first.length} bytes gzipped`);
  });

  it("puts a known digit where the documented shuffle says, with the package's pixel values", () => {
    // The first image of the package's 7.json. Source records are numbered class
    // by class, so its source index is the number of digits 0-6.
    const sevens = createRequire(import.meta.url)("mnist/src/digits/7.json").data as number[];
    const source = d.labels.reduce((n, l) => n + (l < 7 ? 1 : 0), 0);
    const order = Uint32Array.from({ length: 10_000 }, (_, i) => i);
    shuffleInPlace(order, mulberry32(19344));
    const k = order.indexOf(source);
    expect(d.labels[k]).toBe(7);
    const img = imageAt(d, k);
    // Row 8, column 14: 0.667 in the package, i.e. round(0.667 * 255) = 170.
    expect(sevens[8 * 28 + 14]).toBe(0.667);
    expect(img[8 * 28 + 14]).toBe(170);
    expect([...img]).toEqual(sevens.slice(0, 784).map((v) => Math.round(v * 255)));
  });

  it("is byte-identical on a second run", () => {
    const r = run(`--out=${out}`);
    expect(r.status).toBe(0);
    expect(readFileSync(out).equals(first)).toBe(true);
    expect([...first.subarray(4, 8)]).toEqual([0, 0, 0, 0]); // gzip mtime
  });

  it("regenerates exactly the committed public/data/mnist-10k.bin.gz (same digits, labels and split)", async () => {
    const committed = await readDigits(new Uint8Array(readFileSync(fileURLToPath(new URL("../../public/data/mnist-10k.bin.gz", import.meta.url)))));
    const fresh = await readDigits(new Uint8Array(first));
    expect(fresh.trainCount).toBe(committed.trainCount);
    expect(Buffer.from(fresh.labels).equals(Buffer.from(committed.labels))).toBe(true);
    expect(Buffer.from(fresh.pixels).equals(Buffer.from(committed.pixels))).toBe(true);
  });

  it("prints usage with --help and exits 0", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: node scripts\/prepare-data.ts/);
  });

  it("exits 2 with usage on stderr for an unknown flag or a missing value", () => {
    const r = run("--frobnicate");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown argument "--frobnicate"');
    expect(r.stderr).toContain("Usage: node scripts/prepare-data.ts");
    const m = run("--out");
    expect(m.status).toBe(2);
    expect(m.stderr).toContain("--out needs a value");
  });

  it("fails with exit 1 and names the missing files for an empty --mnist-dir", () => {
    const r = run("--mnist-dir", dir, "--out", join(dir, "idx.bin.gz"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is missing 4 of 4 IDX files");
  });

  it("converts IDX files with --mnist-dir, keeping their train/test split", async () => {
    const idx = join(dir, "idx");
    mkdirSync(idx);
    // 3 train and 2 test images of 2x2, written big-endian as in the MNIST downloads.
    const images = (n: number) => Uint8Array.from([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 2, 0, 0, 0, 2, ...Array.from({ length: n * 4 }, (_, i) => i)]);
    const labels = (ls: number[]) => Uint8Array.from([0, 0, 8, 1, 0, 0, 0, ls.length, ...ls]);
    writeFileSync(join(idx, "train-images-idx3-ubyte.gz"), gzipSync(images(3)));
    writeFileSync(join(idx, "train-labels-idx1-ubyte.gz"), gzipSync(labels([1, 2, 3])));
    writeFileSync(join(idx, "t10k-images.idx3-ubyte"), images(2));
    writeFileSync(join(idx, "t10k-labels.idx1-ubyte"), labels([8, 9]));
    const target = join(dir, "idx.bin.gz");
    const r = run("--mnist-dir", idx, "--out", target);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const got = await readDigits(readFileSync(target));
    expect([got.count, got.trainCount, got.rows, got.cols]).toEqual([5, 3, 2, 2]);
    expect([...got.labels]).toEqual([1, 2, 3, 8, 9]);
    expect([...imageAt(got, 4)]).toEqual([4, 5, 6, 7]);
  });
});
