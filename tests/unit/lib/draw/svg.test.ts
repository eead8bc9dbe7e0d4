import { describe, expect, it } from "vitest";
import { dotsPath, esc, linePath, logTicks, niceCeil, num, pathData, scaleLinear, scaleLog, ticks } from "../../../../src/lib/draw/svg.ts";
import { parseSettings, DEFAULTS } from "../../../../src/islands/descent-1d/settings.ts";
import { figureSvg, summary } from "../../../../src/islands/descent-1d/figure.ts";

describe("svg helpers", () => {
  it("maps domains to ranges linearly and logarithmically", () => {
    const x = scaleLinear([0, 10], [100, 200]);
    expect([x(0), x(5), x(10)]).toEqual([100, 150, 200]);
    const y = scaleLog([1, 1000], [0, 300]);
    expect(y(10)).toBeCloseTo(100, 12);
    expect(() => scaleLog([0, 1], [0, 1])).toThrow("domain must be positive");
  });
  it("picks 1-2-5 ticks and decades", () => {
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(ticks(-8, 6, 7)).toEqual([-8, -6, -4, -2, 0, 2, 4, 6]);
    expect(logTicks(0.003, 2)).toEqual([0.01, 0.1, 1]);
  });
  it("breaks paths at non-finite points", () => {
    expect(pathData([[0, 0], [1, 1], [NaN, 2], [3, 3]])).toBe("M0,0L1,1M3,3");
  });
  it("escapes markup and formats numbers with a true minus sign", () => {
    expect(esc(`<a b="c">&'`)).toBe("&lt;a b=&quot;c&quot;&gt;&amp;&#39;");
    expect(num(-1.5, 1)).toBe("−1.5");
    expect(num(0.00012, 2)).toBe("1.2 × 10⁻⁴");
    expect(num(Infinity)).toBe("∞");
  });
});

describe("descent-1d view", () => {
  it("clamps settings and falls back to defaults on garbage", () => {
    expect(parseSettings({})).toEqual(DEFAULTS);
    expect(parseSettings({ start: "abc", eta: "-1", steps: "1e9" })).toEqual({ start: DEFAULTS.start, eta: 0.01, steps: 1000 });
    expect(parseSettings({ start: "100" }).start).toBe(6);
  });
  it("draws one marker per visible iterate and says what happened", () => {
    const s = { start: -6, eta: 1, steps: 20 };
    const svg = figureSvg(s);
    expect(svg).toContain('class="iterate" data-count="21"');
    expect(svg.match(/<path [^>]*class="iterate"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(summary(s)).toMatch(/^Starting at w₀ = −6\.0 the slope is −0\.0160\. With η = 1\.00, after 20 steps w = /);
  });
  it("says when η is too large for the well: the steps throw w out of it", () => {
    const s = { start: 2.3, eta: 10, steps: 200 };
    expect(summary(s)).toContain("too large for the narrow well");
    expect(figureSvg(s)).not.toMatch(/NaN|Infinity/);
  });
});

describe("thinning", () => {
  it("drops dots and line points hidden under the previous one, keeping the last point", () => {
    const pts: [number, number][] = [[0, 0], [0.2, 0.1], [0.4, 0.2], [5, 5], [5.1, 5]];
    expect(dotsPath(pts, 1, 1).match(/M/g)).toHaveLength(2);
    expect(pathData(pts, 1)).toBe("M0,0L5,5L5.1,5");
    expect(pathData(pts)).toBe("M0,0L0.2,0.1L0.4,0.2L5,5L5.1,5");
  });
});

describe("linePath", () => {
  it("draws the same thinned line as pathData without an array of points", () => {
    const pts: [number, number][] = [[0, 0], [0.2, 0.1], [0.4, 0.2], [5, 5], [5.1, 5], [6, NaN], [7, 7]];
    expect(linePath(pts.length, (i) => pts[i][0], (i) => pts[i][1], 1)).toBe(pathData(pts, 1));
    expect(linePath(3, (i) => i, (i) => 2 * i, 0)).toBe("M0,0L1,2L2,4");
  });
});

describe("niceCeil", () => {
  it.each([
    [1, 1],
    [60, 100],
    [150, 200],
    [400, 500],
    [1500, 2000],
    [2000, 2000],
    [0.03, 0.05],
    [0, 1],
  ])("niceCeil(%d) = %d", (v, want) => expect(niceCeil(v)).toBe(want));
});

describe("measured", () => {
  it("prints a percentage, a whole count with separators, or num()", async () => {
    const { measured } = await import("../../../../src/lib/draw/svg.ts");
    expect(measured(0.9298, 1, true)).toBe("93.0%");
    expect(measured(240000, 0)).toBe("240,000");
    expect(measured(3.5, 0)).toBe("4");
    expect(measured(-0.0123, 3)).toBe("−0.012");
  });
});
