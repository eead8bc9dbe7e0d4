/**
 * The live trainer's change view of the first-layer tiles (src/islands/trainer/tiles.ts): W − W₀
 * on its own colour scale. Oracles by hand: the scale of a known difference, and pixel colours
 * worked out from NEGATIVE_RGB = (31, 95, 191), POSITIVE_RGB = (180, 54, 31) and
 * colour = round(255 + |t|·(end − 255)), t = Δ/scale clamped to [−1, 1].
 */
import { describe, expect, it } from "vitest";
import { CHANGE_FLOOR, changeScale, changeTilesToRgba, NEGATIVE_RGB, POSITIVE_RGB, tileChangeScale } from "../../../../src/islands/trainer/tiles.ts";

const f32 = (a: number[]) => Float32Array.from(a);
/** Pixel (x, y) of an RGBA image `width` wide. */
const at = (img: Uint8ClampedArray, width: number, x: number, y: number) => [...img.slice((y * width + x) * 4, (y * width + x) * 4 + 4)];

describe("changeScale", () => {
  it("is 2.5 × the RMS of W − W₀: Δ = (3, −4, 0, 0) → RMS √(25/4) = 2.5 → 6.25", () => {
    expect(changeScale(f32([0, 0, 0, 0]), f32([3, -4, 0, 0]))).toBe(6.25);
    expect(changeScale(f32([1, 1, 1, 1]), f32([4, -3, 1, 1]))).toBe(6.25);
  });

  it("is 0 when nothing moved, and leaves NaN changes out", () => {
    expect(changeScale(f32([0.3, -0.2]), f32([0.3, -0.2]))).toBe(0);
    expect(changeScale(f32([]), f32([]))).toBe(0);
    // Δ = (NaN, 2): RMS of (2) alone = 2 → 5.
    expect(changeScale(f32([0, 0]), f32([NaN, 2]))).toBe(5);
  });

  it("rejects W and W₀ of different lengths", () => {
    expect(() => changeScale(f32([1, 2]), f32([1, 2, 3]))).toThrow("changeScale: 3 current weights but 2 initial ones; pass W and W₀ of the same layer");
  });
});

describe("changeTilesToRgba", () => {
  // nIn = 4 (one 2×2 tile), nOut = 1; pixel i at (i % 2, ⌊i/2⌋).
  const w0 = f32([0.5, 0.5, -1, 0]);
  const w = f32([1, 0, -1, 0.25]); // Δ = (+0.5, −0.5, 0, +0.25)

  it("colours W − W₀ (not W): up red, down blue, unmoved white", () => {
    const img = changeTilesToRgba(w0, w, 4, 1, 1);
    expect(img).toHaveLength(2 * 2 * 4);
    // +0.5: 255 + ½(180 − 255) = 217.5 → 218, 255 + ½(54 − 255) = 154.5 → 155, 255 + ½(31 − 255) = 143.
    expect(at(img, 2, 0, 0)).toEqual([218, 155, 143, 255]);
    // −0.5: 255 + ½(31 − 255) = 143, 255 + ½(95 − 255) = 175, 255 + ½(191 − 255) = 223.
    expect(at(img, 2, 1, 0)).toEqual([143, 175, 223, 255]);
    // Δ = 0 although W = −1 there: white.
    expect(at(img, 2, 0, 1)).toEqual([255, 255, 255, 255]);
    // +0.25: 255 − ¼·75 = 236.25 → 236, 255 − ¼·201 = 204.75 → 205, 255 − ¼·224 = 199.
    expect(at(img, 2, 1, 1)).toEqual([236, 205, 199, 255]);
  });

  it("on changeScale's scale: Δ² = (¼ + ¼ + 0 + 1/16)/4 → RMS 0.375 → scale 0.9375; +0.5 is t = 8/15", () => {
    const scale = changeScale(w0, w);
    expect(scale).toBe(0.9375);
    const img = changeTilesToRgba(w0, w, 4, 1, scale);
    // 255 − (8/15)·75 = 215, 255 − (8/15)·201 = 147.8 → 148, 255 − (8/15)·224 = 135.53 → 136.
    expect(at(img, 2, 0, 0)).toEqual([215, 148, 136, 255]);
    // Beyond the scale saturates: Δ = 2 on scale 1 is POSITIVE_RGB, −2 NEGATIVE_RGB.
    const sat = changeTilesToRgba(f32([0, 0, 0, 0]), f32([2, -2, 0, 0]), 4, 1, 1);
    expect(at(sat, 2, 0, 0)).toEqual([...POSITIVE_RGB, 255]);
    expect(at(sat, 2, 1, 0)).toEqual([...NEGATIVE_RGB, 255]);
  });

  it("scale 0 (nothing moved: epoch 0, a frozen layer) draws every tile white, gaps and unused tiles still transparent", () => {
    // nIn = 4, nOut = 3 → 2 columns × 2 rows of 2×2 tiles, 1 pixel apart: a 5×5 image.
    const a = f32([0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, 1, -1.1, 1.2]);
    const img = changeTilesToRgba(a, a, 4, 3, changeScale(a, a));
    const tile = [[0, 0], [1, 0], [0, 1], [1, 1], [3, 0], [4, 0], [3, 1], [4, 1], [0, 3], [1, 3], [0, 4], [1, 4]];
    for (const [x, y] of tile) expect(at(img, 5, x, y), `(${x}, ${y})`).toEqual([255, 255, 255, 255]);
    for (const [x, y] of [[2, 0], [2, 4], [0, 2], [4, 2], [3, 3], [4, 4]]) expect(at(img, 5, x, y)[3], `(${x}, ${y})`).toBe(0);
    // Scale 0 is "nothing moved" whatever the arrays hold: white, not a division by 0.
    const forced = changeTilesToRgba(f32([0, 0, 0, 0]), f32([1, -1, 1, -1]), 4, 1, 0);
    expect([0, 1, 2, 3].map((i) => at(forced, 2, i % 2, Math.floor(i / 2)))).toEqual(Array(4).fill([255, 255, 255, 255]));
  });

  it("rejects arrays of the wrong size and a negative or NaN scale, naming which", () => {
    expect(() => changeTilesToRgba(f32([0, 0, 0]), w, 4, 1, 1)).toThrow("changeTilesToRgba: 3 initial weights, expected 4 × 1 = 4");
    expect(() => changeTilesToRgba(w0, f32([0, 0, 0, 0, 0]), 4, 1, 1)).toThrow("changeTilesToRgba: 5 current weights, expected 4 × 1 = 4");
    expect(() => changeTilesToRgba(w0, w, 4, 1, -1)).toThrow("changeTilesToRgba: scale must be 0 (nothing moved) or positive, got -1");
    expect(() => changeTilesToRgba(w0, w, 4, 1, NaN)).toThrow("changeTilesToRgba: scale must be 0 (nothing moved) or positive, got NaN");
  });
});

describe("tileChangeScale", () => {
  it("is the change's own scale when the layer moves, and an eighth of the initial RMS when it barely does", () => {
    expect(CHANGE_FLOOR).toBe(0.125);
    // W₀ = (1, −1, 1, −1): RMS 1, so the floor is 0.125.
    const w0 = f32([1, -1, 1, -1]);
    // A change of (1, 0, 0, 0): RMS 0.5, own scale 2.5 × 0.5 = 1.25 > 0.125.
    expect(tileChangeScale(w0, f32([2, -1, 1, -1]))).toEqual({ scale: 1.25, floored: false });
    // A change of (0.01, 0, 0, 0): RMS 0.005, own scale 0.0125 < 0.125: the floor.
    expect(tileChangeScale(w0, f32([1.01, -1, 1, -1]))).toEqual({ scale: 0.125, floored: true });
    expect(tileChangeScale(w0, f32([1, -1, 1, -1]))).toEqual({ scale: 0, floored: false });
  });
});
