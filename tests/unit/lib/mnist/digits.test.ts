import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  type Digits,
  decodeDigits,
  encodeDigits,
  gunzipIfNeeded,
  imageAt,
  readDigits,
  split,
  toFloat32,
} from "../../../../src/lib/mnist/digits.ts";

/** 5 images of 2x3: 3 train, 2 test; image i has pixels 10*i + j. */
function sample(): Digits {
  const rows = 2;
  const cols = 3;
  const count = 5;
  const pixels = new Uint8Array(count * rows * cols);
  for (let i = 0; i < count; i++) for (let j = 0; j < rows * cols; j++) pixels[i * rows * cols + j] = 10 * i + j;
  return { rows, cols, count, trainCount: 3, labels: Uint8Array.from([7, 0, 9, 3, 3]), pixels };
}

/** Encoded sample with one header field (a u32 at `offset`) replaced. */
function withU32(offset: number, value: number): Uint8Array {
  const bytes = encodeDigits(sample());
  new DataView(bytes.buffer).setUint32(offset, value, true);
  return bytes;
}

describe("encodeDigits / decodeDigits", () => {
  it("writes the documented little-endian layout", () => {
    const bytes = encodeDigits(sample());
    expect(bytes.length).toBe(24 + 5 + 5 * 6);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe("VGDIGIT1");
    expect([...bytes.subarray(8, 24)]).toEqual([5, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    expect([...bytes.subarray(24, 29)]).toEqual([7, 0, 9, 3, 3]);
    expect([...bytes.subarray(29, 35)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("round-trips", () => {
    const d = decodeDigits(encodeDigits(sample()));
    expect(d).toEqual(sample());
    expect(d.labels).toBeInstanceOf(Uint8Array);
  });

  it("decodes from a view with a non-zero byteOffset", () => {
    const enc = encodeDigits(sample());
    const padded = new Uint8Array(enc.length + 3);
    padded.set(enc, 3);
    expect(decodeDigits(padded.subarray(3))).toEqual(sample());
  });

  it("round-trips an empty set", () => {
    const empty: Digits = { rows: 28, cols: 28, count: 0, trainCount: 0, labels: new Uint8Array(), pixels: new Uint8Array() };
    expect(decodeDigits(encodeDigits(empty))).toEqual(empty);
  });
});

describe("decodeDigits errors", () => {
  it("rejects a file shorter than the header", () => {
    expect(() => decodeDigits(new Uint8Array(10))).toThrow(
      new Error("digits: file too short for the header: expected at least 24 bytes, got 10"),
    );
  });

  it("rejects a bad magic, and hints at gzip", () => {
    const bytes = encodeDigits(sample());
    bytes.set(new TextEncoder().encode("VGDIGIT2"), 0);
    expect(() => decodeDigits(bytes)).toThrow(
      new Error('digits: bad magic "VGDIGIT2", expected "VGDIGIT1" (not a digits file, or still gzipped?)'),
    );
  });

  it("rejects a truncated file with expected and actual sizes", () => {
    const bytes = encodeDigits(sample());
    expect(() => decodeDigits(bytes.subarray(0, bytes.length - 1))).toThrow(
      new Error("digits: truncated file: expected 59 bytes (24 header + 5 labels + 5*2*3 pixels), got 58"),
    );
  });

  it("rejects trailing bytes", () => {
    const enc = encodeDigits(sample());
    const bytes = new Uint8Array(enc.length + 2);
    bytes.set(enc);
    expect(() => decodeDigits(bytes)).toThrow(
      new Error("digits: 2 unexpected bytes after the data: expected 59 bytes (24 header + 5 labels + 5*2*3 pixels), got 61"),
    );
  });

  it("rejects a label above 9", () => {
    const bytes = encodeDigits(sample());
    bytes[24 + 3] = 12;
    expect(() => decodeDigits(bytes)).toThrow(new Error("digits: label 12 at index 3 is not a digit 0-9"));
  });

  it("rejects trainCount > count", () => {
    expect(() => decodeDigits(withU32(12, 6))).toThrow(new Error("digits: trainCount 6 is greater than count 5"));
  });

  it("rejects zero rows or cols", () => {
    expect(() => decodeDigits(withU32(16, 0))).toThrow(new Error("digits: rows is 0; images must have at least one row"));
    expect(() => decodeDigits(withU32(20, 0))).toThrow(new Error("digits: cols is 0; images must have at least one column"));
  });
});

describe("encodeDigits errors", () => {
  it("checks array lengths against the header fields", () => {
    expect(() => encodeDigits({ ...sample(), labels: new Uint8Array(4) })).toThrow(
      new Error("digits: labels has 4 entries but count is 5"),
    );
    expect(() => encodeDigits({ ...sample(), pixels: new Uint8Array(29) })).toThrow(
      new Error("digits: pixels has 29 bytes but count*rows*cols is 5*2*3 = 30"),
    );
  });

  it("checks labels, split and dimensions like the decoder", () => {
    expect(() => encodeDigits({ ...sample(), labels: Uint8Array.from([1, 2, 10, 0, 0]) })).toThrow(
      new Error("digits: label 10 at index 2 is not a digit 0-9"),
    );
    expect(() => encodeDigits({ ...sample(), trainCount: 9 })).toThrow(new Error("digits: trainCount 9 is greater than count 5"));
    expect(() => encodeDigits({ ...sample(), trainCount: -1 })).toThrow(
      new Error("digits: trainCount must be an integer in 0..4294967295, got -1"),
    );
    expect(() => encodeDigits({ ...sample(), rows: 0, cols: 3, count: 0, trainCount: 0, labels: new Uint8Array(), pixels: new Uint8Array() })).toThrow(
      new Error("digits: rows is 0; images must have at least one row"),
    );
  });
});

describe("gzip", () => {
  it("passes uncompressed bytes through unchanged (same object)", async () => {
    const bytes = encodeDigits(sample());
    expect(await gunzipIfNeeded(bytes)).toBe(bytes);
  });

  it("gunzips with DecompressionStream and reads the digits back", async () => {
    const enc = encodeDigits(sample());
    const gz = new Uint8Array(gzipSync(enc, { level: 9 }));
    expect(gz[0]).toBe(0x1f);
    expect(await gunzipIfNeeded(gz)).toEqual(enc);
    expect(await readDigits(gz)).toEqual(sample());
    expect(await readDigits(enc)).toEqual(sample());
  });

  it("handles output larger than one stream chunk", async () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    expect(await gunzipIfNeeded(new Uint8Array(gzipSync(big)))).toEqual(big);
  });

  it("reports corrupt gzip data as an Error", async () => {
    const gz = new Uint8Array(gzipSync(encodeDigits(sample())));
    gz.fill(0xff, 10, 30);
    await expect(gunzipIfNeeded(gz)).rejects.toThrow(/^gzip: could not decompress \d+ bytes: /);
  });
});

describe("split, imageAt, toFloat32", () => {
  it("splits into train then test as views, without copying", () => {
    const d = sample();
    const train = split(d, "train");
    const test = split(d, "test");
    expect(train.count).toBe(3);
    expect(test.count).toBe(2);
    expect([...train.labels]).toEqual([7, 0, 9]);
    expect([...test.labels]).toEqual([3, 3]);
    expect(train.pixels.length).toBe(18);
    expect([...test.pixels.subarray(0, 6)]).toEqual([30, 31, 32, 33, 34, 35]);
    expect(train.pixels.buffer).toBe(d.pixels.buffer);
    expect(test.labels.buffer).toBe(d.labels.buffer);
    d.pixels[18] = 99; // first test pixel: the view sees the change
    expect(test.pixels[0]).toBe(99);
  });

  it("rejects an unknown split name", () => {
    expect(() => split(sample(), "valid" as "train")).toThrow(new Error('digits: unknown split "valid", expected "train" or "test"'));
  });

  it("returns image i as a view of rows*cols pixels", () => {
    const d = sample();
    const img = imageAt(d, 4);
    expect([...img]).toEqual([40, 41, 42, 43, 44, 45]);
    expect(img.buffer).toBe(d.pixels.buffer);
    expect(() => imageAt(d, 5)).toThrow(new Error("digits: image index 5 is out of range 0..4"));
    expect(() => imageAt(d, -1)).toThrow(new Error("digits: image index -1 is out of range 0..4"));
    expect(() => imageAt(d, 1.5)).toThrow(new Error("digits: image index 1.5 is out of range 0..4"));
  });

  it("scales pixels to [0, 1]", () => {
    const f = toFloat32(Uint8Array.from([0, 51, 255]));
    expect(f).toBeInstanceOf(Float32Array);
    expect([...f]).toEqual([0, Math.fround(0.2), 1]);
  });
});
