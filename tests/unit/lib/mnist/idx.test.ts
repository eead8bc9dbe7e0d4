import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type IdxFiles, idxToDigits, parseIdxImages, parseIdxLabels, readIdxDigits } from "../../../../src/lib/mnist/idx.ts";
import { imageAt, split } from "../../../../src/lib/mnist/digits.ts";
import { findIdxFiles, loadIdxDir } from "../../../../scripts/mnist-source.ts";

/** Big-endian IDX images file: image i has pixel j = base + 16*i + j. */
function idxImages(count: number, rows: number, cols: number, base = 0): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x803);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  for (let i = 0; i < count * rows * cols; i++) bytes[16 + i] = (base + i) & 0xff;
  return bytes;
}

function idxLabels(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x801);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

const TRAIN_LABELS = [5, 0, 4, 1, 9];
const TEST_LABELS = [7, 2, 1];

/** A miniature MNIST: 5 train and 3 test images of 4x4. */
function files(): IdxFiles {
  return {
    trainImages: idxImages(5, 4, 4),
    trainLabels: idxLabels(TRAIN_LABELS),
    testImages: idxImages(3, 4, 4, 200),
    testLabels: idxLabels(TEST_LABELS),
  };
}

describe("parseIdxImages / parseIdxLabels", () => {
  it("reads big-endian headers and the data", () => {
    const img = parseIdxImages(idxImages(5, 4, 4));
    expect([img.count, img.rows, img.cols]).toEqual([5, 4, 4]);
    expect(img.pixels.length).toBe(80);
    expect(img.pixels[17]).toBe(17);
    expect([...parseIdxLabels(idxLabels(TRAIN_LABELS))]).toEqual(TRAIN_LABELS);
  });

  it("rejects bad magic, naming the file", () => {
    expect(() => parseIdxImages(idxLabels(TRAIN_LABELS), "train-images-idx3-ubyte")).toThrow(
      new Error("train-images-idx3-ubyte: bad magic 0x00000801, expected 0x00000803 (an IDX images file; still gzipped?)"),
    );
    expect(() => parseIdxLabels(idxImages(1, 4, 4), "trainLabels")).toThrow(
      new Error("trainLabels: bad magic 0x00000803, expected 0x00000801 (an IDX labels file; still gzipped?)"),
    );
  });

  it("rejects short headers, truncated files and trailing bytes", () => {
    expect(() => parseIdxImages(idxImages(1, 4, 4).subarray(0, 12))).toThrow(
      new Error("images: too short for an IDX images header: expected at least 16 bytes, got 12"),
    );
    expect(() => parseIdxLabels(new Uint8Array(3))).toThrow(
      new Error("labels: too short for an IDX labels header: expected at least 8 bytes, got 3"),
    );
    expect(() => parseIdxImages(idxImages(5, 4, 4).subarray(0, 90))).toThrow(
      new Error("images: truncated file: expected 96 bytes (16 header + 5*4*4 pixels), got 90"),
    );
    const long = new Uint8Array(14);
    long.set(idxLabels(TRAIN_LABELS));
    expect(() => parseIdxLabels(long)).toThrow(
      new Error("labels: unexpected bytes after the data: expected 13 bytes (8 header + 5 labels), got 14"),
    );
  });

  it("rejects labels above 9 and empty images", () => {
    expect(() => parseIdxLabels(idxLabels([1, 10]), "testLabels")).toThrow(
      new Error("testLabels: label 10 at index 1 is not a digit 0-9"),
    );
    expect(() => parseIdxImages(idxImages(0, 0, 4))).toThrow(new Error("images: images are 0x4; rows and cols must be positive"));
  });
});

describe("idxToDigits", () => {
  it("puts train first, then test, with trainCount = train count", () => {
    const d = idxToDigits(files());
    expect([d.count, d.trainCount, d.rows, d.cols]).toEqual([8, 5, 4, 4]);
    expect([...d.labels]).toEqual([...TRAIN_LABELS, ...TEST_LABELS]);
    expect([...split(d, "test").labels]).toEqual(TEST_LABELS);
    expect(imageAt(d, 1)[0]).toBe(16); // train image 1, pixel 0
    expect(imageAt(d, 5)[0]).toBe(200); // test image 0, pixel 0
    expect(imageAt(d, 7)[15]).toBe((200 + 2 * 16 + 15) & 0xff);
  });

  it("checks that image and label counts match", () => {
    expect(() => idxToDigits({ ...files(), trainLabels: idxLabels([1, 2, 3, 4]) })).toThrow(
      new Error("trainImages has 5 images but trainLabels has 4 labels"),
    );
    expect(() => idxToDigits({ ...files(), testLabels: idxLabels([1, 2, 3, 4]) }, { testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte" })).toThrow(
      new Error("t10k-images-idx3-ubyte has 3 images but t10k-labels-idx1-ubyte has 4 labels"),
    );
  });

  it("checks that train and test images have the same size", () => {
    expect(() => idxToDigits({ ...files(), testImages: idxImages(3, 4, 5) })).toThrow(
      new Error("testImages images are 4x5 but trainImages images are 4x4"),
    );
  });

  it("names a missing file", () => {
    const { testLabels: _, ...three } = files();
    expect(() => idxToDigits(three as IdxFiles)).toThrow(new Error("idx: missing testLabels"));
  });
});

describe("readIdxDigits and loadIdxDir (gzipped files)", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "vg-idx-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("reads gzipped and plain files alike", async () => {
    const f = files();
    const gz = { ...f, trainImages: new Uint8Array(gzipSync(f.trainImages)), testLabels: new Uint8Array(gzipSync(f.testLabels)) };
    expect(await readIdxDigits(gz)).toEqual(idxToDigits(files()));
  });

  it("loads the four .gz files from a directory, mixing original and dotted names", async () => {
    const dir = tempDir();
    const f = files();
    writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(f.trainImages));
    writeFileSync(join(dir, "train-labels-idx1-ubyte.gz"), gzipSync(f.trainLabels));
    writeFileSync(join(dir, "t10k-images.idx3-ubyte.gz"), gzipSync(f.testImages));
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), f.testLabels);
    const d = await loadIdxDir(dir);
    expect([d.count, d.trainCount]).toEqual([8, 5]);
    expect([...d.labels]).toEqual([...TRAIN_LABELS, ...TEST_LABELS]);
    expect(imageAt(d, 6)[3]).toBe(200 + 16 + 3);
  });

  it("lists every missing file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(files().trainImages));
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), files().testLabels);
    await expect(findIdxFiles(dir)).rejects.toThrow(
      new Error(
        `MNIST directory ${dir} is missing 2 of 4 IDX files: trainLabels (train-labels-idx1-ubyte[.gz]), testImages (t10k-images-idx3-ubyte[.gz])`,
      ),
    );
  });

  it("names the real file when one is wrong", async () => {
    const dir = tempDir();
    const f = files();
    writeFileSync(join(dir, "train-images-idx3-ubyte"), f.trainLabels); // labels where images belong
    writeFileSync(join(dir, "train-labels-idx1-ubyte"), f.trainLabels);
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), f.testImages);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), f.testLabels);
    const path = join(dir, "train-images-idx3-ubyte");
    await expect(loadIdxDir(dir)).rejects.toThrow(
      new Error(`${path}: bad magic 0x00000801, expected 0x00000803 (an IDX images file; still gzipped?)`),
    );
  });

  it("reports a directory that does not exist", async () => {
    const dir = join(tmpdir(), "vg-idx-does-not-exist");
    await expect(loadIdxDir(dir)).rejects.toThrow(`cannot read MNIST directory ${dir}: ENOENT`);
  });
});
