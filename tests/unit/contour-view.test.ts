import { describe, expect, it } from "vitest";
import { DEFAULTS, fromRecord, parseSettings, toRecord } from "../../src/islands/contour/settings.ts";
import { chartSvg, levels, mainSvg, pathSvg, run, summary } from "../../src/islands/contour/figure.ts";
import * as plateau from "../../src/islands/plateau/figure.ts";
import { parseSettings as parsePlateau, toRecord as plateauRecord, fromRecord as plateauFrom, DEFAULTS as PLATEAU_DEFAULTS } from "../../src/islands/plateau/settings.ts";
import { powerOfTen } from "../../src/lib/svg.ts";

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
