/**
 * The trainer-digits loader's committed output (public/derived/trainer-digits/digits.bin): the
 * first 1,000 training and first 1,000 test digits of the shipped file, record for record, gzipped
 * small enough to fetch on demand; its manifest matches the loader and its inputs.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import loader, { TEST_COUNT, TRAIN_COUNT } from "../../scripts/derived/loaders/trainer-digits.ts";
import { checkDerived, uncoveredImports } from "../../scripts/derived/store.ts";
import { loadShippedDigits } from "../../scripts/mnist-source.ts";
import { isGzip, readDigits, split } from "../../src/lib/mnist/digits.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const FILE = join(ROOT, "public/derived/trainer-digits/digits.bin");

describe("the trainer-digits loader", () => {
  it("ships 1,000 training then 1,000 test digits, each equal to the shipped file's record (label and pixels)", async () => {
    const bytes = new Uint8Array(readFileSync(FILE));
    expect(isGzip(bytes)).toBe(true);
    const mine = await readDigits(bytes);
    expect([mine.count, mine.trainCount, mine.rows, mine.cols]).toEqual([2000, 1000, 28, 28]);
    expect([TRAIN_COUNT, TEST_COUNT]).toEqual([1000, 1000]);
    const full = await loadShippedDigits();
    const px = 784;
    const pairs: [ReturnType<typeof split>, ReturnType<typeof split>][] = [
      [split(mine, "train"), split(full, "train")],
      [split(mine, "test"), split(full, "test")],
    ];
    for (const [a, b] of pairs) {
      expect(a.count).toBe(1000);
      for (let i = 0; i < a.count; i++) {
        if (a.labels[i] !== b.labels[i]) expect.fail(`record ${i}: label ${a.labels[i]}, shipped ${b.labels[i]}`);
        const pa = a.pixels.subarray(i * px, (i + 1) * px);
        const pb = b.pixels.subarray(i * px, (i + 1) * px);
        for (let k = 0; k < px; k++) if (pa[k] !== pb[k]) expect.fail(`record ${i}: pixel ${k} is ${pa[k]}, shipped ${pb[k]}`);
      }
    }
  });

  it("is under 340,000 bytes gzipped", () => {
    expect(readFileSync(FILE).length).toBeLessThan(340_000);
  });

  it("holds the training digits of every nielsen-*-hidden run (the first 1,000) and half of their test digits", () => {
    const dir = join(ROOT, "content/experiments");
    const configs = readdirSync(dir).filter((f) => /^nielsen-\d+-hidden\.json$/.test(f));
    expect(configs.length).toBeGreaterThan(0);
    for (const f of configs) {
      const c = JSON.parse(readFileSync(join(dir, f), "utf8"));
      expect(c.data.train, f).toBe(TRAIN_COUNT);
      expect(c.data.test, f).toBeGreaterThanOrEqual(TEST_COUNT);
    }
  });

  it("lists every local module it imports, and its committed output is up to date", async () => {
    const file = join(ROOT, "scripts/derived/loaders/trainer-digits.ts");
    expect(await uncoveredImports(ROOT, file, loader.inputs)).toEqual([]);
    expect(await checkDerived({ id: "trainer-digits", file }, { root: ROOT, inputs: loader.inputs })).toEqual({ id: "trainer-digits", ok: true });
  });
});
