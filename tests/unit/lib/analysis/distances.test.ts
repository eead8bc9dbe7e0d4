/**
 * src/lib/analysis/distances.ts against hand-made points whose distances, nearest neighbours, ratios and
 * percentiles are worked out below by hand; principal components of data with known eigenvectors;
 * χ² quantiles against printed tables and closed forms.
 */
import { describe, expect, it } from "vitest";
import {
  chiBand, chiSquareCdf, chiSquareQuantile, closestDifferentPair, covariance, leaveOneOutNearest, logGamma, pairIndex,
  pairRatio, pairRatios, pairSquaredDistances, percentile, principalComponents, project, rankOf, ratioStats, symmetricEigen,
} from "../../../../src/lib/analysis/distances.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

/**
 * Four points in the plane, labels [0, 1, 0, 1]:
 *   x0 = (0, 0), x1 = (1, 0), x2 = (0, 2), x3 = (3, 0).
 * Squared distances (0,1) 1, (0,2) 4, (0,3) 9, (1,2) 5, (1,3) 4, (2,3) 13.
 * Nearest other point: x0 → x1 (1, label 1: wrong), x1 → x0 (1: wrong), x2 → x0 (4 < 5: right),
 * x3 → x1 (4 < 9, 13: right). Leave-one-out accuracy 2/4.
 * Features f = (2·x, y/2): f0 = (0, 0), f1 = (2, 0), f2 = (0, 1), f3 = (6, 0); squared distances
 * (0,1) 4, (0,2) 1, (0,3) 36, (1,2) 5, (1,3) 16, (2,3) 37.
 * Different-label pairs (0,1), (0,3), (1,2), (2,3): r = √(4/1) = 2, √(36/9) = 2, √(5/5) = 1, √(37/13).
 * Sorted 1, √(37/13) ≈ 1.687, 2, 2; nearest rank of 4 values: p5 → rank 1, p50 → rank 2, p95 → rank 4.
 */
const X = [0, 0, 1, 0, 0, 2, 3, 0];
const F = [0, 0, 2, 0, 0, 1, 6, 0];
const LABELS = [0, 1, 0, 1];

describe("pair distances", () => {
  it("numbers the pairs i < j row by row", () => {
    const n = 4;
    expect([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]].map(([i, j]) => pairIndex(i, j, n))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => pairIndex(2, 2, 4)).toThrow("need whole numbers 0 ≤ i < j < n");
  });
  it("are the squared Euclidean distances worked out by hand", () => {
    expect(Array.from(pairSquaredDistances(X, 4, 2))).toEqual([1, 4, 9, 5, 4, 13]);
    expect(Array.from(pairSquaredDistances(F, 4, 2))).toEqual([4, 1, 36, 5, 16, 37]);
  });
  it("refuses too few values and non-finite ones, naming the row", () => {
    expect(() => pairSquaredDistances([1, 2, 3], 2, 2)).toThrow("pairSquaredDistances: 3 values for 2 rows of 2 (4)");
    expect(() => pairSquaredDistances([1, 2, NaN, 0], 2, 2)).toThrow("value 2 (row 1) is NaN");
  });
});

describe("leave-one-out 1-nearest-neighbour", () => {
  it("classifies each point by the nearest OTHER point: 2 of 4 by hand", () => {
    const nn = leaveOneOutNearest(pairSquaredDistances(X, 4, 2), 4, LABELS);
    expect(Array.from(nn.neighbour)).toEqual([1, 0, 0, 1]);
    expect(nn.correct).toBe(2);
    expect(nn.accuracy).toBe(0.5);
  });
  it("breaks ties towards the lowest index, whichever way the candidate is met", () => {
    // On a line at 0, 5, 6, 7: point 2 (at 6) is 1 from both point 1 (met as the i of row 1) and point 3
    // (met in its own row): point 1 wins. Point 1 (at 5) is nearest point 2; point 0 is nearest point 1.
    const line = [0, 5, 6, 7];
    const nn = leaveOneOutNearest(pairSquaredDistances(line, 4, 1), 4, [0, 0, 1, 1]);
    expect(Array.from(nn.neighbour)).toEqual([1, 2, 1, 2]);
    // Point 0: same label as 1 (right); 1 → 2 (wrong); 2 → 1 (wrong); 3 → 2 (right).
    expect(nn.correct).toBe(2);
    // Three points equally far apart in pairs (an equilateral triangle has no ties… a line of equal gaps does).
    const eq = leaveOneOutNearest(pairSquaredDistances([0, 1, 2], 3, 1), 3, [0, 1, 2]);
    expect(Array.from(eq.neighbour)).toEqual([1, 0, 1]);
  });
  it("two identical points are each other's neighbours at distance 0, never themselves", () => {
    // Points at 4, 4, 9: 0 ↔ 1 at 0; point 2 is 5 from both, so the lower index 0 (label 7, wrong).
    const nn = leaveOneOutNearest(pairSquaredDistances([4, 4, 9], 3, 1), 3, [7, 7, 1]);
    expect(Array.from(nn.neighbour)).toEqual([1, 0, 0]);
    expect(nn.accuracy).toBeCloseTo(2 / 3, 15);
  });
  it("refuses a distance list of the wrong length", () => {
    expect(() => leaveOneOutNearest([1, 2], 3, [0, 1, 2])).toThrow("2 pair distances for 3 points (3)");
  });
});

describe("distance ratios", () => {
  const fx = pairSquaredDistances(F, 4, 2);
  const px = pairSquaredDistances(X, 4, 2);
  it("are √(feature distance² / pixel distance²) over the pairs of different labels, in pair order", () => {
    const r = Array.from(pairRatios(fx, px, 4, LABELS));
    expect(r).toHaveLength(4);
    expect(r[0]).toBe(2);
    expect(r[1]).toBe(2);
    expect(r[2]).toBe(1);
    expect(r[3]).toBeCloseTo(Math.sqrt(37 / 13), 15);
    expect(pairRatio(fx, px, 4, 3, 2)).toBeCloseTo(Math.sqrt(37 / 13), 15);
  });
  it("percentiles, relative spread and the closest pair, by hand", () => {
    const s = ratioStats(fx, px, 4, LABELS);
    const mid = Math.sqrt(37 / 13);
    expect(s.pairs).toBe(4);
    expect(s.p5).toBe(1);
    expect(s.p50).toBeCloseTo(mid, 15);
    expect(s.p95).toBe(2);
    expect(s.relative.p5).toBeCloseTo(1 / mid, 15);
    expect(s.relative.p95).toBeCloseTo(2 / mid, 15);
    expect(s.closest).toEqual({ i: 1, j: 2, ratio: 1, relative: 1 / s.p50 });
    expect(Array.from(s.sorted)).toEqual([1, Math.sqrt(37 / 13), 2, 2]);
    // Ranks: 1 of 4 values ≤ 1, 2 ≤ 1.8, all 4 ≤ 2, none ≤ 0.5.
    expect([rankOf(s.sorted, 1), rankOf(s.sorted, 1.8), rankOf(s.sorted, 2), rankOf(s.sorted, 0.5)]).toEqual([0.25, 0.5, 1, 0]);
  });
  it("a map that scales every distance by 3 has ratio 3 everywhere and a relative spread of exactly 1", () => {
    const s = ratioStats(pairSquaredDistances(X.map((v) => 3 * v), 4, 2), px, 4, LABELS);
    expect([s.p5, s.p50, s.p95]).toEqual([3, 3, 3]);
    expect(s.relative).toEqual({ p5: 1, p95: 1 });
    expect(s.sorted).toHaveLength(4);
  });
  it("refuses two different labels on the same pixels", () => {
    expect(() => pairRatios([1], [0], 2, [0, 1])).toThrow("digits 0 and 1 have different labels but the same pixels");
  });
  it("the closest pair of different labels by distance", () => {
    expect(closestDifferentPair(px, 4, LABELS)).toEqual({ i: 0, j: 1, distance: 1 });
    expect(closestDifferentPair(fx, 4, LABELS)).toEqual({ i: 0, j: 1, distance: 2 });
  });
});

describe("percentile (nearest rank)", () => {
  const v = Array.from({ length: 20 }, (_, i) => i + 1);
  it("is sorted[⌈p·m⌉ − 1]", () => {
    expect([percentile(v, 0.05), percentile(v, 0.5), percentile(v, 0.95), percentile(v, 1)]).toEqual([1, 10, 19, 20]);
    expect(percentile([7], 0.05)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow("no values");
    expect(() => percentile(v, 0)).toThrow("p must be in (0, 1]");
  });
});

describe("symmetric eigenproblems", () => {
  it("[[2, 1], [1, 2]]: 3 along (1, 1)/√2, 1 along (1, −1)/√2", () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    const h = Math.SQRT1_2;
    [h, h, h, -h].forEach((e, i) => expect(vectors[i]).toBeCloseTo(e, 14));
  });
  it("recovers R diag(5, 2, −1) Rᵀ for an orthonormal R", () => {
    const u = [[1, 2, 2], [2, 1, -2], [2, -2, 1]].map((r) => r.map((x) => x / 3));
    const lam = [5, 2, -1];
    const a = new Array(9).fill(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 3; c++) a[i * 3 + j] += lam[c] * u[c][i] * u[c][j];
    const { values, vectors } = symmetricEigen(a, 3);
    lam.forEach((l, c) => expect(values[c]).toBeCloseTo(l, 13));
    // Unit vectors whose first entry of the largest magnitude is positive: u as written.
    u.forEach((row, c) => row.forEach((e, i) => expect(vectors[c * 3 + i]).toBeCloseTo(e, 13)));
  });
  it("refuses a matrix that is not symmetric", () => {
    expect(() => symmetricEigen([1, 2, 3, 4], 2)).toThrow("not symmetric at (0, 1)");
  });
});

describe("principal components", () => {
  // Six points mean + (±3 u1, ±1 u2, ±0.1 u3): covariance (÷ 6) = 3 u1u1ᵀ + (1/3) u2u2ᵀ + (0.01/3) u3u3ᵀ.
  const u = [[1, 2, 2], [2, 1, -2], [2, -2, 1]].map((r) => r.map((x) => x / 3));
  const mean = [1, -2, 0.5];
  const scale = [3, 1, 0.1];
  const pts: number[] = [];
  for (let c = 0; c < 3; c++) for (const s of [1, -1]) pts.push(...mean.map((m, i) => m + s * scale[c] * u[c][i]));

  it("covariance: the mean and the covariance divided by n", () => {
    const { mean: mu, cov } = covariance(pts, 6, 3);
    mean.forEach((m, i) => expect(mu[i]).toBeCloseTo(m, 14));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const want = u.reduce((s, uc, c) => s + ((2 * scale[c] ** 2) / 6) * uc[i] * uc[j], 0);
        expect(cov[i * 3 + j]).toBeCloseTo(want, 13);
      }
    }
  });
  it("recovers u1 and u2 with variances 3 and 1/3, and projects a point onto its coordinates", () => {
    const pc = principalComponents(pts, 6, 3, 2);
    expect(pc.values[0]).toBeCloseTo(3, 12);
    expect(pc.values[1]).toBeCloseTo(1 / 3, 12);
    for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) expect(pc.components[c * 3 + i]).toBeCloseTo(u[c][i], 9);
    const y = project(pc, pts, 6, 3);
    // Point 0 is mean + 3 u1: coordinates (3, 0); point 3 is mean − u2: (0, −1).
    [3, 0].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 9));
    [0, -1].forEach((v, i) => expect(y[3 * 2 + i]).toBeCloseTo(v, 9));
  });
  it("on random data agrees with the full eigen-decomposition of the covariance", () => {
    const r = mulberry32(3);
    const n = 60;
    const d = 12;
    // Columns of different scales, many zeros (like pixels).
    const x = Float64Array.from({ length: n * d }, (_, i) => (r() < 0.4 ? 0 : r() * (1 + (i % d))));
    const pc = principalComponents(x, n, d, 4, { seed: 9, oversample: 3 });
    const full = symmetricEigen(covariance(x, n, d).cov, d);
    for (let c = 0; c < 4; c++) {
      expect(pc.values[c]).toBeCloseTo(full.values[c], 9);
      let dot = 0;
      for (let i = 0; i < d; i++) dot += pc.components[c * d + i] * full.vectors[c * d + i];
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    }
    expect(pc.residual).toBeLessThanOrEqual(1e-9);
    // Deterministic: the same seed gives the same numbers.
    expect(Array.from(principalComponents(x, n, d, 4, { seed: 9, oversample: 3 }).components)).toEqual(Array.from(pc.components));
  });
  it("refuses a k larger than the dimension", () => {
    expect(() => principalComponents(pts, 6, 3, 4)).toThrow("k must be a whole number in 1..3");
  });
});

describe("the χ² distribution", () => {
  it("ln Γ at known points", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(0.25)).toBeCloseTo(Math.log(3.6256099082219083), 13);
  });
  it("the CDF matches the closed forms for 2 and 4 degrees of freedom", () => {
    for (const x of [0.01, 0.5, 1, 3, 7.5, 20, 60]) {
      expect(chiSquareCdf(x, 2)).toBeCloseTo(1 - Math.exp(-x / 2), 14);
      expect(chiSquareCdf(x, 4)).toBeCloseTo(1 - Math.exp(-x / 2) * (1 + x / 2), 14);
    }
    expect(chiSquareCdf(0, 3)).toBe(0);
  });
  it("quantiles against printed tables", () => {
    const table: [number, number, number][] = [
      [0.95, 1, 3.841459],
      [0.05, 1, 0.00393214],
      [0.5, 1, 0.4549364],
      [0.05, 30, 18.49266],
      [0.95, 30, 43.77297],
      [0.05, 100, 77.92947],
      [0.95, 100, 124.3421],
      [0.05, 1000, 927.5944],
      [0.95, 1000, 1074.679],
    ];
    for (const [p, k, q] of table) expect(Math.abs(chiSquareQuantile(p, k) / q - 1), `q_${p}(χ²_${k})`).toBeLessThan(2e-6);
    // The quantile inverts the CDF to rounding.
    expect(chiSquareCdf(chiSquareQuantile(0.3, 7), 7)).toBeCloseTo(0.3, 13);
  });
  it("the predicted ratio band: √(q_p/q_0.5) relative to the median, ≈ 1 ± 1.645/√(2k) relative to the rms for large k", () => {
    const b30 = chiBand(30);
    expect(b30.relative.p5).toBeCloseTo(Math.sqrt(18.49266 / chiSquareQuantile(0.5, 30)), 6);
    expect(b30.overRms.p95).toBeCloseTo(Math.sqrt(43.77297 / 30), 6);
    expect(b30.median).toBeCloseTo(Math.sqrt(chiSquareQuantile(0.5, 30)), 12);
    const b1000 = chiBand(1000);
    expect(Math.abs(b1000.overRms.p5 - (1 - 1.645 / Math.sqrt(2000)))).toBeLessThan(2e-3);
    expect(Math.abs(b1000.overRms.p95 - (1 + 1.645 / Math.sqrt(2000)))).toBeLessThan(2e-3);
    // The band narrows as k grows.
    const widths = [30, 100, 300, 1000].map((k) => chiBand(k).relative.p95 - chiBand(k).relative.p5);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeLessThan(widths[i - 1]);
  });
  it("a Gaussian projection's ratios spread as predicted (Monte Carlo, 4,000 directions)", () => {
    // G: 30 × 50 with N(0, 1/50) entries; r = ‖G v‖/‖v‖ over random v, each G fresh: exactly σ√χ²_30.
    const r = mulberry32(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const k = 30;
    const D = 50;
    const ratios: number[] = [];
    for (let t = 0; t < 4000; t++) {
      const v = Array.from({ length: D }, normal);
      let gv = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let i = 0; i < D; i++) s += (normal() / Math.sqrt(D)) * v[i];
        gv += s * s;
      }
      ratios.push(Math.sqrt(gv / v.reduce((a, b) => a + b * b, 0)));
    }
    ratios.sort((a, b) => a - b);
    const b = chiBand(k);
    const p50 = percentile(ratios, 0.5);
    expect(p50).toBeCloseTo(b.median / Math.sqrt(D), 1);
    expect(Math.abs(percentile(ratios, 0.05) / p50 - b.relative.p5)).toBeLessThan(0.02);
    expect(Math.abs(percentile(ratios, 0.95) / p50 - b.relative.p95)).toBeLessThan(0.02);
  });
  it("refuses bad arguments", () => {
    expect(() => chiSquareQuantile(1, 3)).toThrow("p must be in (0, 1)");
    expect(() => chiSquareQuantile(0.5, 0)).toThrow("degrees of freedom must be > 0");
  });
});
