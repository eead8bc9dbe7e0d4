/**
 * src/lib/mnist/preprocess.ts: a drawn digit is turned into an MNIST-style 28×28 input.
 *
 * What the real data says (measured over the 10,000 shipped digits, pixel centres at
 * whole coordinates): the centre of mass is at (14.00, 14.00) on average, each
 * coordinate 0.29 from 14 (standard deviation) and never more than 0.49998 from it,
 * i.e. 14 up to the rounding of a whole-pixel shift; 0.38 px from (14, 14) on average
 * and at most 0.70 px (Euclidean). Their bounding boxes' longer side is 20 px for 9,998
 * of them (19 px for the other 2). So a digit copied anywhere into a larger canvas must
 * come back as itself, exactly where its longer side is 20 px and nothing is cut by the
 * ink threshold; the tests below say how close the rest comes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { centreOfMass, mnistPreprocess } from "../../../../src/lib/mnist/preprocess.ts";
import { loadShippedDigits } from "../../../../scripts/mnist-source.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

let images: Float64Array[]; // the shipped digits as 784 values in [0, 1]

beforeAll(async () => {
  const d = await loadShippedDigits();
  images = Array.from({ length: d.count }, (_, n) => Float64Array.from(d.pixels.subarray(n * 784, (n + 1) * 784), (v) => v / 255));
}, 30_000);

/** A width × height canvas with `img` (28×28) upscaled `up` times by pixel replication, its top-left at (left, top). */
function onCanvas(img: ArrayLike<number>, width: number, height: number, left: number, top: number, up = 1): Float64Array {
  const g = new Float64Array(width * height);
  for (let r = 0; r < 28 * up; r++) {
    for (let c = 0; c < 28 * up; c++) g[(top + r) * width + left + c] = img[Math.floor(r / up) * 28 + Math.floor(c / up)];
  }
  return g;
}

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/** Longer side of the bounding box of the nonzero pixels of a 28×28 image. */
function longSide(img: ArrayLike<number>): number {
  let x0 = 28, x1 = -1, y0 = 28, y1 = -1;
  for (let i = 0; i < 784; i++) {
    if (img[i] > 0) {
      const x = i % 28, y = Math.floor(i / 28);
      x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
    }
  }
  return Math.max(x1 - x0 + 1, y1 - y0 + 1);
}

describe("centreOfMass", () => {
  it("is the intensity-weighted mean position, pixel centres at whole coordinates", () => {
    // 3 × 2: mass 1 at (0, 0) and 3 at (2, 1): x = 6/4, y = 3/4.
    expect(centreOfMass([1, 0, 0, 0, 0, 3], 3, 2)).toEqual({ x: 1.5, y: 0.75 });
    expect(centreOfMass([0, 0, 0, 0, 5, 0, 0, 0, 0], 3, 3)).toEqual({ x: 1, y: 1 });
  });
  it("refuses an image with no mass and a wrong size", () => {
    expect(() => centreOfMass([0, 0], 2, 1)).toThrow("centreOfMass: the image has no mass (its values sum to 0)");
    expect(() => centreOfMass([1, 2, 3], 2, 2)).toThrow("centreOfMass: 3 values for 2 × 2 pixels (4)");
  });
  it("puts every shipped digit within 0.5 px of (14, 14) on each axis, (14.00, 14.00) on average", () => {
    let sx = 0, sy = 0, worst = 0;
    for (const img of images) {
      const c = centreOfMass(img, 28, 28);
      sx += c.x;
      sy += c.y;
      worst = Math.max(worst, Math.abs(c.x - 14), Math.abs(c.y - 14));
    }
    expect(Math.abs(sx / images.length - 14)).toBeLessThan(0.01);
    expect(Math.abs(sy / images.length - 14)).toBeLessThan(0.01);
    expect(worst).toBeLessThan(0.5);
    expect(worst).toBeGreaterThan(0.45); // not exactly centred: only to the nearest whole-pixel shift
  });
});

describe("mnistPreprocess on real digits", () => {
  it("brings every shipped digit back from anywhere on a larger canvas (threshold 0: exact where its longer side is 20 px)", () => {
    let exact = 0;
    for (let n = 0; n < images.length; n++) {
      const left = (n * 7) % 60, top = (n * 13) % 40;
      const out = mnistPreprocess(onCanvas(images[n], 90, 70, left, top), 90, 70, 0)!;
      const c = centreOfMass(out, 28, 28);
      expect(Math.max(Math.abs(c.x - 14), Math.abs(c.y - 14))).toBeLessThanOrEqual(0.5);
      if (longSide(images[n]) === 20) {
        let worst = 0;
        for (let i = 0; i < 784; i++) worst = Math.max(worst, Math.abs(out[i] - images[n][i]));
        expect(worst).toBeLessThan(1e-6);
        exact++;
      } else {
        // Longer side 19 px: rescaled to 20, so only close.
        expect(meanAbsDiff(out, images[n])).toBeLessThan(0.02);
      }
    }
    expect(exact).toBe(9998);
  }, 60_000);

  it("undoes a 2× and a 3× upscaled copy by area averaging (first 1,000 digits, exact to 1e-6)", () => {
    for (const up of [2, 3]) {
      for (let n = 0; n < 1000; n++) {
        if (longSide(images[n]) !== 20) continue;
        const w = 28 * up + 31, h = 28 * up + 12;
        const out = mnistPreprocess(onCanvas(images[n], w, h, 30, 3, up), w, h, 0)!;
        let worst = 0;
        for (let i = 0; i < 784; i++) worst = Math.max(worst, Math.abs(out[i] - images[n][i]));
        expect(worst).toBeLessThan(1e-6);
      }
    }
  }, 60_000);

  it("with the default threshold (0.05) leaves out faint edge pixels, and stays within 0.1 mean absolute difference", () => {
    // Measured: 9,392 of 10,000 come back exactly; mean absolute difference 2.4e-5 on average, 0.087 at worst.
    let exact = 0;
    let total = 0;
    let worst = 0;
    for (let n = 0; n < images.length; n++) {
      const out = mnistPreprocess(onCanvas(images[n], 40, 40, 6, 9), 40, 40)!;
      const mad = meanAbsDiff(out, images[n]);
      total += mad;
      worst = Math.max(worst, mad);
      if (mad < 1e-6) exact++;
    }
    expect(exact).toBeGreaterThan(9000);
    expect(total / images.length).toBeLessThan(1e-4);
    expect(worst).toBeLessThan(0.1);
  }, 60_000);
});

describe("mnistPreprocess on drawn shapes", () => {
  it("keeps a thin vertical stroke (a '1') 20 px tall and narrow, centred", () => {
    // 3 px wide, 50 px tall: scale 20/50 = 0.4, so 1.2 px wide, centred on two columns (0.6 + 0.6).
    const g = new Float64Array(60 * 60);
    for (let r = 5; r < 55; r++) for (let c = 28; c < 31; c++) g[r * 60 + c] = 1;
    const out = mnistPreprocess(g, 60, 60)!;
    const rows = new Set<number>();
    const cols = new Set<number>();
    let ink = 0;
    out.forEach((v, i) => {
      if (v > 0) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
        ink += v;
      }
    });
    expect(rows.size).toBe(20);
    expect([...cols].sort((a, b) => a - b)).toEqual([14, 15]); // centre of mass 0.5 → shift round(13.5) = 14
    expect([...rows].sort((a, b) => a - b)[0]).toBe(5); // centre of mass 9.5 → shift round(4.5) = 5
    for (let r = 5; r < 25; r++) {
      expect(out[r * 28 + 14]).toBeCloseTo(0.6, 6);
      expect(out[r * 28 + 15]).toBeCloseTo(0.6, 6);
    }
    expect(ink).toBeCloseTo(150 * 0.4 ** 2, 4); // area averaging keeps ink × scale²
  });

  it("keeps a horizontal bar 20 px wide and thin", () => {
    const g = new Float64Array(100 * 30);
    for (let r = 10; r < 14; r++) for (let c = 20; c < 70; c++) g[r * 100 + c] = 1; // 50 × 4 → 20 × 1.6
    const out = mnistPreprocess(g, 100, 30)!;
    const c = centreOfMass(out, 28, 28);
    let cols = 0;
    for (let col = 0; col < 28; col++) if (out.some((v, i) => i % 28 === col && v > 0)) cols++;
    let rows = 0;
    for (let row = 0; row < 28; row++) if (out.subarray(row * 28, row * 28 + 28).some((v) => v > 0)) rows++;
    expect(cols).toBe(20);
    expect(rows).toBe(2);
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it("enlarges a small drawing to 20 px and centres random blobs to within 0.5 px", () => {
    const dot = new Float64Array(10 * 10);
    dot[3 * 10 + 4] = dot[3 * 10 + 5] = dot[4 * 10 + 4] = dot[4 * 10 + 5] = 1; // a 2×2 square → 20×20 of ones
    const big = mnistPreprocess(dot, 10, 10)!;
    expect(big.reduce((s, v) => s + v, 0)).toBeCloseTo(400, 4);
    // Centre of mass 9.5 → shift round(4.5) = 5: rows and columns 5..24.
    expect(big[5 * 28 + 5]).toBeCloseTo(1, 6);
    expect(big[24 * 28 + 24]).toBeCloseTo(1, 6);
    expect(big[4 * 28 + 5]).toBe(0);
    const r = mulberry32(3);
    for (let t = 0; t < 50; t++) {
      const w = 30 + Math.floor(r() * 40), h = 30 + Math.floor(r() * 40);
      const g = new Float64Array(w * h);
      for (let k = 0; k < 12; k++) {
        const cx = r() * w, cy = r() * h, rad = 1 + r() * 5;
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < rad * rad) g[y * w + x] = Math.max(g[y * w + x], 0.3 + 0.7 * r());
      }
      const out = mnistPreprocess(g, w, h)!;
      for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
      const c = centreOfMass(out, 28, 28);
      expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });

  it("returns null when there is no ink above the threshold", () => {
    expect(mnistPreprocess(new Float64Array(50 * 40), 50, 40)).toBeNull();
    const faint = new Float64Array(50 * 40).fill(0.05); // not above 0.05
    expect(mnistPreprocess(faint, 50, 40)).toBeNull();
    expect(mnistPreprocess(faint, 50, 40, 0.04)).not.toBeNull();
  });

  it("refuses bad sizes, values and thresholds with clear messages", () => {
    expect(() => mnistPreprocess([0, 0, 0], 2, 2)).toThrow("mnistPreprocess: 3 values for 2 × 2 pixels (4)");
    expect(() => mnistPreprocess([], 0, 5)).toThrow("mnistPreprocess: width must be a whole number ≥ 1, got 0");
    expect(() => mnistPreprocess([0, 0], 2, 1.5)).toThrow("mnistPreprocess: height must be a whole number ≥ 1, got 1.5");
    expect(() => mnistPreprocess([0, 2], 2, 1)).toThrow("mnistPreprocess: value 2 at (1, 0) is not in [0, 1]");
    expect(() => mnistPreprocess([0, Number.NaN], 1, 2)).toThrow("mnistPreprocess: value NaN at (0, 1) is not in [0, 1]");
    expect(() => mnistPreprocess([0, 1], 2, 1, 1)).toThrow("mnistPreprocess: threshold must be in [0, 1), got 1");
  });
});
