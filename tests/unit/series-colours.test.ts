/**
 * Series colours: up to as many lines as the site has series colours, no two lines of a chart share
 * one. The oracle is a count: the .plot-sN colour rules in src/styles/global.css, and the distinct
 * plot-sN classes on the lines a chart draws (read back from the SVG, per legend name). Covers the
 * learning-speed charts' seriesClass, the fixes lesson's profile chart and the live trainer's
 * layerClass (up to six hidden layers).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { accuracyChart, seriesClass } from "../../src/figures/learning-speed.ts";
import { readRunLog } from "../../src/figures/run-log-file.ts";
import { parseFixLog, profileChart } from "../../src/figures/fixes.ts";
import { changeSvg, layerClass, speedSvg, type TrainerPoint } from "../../src/islands/trainer/figure.ts";

/** The colours global.css defines: N for each `.vg-plot .plot-sN { color: … }` rule. */
const COLOURS = [...readFileSync(join(process.cwd(), "src/styles/global.css"), "utf8").matchAll(/\.vg-plot \.plot-s(\d+)\s*\{[^}]*color:/g)].map((m) => Number(m[1]));
const colourOf = (cls: string) => Number(/\bplot-s(\d+)\b/.exec(cls)?.[1]);

function svgOf(s: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${s}</body></html>`);
  return document.querySelector("svg")!;
}

/** For a Plot chart: legend name → colour of its text, and the colours of the groups that draw lines. */
function plotColours(svg: Element) {
  const groups = [...svg.querySelectorAll("g.plot-series")];
  const names = new Map<string, number>();
  for (const g of groups) for (const t of g.querySelectorAll("text")) names.set(t.textContent!, colourOf(g.getAttribute("class")!));
  const lines = groups.filter((g) => g.getAttribute("fill") === "none" && g.querySelector("path")).map((g) => colourOf(g.getAttribute("class")!));
  return { names, lines };
}

describe("the site's series colours", () => {
  it("global.css defines at least six, numbered from 1", () => {
    expect(COLOURS.length).toBeGreaterThanOrEqual(6);
    expect([...COLOURS].sort((a, b) => a - b)).toEqual(COLOURS.map((_, i) => i + 1));
  });
});

describe.each([
  ["learning-speed seriesClass (0-based)", (i: number) => seriesClass(i)],
  ["trainer layerClass (1-based)", (i: number) => layerClass(i + 1)],
])("%s", (_, cls) => {
  it.each([1, 2, 3, 4, 5, 6])("gives %i series that many distinct colours, each one global.css defines", (n) => {
    const colours = Array.from({ length: n }, (_, i) => colourOf(cls(i)));
    expect(new Set(colours).size, colours.join(", ")).toBe(n);
    for (const c of colours) expect(COLOURS).toContain(c);
  });
});

describe("charts with six lines draw six colours", () => {
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
      parseFixLog(`r${k}`, {
        title: "t",
        architecture: [4, 3, 3, 3, 2],
        initial: { trainAccuracy: 0.1, testAccuracy: 0.1, weightGradNorms: [k + 1, 1, 1, 1] },
        epochs: [{ epoch: 1, trainAccuracy: 0.1, testAccuracy: 0.1, weightGradNorms: [1, 1, 1, 1], weightChange: [1, 1, 1, 1] }],
      });
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
    // Seven weight layers (six hidden and the output): the first six are six colours.
    expect(change).toHaveLength(7);
    expect(new Set(change.slice(0, 6).map((p) => p[1])).size, JSON.stringify(change)).toBe(6);
  });
});
