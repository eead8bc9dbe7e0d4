/**
 * The live trainer's data (src/islands/trainer/data.ts): its training and test sets are the
 * records the raw files hold, decoded here by hand (gunzip, the VGDIGIT1 header, labels, pixels):
 * the training set is digits.bin's first trainCount records, the test set the rest, and those are
 * the first test digits of the shipped public/data/mnist-10k.bin.gz. The two sets are not the same
 * digits, so the test accuracy the trainer prints is not the training accuracy again.
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { loadTrainerData, TRAINER_DATA_DIR, TRAINER_DATA_FILE } from "../../../../src/islands/trainer/data.ts";
import type { Getter } from "../../../../src/islands/verified-files.ts";

const PUBLIC = join(process.cwd(), "public");
const fromPublic: Getter = async (p) => new Uint8Array(await readFile(join(PUBLIC, p)));

/** A VGDIGIT1 file by hand: header fields, then labels and pixels per record. */
async function decode(path: string) {
  const raw = gunzipSync(await readFile(path));
  expect(new TextDecoder().decode(raw.subarray(0, 8)), path).toBe("VGDIGIT1");
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const [count, trainCount, rows, cols] = [8, 12, 16, 20].map((o) => v.getUint32(o, true));
  const px = rows * cols;
  expect(raw.length, path).toBe(24 + count + count * px);
  return {
    count,
    trainCount,
    px,
    label: (k: number) => raw[24 + k],
    pixels: (k: number) => raw.subarray(24 + count + k * px, 24 + count + (k + 1) * px),
  };
}

/** Record k of a loaded set as bytes again (the loader scales them to [0, 1]). */
const bytesOf = (pixels: Float32Array, k: number, px: number) => Array.from(pixels.subarray(k * px, (k + 1) * px), (v) => Math.round(v * 255));

describe("the live trainer's training and test digits", async () => {
  const data = await loadTrainerData(fromPublic);
  const file = await decode(join(PUBLIC, TRAINER_DATA_DIR, TRAINER_DATA_FILE));
  const shipped = await decode(join(PUBLIC, "data/mnist-10k.bin.gz"));

  it("the test set is digits.bin's records after trainCount, the training set the ones before", () => {
    expect(file.trainCount).toBeGreaterThan(0);
    expect(data.train.count).toBe(file.trainCount);
    expect(data.test.count).toBe(file.count - file.trainCount);
    for (let k = 0; k < data.test.count; k++) {
      const r = file.trainCount + k;
      expect(data.test.labels[k], `test digit ${k}`).toBe(file.label(r));
      if (k % 97 === 0 || k === data.test.count - 1) expect(bytesOf(data.test.pixels, k, file.px), `test digit ${k}`).toEqual(Array.from(file.pixels(r)));
    }
    for (let k = 0; k < data.train.count; k++) {
      expect(data.train.labels[k], `training digit ${k}`).toBe(file.label(k));
      if (k % 97 === 0 || k === data.train.count - 1) expect(bytesOf(data.train.pixels, k, file.px), `training digit ${k}`).toEqual(Array.from(file.pixels(k)));
    }
  });

  it("the test digits are the shipped file's first test digits, and none is a training digit", () => {
    const key = (p: ArrayLike<number>) => Array.from(p).join(",");
    const train = new Set(Array.from({ length: data.train.count }, (_, k) => key(bytesOf(data.train.pixels, k, file.px))));
    let shared = 0;
    for (let k = 0; k < data.test.count; k++) {
      const test = bytesOf(data.test.pixels, k, file.px);
      if (train.has(key(test))) shared++;
      const r = shipped.trainCount + k;
      expect(data.test.labels[k], `test digit ${k}`).toBe(shipped.label(r));
      if (k % 50 === 0) expect(test, `test digit ${k} vs shipped record ${r}`).toEqual(Array.from(shipped.pixels(r)));
    }
    expect(shared, "test digits that are also training digits").toBe(0);
    // And the training digits are the shipped file's first training digits.
    for (const k of [0, 1, data.train.count - 1]) expect(bytesOf(data.train.pixels, k, file.px)).toEqual(Array.from(shipped.pixels(k)));
  });
});
