import { describe, expect, it } from "vitest";
import {
  bestGdRate,
  bestMomentumRate,
  bestMomentumSettings,
  conditionNumber,
  contourEllipse,
  contourLevels,
  contractionFactors,
  defaultPlateau,
  fastestLearningRate,
  gdRate,
  momentumRate,
  plateauCost,
  plateauStart,
  quadratic,
  slowerCoordinate,
  stabilityBound,
  stepsToShrink,
} from "../../../../src/lib/toy-math/quadratic.ts";
import { asVectorCost, descend } from "../../../../src/lib/toy-math/optimizers.ts";

const fd = (f: (t: number) => number, t: number, h = 1e-5) => (f(t + h) - f(t - h)) / (2 * h);

describe("quadratic", () => {
  it("is a x² + y² with gradient (2a x, 2y), Hessian diagonal (2a, 2) and minimum at the origin", () => {
    const q = quadratic(100);
    expect(q.a).toBe(100);
    expect(q.value(0.3, -2)).toBeCloseTo(100 * 0.09 + 4, 12);
    expect(q.gradient(0.3, -2)).toEqual([60, -4]);
    expect(q.hessianDiagonal).toEqual([200, 2]);
    expect(q.minimum).toEqual([0, 0]);
    expect(q.value(0, 0)).toBe(0);
  });

  it("defaults to a = 100", () => {
    expect(quadratic().a).toBe(100);
  });

  it("has its gradient equal to central finite differences", () => {
    const q = quadratic(7.5);
    for (const [x, y] of [
      [0.4, -1.2],
      [-3, 2],
      [0, 0.01],
    ]) {
      const [gx, gy] = q.gradient(x, y);
      expect(gx).toBeCloseTo(fd((t) => q.value(t, y), x), 6);
      expect(gy).toBeCloseTo(fd((t) => q.value(x, t), y), 6);
    }
  });

  it("rejects a non-positive or non-finite a", () => {
    expect(() => quadratic(0)).toThrow("a must be a positive number, got 0");
    expect(() => quadratic(-2)).toThrow("a must be a positive number, got -2");
    expect(() => quadratic(Infinity)).toThrow("a must be a positive number, got Infinity");
    expect(() => quadratic(NaN)).toThrow("a must be a positive number, got NaN");
  });
});

describe("stabilityBound and contractionFactors", () => {
  it("is 1/a for a ≥ 1 and 1 for a < 1", () => {
    expect(stabilityBound(100)).toBe(0.01);
    expect(stabilityBound(1)).toBe(1);
    expect(stabilityBound(4)).toBe(0.25);
    expect(stabilityBound(0.25)).toBe(1);
  });

  it("gives the per-step factors (1 − 2ηa, 1 − 2η)", () => {
    expect(contractionFactors(100, 0.004)).toEqual({ x: 1 - 0.8, y: 1 - 0.008 });
    const c = contractionFactors(100, 0.005);
    expect(c.x).toBe(0); // η = 1/(2a): the x-coordinate lands on 0 in one step
    expect(c.y).toBeCloseTo(0.99, 15);
  });

  it("puts the bound exactly where the largest |factor| reaches 1", () => {
    for (const a of [0.2, 1, 3, 100]) {
      const eta = stabilityBound(a);
      const f = contractionFactors(a, eta);
      expect(Math.max(Math.abs(f.x), Math.abs(f.y))).toBeCloseTo(1, 12);
      const below = contractionFactors(a, eta * 0.99);
      expect(Math.max(Math.abs(below.x), Math.abs(below.y))).toBeLessThan(1);
      const above = contractionFactors(a, eta * 1.01);
      expect(Math.max(Math.abs(above.x), Math.abs(above.y))).toBeGreaterThan(1);
    }
  });

  it("rejects bad arguments with their name", () => {
    expect(() => stabilityBound(0)).toThrow("a must be a positive number, got 0");
    expect(() => contractionFactors(-1, 0.1)).toThrow("a must be a positive number, got -1");
    expect(() => contractionFactors(1, 0)).toThrow("η must be a positive number, got 0");
    expect(() => contractionFactors(1, NaN)).toThrow("η must be a positive number, got NaN");
  });
});

describe("fastestLearningRate, gdRate and slowerCoordinate", () => {
  it("puts the fastest η at 1/(a + 1), where |1 − 2ηa| = |1 − 2η| = |a − 1|/(a + 1)", () => {
    for (const a of [0.2, 1, 3, 10 ** 1.5, 100, 1000]) {
      const eta = fastestLearningRate(a);
      expect(eta).toBeCloseTo(1 / (a + 1), 15);
      const f = contractionFactors(a, eta);
      expect(Math.abs(f.x)).toBeCloseTo(Math.abs(a - 1) / (a + 1), 12);
      expect(Math.abs(f.y)).toBeCloseTo(Math.abs(a - 1) / (a + 1), 12);
      expect(gdRate(a, eta)).toBeCloseTo(Math.abs(a - 1) / (a + 1), 12);
    }
  });

  it("no other η contracts faster (a scan of η on a log grid)", () => {
    for (const a of [0.2, 3, 100]) {
      const best = gdRate(a, fastestLearningRate(a));
      for (let e = -5; e <= 0.5; e += 0.001) {
        expect(gdRate(a, 10 ** e)).toBeGreaterThanOrEqual(best - 1e-12);
      }
    }
  });

  it("gives the rate as the larger |factor|, above 1 when GD diverges", () => {
    expect(gdRate(100, 0.009)).toBeCloseTo(0.982, 12);
    expect(gdRate(100, 0.0095)).toBeCloseTo(0.981, 12);
    expect(gdRate(100, 0.02)).toBeCloseTo(3, 12);
    expect(gdRate(1, 1)).toBe(1);
  });

  it("names the coordinate that shrinks more slowly from the factors' sizes", () => {
    // The flat direction lags for η < 1/(a + 1) …
    expect(slowerCoordinate(100, 0.009)).toBe("y");
    // … but between 1/(a + 1) and 1/a the steep one does: |1 − 2ηa| > 1 − 2η (as at a = 10^1.5, η = 10^−1.51, below).
    expect(slowerCoordinate(10 ** 1.5, 10 ** -1.51)).toBe("x");
    const f = contractionFactors(10 ** 1.5, 10 ** -1.51);
    expect(Math.abs(f.x)).toBeGreaterThan(Math.abs(f.y));
    expect(slowerCoordinate(100, 0.00991)).toBe("x");
    expect(slowerCoordinate(100, 0.0098)).toBe("y");
    // At the bound and beyond, x.
    expect(slowerCoordinate(100, 0.01)).toBe("x");
    expect(slowerCoordinate(100, 0.5)).toBe("x");
    // Equal sizes: a round bowl, or exactly at 1/(a + 1).
    expect(slowerCoordinate(1, 0.3)).toBe("both");
    expect(slowerCoordinate(1, 1)).toBe("both");
    expect(slowerCoordinate(100, fastestLearningRate(100))).toBe("both");
    expect(slowerCoordinate(10 ** 1.5, fastestLearningRate(10 ** 1.5))).toBe("both");
    // a < 1: x is the flat direction, and the roles swap at the same η = 1/(a + 1) = 0.8.
    expect(slowerCoordinate(0.25, 0.5)).toBe("x");
    expect(slowerCoordinate(0.25, 0.9)).toBe("y");
  });

  it("agrees with the iterates of plain gradient descent", () => {
    const a = 10 ** 1.5;
    const eta = 10 ** -1.51;
    const r = descend(asVectorCost(quadratic(a)), [0.5, 1], { optimizer: "gd", eta, steps: 40 });
    const [x, y] = r.points[40];
    const f = contractionFactors(a, eta);
    expect(x).toBeCloseTo(0.5 * f.x ** 40, 12);
    expect(y).toBeCloseTo(f.y ** 40, 12);
    expect(Math.abs(x) / 0.5).toBeGreaterThan(Math.abs(y)); // x is the one left behind
  });

  it("rejects bad arguments with their name", () => {
    expect(() => fastestLearningRate(0)).toThrow("a must be a positive number, got 0");
    expect(() => gdRate(1, -1)).toThrow("η must be a positive number, got -1");
    expect(() => slowerCoordinate(NaN, 0.1)).toThrow("a must be a positive number, got NaN");
  });
});

describe("the condition-number law", () => {
  it("κ is the larger curvature over the smaller", () => {
    expect(conditionNumber(100)).toBe(100);
    expect(conditionNumber(0.25)).toBe(4);
    expect(conditionNumber(1)).toBe(1);
    expect(() => conditionNumber(-1)).toThrow("a must be a positive number, got -1");
  });

  it("plain GD's best rate is (κ − 1)/(κ + 1), the rate at η = 1/(a + 1)", () => {
    expect(bestGdRate(100)).toBeCloseTo(99 / 101, 15);
    expect(bestGdRate(1)).toBe(0);
    for (const a of [0.2, 1, 3, 100]) {
      expect(bestGdRate(conditionNumber(a))).toBeCloseTo(gdRate(a, fastestLearningRate(a)), 12);
    }
  });

  it("momentum's best rate is (√κ − 1)/(√κ + 1), reached by the tuned heavy ball", () => {
    expect(bestMomentumRate(100)).toBeCloseTo(9 / 11, 15);
    for (const a of [3, 100, 1000]) {
      const { eta, momentum } = bestMomentumSettings(a);
      expect(eta).toBeCloseTo(2 / (Math.sqrt(a) + 1) ** 2, 12);
      expect(momentum).toBeCloseTo(((Math.sqrt(a) - 1) / (Math.sqrt(a) + 1)) ** 2, 12);
      // A double root: rounding in the discriminant moves it by about √(machine ε).
      expect(momentumRate(a, eta, momentum)).toBeCloseTo(bestMomentumRate(a), 7);
      // Detuning either setting only makes it slower.
      for (const k of [0.9, 1.1]) {
        expect(momentumRate(a, eta * k, momentum)).toBeGreaterThan(bestMomentumRate(a) - 1e-9);
        expect(momentumRate(a, eta, Math.min(0.999, momentum * k))).toBeGreaterThan(bestMomentumRate(a) - 1e-9);
      }
    }
  });

  it("momentum's rate is GD's with μ = 0, never below √μ, and √μ across a band of η", () => {
    for (const eta of [0.001, 0.004, 0.009, 0.012]) expect(momentumRate(100, eta, 0)).toBeCloseTo(gdRate(100, eta), 12);
    for (let e = -4; e <= -1; e += 0.01) expect(momentumRate(100, 10 ** e, 0.9)).toBeGreaterThanOrEqual(Math.sqrt(0.9) - 1e-12);
    expect(momentumRate(100, 0.009, 0.9)).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it("matches the decay of the demo's momentum iterates", () => {
    // Distinct eigenvalues (no Jordan block), so the per-step ratio settles on the rate.
    for (const [eta, mu] of [
      [0.004, 0.5],
      [0.009, 0.9],
    ]) {
      const r = descend(asVectorCost(quadratic(100)), [0.8, 1.6], { optimizer: "momentum", eta, momentum: mu, steps: 400 });
      const dist = (k: number) => Math.hypot(r.points[k][0], r.points[k][1]);
      const measured = (dist(400) / dist(200)) ** (1 / 200);
      expect(measured).toBeCloseTo(momentumRate(100, eta, mu), 2);
    }
  });

  it("counts the steps to shrink a distance, so that steps grow like κ for GD and like √κ with momentum", () => {
    expect(stepsToShrink(0.5, 8)).toBe(3);
    expect(stepsToShrink(0.1, 100)).toBe(2);
    expect(stepsToShrink(0.5, 9)).toBe(4);
    for (const [rate, by] of [
      [0.98, 100],
      [0.8, 1000],
      [9 / 11, 100],
    ]) {
      const k = stepsToShrink(rate, by);
      expect(rate ** k).toBeLessThanOrEqual(1 / by);
      expect(rate ** (k - 1)).toBeGreaterThan(1 / by);
    }
    const kappa = 1e4;
    expect(stepsToShrink(bestGdRate(kappa), 100) / kappa).toBeCloseTo(Math.log(100) / 2, 2);
    expect(stepsToShrink(bestMomentumRate(kappa), 100) / Math.sqrt(kappa)).toBeCloseTo(Math.log(100) / 2, 1);
    expect(() => stepsToShrink(1, 100)).toThrow("rate must be in (0, 1), got 1");
    expect(() => stepsToShrink(0.5, 1)).toThrow("by must be a number > 1, got 1");
    expect(() => momentumRate(1, 0.1, 1)).toThrow("μ must be in [0, 1), got 1");
    expect(() => bestGdRate(0.5)).toThrow("κ must be a number ≥ 1, got 0.5");
  });
});

describe("contourLevels", () => {
  it("spaces the ellipses evenly: level_i = maxCost (i/count)²", () => {
    expect(contourLevels(100, 5, 100)).toEqual([4, 16, 36, 64, 100]);
  });

  it("rounds down to two significant digits, never above maxCost", () => {
    // 200·(i/6)² = 5.55…, 22.2…, 50, 88.8…, 138.8…, 200
    expect(contourLevels(1, 6, 200)).toEqual([5.5, 22, 50, 88, 130, 200]);
    expect(contourLevels(1, 3, 1)).toEqual([0.11, 0.44, 1]);
    expect(contourLevels(3, 4, 0.996).at(-1)).toBe(0.99);
  });

  it("drops duplicates after rounding and stays strictly increasing inside (0, maxCost]", () => {
    // 100·(i/100)² = i²/100: i = 32 and 33 give 10.24 and 10.89, both 10 after rounding.
    const levels = contourLevels(100, 100, 100);
    expect(levels.length).toBeLessThan(100);
    expect(levels.filter((l) => l === 10)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
    expect(levels[0]).toBeGreaterThan(0);
    expect(levels.at(-1)).toBe(100);
  });

  it("rejects bad arguments with their name", () => {
    expect(() => contourLevels(0, 5, 10)).toThrow("a must be a positive number, got 0");
    expect(() => contourLevels(1, 0, 10)).toThrow("count must be a whole number ≥ 1, got 0");
    expect(() => contourLevels(1, 2.5, 10)).toThrow("count must be a whole number ≥ 1, got 2.5");
    expect(() => contourLevels(1, 5, -1)).toThrow("maxCost must be a positive number, got -1");
  });
});

describe("contourEllipse", () => {
  it("returns points on a x² + y² = level, semi-axes √(level/a) and √level", () => {
    const a = 100;
    const level = 25;
    const pts = contourEllipse(a, level);
    expect(pts).toHaveLength(96);
    for (const [x, y] of pts) expect(a * x * x + y * y).toBeCloseTo(level, 10);
    expect(pts[0]).toEqual([0.5, 0]);
    expect(pts[24][0]).toBeCloseTo(0, 12);
    expect(pts[24][1]).toBeCloseTo(5, 12);
    expect(Math.max(...pts.map((p) => Math.abs(p[0])))).toBeCloseTo(0.5, 12);
    expect(Math.max(...pts.map((p) => Math.abs(p[1])))).toBeCloseTo(5, 12);
  });

  it("goes anticlockwise and does not repeat the first point", () => {
    const pts = contourEllipse(4, 1, 8);
    expect(pts).toHaveLength(8);
    expect(pts[1][1]).toBeGreaterThan(0);
    expect(pts.at(-1)![1]).toBeLessThan(0);
  });

  it("collapses to the origin at level 0", () => {
    for (const [x, y] of contourEllipse(2, 0, 4)) expect(Math.hypot(x, y)).toBe(0);
  });

  it("rejects bad arguments with their name", () => {
    expect(() => contourEllipse(0, 1)).toThrow("a must be a positive number, got 0");
    expect(() => contourEllipse(1, -1)).toThrow("level must be a non-negative number, got -1");
    expect(() => contourEllipse(1, 1, 2)).toThrow("points must be a whole number ≥ 3, got 2");
    expect(() => contourEllipse(1, 1, 10.5)).toThrow("points must be a whole number ≥ 3, got 10.5");
  });
});

describe("plateauCost", () => {
  const c = plateauCost();

  it("uses the documented defaults", () => {
    expect(c.params).toEqual(defaultPlateau);
    expect(defaultPlateau).toEqual({ a: 1, height: 1, centre: 6, width: 1, tilt: 5e-5 });
    expect(plateauStart).toEqual([1, 0]);
  });

  it("is C = a x² + h (1 − exp(−(y − m)²/2s²)) + t (y − m)²", () => {
    const p = { a: 2, height: 3, centre: 4, width: 0.5, tilt: 0.01 };
    const cc = plateauCost(p);
    const [x, y] = [0.7, 3.2];
    const d = y - 4;
    expect(cc.value(x, y)).toBeCloseTo(2 * x * x + 3 * (1 - Math.exp((-d * d) / 0.5)) + 0.01 * d * d, 14);
  });

  it("has its gradient equal to central finite differences", () => {
    for (const cc of [c, plateauCost({ a: 3, width: 0.7, tilt: 0.02, centre: -1 })]) {
      for (const [x, y] of [
        [1, 0],
        [0.3, 4.2],
        [-0.5, 5.3],
        [0.2, 6.8],
        [2, 9],
        [0, -1.5],
      ]) {
        const [gx, gy] = cc.gradient(x, y);
        expect(gx).toBeCloseTo(fd((t) => cc.value(t, y), x), 7);
        expect(gy).toBeCloseTo(fd((t) => cc.value(x, t), y), 7);
      }
    }
  });

  it("has its Hessian diagonal equal to finite differences of the gradient", () => {
    for (const [x, y] of [
      [1, 0],
      [0.3, 4.2],
      [0, 5.5],
      [0.2, 6.8],
    ]) {
      const [hx, hy] = c.hessianDiagonal(x, y);
      expect(hx).toBeCloseTo(fd((t) => c.gradient(t, y)[0], x), 6);
      expect(hy).toBeCloseTo(fd((t) => c.gradient(x, t)[1], y), 6);
    }
    // Non-convex on the shoulder of the well (d = −2: (1 − 4) e^{−2} < 0).
    expect(c.hessianDiagonal(0, 4)[1]).toBeLessThan(0);
  });

  it("has a true minimum at (0, m) with C = 0 and zero gradient", () => {
    expect(c.minimum).toEqual([0, 6]);
    expect(c.value(0, 6)).toBe(0);
    expect(c.gradient(0, 6)).toEqual([0, 0]);
    for (const [x, y] of [
      [0.01, 6],
      [0, 5.99],
      [0, 6.01],
      [0, 0],
      [0, 20],
      [0, -30],
    ]) {
      expect(c.value(x, y)).toBeGreaterThan(0);
    }
  });

  it("is almost flat at the documented start, although the minimum is six well-widths away along y", () => {
    const [x0, y0] = plateauStart;
    const gy = c.gradient(x0, y0)[1];
    expect(Math.abs(gy)).toBeLessThan(1e-3);
    expect(gy).toBeLessThan(0); // still points towards the well
    expect(Math.abs(gy)).toBeCloseTo(6 * (Math.exp(-18) + 1e-4), 12);
    expect(c.minimum[1] - y0).toBeGreaterThanOrEqual(5 * defaultPlateau.width);
    expect(c.value(0, y0) - c.value(...c.minimum)).toBeGreaterThan(0.99 * defaultPlateau.height);
  });

  it("slopes towards the minimum everywhere along y (it is the only stationary point)", () => {
    for (let y = -20; y <= 30; y += 0.25) {
      const gy = c.gradient(0, y)[1];
      if (y < 6) expect(gy).toBeLessThan(0);
      else if (y > 6) expect(gy).toBeGreaterThan(0);
    }
  });

  it("rejects bad parameters with their name", () => {
    expect(() => plateauCost({ a: 0 })).toThrow("a must be a positive number, got 0");
    expect(() => plateauCost({ height: -1 })).toThrow("height must be a positive number, got -1");
    expect(() => plateauCost({ centre: NaN })).toThrow("centre must be finite, got NaN");
    expect(() => plateauCost({ width: 0 })).toThrow("width must be a positive number, got 0");
    expect(() => plateauCost({ tilt: -1e-3 })).toThrow("tilt must be a non-negative number, got -0.001");
  });
});
