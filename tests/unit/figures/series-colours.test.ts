/**
 * Series colours: up to as many lines as the site has series colours, no two lines of a chart share
 * one. The oracle is a count: the .plot-sN colour rules in src/styles/global.css, and the distinct
 * plot-sN classes on the lines a chart draws (read back from the SVG, per legend name). Covers the
 * learning-speed charts' seriesClass, the fixes lesson's profile chart and the live trainer's
 * layerClass (up to seven weight layers: six hidden and the output). Each colour's contrast is
 * computed here (WCAG relative luminance) from global.css's hex values, against the page (--bg)
 * and the figure panel (--panel) that the trainer's charts sit on, in the light and dark themes.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DASHES as PLOT_DASHES, SERIES_COLOURS as PLOT_SERIES, accuracyChart, gradNormChart, seriesClass } from "../../../src/figures/learning-speed.ts";
import { weightChangeChart } from "../../../src/figures/weight-change.ts";
import { readRunLog } from "../../../src/figures/read-committed.ts";
import { profileChart } from "../../../src/figures/fixes.ts";
import { parseRunLog } from "../../../src/lib/schemas/run-log.ts";
import { fullLog } from "../../support/run-log.ts";
import { DASHES, SERIES_COLOURS, changeSvg, layerClass, speedSvg, type TrainerPoint } from "../../../src/islands/trainer/figure.ts";
import { svgOf } from "../../support/svg-read.ts";

const CSS = readFileSync(join(process.cwd(), "src/styles/global.css"), "utf8");
/** The colours global.css defines: N for each `.vg-plot .plot-sN { color: … }` rule. */
const COLOURS = [...CSS.matchAll(/\.vg-plot \.plot-s(\d+)\s*\{[^}]*color:/g)].map((m) => Number(m[1]));

/** The custom properties of a `:root { … }` block: the first is the light theme, the one inside the dark media query the dark. */
function rootVars(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}
const LIGHT = rootVars(/^:root\s*\{([^}]*)\}/m.exec(CSS)![1]);
const DARK = { ...LIGHT, ...rootVars(/@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(CSS)![1]) };
/** The hex colour of .plot-sN in a theme, through its var(--…). */
function hexOf(n: number, vars: Record<string, string>): string {
  const rule = new RegExp(`\\.vg-plot \\.plot-s${n}\\s*\\{\\s*color:\\s*([^;}]+)`).exec(CSS)![1].trim();
  const v = /^var\((--[\w-]+)\)$/.exec(rule);
  return v ? vars[v[1]] : rule;
}
function luminance(hex: string): number {
  const h = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const colourOf = (cls: string) => Number(/\bplot-s(\d+)\b/.exec(cls)?.[1]);

/** For a Plot chart: legend name → colour of its text, and the colours of the groups that draw lines. */
function plotColours(svg: Element) {
  const groups = [...svg.querySelectorAll("g.plot-series")];
  const names = new Map<string, number>();
  for (const g of groups) for (const t of g.querySelectorAll("text")) names.set(t.textContent!, colourOf(g.getAttribute("class")!));
  const lines = groups.filter((g) => g.getAttribute("fill") === "none" && g.querySelector("path")).map((g) => colourOf(g.getAttribute("class")!));
  return { names, lines };
}

describe("the site's series colours", () => {
  it("global.css defines seven, numbered from 1, as many as the charts and the trainer use", () => {
    expect([...COLOURS].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(SERIES_COLOURS).toBe(7);
    expect(PLOT_SERIES).toBe(7);
  });

  it.each([["light", LIGHT], ["dark", DARK]] as const)("%s theme: seven different colours, each at least 3:1 against the page and the figure panel", (_, vars) => {
    expect(vars["--bg"]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(vars["--panel"]).toMatch(/^#[0-9a-f]{6}$/i);
    const hexes = COLOURS.map((n) => hexOf(n, vars));
    for (const h of hexes) expect(h).toMatch(/^#[0-9a-f]{6}$/i);
    expect(new Set(hexes.map((h) => h.toLowerCase())).size, hexes.join(", ")).toBe(7);
    const low = COLOURS.flatMap((n, i) => (["--bg", "--panel"] as const).map((bg) => ({ n, bg, ratio: contrast(hexes[i], vars[bg]) }))).filter((c) => c.ratio < 3);
    expect(low, JSON.stringify(low)).toEqual([]);
  });

  it("contrast is computed right (WCAG): black on white 21:1, a grey on itself 1:1, #767676 on white 4.54:1", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#777777")).toBe(1);
    expect(contrast("#767676", "#fff")).toBeCloseTo(4.54, 2);
  });
});

describe.each([
  ["learning-speed seriesClass and DASHES (0-based)", (i: number) => seriesClass(i), (i: number) => PLOT_DASHES[i % PLOT_DASHES.length]],
  ["trainer layerClass and DASHES (1-based)", (i: number) => layerClass(i + 1), (i: number) => DASHES[i % DASHES.length]],
])("%s", (_, cls, dash) => {
  it.each([1, 2, 3, 4, 5, 6, 7])("gives %i series that many distinct colours and dashes, each colour one global.css defines", (n) => {
    const colours = Array.from({ length: n }, (_, i) => colourOf(cls(i)));
    expect(new Set(colours).size, colours.join(", ")).toBe(n);
    for (const c of colours) expect(COLOURS).toContain(c);
    const dashes = Array.from({ length: n }, (_, i) => dash(i));
    expect(new Set(dashes).size, dashes.join(" | ")).toBe(n);
  });

  it("series k is always colour k and its first is solid, whatever the number of series", () => {
    expect(Array.from({ length: 7 }, (_, i) => colourOf(cls(i)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(dash(0)).toBe("none");
  });
});

describe("the first hidden layer is the most prominent line of a per-layer chart", () => {
  // The rule global.css draws .plot-s1 thicker with: the charts it names and its width.
  const m = /\.vg-plot:is\(([^)]*)\)\s*\.plot-s1\s*\{\s*stroke-width:\s*([\d.]+)px;?\s*\}/.exec(CSS);
  const charts = (m?.[1] ?? "").split(",").map((c) => c.trim().replace(/^\./, ""));
  const svgClasses = (s: string) => svgOf(s).getAttribute("class")!.split(" ");
  const g = (e: number) => Array.from({ length: 7 }, (_, l) => 10 ** (l - 6) * (e + 1));
  const pts: TrainerPoint[] = [0, 5].map((epoch) => ({ epoch, trainAccuracy: 0.5, testAccuracy: 0.4, cost: 1, gradNorms: g(epoch), weightChange: g(epoch).map((v) => (epoch ? v : 0)) }));

  it("global.css draws .plot-s1 thicker than the 2.5 of every other line, on the speed and weight-change charts (static and live) only", () => {
    expect(m, "no `.vg-plot:is(…) .plot-s1 { stroke-width: …px }` rule in global.css").not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(2.5);
    expect(charts.sort()).toEqual(["plot-grad-norms", "plot-weight-change", "trainer-change", "trainer-speed"]);
  });

  it("the charts carry the class the rule names, and their layer 1 is .plot-s1 and solid", () => {
    const baseline = readRunLog("fix-baseline", join(process.cwd(), "public/runs"));
    expect(svgClasses(speedSvg(pts, { maxEpoch: 10 }))).toContain("trainer-speed");
    expect(svgClasses(changeSvg(pts, { maxEpoch: 10 }))).toContain("trainer-change");
    expect(svgClasses(gradNormChart(baseline))).toContain("plot-grad-norms");
    expect(svgClasses(weightChangeChart(baseline))).toContain("plot-weight-change");
    const first = svgOf(speedSvg(pts, { maxEpoch: 10 })).querySelector('path[data-layer="1"]')!;
    expect([colourOf(first.getAttribute("class")!), first.getAttribute("stroke-dasharray")]).toEqual([1, "none"]);
    // No other line on those charts is drawn wider than 2.5 in its own attributes.
    const widths = [...svgOf(changeSvg(pts, { maxEpoch: 10 })).querySelectorAll("path[data-layer]")].map((p) => p.getAttribute("stroke-width"));
    expect(new Set(widths)).toEqual(new Set(["2.5"]));
  });
});

describe("charts with six or seven lines draw that many colours", () => {
  it("learning-speed's accuracy chart, six runs", () => {
    const ids = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network", "full-3-hidden"];
    const runs = ids.map((id) => ({ label: id, log: readRunLog(id, join(process.cwd(), "public/runs")) }));
    const { names, lines } = plotColours(svgOf(accuracyChart(runs)));
    expect(lines).toHaveLength(6);
    expect(new Set(lines).size, lines.join(", ")).toBe(6);
    expect(new Set(ids.map((id) => names.get(id))).size).toBe(6);
  });

  it("the fixes lesson's profile chart, six fixes with different profiles", () => {
    const log = (k: number) =>
      parseRunLog(`r${k}`, fullLog({
        title: "t",
        architecture: [4, 3, 3, 3, 2],
        initial: { trainAccuracy: 0.1, testAccuracy: 0.1, weightGradNorms: [k + 1, 1, 1, 1] },
        epochs: [{ epoch: 1, trainAccuracy: 0.1, testAccuracy: 0.1, weightGradNorms: [1, 1, 1, 1], weightChange: [1, 1, 1, 1] }],
      }));
    const labels = ["baseline", "xavier", "he", "batch-norm", "relu", "residual"];
    const { names, lines } = plotColours(svgOf(profileChart(labels.map((label, k) => ({ label, log: log(k) })))));
    // Each fix draws its line and its legend stretch: twelve lines, six colours, one per name.
    expect(lines).toHaveLength(12);
    expect(new Set(lines).size, lines.join(", ")).toBe(6);
    expect(new Set(labels.map((l) => names.get(l))).size, labels.map((l) => `${l} ${names.get(l)}`).join(", ")).toBe(6);
  });

  it("the live trainer's speed and weight-change charts, six hidden layers", () => {
    const g = (e: number) => Array.from({ length: 7 }, (_, l) => 10 ** (l - 6) * (e + 1));
    const pts: TrainerPoint[] = [0, 5].map((epoch) => ({ epoch, trainAccuracy: 0.5, testAccuracy: 0.4, cost: 1, gradNorms: g(epoch), weightChange: g(epoch).map((v) => (epoch ? v : 0)) }));
    const colours = (s: string) => [...svgOf(s).querySelectorAll("path[data-layer]")].map((p) => [p.getAttribute("data-layer"), colourOf(p.getAttribute("class")!)]);
    const speed = colours(speedSvg(pts, { maxEpoch: 10 }));
    expect(speed.map((p) => p[0])).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(new Set(speed.map((p) => p[1])).size, JSON.stringify(speed)).toBe(6);
    const change = colours(changeSvg(pts, { maxEpoch: 10 }));
    // Seven weight layers (six hidden and the output): seven colours, layer l in colour l.
    expect(change).toEqual([["1", 1], ["2", 2], ["3", 3], ["4", 4], ["5", 5], ["6", 6], ["7", 7]]);
  });

  it("the learning-speed lesson's static charts of a six-hidden-layer run: six and seven colours and dashes, layer l as in the trainer", () => {
    const baseline = readRunLog("fix-baseline", join(process.cwd(), "public/runs"));
    const lineGroups = (s: string) => [...svgOf(s).querySelectorAll("g.plot-series")].filter((g) => g.getAttribute("fill") === "none" && g.querySelector("path"));
    const speed = lineGroups(gradNormChart(baseline)).map((g) => [g.getAttribute("class"), g.getAttribute("stroke-dasharray") ?? "none"]);
    expect(speed).toEqual(Array.from({ length: 6 }, (_, i) => [layerClass(i + 1), DASHES[i]]));
    const change = lineGroups(weightChangeChart(baseline)).map((g) => [g.getAttribute("class"), g.getAttribute("stroke-dasharray") ?? "none"]);
    expect(change).toEqual(Array.from({ length: 7 }, (_, i) => [layerClass(i + 1), DASHES[i]]));
    expect(new Set(change.map((c) => c[0])).size).toBe(7);
  });
});
