import { describe, expect, it } from "vitest";
import { CHANCE_MARGIN, chancePlateau, climbOf, oneAnswerShare } from "../../../../src/lib/analysis/chance.ts";

const run = (accs: number[], epochs = accs.map((_, i) => i)) => accs.map((testAccuracy, i) => ({ epoch: epochs[i], testAccuracy }));

describe("oneAnswerShare", () => {
  it("is the most common label's share, counted by hand", () => {
    expect(oneAnswerShare([1, 1, 1, 7, 7, 0, 3, 1, 9, 2])).toBe(0.4);
    expect(oneAnswerShare(new Uint8Array([5]))).toBe(1);
  });
  it("refuses no labels", () => {
    expect(() => oneAnswerShare([])).toThrow("oneAnswerShare: no labels");
  });
});

describe("chancePlateau", () => {
  it("is the opening stretch at or below one answer + 5 points, and the epoch that leaves it", () => {
    expect(CHANCE_MARGIN).toBe(0.05);
    // 0.16 is 0.11 + 0.05 exactly: still at chance; 0.17 is above.
    expect(chancePlateau(run([0.1, 0.11, 0.16, 0.17, 0.12, 0.9]), 0.11)).toEqual({ from: 0, to: 2, leftAt: 3 });
  });
  it("keeps the measured epochs (a run measured every 5 epochs)", () => {
    expect(chancePlateau(run([0.1, 0.1, 0.1, 0.5], [0, 5, 10, 15]), 0.11)).toEqual({ from: 0, to: 10, leftAt: 15 });
  });
  it("is still open while the run sits at chance, and null when it starts above or has no points", () => {
    expect(chancePlateau(run([0.1, 0.12]), 0.11)).toEqual({ from: 0, to: 1, leftAt: null });
    expect(chancePlateau(run([0.3, 0.1]), 0.11)).toBeNull();
    expect(chancePlateau([], 0.11)).toBeNull();
  });
  it("treats NaN accuracy as not above chance", () => {
    expect(chancePlateau(run([NaN, 0.5]), 0.11)).toEqual({ from: 0, to: 0, leftAt: 1 });
  });
});

describe("climbOf", () => {
  it("the first epoch above chance and the epoch it stays above from (a run that falls back counts from its last climb)", () => {
    // one answer 0.11: above chance means > 0.16.
    expect(climbOf(run([0.1, 0.12, 0.17, 0.1, 0.2, 0.5]), 0.11)).toEqual({ epochs: 5, leftAt: 2, climbsFrom: 4 });
    expect(climbOf(run([0.1, 0.3, 0.5]), 0.11)).toEqual({ epochs: 2, leftAt: 1, climbsFrom: 1 });
  });
  it("is null for a run that never leaves chance, and climbsFrom null when it ends at chance", () => {
    expect(climbOf(run([0.1, 0.1, 0.1], [0, 250, 500]), 0.11)).toEqual({ epochs: 500, leftAt: null, climbsFrom: null });
    expect(climbOf(run([0.1, 0.3, 0.1]), 0.11)).toEqual({ epochs: 2, leftAt: 1, climbsFrom: null });
  });
});
