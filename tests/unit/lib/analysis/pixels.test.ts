/**
 * src/lib/analysis/pixels.ts against small cases computed by hand, finite differences and the shipped digits.
 *
 * The hand layer: 3 inputs × 2 units, weights row-major (one row of outgoing weights per input)
 *   input 0: [ 3,   −4  ]   ‖w‖ = 5,   max |w| = 4
 *   input 1: [ 0.6,  0.8]   ‖w‖ = 1,   max |w| = 0.8
 *   input 2: [ 0,   −0.5]   ‖w‖ = 0.5, max |w| = 0.5
 *   biases   [ 0.5, −1  ]
 * and x = [1, 0.5, 2]:  z0 = 0.5 + 3 + 0.3 + 0 = 3.8,  z1 = −1 − 4 + 0.4 − 1 = −5.6.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  type FirstLayer,
  activations,
  activationsOf,
  alwaysZero,
  below,
  closestPair,
  countSet,
  firstLayerOf,
  largestOutgoing,
  outgoingNorms,
  pixelSensitivity,
  rowDistance,
  saturation,
  scaleInputs,
  smallWeightMask,
  spread,
  unluckyPixels,
  weightedInputs,
} from "../../../../src/lib/analysis/pixels.ts";
import { mulberry32, shuffleInPlace } from "../../../../src/lib/rng.ts";
import { loadShippedDigits } from "../../../../scripts/mnist-source.ts";

const hand: FirstLayer = { nIn: 3, nOut: 2, weights: [3, -4, 0.6, 0.8, 0, -0.5], biases: [0.5, -1] };
const x = [1, 0.5, 2];
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** A seeded random layer and images, for the finite-difference checks. */
function randomLayer(nIn: number, nOut: number, seed: number, scale = 1): FirstLayer {
  const r = mulberry32(seed);
  return {
    nIn,
    nOut,
    weights: Float64Array.from({ length: nIn * nOut }, () => (r() * 2 - 1) * scale),
    biases: Float64Array.from({ length: nOut }, () => r() * 2 - 1),
  };
}

describe("firstLayerOf", () => {
  it("takes sizes[0] × sizes[1] and the first weight matrix and bias vector", () => {
    const w0 = new Float32Array(6);
    const b0 = new Float32Array(2);
    const layer = firstLayerOf({ sizes: [3, 2, 4], weights: [w0, new Float32Array(8)], biases: [b0, new Float32Array(4)] });
    expect(layer).toEqual({ nIn: 3, nOut: 2, weights: w0, biases: b0 });
    expect(layer.weights).toBe(w0);
  });
});

describe("outgoingNorms and largestOutgoing", () => {
  it("give ‖w_i‖ and max_j |w_ij| for each input of the hand layer", () => {
    expect(Array.from(outgoingNorms(hand))).toEqual([5, 1, 0.5]);
    expect(Array.from(largestOutgoing(hand))).toEqual([4, 0.8, 0.5]);
  });
  it("give 0 for an input whose outgoing weights are all 0", () => {
    const layer = { nIn: 2, nOut: 2, weights: [0, 0, -1, 0], biases: [0, 0] };
    expect(Array.from(outgoingNorms(layer))).toEqual([0, 1]);
    expect(Array.from(largestOutgoing(layer))).toEqual([0, 1]);
  });
  it("refuse a layer whose arrays do not match its sizes", () => {
    expect(() => outgoingNorms({ ...hand, weights: [1, 2, 3, 4, 5] })).toThrow("first layer: 5 weights for 3 inputs × 2 units (6)");
    expect(() => largestOutgoing({ ...hand, biases: [1] })).toThrow("first layer: 1 biases for 2 units");
  });
});

describe("smallWeightMask", () => {
  it("marks inputs whose largest outgoing weight is strictly below the threshold", () => {
    expect(Array.from(smallWeightMask(hand, 0.8))).toEqual([0, 0, 1]); // 0.8 is not below 0.8
    expect(Array.from(smallWeightMask(hand, 0.8000001))).toEqual([0, 1, 1]);
    expect(Array.from(smallWeightMask(hand, 0.7999999))).toEqual([0, 0, 1]);
    expect(Array.from(smallWeightMask(hand, 0.5))).toEqual([0, 0, 0]);
    expect(Array.from(smallWeightMask(hand, 4))).toEqual([0, 1, 1]);
    expect(Array.from(smallWeightMask(hand, 4.0000001))).toEqual([1, 1, 1]);
  });
  it("judges a weight by its size, not its sign (−4 is not small)", () => {
    expect(Array.from(smallWeightMask(hand, 3.5))).toEqual([0, 1, 1]);
  });
});

describe("below", () => {
  it("is 1 exactly where a value is strictly below the threshold", () => {
    expect(Array.from(below([0.1, 0.2, 0.3, -5], 0.2))).toEqual([1, 0, 0, 1]);
    expect(below([], 1)).toEqual(new Uint8Array(0));
  });
});

describe("countSet", () => {
  it("counts set entries, or only those not set in `unless`", () => {
    const mask = [1, 0, 1, 1, 0];
    expect(countSet(mask)).toBe(3);
    expect(countSet(mask, [0, 1, 1, 0, 1])).toBe(2);
    expect(countSet(mask, [1, 1, 1, 1, 1])).toBe(0);
    expect(countSet(mask, [0, 0, 0, 0, 0])).toBe(3);
    expect(countSet([])).toBe(0);
  });
});

describe("unluckyPixels", () => {
  it("chooses round(fraction · n) distinct inputs, sorted ascending, all in range", () => {
    for (const [fraction, n, m] of [
      [0.25, 784, 196],
      [0.1, 784, 78], // 78.4
      [0.5, 3, 2], // 1.5 rounds up
      [0.49, 3, 1], // 1.47
      [0, 784, 0],
      [1, 10, 10],
    ]) {
      const p = unluckyPixels(fraction, 7, n);
      expect(p).toBeInstanceOf(Uint16Array);
      expect(p.length).toBe(m);
      for (let k = 1; k < p.length; k++) expect(p[k]).toBeGreaterThan(p[k - 1]); // sorted and distinct
      for (const i of p) expect(i).toBeLessThan(n);
    }
    expect(Array.from(unluckyPixels(1, 3, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(unluckyPixels(0.25, 1).length).toBe(196); // n defaults to 784
  });

  it("is the first round(fraction · n) of a mulberry32 shuffle of 0..n−1, the same for the same seed", () => {
    const order = Uint32Array.from({ length: 784 }, (_, i) => i);
    shuffleInPlace(order, mulberry32(42));
    const want = Array.from(order.subarray(0, 157)).sort((a, b) => a - b);
    expect(Array.from(unluckyPixels(0.2, 42))).toEqual(want);
    expect(unluckyPixels(0.2, 42)).toEqual(unluckyPixels(0.2, 42));
  });

  it("differs between seeds, and grows by adding inputs as the fraction grows", () => {
    expect(Array.from(unluckyPixels(0.2, 1))).not.toEqual(Array.from(unluckyPixels(0.2, 2)));
    const small = new Set(unluckyPixels(0.1, 5));
    const large = new Set(unluckyPixels(0.3, 5));
    for (const i of small) expect(large.has(i)).toBe(true);
  });

  it("refuses a fraction outside [0, 1] with its exact message", () => {
    expect(() => unluckyPixels(-0.1, 1)).toThrow("unlucky fraction must be between 0 and 1, got -0.1");
    expect(() => unluckyPixels(1.5, 1)).toThrow("unlucky fraction must be between 0 and 1, got 1.5");
    expect(() => unluckyPixels(Number.NaN, 1)).toThrow("unlucky fraction must be between 0 and 1, got NaN");
  });

  it("refuses more inputs than uint16 indices can name", () => {
    expect(() => unluckyPixels(0.5, 1, 70000)).toThrow("unlucky pixels: n must be a whole number in 0..65536, got 70000");
    expect(unluckyPixels(1, 1, 65536).at(-1)).toBe(65535);
  });
});

describe("scaleInputs", () => {
  it("returns a copy with only the listed inputs' rows multiplied", () => {
    const weights = Float64Array.from(hand.weights);
    const layer = { ...hand, weights };
    const scaled = scaleInputs(layer, [0, 2], 0.1);
    expect(Array.from(scaled.weights)).toEqual([3 * 0.1, -4 * 0.1, 0.6, 0.8, 0, -0.5 * 0.1]);
    expect(scaled.biases).toEqual(hand.biases);
    expect(scaled.nIn).toBe(3);
    expect(scaled.nOut).toBe(2);
    // The original is untouched and not shared.
    expect(Array.from(weights)).toEqual(hand.weights);
    expect(scaled.weights).not.toBe(weights);
  });
  it("scales an input listed twice once, and refuses an input that is not in the layer", () => {
    expect(Array.from(scaleInputs(hand, [1, 1], 2).weights)).toEqual([3, -4, 1.2, 1.6, 0, -0.5]);
    expect(() => scaleInputs(hand, [3], 2)).toThrow("scaleInputs: input 3 is not one of 0..2");
    expect(() => scaleInputs(hand, [0.5], 2)).toThrow("scaleInputs: input 0.5 is not one of 0..2");
    expect(() => scaleInputs(hand, [-1], 2)).toThrow("scaleInputs: input -1 is not one of 0..2");
  });
  it("with no inputs is an unchanged copy", () => {
    expect(Array.from(scaleInputs(hand, [], 0).weights)).toEqual(hand.weights);
  });
});

describe("alwaysZero", () => {
  it("marks pixels that are 0 in every one of the first `count` images", () => {
    const pixels = Uint8Array.from([0, 5, 0, 0, /* image 2 */ 0, 0, 0, 7]);
    expect(Array.from(alwaysZero(pixels, 2, 4))).toEqual([1, 0, 1, 0]);
    expect(Array.from(alwaysZero(pixels, 1, 4))).toEqual([1, 0, 1, 1]);
    expect(Array.from(alwaysZero(pixels, 0, 4))).toEqual([1, 1, 1, 1]);
    expect(() => alwaysZero(pixels, 3, 4)).toThrow("alwaysZero: 8 pixels for 3 images of 4");
  });

  it("finds 111 of 784 pixels blank in all 10,000 shipped digits, among them the four corners", async () => {
    const digits = await loadShippedDigits();
    expect(digits.count).toBe(10000);
    const mask = alwaysZero(digits.pixels, digits.count);
    expect(mask.length).toBe(784);
    expect(countSet(mask)).toBe(111);
    for (const corner of [0, 27, 27 * 28, 783]) expect(mask[corner]).toBe(1);
    expect(mask[14 * 28 + 14]).toBe(0);
  }, 30_000);
});

describe("weightedInputs, activations, activationsOf", () => {
  it("compute z = b + xW and σ(z) for the hand layer", () => {
    const z = weightedInputs(hand, x);
    expect(z).toBeInstanceOf(Float64Array);
    expect(z[0]).toBeCloseTo(3.8, 14);
    expect(z[1]).toBeCloseTo(-5.6, 14);
    const a = activations(hand, x);
    expect(a[0]).toBeCloseTo(sigma(3.8), 15);
    expect(a[1]).toBeCloseTo(sigma(-5.6), 15);
    expect(Array.from(weightedInputs(hand, [0, 0, 0]))).toEqual([0.5, -1]);
  });

  it("activationsOf stacks the activations of images stored one after another", () => {
    const images = [...x, 0, 1, 0];
    const all = activationsOf(hand, images, 2);
    expect(all.length).toBe(4);
    expect(Array.from(all.subarray(0, 2))).toEqual(Array.from(activations(hand, x)));
    // Second image: z = b + row 1 = [1.1, −0.2].
    expect(all[2]).toBeCloseTo(sigma(1.1), 15);
    expect(all[3]).toBeCloseTo(sigma(-0.2), 15);
  });

  it("refuse an input of the wrong length and too few images", () => {
    expect(() => weightedInputs(hand, [1, 2])).toThrow("first layer: input has 2 values for 3 inputs");
    expect(() => activationsOf(hand, [1, 2, 3, 4, 5], 2)).toThrow("activationsOf: 5 values for 2 images of 3 inputs (6)");
  });
});

describe("pixelSensitivity", () => {
  it("is the mean over images of ‖∂a/∂x_i‖, checked by central finite differences", () => {
    const layer = randomLayer(5, 3, 11, 2);
    const r = mulberry32(12);
    const count = 4;
    const images = Float64Array.from({ length: count * 5 }, () => r());
    const h = 1e-5;
    const want = new Float64Array(5);
    for (let n = 0; n < count; n++) {
      const img = images.slice(n * 5, (n + 1) * 5);
      for (let i = 0; i < 5; i++) {
        const up = img.slice();
        const down = img.slice();
        up[i] += h;
        down[i] -= h;
        const aUp = activations(layer, up);
        const aDown = activations(layer, down);
        let sq = 0;
        for (let j = 0; j < 3; j++) sq += ((aUp[j] - aDown[j]) / (2 * h)) ** 2;
        want[i] += Math.sqrt(sq) / count;
      }
    }
    const got = pixelSensitivity(layer, images, count);
    for (let i = 0; i < 5; i++) expect(got[i]).toBeCloseTo(want[i], 9);
  });

  it("for one image of the hand layer is ‖σ′(z) ⊙ w_i‖", () => {
    const d = [sigma(3.8) * (1 - sigma(3.8)), sigma(-5.6) * (1 - sigma(-5.6))];
    const got = pixelSensitivity(hand, x, 1);
    expect(got[0]).toBeCloseTo(Math.hypot(3 * d[0], -4 * d[1]), 14);
    expect(got[1]).toBeCloseTo(Math.hypot(0.6 * d[0], 0.8 * d[1]), 14);
    expect(got[2]).toBeCloseTo(0.5 * d[1], 14);
  });

  it("is all zeros for no images, and refuses too few", () => {
    expect(Array.from(pixelSensitivity(hand, [], 0))).toEqual([0, 0, 0]);
    expect(() => pixelSensitivity(hand, [1, 2], 1)).toThrow("pixelSensitivity: 2 values for 1 images of 3 inputs (3)");
  });
});

describe("saturation", () => {
  // One input, three units with weights 4, −4, 4.5 and no bias: x = 1 gives z = [4, −4, 4.5], x = 0 gives z = 0.
  const layer: FirstLayer = { nIn: 1, nOut: 3, weights: [4, -4, 4.5], biases: [0, 0, 0] };

  it("counts |z| strictly above the limit: |z| = 4 exactly is not saturated", () => {
    const s = saturation(layer, [1], 1);
    expect(s.saturated).toBe(1);
    expect(s.total).toBe(3);
    expect(s.fraction).toBeCloseTo(1 / 3, 15);
    expect(s.largest).toBe(4.5);
    expect(s.smallestSlope).toBeCloseTo(sigma(4.5) * (1 - sigma(4.5)), 15);
  });

  it("averages over images and honours another limit", () => {
    const s = saturation(layer, [1, 0], 2);
    expect([s.saturated, s.total, s.fraction]).toEqual([1, 6, 1 / 6]);
    expect(saturation(layer, [1, 0], 2, 3.9).saturated).toBe(3);
    expect(saturation(layer, [1, 0], 2, 4.5).saturated).toBe(0);
  });

  it("reports σ′ of the largest |z| without rounding it to 0 far out", () => {
    const s = saturation({ nIn: 1, nOut: 1, weights: [40], biases: [0] }, [1], 1);
    expect(s.smallestSlope).toBeGreaterThan(0);
    expect(s.smallestSlope / Math.exp(-40)).toBeCloseTo(1, 12);
  });

  it("with no images is all zeros, and refuses too few", () => {
    expect(saturation(layer, [], 0)).toEqual({ saturated: 0, total: 0, fraction: 0, largest: 0, smallestSlope: 0.25 });
    expect(() => saturation(layer, [], 1)).toThrow("saturation: 0 values for 1 images of 1 inputs (1)");
  });
});

describe("closestPair and rowDistance", () => {
  it("finds the closest rows with different labels, skipping a closer same-label pair", () => {
    // Rows (2 features): 0:(0,0) L0, 1:(0,1) L0, 2:(3,0) L1, 3:(0,3) L2.
    // Distances: 0–1 = 1 (same label), 0–2 = 3, 0–3 = 3, 1–2 = √10, 1–3 = 2, 2–3 = √18.
    const f = [0, 0, 0, 1, 3, 0, 0, 3];
    expect(closestPair(f, 4, 2, [0, 0, 1, 2])).toEqual({ i: 1, j: 3, distance: 2 });
    expect(rowDistance(f, 2, 2, 3)).toBeCloseTo(Math.sqrt(18), 15);
    expect(rowDistance(f, 2, 1, 2)).toBeCloseTo(Math.sqrt(10), 15);
  });

  it("keeps the first pair (in i, then j order) on a tie", () => {
    // 0:(0,0) L0, 1:(2,0) L1, 2:(0,2) L1: 0–1 and 0–2 are both 2 apart.
    expect(closestPair([0, 0, 2, 0, 0, 2], 3, 2, [0, 1, 1])).toEqual({ i: 0, j: 1, distance: 2 });
    // Reversed labels on the tie make no difference to which pair wins.
    expect(closestPair([0, 0, 2, 0, 0, 2], 3, 2, [1, 0, 0])).toEqual({ i: 0, j: 1, distance: 2 });
  });

  it("throws when every label is the same (or there are fewer than two rows)", () => {
    expect(() => closestPair([0, 1, 2], 3, 1, [4, 4, 4])).toThrow("closestPair: no two rows with different labels");
    expect(() => closestPair([0], 1, 1, [4])).toThrow("closestPair: no two rows with different labels");
    expect(() => closestPair([0, 1], 2, 2, [0, 1])).toThrow("closestPair: 2 features for 2 rows of 2");
  });
});

describe("spread", () => {
  it("summarises [4, 1, 3, 2]: mean 2.5, population std √1.25, nearest-rank quantiles", () => {
    const s = spread([4, 1, 3, 2]);
    expect(s.min).toBe(1);
    expect(s.max).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(s.cv).toBeCloseTo(Math.sqrt(1.25) / 2.5, 15);
    // Nearest rank: the ⌈p·n⌉-th smallest: ⌈0.04⌉ = 1st, ⌈2⌉ = 2nd, ⌈3.96⌉ = 4th.
    expect([s.p01, s.median, s.p99]).toEqual([1, 2, 4]);
  });

  it("picks the 1st and 99th of 100 values 1..100 and the 2nd and 198th of 200", () => {
    const s = spread(Float64Array.from({ length: 100 }, (_, i) => 100 - i));
    expect([s.p01, s.median, s.p99]).toEqual([1, 50, 99]);
    const t = spread(Float64Array.from({ length: 200 }, (_, i) => i + 1));
    expect([t.p01, t.median, t.p99]).toEqual([2, 100, 198]);
  });

  it("gives cv 0 for a zero mean, and refuses no values", () => {
    const s = spread([-1, 1]);
    expect(s.mean).toBe(0);
    expect(s.std).toBe(1);
    expect(s.cv).toBe(0);
    expect(spread([7])).toEqual({ min: 7, max: 7, mean: 7, std: 0, cv: 0, p01: 7, median: 7, p99: 7 });
    expect(() => spread([])).toThrow("spread: no values");
  });
});

describe("on a trained-size layer", () => {
  let layer: FirstLayer;
  beforeAll(() => {
    layer = randomLayer(784, 30, 3, 0.1);
  });
  it("smallWeightMask agrees with largestOutgoing, and countSet with the mask's sum", () => {
    const mask = smallWeightMask(layer, 0.09);
    const largest = largestOutgoing(layer);
    let n = 0;
    for (let i = 0; i < 784; i++) {
      expect(mask[i]).toBe(largest[i] < 0.09 ? 1 : 0);
      n += mask[i];
    }
    expect(countSet(mask)).toBe(n);
    expect(Array.from(below(largest, 0.09))).toEqual(Array.from(mask));
  });
});
