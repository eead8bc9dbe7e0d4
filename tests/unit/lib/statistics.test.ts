/**
 * src/lib/statistics.ts on hand-computed samples.
 *
 * Hand sample [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squared deviations sum to 32, so the
 * sample std is √(32/7) (the population one would be 2); median (4 + 5)/2 = 4.5.
 */
import { describe, expect, it } from "vitest";
import { fractionBelow, geometricMean, mean, median, sampleStd, summarise, summariseRatios } from "../../../src/lib/statistics.ts";

describe("summaries", () => {
  const sample = [2, 4, 4, 4, 5, 5, 7, 9];

  it("mean, sample std (n − 1), median of the hand sample", () => {
    expect(mean(sample)).toBe(5);
    expect(sampleStd(sample)).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(median(sample)).toBe(4.5);
    expect(median([3, 1, 2])).toBe(2);
    // Order does not matter, and the input is not sorted in place.
    const shuffled = [9, 4, 2, 5, 7, 4, 5, 4];
    expect(median(shuffled)).toBe(4.5);
    expect(shuffled).toEqual([9, 4, 2, 5, 7, 4, 5, 4]);
  });

  it("summarise gathers the five numbers", () => {
    expect(summarise([4, 1, 3, 2])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3), min: 1, max: 4, median: 2.5 });
  });

  it("geometric mean: exp of the mean log", () => {
    expect(geometricMean([1, 4, 16])).toBeCloseTo(4, 14);
    expect(geometricMean([2, 8])).toBeCloseTo(4, 14);
    expect(() => geometricMean([1, 0])).toThrow("0 is not positive");
    expect(() => geometricMean([1, -2])).toThrow("-2 is not positive");
  });

  it("ratios: mean, median, range and geometric mean", () => {
    expect(summariseRatios([2, 8, 32])).toEqual({ mean: 14, median: 8, min: 2, max: 32, geometricMean: expect.closeTo(8, 12) });
  });

  it("refuses empty, single-value (for a std) and non-finite samples", () => {
    expect(() => mean([])).toThrow("no values");
    expect(() => sampleStd([1])).toThrow("at least two values");
    expect(() => summarise([1])).toThrow("at least two values");
    expect(() => median([1, NaN])).toThrow("NaN is not a finite number");
  });

  it("fractionBelow counts strictly smaller values", () => {
    expect(fractionBelow([1, 2, 3, 4], 2.5)).toBe(0.5);
    expect(fractionBelow([1, 2, 2, 3], 2)).toBe(0.25);
    expect(fractionBelow([1, 2], 0)).toBe(0);
    expect(fractionBelow([1, 2], 5)).toBe(1);
  });
});
