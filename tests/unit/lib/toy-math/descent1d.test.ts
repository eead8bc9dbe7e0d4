import { describe, expect, it } from "vitest";
import { defaultWell, descend1d, quadraticCost, wellCost } from "../../../../src/lib/toy-math/descent1d.ts";

describe("wellCost", () => {
  const c = wellCost(defaultWell);
  it("has its slope equal to the finite-difference derivative", () => {
    for (const w of [-7, -3, 0, 1.5, 2, 2.4, 5]) {
      const h = 1e-6;
      expect(c.slope(w)).toBeCloseTo((c.value(w + h) - c.value(w - h)) / (2 * h), 7);
    }
  });
  it("has its minimum at the centre, C = 0 and slope 0", () => {
    expect(c.value(defaultWell.centre)).toBe(0);
    expect(c.slope(defaultWell.centre)).toBe(0);
  });
  it("is nearly flat far from the well, yet the slope still points to the minimum", () => {
    expect(Math.abs(c.slope(-6))).toBeLessThan(0.02);
    expect(c.slope(-6)).toBeLessThan(0);
    expect(c.slope(5.5)).toBeGreaterThan(0);
  });
  it("rejects a non-positive width", () => {
    expect(() => wellCost({ ...defaultWell, width: 0 })).toThrow("width must be positive, got 0");
  });
});

describe("descend1d", () => {
  it("follows the closed form w_k = (1 − 2ηa)^k w_0 on a quadratic", () => {
    const a = 3;
    const eta = 0.05;
    const r = descend1d(quadraticCost(a), 2, eta, 40, { tolerance: 0 });
    r.iterates.forEach((p) => expect(p.w).toBeCloseTo((1 - 2 * eta * a) ** p.k * 2, 12));
  });

  it("diverges, without NaN, once η > 1/a on a quadratic", () => {
    const r = descend1d(quadraticCost(2), 1, 0.55, 500, { bound: 1e6 });
    expect(r.status).toBe("diverged");
    expect(r.iterates.every((p) => Number.isFinite(p.w) && Number.isFinite(p.cost))).toBe(true);
    expect(descend1d(quadraticCost(2), 1, 0.45, 500).status).toBe("converged");
  });

  it("crawls on the flat stretch: from w0 = −6 with η = 1 it has not arrived after 200 steps", () => {
    const c = wellCost(defaultWell);
    const r = descend1d(c, -6, 1, 200);
    expect(r.status).toBe("running");
    const last = r.iterates.at(-1)!;
    expect(last.w).toBeGreaterThan(-6);
    expect(last.w).toBeLessThan(0);
    expect(descend1d(c, -6, 1, 1000).arrivedAt).not.toBeNull();
  });

  it("reports the first step within tolerance", () => {
    const r = descend1d(quadraticCost(1), 1, 0.25, 50, { tolerance: 0.01 });
    // w_k = 0.5^k: 0.5^7 = 0.0078 is the first ≤ 0.01
    expect(r.arrivedAt).toBe(7);
  });

  it("rejects bad arguments with their name", () => {
    const c = quadraticCost(1);
    expect(() => descend1d(c, NaN, 0.1, 5)).toThrow("start must be finite, got NaN");
    expect(() => descend1d(c, 0, -1, 5)).toThrow("η must be a positive number, got -1");
    expect(() => descend1d(c, 0, 0.1, 2.5)).toThrow("steps must be a whole number ≥ 0, got 2.5");
  });
});

describe("descend1d: arriving is not staying", () => {
  it("reports a run that passes the minimum and is thrown out again as running, not converged", () => {
    const c = wellCost(defaultWell);
    const r = descend1d(c, -6, 3, 1000);
    expect(r.arrivedAt).not.toBeNull();
    expect(r.settledAt).toBeNull();
    expect(r.status).toBe("running");
    expect(Math.abs(r.iterates.at(-1)!.w - c.minimum)).toBeGreaterThan(0.01);
  });
  it("says when a converging run settled for good", () => {
    const r = descend1d(quadraticCost(1), 1, 0.25, 50, { tolerance: 0.01 });
    expect(r.status).toBe("converged");
    expect(r.settledAt).toBe(7);
  });
});
