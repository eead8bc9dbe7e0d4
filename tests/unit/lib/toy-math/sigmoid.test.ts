import { describe, expect, it } from "vitest";
import { biasForZeroInput, inputWindowWidth, sigmoid, sigmoidPrime, widestInputWindow } from "../../../../src/lib/toy-math/sigmoid.ts";

const fd = (f: (x: number) => number, x: number, h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

describe("sigmoid", () => {
  it("matches 1/(1+e^-z) and is stable for large |z|", () => {
    for (const z of [-5, -1, 0, 0.5, 3]) expect(sigmoid(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
    // Far left, e^z is still representable while e^−z overflows: the value stays positive.
    expect(sigmoid(-720)).toBeCloseTo(Math.exp(-720), 320);
    expect(sigmoid(-720)).toBeGreaterThan(0);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(Number.isNaN(sigmoid(-1000))).toBe(false);
  });

  it("has derivative σ(1−σ), checked by finite differences, with maximum σ'(0) = 1/4", () => {
    for (const z of [-4, -1.3, 0, 0.7, 2.5]) expect(sigmoidPrime(z)).toBeCloseTo(fd(sigmoid, z), 9);
    expect(sigmoidPrime(0)).toBe(0.25);
    for (let z = -10; z <= 10; z += 0.01) expect(sigmoidPrime(z)).toBeLessThanOrEqual(0.25);
  });
});

describe("inputWindowWidth", () => {
  // Independent check: measure the set {a : |w σ'(w a)| ≥ 1} by bisection on each side of a = 0.
  const measured = (w: number) => {
    const f = (a: number) => Math.abs(w * sigmoidPrime(w * a)) - 1;
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) >= 0) lo = mid;
      else hi = mid;
    }
    return 2 * lo; // symmetric about a = 0 when b = 0
  };

  it("is zero for |w| ≤ 4 because no factor wσ' reaches 1", () => {
    expect(inputWindowWidth(4)).toBe(0);
    expect(inputWindowWidth(-3)).toBe(0);
    expect(inputWindowWidth(0)).toBe(0);
  });

  it.each([4.5, 6, 6.9, 10, 25, 100, -8])("matches the measured window for w = %d", (w) => {
    expect(inputWindowWidth(w)).toBeCloseTo(measured(w), 9);
  });

  it("peaks at about 0.45 near |w| ≈ 6.9, as Nielsen states", () => {
    const best = widestInputWindow();
    expect(best.width).toBeGreaterThan(0.44);
    expect(best.width).toBeLessThan(0.46);
    expect(best.w).toBeGreaterThan(6.5);
    expect(best.w).toBeLessThan(7.3);
    // At the maximum the width is flat: its derivative vanishes and no nearby |w| does better.
    expect(Math.abs(fd(inputWindowWidth, best.w, 1e-4))).toBeLessThan(1e-6);
    for (const dw of [-1e-3, 1e-3]) expect(inputWindowWidth(best.w + dw)).toBeLessThanOrEqual(best.width);
    expect(inputWindowWidth(best.w - 0.2)).toBeLessThan(best.width);
    expect(inputWindowWidth(best.w + 0.2)).toBeLessThan(best.width);
  });

  it("puts z at 0 with biasForZeroInput", () => {
    expect(100 * 0.3 + biasForZeroInput(100, 0.3)).toBeCloseTo(0, 12);
  });
});
