import { describe, expect, it } from "vitest";
import {
  contourEllipse,
  contourLevels,
  contractionFactors,
  defaultPlateau,
  plateauCost,
  plateauStart,
  quadratic,
  stabilityBound,
} from "../../src/lib/quadratic.ts";

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
