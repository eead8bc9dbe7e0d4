import { describe, expect, it } from "vitest";
import { DEFAULTS, fromRecord, parseSettings, toRecord } from "../../../../src/islands/contour/settings.ts";
import { chartSvg, levels, mainSvg, pathSvg, run, summary } from "../../../../src/islands/contour/figure.ts";
import * as plateau from "../../../../src/islands/plateau/figure.ts";
import { parseSettings as parsePlateau, toRecord as plateauRecord, fromRecord as plateauFrom, DEFAULTS as PLATEAU_DEFAULTS } from "../../../../src/islands/plateau/settings.ts";
import { powerOfTen } from "../../../../src/lib/draw/svg.ts";

describe("contour demo settings", () => {
  it("default, clamp and fall back on garbage", () => {
    expect(parseSettings({})).toEqual(DEFAULTS);
    const s = parseSettings({ a: "1e9", eta: "-3", steps: "abc", optimizer: "sgd", x0: "5", y0: "-9", showGradient: "0" });
    expect(s).toEqual({ a: 1000, eta: 10 ** -4, steps: DEFAULTS.steps, optimizer: "gd", x0: 1.2, y0: -2, showGradient: false });
  });
  it("round-trip through the URL fragment record", () => {
    const s = { a: 37.5, eta: 0.0123, steps: 77, optimizer: "adam" as const, x0: -0.4, y0: 1.25, showGradient: false };
    expect(parseSettings(fromRecord(toRecord(s)))).toEqual(s);
  });
});

describe("contour demo view", () => {
  it("draws one arrow per visible step and the gradient when asked", () => {
    const s = { ...DEFAULTS, steps: 10 };
    const r = run(s);
    const svg = pathSvg(s, r, "t");
    expect(Number(/class="step" data-count="(\d+)"/.exec(svg)![1])).toBeGreaterThan(5);
    expect(svg).toContain('class="gradient"');
    expect(pathSvg({ ...s, showGradient: false }, r, "t")).not.toContain('class="gradient"');
  });
  it("draws the gradient perpendicular to the contour as seen on screen", () => {
    const s = { ...DEFAULTS, x0: 0.5, y0: 1 };
    const svg = pathSvg(s, run(s), "t");
    const m = /<line x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)" class="gradient"/.exec(svg)!;
    const [x1, y1, x2, y2] = m.slice(1).map(Number);
    // Tangent of the ellipse a x² + y² = c at (x0, y0) is (y0, −a x0) in data units; on screen the
    // x unit is 520−64=456 px per 2.4 and the y unit is −(420−58)=−362 px per 4.
    const kx = 456 / 2.4;
    const ky = -362 / 4;
    const tangent = [s.y0 * kx, -s.a * s.x0 * ky];
    const dot = (x2 - x1) * tangent[0] + (y2 - y1) * tangent[1];
    expect(Math.abs(dot) / (Math.hypot(x2 - x1, y2 - y1) * Math.hypot(...tangent))).toBeLessThan(0.01);
  });
  it("never puts NaN or Infinity in the drawing, even far above the stability bound", () => {
    for (const eta of [0.011, 0.1, 1]) {
      const s = { ...DEFAULTS, eta, steps: 300 };
      const r = run(s);
      expect(r.status).toBe("diverged");
      const all = mainSvg(s, r, "t") + chartSvg(s, r) + summary(s, r);
      expect(all).not.toMatch(/NaN|Infinity/);
      expect(summary(s, r)).toContain("diverged");
    }
  });
  it("explains the crawl below the bound with the contraction factors", () => {
    expect(summary(DEFAULTS)).toMatch(/^η = 0\.0090 is below the stability bound 1\/a = 0\.0100\. Each step multiplies x by 1 − 2ηa = −0\.800 and y by 1 − 2η = 0\.9820\./);
  });
  describe("plain gradient descent's readout, worded from the factors 1 − 2ηa and 1 − 2η", () => {
    const gd = (a: number, eta: number, more: Partial<typeof DEFAULTS> = {}) => summary({ ...DEFAULTS, a, eta, ...more });
    it("says the flat direction lags while |1 − 2η| > |1 − 2ηa|, and names the fastest η", () => {
      const t = summary(DEFAULTS);
      expect(t).toContain("Here y contracts more slowly (|1 − 2η| = 0.9820 against |1 − 2ηa| = 0.8000)");
      expect(t).toContain("The flat direction lags behind.");
      expect(t).toContain("The fastest η is 1/(a + 1) = 0.0099, where the two factors are equal in size.");
    });
    it("says x is the slower one between 1/(a + 1) and 1/a (a = 10^1.5, η = 10^−1.51)", () => {
      const t = gd(10 ** 1.5, 10 ** -1.51);
      expect(t).toMatch(/is below the stability bound 1\/a = 0\.0316/);
      expect(t).toContain("Here x contracts more slowly (|1 − 2ηa| = 0.9545 against |1 − 2η| = 0.9382): η is above 1/(a + 1) = 0.0307");
      expect(t).not.toContain("lags behind");
    });
    it("says both flip sign forever at a = 1, η = 1 (both factors −1)", () => {
      const t = gd(1, 1);
      expect(t).toContain("is exactly at the stability bound 1/a = 1.0000");
      expect(t).toContain("Both factors are −1: x and y flip sign every step without shrinking, and gradient descent neither converges nor diverges.");
      expect(t).not.toMatch(/as usual|lags/);
    });
    it("says x flips sign without shrinking exactly at the bound, while y shrinks by its factor", () => {
      const t = gd(100, 0.01);
      expect(t).toContain("is exactly at the stability bound");
      expect(t).toContain("So x flips sign every step without shrinking, while |y| shrinks to 0.9800 of its size each step: after 60 steps y = ");
    });
    it("says both shrink alike at η = 1/(a + 1) and on the round bowl a = 1", () => {
      expect(gd(100, 1 / 101)).toContain("η is 1/(a + 1), where the two factors are equal in size: |x| and |y| both shrink to 0.9802 of their size each step, by a factor of 3.3 after 60 steps. No other η");
      const round = gd(1, 0.3);
      expect(round).toContain("With a = 1 the bowl is round and the two factors are the same: |x| and |y| both shrink to 0.4000 of their size each step");
      expect(round).toContain("The fastest η is 1/(a + 1) = 0.5000, where both factors are 0: one step lands on the minimum.");
      expect(round).not.toContain("No other η");
    });
    it("says x grows above the bound, whether or not the run has been stopped yet", () => {
      expect(gd(100, 0.1)).toContain("|1 − 2ηa| is above 1, so x swings from side to side, further each time: gradient descent diverged and was stopped after");
      const t = gd(100, 0.0101, { steps: 10 });
      expect(t).toContain("|1 − 2ηa| is above 1, so x swings from side to side, further each time: gradient descent diverges. After 10 steps |x| has grown by a factor of 1.2.");
      expect(t).not.toContain("shrunk");
    });
    it("says x stays at 0 when it starts there, even above the bound", () => {
      const t = gd(1000, 1, { x0: 0, steps: 300 });
      expect(t).toContain("any error in x would grow, but x starts at 0, on the valley floor, and stays there. After 300 steps y = ");
      expect(t).not.toMatch(/NaN|Infinity/);
    });
  });
  it("has more contour levels than a handful, increasing", () => {
    const l = levels(100);
    expect(l.length).toBeGreaterThan(10);
    expect([...l].sort((a, b) => a - b)).toEqual(l);
  });
  it("labels log axes with powers of ten", () => {
    expect([1e-8, 0.01, 1, 10, 1000].map(powerOfTen)).toEqual(["10⁻⁸", "10⁻²", "1", "10", "10³"]);
  });
});

describe("plateau demo", () => {
  it("settings default, clamp and round-trip", () => {
    expect(parsePlateau({})).toEqual(PLATEAU_DEFAULTS);
    expect(parsePlateau({ eta: "100", steps: "0", y0: "50", optimizer: "x" })).toEqual({ optimizer: "gd", eta: 10 ** 0.3, steps: 1, y0: 9 });
    const s = { optimizer: "momentum" as const, eta: 0.25, steps: 900, y0: -1.5 };
    expect(parsePlateau(plateauFrom(plateauRecord(s)))).toEqual(s);
  });
  it("creeps for over a thousand steps with plain GD, then arrives; Adam arrives far sooner", () => {
    const gd = plateau.run({ ...PLATEAU_DEFAULTS, steps: 3000 });
    expect(gd.arrivedAt).toBeGreaterThan(1000);
    expect(Math.abs(gd.gradients[0][1])).toBeLessThan(3e-3);
    const adam = plateau.run({ optimizer: "adam", eta: 0.1, steps: 3000, y0: 0 });
    expect(adam.arrivedAt!).toBeLessThan(gd.arrivedAt! / 5);
    const text = plateau.summary(PLATEAU_DEFAULTS);
    expect(text).toMatch(/^At the start \|∂C\/∂y\| = 0\.0024\. Plain gradient descent with η = 0\.900 reached the minimum \(within 0\.01\) after 1\d{3} steps\.$/);
  });
  it("draws without NaN for extreme settings", () => {
    const s = { optimizer: "gd" as const, eta: 10 ** 0.3, steps: 3000, y0: 9 };
    const r = plateau.run(s);
    expect(plateau.profileSvg(s, r) + plateau.slopeSvg(s, r) + plateau.summary(s, r)).not.toMatch(/NaN|Infinity/);
  });
});
