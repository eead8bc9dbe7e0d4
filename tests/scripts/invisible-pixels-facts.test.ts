/**
 * The invisible-pixels facts the page prints next to each other, checked WITHOUT the loader's or
 * src/lib's code: the mean-image error (reconstruct every test digit as the mean training digit)
 * recomputed by plain loops over the raw public/data/mnist-10k.bin.gz, decoded here by hand, per
 * pixel; and a scale check against its neighbours on the page: a mean squared error of pixels in
 * [0, 1] is at most the pixels' mean square, and of the same order as the decoders' test errors
 * (which it bounds from above: a decoder that learned nothing would reproduce the mean image).
 * The loader itself is run too, so a wrong division in it fails here before it is ever derived.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import loader from "../../scripts/derived/loaders/invisible-pixels.ts";
import type { PixelFacts } from "../../src/lib/schemas/derived/invisible-pixels.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const facts: PixelFacts = JSON.parse(readFileSync(join(ROOT, "public/derived/invisible-pixels/facts.json"), "utf8"));

/** The shipped digits by hand: VGDIGIT1 header, labels, then pixels; each pixel as float32(byte / 255), as the loader scales them. */
function shipped() {
  const raw = gunzipSync(readFileSync(join(ROOT, "public/data/mnist-10k.bin.gz")));
  expect(new TextDecoder().decode(raw.subarray(0, 8))).toBe("VGDIGIT1");
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const [count, trainCount, rows, cols] = [8, 12, 16, 20].map((o) => v.getUint32(o, true));
  const px = rows * cols;
  const start = 24 + count;
  return { count, trainCount, px, pixel: (n: number, i: number) => Math.fround(raw[start + n * px + i] / 255) };
}

/** Mean over test digits and pixels of (x − mean training image)², and of x² (the all-black guess). */
function meanImageErrorByHand() {
  const d = shipped();
  const mean = new Float64Array(d.px);
  for (let n = 0; n < d.trainCount; n++) for (let i = 0; i < d.px; i++) mean[i] += d.pixel(n, i);
  for (let i = 0; i < d.px; i++) mean[i] /= d.trainCount;
  let sq = 0;
  let black = 0;
  const tests = d.count - d.trainCount;
  for (let n = d.trainCount; n < d.count; n++) {
    for (let i = 0; i < d.px; i++) {
      const x = d.pixel(n, i);
      sq += (x - mean[i]) ** 2;
      black += x * x;
    }
  }
  return { error: sq / (tests * d.px), black: black / (tests * d.px), tests, px: d.px };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("the invisible-pixels mean-image error", () => {
  const want = meanImageErrorByHand();

  it("is the per-pixel mean squared error of the mean training digit over the test digits (facts.json, 4 significant digits)", () => {
    expect(want.tests).toBe(facts.data.test);
    expect(rel(facts.meanImageError, want.error), `facts.json ${facts.meanImageError}, by hand ${want.error}`).toBeLessThan(5e-4);
  });

  it("is on the scale of the numbers printed beside it: below the all-black guess's error, of the decoders' order", () => {
    const e = facts.meanImageError;
    // Pixels lie in [0, 1]: a squared error per pixel is below 1, and the mean image beats black.
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(want.black);
    expect(want.black).toBeLessThan(1);
    // The decoders do better than the mean image, but not by orders of magnitude.
    for (const which of ["random", "trained"] as const) {
      const d = facts.layers[which].decoder.testError;
      expect(d, which).toBeLessThan(e);
      expect(e / d, `${which}: mean image ${e} vs decoder ${d}`).toBeLessThan(10);
    }
  });

  it("is what the loader computes now (run here, so a change to it fails before it is derived)", async () => {
    const out = await loader.run!({ root: ROOT, log: () => {} });
    const computed: PixelFacts = JSON.parse(String(out["facts.json"]));
    expect(rel(computed.meanImageError, want.error), `loader ${computed.meanImageError}, by hand ${want.error}`).toBeLessThan(5e-4);
    expect(computed.meanImageError).toBe(facts.meanImageError);
  }, 300_000);
});
