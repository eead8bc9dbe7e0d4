import { describe, expect, it } from "vitest";
import { asVectorCost, descend, optimizerKinds, quadraticStabilityBound, type VectorCost } from "../../../../src/lib/toy-math/optimizers.ts";
import { plateauCost, plateauStart, quadratic, stabilityBound } from "../../../../src/lib/toy-math/quadratic.ts";

/** |actual − expected| ≤ rel·|expected| (plus a tiny absolute floor for exact zeros). */
const expectRel = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);

const allFinite = (r: { points: number[][]; values: number[]; gradients: number[][] }) =>
  r.points.every((p) => p.every(Number.isFinite)) &&
  r.values.every(Number.isFinite) &&
  r.gradients.every((g) => g.every(Number.isFinite));

describe("descend: plain gradient descent on a x² + y²", () => {
  it("follows the closed form x_k = (1 − 2ηa)^k x_0, y_k = (1 − 2η)^k y_0 for several η", () => {
    const a = 100;
    const q = asVectorCost(quadratic(a));
    const [x0, y0] = [1.5, -8];
    // 0.005 = 1/(2a) gives x_1 = 0 exactly; 0.0075 and 0.0099 give negative x-factors (zig-zag).
    for (const eta of [0.001, 0.004, 0.005, 0.0075, 0.0099]) {
      const r = descend(q, [x0, y0], { optimizer: "gd", eta, steps: 120 });
      expect(r.points).toHaveLength(121);
      r.points.forEach(([x, y], k) => {
        expectRel(x, (1 - 2 * eta * a) ** k * x0);
        expectRel(y, (1 - 2 * eta) ** k * y0);
      });
      r.values.forEach((v, k) => expectRel(v, a * r.points[k][0] ** 2 + r.points[k][1] ** 2));
      r.gradients.forEach((g, k) => expect(g).toEqual([2 * a * r.points[k][0], 2 * r.points[k][1]]));
    }
  });

  it("converges just below the stability bound and diverges just above it, with no NaN", () => {
    for (const a of [100, 4, 0.5]) {
      const q = asVectorCost(quadratic(a));
      const bound = stabilityBound(a);
      const below = descend(q, [1, 1], { optimizer: "gd", eta: 0.99 * bound, steps: 3000 });
      expect(below.status).toBe("converged");
      expect(below.divergedAt).toBeNull();
      expect(below.arrivedAt).not.toBeNull();

      // |factor| = 1.02: 1.02^k passes 1e6 near k = 700.
      const above = descend(q, [1, 1], { optimizer: "gd", eta: 1.01 * bound, steps: 3000 });
      expect(above.status).toBe("diverged");
      expect(above.divergedAt).toBe(above.points.length);
      expect(above.divergedAt).toBeGreaterThan(600);
      expect(above.divergedAt).toBeLessThan(800);
      expect(allFinite(above)).toBe(true);
      expect(above.points.every((p) => p.every((c) => Math.abs(c) <= 1e6))).toBe(true);
    }
  });

  it("stops at the bound it is given", () => {
    const r = descend(asVectorCost(quadratic(100)), [1, 1], { optimizer: "gd", eta: 0.02, steps: 100, bound: 10 });
    // x-factor 1 − 4 = −3: |x_k| = 3^k, 27 > 10 at k = 3.
    expect(r.status).toBe("diverged");
    expect(r.divergedAt).toBe(3);
    expect(r.points.map((p) => p[0])).toEqual([1, -3, 9]);
  });

  it("stops as diverged instead of recording Infinity when one step overflows", () => {
    const r = descend(asVectorCost(quadratic(100)), [1, 1], { optimizer: "gd", eta: 1e307, steps: 5 });
    expect(r.status).toBe("diverged");
    expect(r.divergedAt).toBe(1);
    expect(r.points).toEqual([[1, 1]]);
    expect(allFinite(r)).toBe(true);
  });

  it("stops as diverged when the cost returns a non-finite gradient", () => {
    const bad: VectorCost = { value: (p) => p[0] ** 2, gradient: (p) => [p[0] < 0.5 ? NaN : 2 * p[0]] };
    const r = descend(bad, [1], { optimizer: "gd", eta: 0.3, steps: 10 });
    // x_1 = 1 − 0.6 = 0.4, where the gradient is NaN.
    expect(r.status).toBe("diverged");
    expect(r.divergedAt).toBe(1);
    expect(r.points).toEqual([[1]]);
  });

  it("reports 'running' when it has not arrived yet, and the first arrival", () => {
    const q = asVectorCost(quadratic(1));
    // y_k = 0.5^k: 0.5^7 = 0.0078 is the first ≤ 0.01.
    const r = descend(q, [0, 1], { optimizer: "gd", eta: 0.25, steps: 5 });
    expect(r.status).toBe("running");
    expect(r.arrivedAt).toBeNull();
    const s = descend(q, [0, 1], { optimizer: "gd", eta: 0.25, steps: 50 });
    expect(s.status).toBe("converged");
    expect(s.arrivedAt).toBe(7);
    expect(s.points).toHaveLength(51);
    const t = descend(q, [0, 1], { optimizer: "gd", eta: 0.25, steps: 50, stopWhenConverged: true });
    expect(t.points).toHaveLength(8);
    expect(t.status).toBe("converged");
  });

  it("counts a vanishing gradient as converged when the cost has no known minimum", () => {
    const bowl: VectorCost = { value: (p) => p[0] ** 2 + p[1] ** 2 + p[2] ** 2, gradient: (p) => p.map((c) => 2 * c) };
    const r = descend(bowl, [1, -2, 3], { optimizer: "gd", eta: 0.5, steps: 3 });
    // η = 1/2 on x² + y² + z²: the first step lands on 0, where the gradient is exactly 0.
    expect(r.points[1]).toEqual([0, 0, 0]);
    expect(r.arrivedAt).toBe(1);
    expect(r.status).toBe("converged");
    const far = descend(bowl, [1, -2, 3], { optimizer: "gd", eta: 0.01, steps: 3 });
    expect(far.status).toBe("running");
  });

  it("records just the start when steps = 0", () => {
    const r = descend(asVectorCost(quadratic(100)), [0.1, 2], { optimizer: "adam", eta: 0.1, steps: 0 });
    expect(r.points).toEqual([[0.1, 2]]);
    expect(r.values).toHaveLength(1);
    expect(r.gradients).toHaveLength(1);
    expect(r.status).toBe("running");
  });

  it("does not modify the start array", () => {
    const start = [1, 1];
    descend(asVectorCost(quadratic(2)), start, { optimizer: "momentum", eta: 0.1, steps: 10 });
    expect(start).toEqual([1, 1]);
  });
});

describe("descend: momentum", () => {
  it("matches two heavy-ball steps computed by hand", () => {
    // C = 10 x² + y², η = 0.01, μ = 0.9, start (1, 1), v_0 = 0.
    // g_0 = (20·1, 2·1) = (20, 2)
    // v_1 = 0.9·0 − 0.01·(20, 2) = (−0.2, −0.02);  x_1 = (1 − 0.2, 1 − 0.02) = (0.8, 0.98)
    // g_1 = (20·0.8, 2·0.98) = (16, 1.96)
    // v_2 = 0.9·(−0.2, −0.02) − 0.01·(16, 1.96) = (−0.18 − 0.16, −0.018 − 0.0196) = (−0.34, −0.0376)
    // x_2 = (0.8 − 0.34, 0.98 − 0.0376) = (0.46, 0.9424)
    const r = descend(asVectorCost(quadratic(10)), [1, 1], { optimizer: "momentum", eta: 0.01, momentum: 0.9, steps: 2 });
    expect(r.points[1][0]).toBeCloseTo(0.8, 14);
    expect(r.points[1][1]).toBeCloseTo(0.98, 14);
    expect(r.gradients[1][0]).toBeCloseTo(16, 12);
    expect(r.gradients[1][1]).toBeCloseTo(1.96, 12);
    expect(r.points[2][0]).toBeCloseTo(0.46, 14);
    expect(r.points[2][1]).toBeCloseTo(0.9424, 14);
  });

  it("uses μ = 0.9 by default and is plain GD with μ = 0", () => {
    const q = asVectorCost(quadratic(10));
    const d = descend(q, [1, 1], { optimizer: "momentum", eta: 0.01, steps: 2 });
    expect(d.points[2][0]).toBeCloseTo(0.46, 14);
    const m0 = descend(q, [1, 1], { optimizer: "momentum", eta: 0.01, momentum: 0, steps: 30 });
    const gd = descend(q, [1, 1], { optimizer: "gd", eta: 0.01, steps: 30 });
    m0.points.forEach((p, k) => {
      expect(p[0]).toBeCloseTo(gd.points[k][0], 14);
      expect(p[1]).toBeCloseTo(gd.points[k][1], 14);
    });
  });

  it("crosses the plateau about 1/(1 − μ) times faster than GD with the same η", () => {
    const pc = asVectorCost(plateauCost());
    const gd = descend(pc, plateauStart, { optimizer: "gd", eta: 0.05, steps: 300 });
    const mo = descend(pc, plateauStart, { optimizer: "momentum", eta: 0.05, steps: 300 });
    const gain = (mo.points.at(-1)![1] - plateauStart[1]) / (gd.points.at(-1)![1] - plateauStart[1]);
    expect(gain).toBeGreaterThan(8);
    expect(gain).toBeLessThan(10.5);
  });
});

describe("descend: Adam", () => {
  it("matches two Adam steps computed by hand", () => {
    // C = 100 x² + y², η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, start (1, 10).
    // t = 1: g = (200, 20)
    //   m = 0.1·g = (20, 2);  v = 0.001·g² = (40, 0.4)
    //   m̂ = m/(1 − 0.9) = (200, 20);  v̂ = v/(1 − 0.999) = (40000, 400);  √v̂ = (200, 20)
    //   x_1 = (1 − 0.1·200/(200 + 1e-8), 10 − 0.1·20/(20 + 1e-8)) = (0.900000000005, 9.90000000005)
    //   (the first Adam step moves each coordinate by η·sign(g), up to ε)
    // t = 2: g = (200·x_1, 2·y_1) = (180.000000001, 19.8000000001)
    //   m = 0.9·(20, 2) + 0.1·g = (18 + 18.0000000001, 1.8 + 1.98000000001) = (36.0000000001, 3.78000000001)
    //   v = 0.999·(40, 0.4) + 0.001·g² = (39.96 + 32.40000000036, 0.3996 + 0.39204000000396)
    //     = (72.36000000036, 0.79164000000396)
    //   m̂ = m/(1 − 0.81) = m/0.19 = (189.47368421105…, 19.8947368421579…)
    //   v̂ = v/(1 − 0.999²) = v/0.001999;  √v̂ = (190.2579802523…, 19.9002012303…)
    //   x_2 = x_1 − 0.1·m̂/(√v̂ + ε) = (0.900000000005 − 0.0995877723…, 9.90000000005 − 0.0999729409…)
    //       = (0.80041222768…, 9.80002745905…)
    const r = descend(asVectorCost(quadratic(100)), [1, 10], { optimizer: "adam", eta: 0.1, steps: 2 });
    expect(r.points[1][0]).toBeCloseTo(0.900000000005, 14);
    expect(r.points[1][1]).toBeCloseTo(9.90000000005, 13);
    expect(r.points[2][0]).toBeCloseTo(0.800412227681, 11);
    expect(r.points[2][1]).toBeCloseTo(9.800027459059, 11);
    // The same, from the formulas, to full precision:
    const x1 = [1 - (0.1 * 200) / (200 + 1e-8), 10 - (0.1 * 20) / (20 + 1e-8)];
    const g1 = [200 * x1[0], 2 * x1[1]];
    const g0 = [200, 20];
    const x2 = x1.map((x, i) => {
      const m = 0.9 * 0.1 * g0[i] + 0.1 * g1[i];
      const v = 0.999 * 0.001 * g0[i] ** 2 + 0.001 * g1[i] ** 2;
      return x - (0.1 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    });
    expectRel(r.points[2][0], x2[0], 1e-13);
    expectRel(r.points[2][1], x2[1], 1e-13);
  });

  it("honours β1, β2 and ε", () => {
    // β1 = 0 and β2 = 0: m̂ = g, v̂ = g², so every step is η·g/(|g| + ε).
    const r = descend(asVectorCost(quadratic(1)), [3, -4], { optimizer: "adam", eta: 0.5, beta1: 0, beta2: 0, epsilon: 1, steps: 1 });
    // g = (6, −8): x_1 = (3 − 0.5·6/7, −4 + 0.5·8/9)
    expect(r.points[1][0]).toBeCloseTo(3 - 3 / 7, 14);
    expect(r.points[1][1]).toBeCloseTo(-4 + 4 / 9, 14);
  });

  it("crosses the plateau in a few hundred steps where GD needs thousands", () => {
    const pc = asVectorCost(plateauCost());
    const adam = descend(pc, plateauStart, { optimizer: "adam", eta: 0.05, steps: 300 });
    expect(adam.status).toBe("converged");
    const gd = descend(pc, plateauStart, { optimizer: "gd", eta: 0.9, steps: 300 });
    expect(gd.status).toBe("running");
    expect(gd.points.at(-1)![1]).toBeLessThan(1);
    // … but plain GD does finish: the plateau has a true minimum.
    const long = descend(pc, plateauStart, { optimizer: "gd", eta: 0.9, steps: 6000 });
    expect(long.status).toBe("converged");
    expect(long.arrivedAt).toBeGreaterThan(2000);
  });
});

describe("descend: preconditioned", () => {
  it("reaches the minimum of a x² + y² in one step with η = 1/2", () => {
    for (const a of [100, 3, 0.2]) {
      for (const start of [
        [3, -7],
        [0.01, 5],
        [-2.5, 0.125],
      ]) {
        const r = descend(asVectorCost(quadratic(a)), start, { optimizer: "preconditioned", eta: 0.5, steps: 3 });
        expect(r.points[1][0]).toBeCloseTo(0, 14);
        expect(r.points[1][1]).toBeCloseTo(0, 14);
        expect(r.arrivedAt).toBe(1);
        expect(r.status).toBe("converged");
      }
    }
  });

  it("is plain GD on the round bowl: factors 1 − 2η in every direction, whatever a", () => {
    const eta = 0.2;
    const r = descend(asVectorCost(quadratic(100)), [1, 1], { optimizer: "preconditioned", eta, steps: 20 });
    r.points.forEach(([x, y], k) => {
      expectRel(x, (1 - 2 * eta) ** k);
      expectRel(y, (1 - 2 * eta) ** k);
    });
    // Stable for η < 1 even with a = 100 (plain GD would need η < 0.01).
    expect(descend(asVectorCost(quadratic(100)), [1, 1], { optimizer: "preconditioned", eta: 0.99, steps: 2000 }).status).toBe("converged");
    expect(descend(asVectorCost(quadratic(100)), [1, 1], { optimizer: "preconditioned", eta: 1.01, steps: 2000 }).status).toBe("diverged");
  });

  it("uses |h_i| where the cost is not convex, so it still steps downhill", () => {
    const c = plateauCost();
    expect(c.hessianDiagonal(0, 4.5)[1]).toBeLessThan(0);
    const r = descend(asVectorCost(c), [0, 4.5], { optimizer: "preconditioned", eta: 0.01, steps: 1 });
    expect(r.points[1][1]).toBeGreaterThan(4.5);
    expect(r.values[1]).toBeLessThan(r.values[0]);
  });

  it("needs a Hessian diagonal", () => {
    const noH: VectorCost = { value: (p) => p[0] ** 2, gradient: (p) => [2 * p[0]] };
    expect(() => descend(noH, [1], { optimizer: "preconditioned", eta: 0.5, steps: 1 })).toThrow(
      "the preconditioned optimizer needs cost.hessianDiagonal",
    );
  });
});

describe("asVectorCost", () => {
  it("wraps a 2-D cost: value, gradient, constant or evaluated Hessian diagonal, minimum", () => {
    const q = asVectorCost(quadratic(5));
    expect(q.value([1, 2])).toBe(9);
    expect(q.gradient([1, 2])).toEqual([10, 4]);
    expect(q.hessianDiagonal!([7, 7])).toEqual([10, 2]);
    expect(q.minimum).toEqual([0, 0]);
    const pc = plateauCost();
    const p = asVectorCost(pc);
    expect(p.hessianDiagonal!([0.5, 3])).toEqual(pc.hessianDiagonal(0.5, 3));
    expect(p.minimum).toEqual([0, 6]);
  });

  it("leaves out what the 2-D cost does not have", () => {
    const v = asVectorCost({ value: (x, y) => x + y, gradient: () => [1, 1] });
    expect(v.hessianDiagonal).toBeUndefined();
    expect(v.minimum).toBeUndefined();
  });
});

describe("descend: bad arguments", () => {
  const q = asVectorCost(quadratic(100));
  const ok = { optimizer: "gd" as const, eta: 0.001, steps: 5 };
  it("names the argument in each message", () => {
    expect(optimizerKinds).toEqual(["gd", "momentum", "adam", "preconditioned"]);
    expect(() => descend(q, [1, NaN], ok)).toThrow("start must be a non-empty array of finite numbers, got [1, NaN]");
    expect(() => descend(q, [], ok)).toThrow("start must be a non-empty array of finite numbers, got []");
    expect(() => descend(q, [Infinity, 0], ok)).toThrow("start must be a non-empty array of finite numbers, got [Infinity, 0]");
    expect(() => descend(q, [0, 0], { ...ok, optimizer: "sgd" as never })).toThrow(
      'unknown optimizer "sgd" (expected gd, momentum, adam or preconditioned)',
    );
    expect(() => descend(q, [0, 0], { ...ok, eta: 0 })).toThrow("η must be a positive number, got 0");
    expect(() => descend(q, [0, 0], { ...ok, eta: -1 })).toThrow("η must be a positive number, got -1");
    expect(() => descend(q, [0, 0], { ...ok, eta: Infinity })).toThrow("η must be a positive number, got Infinity");
    expect(() => descend(q, [0, 0], { ...ok, steps: 2.5 })).toThrow("steps must be a whole number ≥ 0, got 2.5");
    expect(() => descend(q, [0, 0], { ...ok, steps: -1 })).toThrow("steps must be a whole number ≥ 0, got -1");
    expect(() => descend(q, [0, 0], { ...ok, momentum: 1 })).toThrow("momentum μ must be in [0, 1), got 1");
    expect(() => descend(q, [0, 0], { ...ok, momentum: -0.1 })).toThrow("momentum μ must be in [0, 1), got -0.1");
    expect(() => descend(q, [0, 0], { ...ok, beta1: 1 })).toThrow("β1 must be in [0, 1), got 1");
    expect(() => descend(q, [0, 0], { ...ok, beta2: 1.5 })).toThrow("β2 must be in [0, 1), got 1.5");
    expect(() => descend(q, [0, 0], { ...ok, epsilon: 0 })).toThrow("ε must be a positive number, got 0");
    expect(() => descend(q, [0, 0], { ...ok, bound: 0 })).toThrow("bound must be a positive number, got 0");
    expect(() => descend(q, [0, 0], { ...ok, tolerance: -1 })).toThrow("tolerance must be a non-negative number, got -1");
    expect(() => descend(q, [0, 0], { ...ok, gradientTolerance: NaN })).toThrow(
      "gradientTolerance must be a non-negative number, got NaN",
    );
    expect(() => descend(q, [0, 0], { ...ok, hessianFloor: 0 })).toThrow("hessianFloor must be a positive number, got 0");
  });

  it("rejects a start whose dimension does not match the cost", () => {
    expect(() => descend(q, [1, 2, 3], ok)).toThrow("cost.minimum has length 2, expected 3");
    const noMin: VectorCost = { value: q.value, gradient: q.gradient };
    expect(() => descend(noMin, [1, 2, 3], ok)).toThrow("cost.gradient returned length 2, expected 3");
  });
});

describe("quadraticStabilityBound", () => {
  const run = (kind: "gd" | "momentum" | "preconditioned", eta: number) =>
    descend(asVectorCost(quadratic(100)), [0.5, 0.5], { optimizer: kind, eta, steps: 3000, bound: 1e6 }).status;
  it.each(["gd", "momentum", "preconditioned"] as const)("separates convergence from divergence for %s", (kind) => {
    const bound = quadraticStabilityBound(kind, 100)!;
    expect(run(kind, bound * 0.97)).not.toBe("diverged");
    expect(run(kind, bound * 1.03)).toBe("diverged");
  });
  it("is 1/a, (1 + μ)/a, 1 and none", () => {
    expect(quadraticStabilityBound("gd", 100)).toBe(0.01);
    expect(quadraticStabilityBound("momentum", 100, 0.9)).toBeCloseTo(0.019, 15);
    expect(quadraticStabilityBound("preconditioned", 100)).toBe(1);
    expect(quadraticStabilityBound("adam", 100)).toBeNull();
    expect(() => quadraticStabilityBound("gd", 0)).toThrow("a must be a positive number, got 0");
  });
});
