/**
 * The summary functions of lesson 7's data loader (src/lib/schemas/derived/through-time.ts),
 * against values worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { LEARNED, geometricProfile, learnedCount, learningRange, seedSpread } from "../../../../../src/lib/schemas/derived/through-time.ts";

describe("seedSpread", () => {
  it("min, median and max of an odd and an even count, in any order", () => {
    expect(seedSpread([0.5, 1, 0.25])).toEqual({ min: 0.25, median: 0.5, max: 1 });
    expect(seedSpread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(seedSpread([7])).toEqual({ min: 7, median: 7, max: 7 });
  });
  it("refuses an empty list and a value that is not finite, by name", () => {
    expect(() => seedSpread([])).toThrow("src/lib/schemas/derived/through-time.ts: seedSpread needs at least one value");
    expect(() => seedSpread([1, NaN])).toThrow("seedSpread got a value that is not finite: NaN");
  });
});

describe("learnedCount and learningRange", () => {
  it("counts accuracies at or above 95%", () => {
    expect(LEARNED).toBe(0.95);
    expect(learnedCount([0.95, 0.9499, 1, 0.25])).toBe(2);
  });
  it("the largest T all seeds learned stops at the first T where one did not, even if a longer T is learned again", () => {
    const rows = [
      { T: 5, accuracies: [1, 1, 1] },
      { T: 10, accuracies: [1, 0.5, 1] },
      { T: 20, accuracies: [1, 1, 1] },
      { T: 50, accuracies: [0.25, 0.3, 0.24] },
      { T: 100, accuracies: [0.25, 0.2, 0.3] },
    ];
    expect(learningRange(rows)).toEqual({ allLearnUpTo: 5, noneFrom: 50 });
  });
  it("noneFrom needs every longer T to be unlearned too; null at either end when it does not apply", () => {
    expect(learningRange([{ T: 5, accuracies: [0.5] }, { T: 10, accuracies: [0.96] }, { T: 20, accuracies: [0.3] }])).toEqual({ allLearnUpTo: null, noneFrom: 20 });
    expect(learningRange([{ T: 5, accuracies: [1, 1] }, { T: 10, accuracies: [1, 0.97] }])).toEqual({ allLearnUpTo: 10, noneFrom: null });
    expect(learningRange([{ T: 5, accuracies: [0.2] }, { T: 10, accuracies: [0.3] }])).toEqual({ allLearnUpTo: null, noneFrom: 5 });
  });
  it("refuses rows out of order", () => {
    expect(() => learningRange([{ T: 10, accuracies: [1] }, { T: 5, accuracies: [1] }])).toThrow("learningRange rows must be in increasing T, got 10 then 5");
    expect(() => learningRange([])).toThrow("learningRange needs at least one T");
  });
});

describe("geometricProfile", () => {
  it("the geometric mean, min and max at each t", () => {
    const p = geometricProfile([
      [1e-6, 1e-2, 4],
      [1e-2, 1e-2, 1],
    ]);
    expect(p.mean[0]).toBeCloseTo(1e-4, 15);
    expect(p.mean[1]).toBeCloseTo(1e-2, 15);
    expect(p.mean[2]).toBeCloseTo(2, 12);
    expect(p.min).toEqual([1e-6, 1e-2, 1]);
    expect(p.max).toEqual([1e-2, 1e-2, 4]);
  });
  it("refuses lists of different lengths and norms that are not positive", () => {
    expect(() => geometricProfile([[1, 2], [1]])).toThrow("geometricProfile lists differ in length (2 and 1); pass the norms of runs with the same T");
    expect(() => geometricProfile([[1, 0]])).toThrow("geometricProfile needs positive finite norms, got 0");
    expect(() => geometricProfile([])).toThrow("geometricProfile needs at least one list");
  });
});
