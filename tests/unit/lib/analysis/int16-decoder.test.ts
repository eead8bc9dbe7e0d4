/**
 * The int16 decoder format (src/lib/analysis/int16-decoder.ts) on a hand-made 3 → 4 decoder: the bytes
 * where the layout says, every decoded weight within half its column's scale, the intercept's
 * correction exact at the mean input, and the output error inside the bound the file states.
 */
import { describe, expect, it } from "vitest";
import { decodeInt16Decoder, encodeInt16Decoder, int16DecoderBytes, INT16_MAX } from "../../../../src/lib/analysis/int16-decoder.ts";
import type { RidgeModel } from "../../../../src/lib/analysis/ridge.ts";

const k = 3;
const d = 4;
// Rows: the 3 inputs' weights, then the intercept. Column 0 small, column 1 large weights that
// cancel (as the random layer's decoder has), column 2 all zero, column 3 one weight and a negative largest.
const W = [
  [0.5, 10.6, 0, 0],
  [-0.25, -10.2, 0, 0.001],
  [0.125, 3.3, 0, -2],
  [0.1, -1.7, 0.4, 0.3],
];
const model: RidgeModel = { inputs: k, outputs: d, lambda: 1, weights: Float64Array.from(W.flat()) };
const mean = [0.5, 0.4, 0.9];
const at = { name: "random", inputs: k, outputs: d, lambda: 1, offset: 0 };

/** [x 1]·W by hand, in float64. */
const exact = (x: number[]) => Array.from({ length: d }, (_, c) => W[k][c] + x.reduce((s, v, r) => s + v * W[r][c], 0));
const decodedOut = (m: RidgeModel, x: number[]) => Array.from({ length: d }, (_, c) => m.weights[k * d + c] + x.reduce((s, v, r) => s + v * m.weights[r * d + c], 0));
const largest = (c: number) => Math.max(...W.slice(0, k).map((row) => Math.abs(row[c])));

describe("int16 decoder", () => {
  const bytes = encodeInt16Decoder(model, mean);
  const view = new DataView(bytes.buffer);
  const m = decodeInt16Decoder(bytes, at);

  it("lays out float32 scales, float32 intercepts, then the int16 rows", () => {
    expect(bytes.length).toBe(int16DecoderBytes(k, d));
    expect(bytes.length).toBe(8 * 4 + 2 * 3 * 4);
    for (let c = 0; c < d; c++) expect(view.getFloat32(4 * c, true)).toBe(Math.fround(largest(c) / INT16_MAX));
    // The largest weight of a column is ±32767; column 3's is negative.
    expect(view.getInt16(8 * d + 2 * (0 * d + 1), true)).toBe(INT16_MAX);
    expect(view.getInt16(8 * d + 2 * (2 * d + 3), true)).toBe(-INT16_MAX);
    expect(view.getInt16(8 * d + 2 * (0 * d + 0), true)).toBe(INT16_MAX);
    // 0.25 is half of column 0's largest, 0.001 a 2000th of column 3's.
    expect(view.getInt16(8 * d + 2 * (1 * d + 0), true)).toBe(-16384);
    expect(view.getInt16(8 * d + 2 * (1 * d + 3), true)).toBe(16);
  });

  it("decodes every weight within half its column's scale (1/65534 of the column's largest weight)", () => {
    expect(m.inputs).toBe(k);
    expect(m.outputs).toBe(d);
    for (let c = 0; c < d; c++) {
      const scale = view.getFloat32(4 * c, true);
      for (let r = 0; r < k; r++) {
        const err = Math.abs(m.weights[r * d + c] - W[r][c]);
        expect(err, `w[${r}][${c}]`).toBeLessThanOrEqual(scale / 2);
        expect(err, `w[${r}][${c}]`).toBeLessThanOrEqual((largest(c) / 65534) * (1 + 1e-6));
      }
    }
    // An all-zero column stays zero, with its intercept.
    for (let r = 0; r < k; r++) expect(m.weights[r * d + 2]).toBe(0);
    expect(m.weights[k * d + 2]).toBe(Math.fround(0.4));
  });

  it("gives the exact output at the mean input (to float32), and stays within Σ|x − mean|·scale/2 elsewhere", () => {
    const f32 = (v: number) => Math.abs(v) * 2 ** -23;
    const atMean = decodedOut(m, mean);
    exact(mean).forEach((v, c) => expect(Math.abs(atMean[c] - v), `column ${c}`).toBeLessThanOrEqual(f32(v)));
    let worst = 0;
    for (const x of [[0, 0, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0], [0.3, 0.8, 0.1], [0.5, 0.4, 0.9]]) {
      const got = decodedOut(m, x);
      exact(x).forEach((v, c) => {
        const scale = view.getFloat32(4 * c, true);
        const bound = x.reduce((s, xi, r) => s + Math.abs(xi - mean[r]), 0) * (scale / 2) + f32(v) + f32(m.weights[k * d + c]);
        expect(Math.abs(got[c] - v), `column ${c} at [${x}]`).toBeLessThanOrEqual(bound);
        worst = Math.max(worst, Math.abs(got[c] - v));
      });
    }
    // Weights of about 10: a pixel moves by well under 1e-3 (float32 steps of 1/255 are 4e-3).
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(3e-4);
  });

  it("refuses a short file, naming it, and inputs of the wrong shape", () => {
    expect(() => decodeInt16Decoder(bytes.subarray(0, 50), at, "derived/invisible-pixels/decoders.bin")).toThrow(
      "derived/invisible-pixels/decoders.bin is too short for the random decoder: needs 56 bytes, has 50",
    );
    expect(() => decodeInt16Decoder(bytes, { ...at, offset: 2 })).toThrow("decoders.bin is too short for the random decoder: needs 58 bytes, has 56");
    expect(() => encodeInt16Decoder(model, [0.5, 0.5])).toThrow("encodeInt16Decoder: 2 mean inputs for a decoder of 3");
    expect(() => encodeInt16Decoder({ ...model, weights: model.weights.subarray(1) }, mean)).toThrow("encodeInt16Decoder: 15 weights for (3 + 1) × 4");
  });

  it("reads a decoder at its offset, after another", () => {
    const two = new Uint8Array(2 * bytes.length);
    two.set(encodeInt16Decoder({ ...model, weights: model.weights.map((v) => -v) }, mean));
    two.set(bytes, bytes.length);
    expect(Array.from(decodeInt16Decoder(two, { ...at, offset: bytes.length }).weights)).toEqual(Array.from(m.weights));
  });
});
