/**
 * Build-time Plot charts for "How fast does each layer learn?": the series are the committed
 * logs' numbers, the SVGs pass the site's gates (no inline styles, text sized by CSS, an image
 * with a text alternative, deterministic), each line's path reads back to the log through the
 * axis scale, and a missing run or field fails with the run and the field named.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import {
  accuracyChart, accuracySeries, accuracyTable, gradNormChart, gradNormSeries, gradNormTable, initialRatio, listing,
  percent, plotFigure, ratioChart, ratioPointsFromLogs, ratioTable, runLabel, sig, snapshots, spreadLabels,
  type ChartLog,
} from "../../../src/figures/learning-speed.ts";
import { renderPlot } from "../../../src/figures/plot-render.ts";
import { readRunLog } from "../../../src/figures/read-committed.ts";
import { parseRunLog } from "../../../src/lib/schemas/run-log.ts";
import { fullLog } from "../../support/run-log.ts";

const parseChartLog = (id: string, partial: Record<string, unknown>) => parseRunLog(id, fullLog(partial, id));
import { weightChangeChart, weightChangeSeries, weightChangeTable } from "../../../src/figures/weight-change.ts";
import { exponentOf, svgOf, vertices as points } from "../../support/svg-read.ts";

const RUNS = join(process.cwd(), "public/runs");
const raw = (id: string) => JSON.parse(readFileSync(join(RUNS, id, "log.json"), "utf8"));
const ALL = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network", "frozen-first-layer", "full-3-hidden"];
const log = (id: string) => readRunLog(id, RUNS);

const viewBox = (svg: Element) => svg.getAttribute("viewBox")!.split(" ").map(Number);

describe("series from the run logs", () => {
  it.each(ALL)("%s: one ‖∂C/∂b‖ line per hidden layer (not the output layer), epoch 0 = initial, values as logged", (id) => {
    const r = raw(id);
    const rows = gradNormSeries(log(id));
    const hidden = r.architecture.length - 2;
    expect([...new Set(rows.map((x) => x.layer))]).toEqual(Array.from({ length: hidden }, (_, l) => `hidden layer ${l + 1}`));
    expect(rows).toHaveLength(hidden * (r.epochs.length + 1));
    for (let l = 0; l < hidden; l++) {
      const line = rows.filter((x) => x.layer === `hidden layer ${l + 1}`);
      expect(line[0]).toEqual({ epoch: 0, layer: `hidden layer ${l + 1}`, value: r.initial.gradNorms[l] });
      expect(line.slice(1).map((x) => [x.epoch, x.value])).toEqual(r.epochs.map((e: { epoch: number; gradNorms: number[] }) => [e.epoch, e.gradNorms[l]]));
    }
    // The output layer's norm is in the log but on no line.
    const output = r.initial.gradNorms.at(-1);
    expect(rows.some((x) => x.epoch === 0 && x.value === output)).toBe(false);
  });

  it("test accuracy per run: epoch 0 = initial, then every logged epoch, with the runs' labels", () => {
    const ids = ["nielsen-2-hidden", "asker-network"];
    const rows = accuracySeries(ids.map((id, i) => ({ label: `run ${i}`, log: log(id) })));
    ids.forEach((id, i) => {
      const r = raw(id);
      const line = rows.filter((x) => x.run === `run ${i}`);
      expect(line.map((x) => [x.epoch, x.value])).toEqual([[0, r.initial.testAccuracy], ...r.epochs.map((e: { epoch: number; testAccuracy: number }) => [e.epoch, e.testAccuracy])]);
    });
  });

  it("last ÷ first hidden layer at initialisation, one point per shipped run, by depth", () => {
    const points = ratioPointsFromLogs(["nielsen-4-hidden", "nielsen-2-hidden", "nielsen-3-hidden"].map(log));
    expect(points.map((p) => p.depth)).toEqual([2, 3, 4]);
    // By hand from the logs: nielsen-2-hidden initial.gradNorms = [0.0828…, 0.3449…, 1.51…].
    expect(points[0].mean).toBeCloseTo(0.34498780965805054 / 0.08283079415559769, 12);
    for (const p of points) expect([p.min, p.max]).toEqual([p.mean, p.mean]);
    const g = raw("nielsen-4-hidden").initial.gradNorms;
    expect(points[2].mean).toBe(g[3] / g[0]);
    expect(initialRatio(log("nielsen-1-hidden"))).toBe(1);
  });

  it("run labels from the hidden layers", () => {
    expect(runLabel(log("nielsen-3-hidden"))).toBe("3 hidden");
    expect(runLabel(log("asker-network"))).toBe("hidden 50-30-20-10");
  });

  it("tables hold the plotted numbers", () => {
    const l = log("nielsen-3-hidden");
    const t = gradNormTable(l);
    expect(t.columns).toEqual(["epoch", "hidden layer 1", "hidden layer 2", "hidden layer 3"]);
    expect(t.rows).toHaveLength(snapshots(l).length);
    expect(t.rows[0]).toEqual(["0", ...l.initial.gradNorms.slice(0, 3).map((v) => sig(v, 3))]);
    expect(t.rows.at(-1)![0]).toBe("500");
    const a = accuracyTable([{ label: "a", log: l }, { label: "b", log: log("full-3-hidden") }]);
    // full-3-hidden logs epochs 1..30, nielsen-3-hidden 5..500: a run without that epoch shows a dash.
    expect(a.rows.find((r) => r[0] === "1")).toEqual(["1", "–", percent(log("full-3-hidden").epochs[0].testAccuracy)]);
    expect(ratioTable([{ depth: 2, mean: 4, min: 3, max: 6, shipped: 4.2 }]).rows).toEqual([["2", "4.00", "3.00", "6.00", "4.20"]]);
  });
});

describe("number words", () => {
  it("significant figures, small numbers as powers of ten, percentages", () => {
    expect(sig(0.0195759404450655)).toBe("0.020");
    expect(sig(9.937928552972153e-5)).toBe("9.9 × 10⁻⁵");
    expect(sig(123.4)).toBe("123");
    expect(sig(18.29)).toBe("18");
    expect(sig(4.1649, 3)).toBe("4.16");
    expect(percent(0.1095)).toBe("10.95%");
    expect(percent(0.341)).toBe("34.1%");
    expect(listing(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("spreadLabels", () => {
  it("leaves labels that are far enough apart where they are", () => {
    expect(spreadLabels([3, 0, 10], 1)).toEqual([3, 0, 10]);
  });
  it("pushes crowded labels apart by the gap, keeping their order, and back inside the range", () => {
    expect(spreadLabels([0, 0.5, 10], 1)).toEqual([0, 1.5 - 0.5, 10]);
    expect(spreadLabels([5, 5, 5], 1, 0, 5)).toEqual([3, 4, 5]);
    expect(spreadLabels([2, 1, 1.2], 1, 0, 10)).toEqual([3, 1, 2]);
    expect(spreadLabels([-3], 1, 0, 10)).toEqual([0]);
  });
});

describe("the charts pass the site's gates", () => {
  const charts: [string, () => string][] = [
    ["grad-norms", () => gradNormChart(log("nielsen-3-hidden"))],
    ["accuracy", () => accuracyChart(["nielsen-2-hidden", "nielsen-3-hidden"].map((id) => ({ label: runLabel(log(id)), log: log(id) })))],
    ["weight-change", () => weightChangeChart(readRunLog("frozen-first-layer", RUNS))],
    ["ratio", () => ratioChart([{ depth: 2, mean: 4, min: 3, max: 6, shipped: 4.2 }, { depth: 3, mean: 18, min: 12, max: 30 }])],
  ];
  it.each(charts)("%s: no <style>, no style=, no font-size or font-family; an img with a label; --vb class; the same string twice", (_, draw) => {
    const s = draw();
    expect(s).not.toMatch(/<style/i);
    expect(s).not.toMatch(/\sstyle=/i);
    expect(s).not.toMatch(/font-size|font-family/i);
    expect(s).not.toMatch(/\sid=/);
    const svg = svgOf(s);
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("class")).toMatch(/\bfigure-svg\b/);
    expect(svg.getAttribute("class")).toContain(`plot-vb-${viewBox(svg)[2]}`);
    expect(svg.hasAttribute("width") || svg.hasAttribute("height")).toBe(false);
    expect(svg.getAttribute("aria-label")!.length).toBeGreaterThan(40);
    // No colour is written into the SVG: every mark draws in currentColor and a class picks the theme's colour.
    expect(s).not.toMatch(/#[0-9a-f]{3,6}\b|rgb\(/i);
    expect(draw()).toBe(s);
  });

  it("grad-norms: one dashed path per hidden layer, each reading back to the log through the log y scale", () => {
    const l = log("nielsen-3-hidden");
    const svg = svgOf(gradNormChart(l));
    const lines = [...svg.querySelectorAll("g.plot-series")].filter((g) => g.querySelector("path"));
    expect(lines).toHaveLength(3);
    expect(lines.map((g) => g.querySelectorAll("path").length)).toEqual([1, 1, 1]);
    // Colour and a second cue: each line its own class and its own dash pattern.
    expect(new Set(lines.map((g) => g.getAttribute("class"))).size).toBe(3);
    expect(new Set(lines.map((g) => g.getAttribute("stroke-dasharray") ?? "none")).size).toBe(3);
    // Direct labels at the line ends, in the lines' classes.
    const labels = [...svg.querySelectorAll("g.plot-series text")].map((t) => t.textContent);
    expect(labels).toEqual(["layer 1", "layer 2", "layer 3"]);
    // Read each path back through the axis: pixel y → log10 value, with the domain the decades around the data.
    const values = gradNormSeries(l).map((r) => r.value);
    const lo = Math.floor(Math.log10(Math.min(...values)));
    const hi = Math.ceil(Math.log10(Math.max(...values)));
    const [, , , H] = viewBox(svg);
    const top = 40;
    const bottom = H - 64;
    const snaps = snapshots(l);
    lines.forEach((g, layer) => {
      const pts = points(g.querySelector("path")!.getAttribute("d")!);
      expect(pts).toHaveLength(snaps.length);
      pts.forEach(([, y], i) => {
        const back = lo + ((bottom - y) / (bottom - top)) * (hi - lo);
        expect(back).toBeCloseTo(Math.log10(snaps[i].gradNorms[layer]), 3);
      });
    });
  });

  it("grad-norms: the label states the initial norms, their ratio and the last epoch's", () => {
    const l = log("nielsen-3-hidden");
    const label = svgOf(gradNormChart(l)).getAttribute("aria-label")!;
    for (const v of l.initial.gradNorms.slice(0, 3)) expect(label).toContain(sig(v));
    expect(label).not.toContain(sig(l.initial.gradNorms[3])); // the output layer is not plotted
    expect(label).toContain(`${sig(initialRatio(l))} times the first's`);
    for (const v of l.epochs.at(-1)!.gradNorms.slice(0, 3)) expect(label).toContain(sig(v));
    expect(label).toContain("epochs 0 to 500");
  });

  it("accuracy: one path per run; the label gives the final accuracies and says which lines overlap", () => {
    const ids = ["nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network"];
    const runs = ids.map((id, i) => ({ label: ["2 hidden", "3 hidden", "4 hidden", "asker's"][i], log: log(id) }));
    const svg = svgOf(accuracyChart(runs));
    const lines = [...svg.querySelectorAll("g.plot-series")].filter((g) => g.querySelector("path"));
    expect(lines).toHaveLength(4);
    const label = svg.getAttribute("aria-label")!;
    for (const { label: name, log: l } of runs) expect(label).toContain(`${name} ${percent(l.epochs.at(-1)!.testAccuracy)}`);
    expect(label).toContain("3 hidden, 4 hidden and asker's end at the same 10.95%");
    // Line-end labels never overlap on a phone (≈ 21 units of text in a 560 viewBox): at least that far apart.
    const ys = [...svg.querySelectorAll("g.plot-series text")].map((t) => Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(t.getAttribute("transform")!)![1]));
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(0.0383 * 560);
  });

  it("ratio: dots at the means, a range bar where seeds differ, rings for shipped runs, values in the label", () => {
    const pts = ratioPointsFromLogs(["nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden"].map(log));
    const svg = svgOf(ratioChart(pts));
    expect(svg.querySelectorAll("circle")).toHaveLength(3);
    expect(svg.querySelectorAll("g.plot-series line")).toHaveLength(0); // one seed each: no range bars
    const label = svg.getAttribute("aria-label")!;
    for (const p of pts) expect(label).toContain(`${p.depth} hidden layers ${sig(p.mean)}`);
    const seeded = svgOf(ratioChart([{ depth: 2, mean: 4, min: 3, max: 6, shipped: 4.2 }, { depth: 3, mean: 18, min: 12, max: 30, shipped: 20 }]));
    expect(seeded.querySelectorAll("circle")).toHaveLength(4);
    expect(seeded.querySelectorAll("g.plot-series line")).toHaveLength(2);
    expect(seeded.getAttribute("aria-label")).toContain("2 hidden layers 4.0 (3.0 to 6.0), shipped run 4.2");
    expect(() => ratioChart([{ depth: 2, mean: 7, min: 3, max: 6 }])).toThrow("at depth 2 the mean 7 is not within [3, 6]");
  });
});

describe("renderPlot", () => {
  const line = [Plot.lineY([1, 3, 2])];
  it("drops the <style> that Plot writes and gives the SVG the house's classes", () => {
    const { document } = parseHTML("<!doctype html><html><body></body></html>");
    const plain = (Plot.plot({ marks: line, document: document as unknown as Document }) as unknown as Element).outerHTML;
    expect(plain).toMatch(/<style>/); // Plot does write one: renderPlot has to remove it
    const s = renderPlot({ marks: line }, { label: "three points", className: "extra" });
    expect(s).not.toMatch(/<style/);
    expect(svgOf(s).getAttribute("class")).toBe("figure-svg plot-chart vg-plot plot-vb-560 extra");
  });
  it("refuses what would break a gate, saying why", () => {
    expect(() => renderPlot({ marks: line, width: 600 }, { label: "x" })).toThrow("width 600 has no --vb rule");
    expect(() => renderPlot({ marks: line, style: "color: red" }, { label: "x" })).toThrow('the option "style"');
    expect(() => renderPlot({ marks: [Plot.dotX([1, 2], { fill: (d: number) => String(d) })], color: { legend: true } }, { label: "x" })).toThrow("not an <svg>");
    expect(() => renderPlot({ marks: [Plot.text(["a"], { text: (d: string) => d, frameAnchor: "middle", fontSize: 20 })] }, { label: "x" })).toThrow("font-size");
    expect(() => renderPlot({ marks: [Plot.lineY([1, 2], { marker: "dot" })] }, { label: "x" })).toThrow('id="');
    expect(() => renderPlot({ marks: line }, { label: " " })).toThrow("needs a label");
  });
});

describe("reading a run", () => {
  const dir = mkdtempSync(join(tmpdir(), "vg-runs-"));
  const write = (id: string, body: unknown) => {
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, "log.json"), JSON.stringify(body));
  };

  it("a missing run names the run and how to train it", () => {
    expect(() => readRunLog("no-such-run", dir)).toThrow(
      'there is no run "no-such-run" (public/runs/no-such-run/log.json). Train it with: npm run pretrain -- --only no-such-run',
    );
  });

  it("a missing or non-number field names the run and the field", () => {
    const good = raw("nielsen-2-hidden");
    const missing = structuredClone(good);
    delete missing.epochs[2].testAccuracy;
    write("missing-field", missing);
    expect(() => readRunLog("missing-field", dir)).toThrow(new Error('the field "epochs[2].testAccuracy" of public/runs/missing-field/log.json is missing'));
    const text = structuredClone(good);
    text.initial.gradNorms[1] = "0.3";
    write("text-field", text);
    expect(() => readRunLog("text-field", dir)).toThrow(new Error('the field "initial.gradNorms[1]" of public/runs/text-field/log.json is not a number ("0.3")'));
    const short = structuredClone(good);
    short.epochs[0].gradNorms.pop();
    write("short", short);
    expect(() => readRunLog("short", dir)).toThrow('the field "epochs[0].gradNorms" of public/runs/short/log.json has 2 entries, but the architecture [784,30,30,10] has 3 weight layers');
  });

  it("a good log reads back as written", () => {
    const r = raw("nielsen-2-hidden");
    const l: ChartLog = readRunLog("nielsen-2-hidden", RUNS);
    expect(l).toEqual(r);
  });

  it("plotFigure names what a chart needs", () => {
    expect(() => plotFigure({ chart: "grad-norms" }, log)).toThrow('chart="grad-norms" needs run="<run id>"');
    expect(() => plotFigure({ chart: "accuracy", runs: ["nielsen-2-hidden"], labels: [] }, log)).toThrow("has 1 runs but 0 labels");
    expect(() => plotFigure({ chart: "bars" as never }, log)).toThrow('chart="bars" is not one of grad-norms, weight-change, accuracy, ratio');
    expect(() => plotFigure({ chart: "grad-norms", run: "nope" }, (id) => readRunLog(id, dir))).toThrow('there is no run "nope"');
    const { svg, table } = plotFigure({ chart: "ratio", runs: ["nielsen-2-hidden", "nielsen-3-hidden"] }, log);
    expect(svg).toContain('role="img"');
    expect(table.rows.map((r) => r[0])).toEqual(["2", "3"]);
  });
});

// ---------------------------------------------------------------------------------------------
// weight-change: ‖ΔW^l‖/‖W^l‖ per weight layer per logged epoch, log y, read back through the axes.

/** "10⁻²" → 0.01, "1" → 1, "10" → 10 (the tick labels powerOfTen writes), parsed without it. */
const tickValue = (t: string) => 10 ** exponentOf(t);
const translate = (el: Element) => /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el.getAttribute("transform")!)!.slice(1).map(Number);

/**
 * The chart's axes as the reader sees them: the y tick labels (right-aligned, left of the plot) and the x
 * tick labels (under it), each at its pixel position; value ↔ pixel interpolated between the outermost ticks,
 * y in log10 (every tick must then sit where that line puts it: the axis is logarithmic).
 */
function axesOf(svg: Element) {
  const yTicks = [...svg.querySelectorAll('g.plot-axis[text-anchor="end"] text')].map((t) => ({ v: tickValue(t.textContent!), px: translate(t)[1] }));
  const xTicks = [...svg.querySelectorAll("g.plot-axis text")].filter((t) => t.parentElement!.getAttribute("text-anchor") !== "end").map((t) => ({ v: Number(t.textContent), px: translate(t)[0] }));
  expect(yTicks.length).toBeGreaterThanOrEqual(2);
  expect(xTicks.length).toBeGreaterThanOrEqual(2);
  const [y0, y1] = [yTicks[0], yTicks.at(-1)!];
  const [x0, x1] = [xTicks[0], xTicks.at(-1)!];
  const yValue = (py: number) => 10 ** (Math.log10(y0.v) + ((py - y0.px) / (y1.px - y0.px)) * (Math.log10(y1.v) - Math.log10(y0.v)));
  const xValue = (px: number) => x0.v + ((px - x0.px) / (x1.px - x0.px)) * (x1.v - x0.v);
  for (const t of yTicks) expect(Math.log10(yValue(t.px))).toBeCloseTo(Math.log10(t.v), 4);
  return { yValue, xValue, yTicks };
}

/** Each drawn line: its class, its line-end label, and its vertices read back as [epoch, value]. */
function linesOf(svg: Element) {
  const { xValue, yValue } = axesOf(svg);
  const groups = [...svg.querySelectorAll("g.plot-series")];
  const paths = groups.filter((g) => g.querySelector("path"));
  const labels = groups.filter((g) => g.querySelector("text"));
  expect(labels).toHaveLength(paths.length);
  return paths.map((g, i) => ({
    cls: g.getAttribute("class")!,
    dash: g.getAttribute("stroke-dasharray") ?? "none",
    label: labels[i].textContent,
    labelCls: labels[i].getAttribute("class")!,
    d: g.querySelector("path")!.getAttribute("d")!,
    points: points(g.querySelector("path")!.getAttribute("d")!).map(([x, y]) => [xValue(x), yValue(y)]),
  }));
}

/** A hand-made log: 4 → 3 → 3 → 2, two hidden layers and the output layer, epochs 1–4. */
function handMade(weightChange: number[][]) {
  return {
    title: "hand-made",
    architecture: [4, 3, 3, 2],
    initial: { testAccuracy: 0.5, gradNorms: [1, 1, 1] },
    epochs: weightChange.map((wc, i) => ({ epoch: i + 1, testAccuracy: 0.5, gradNorms: [1, 1, 1], weightChange: wc })),
  };
}

describe("weight-change chart", () => {
  // By layer (rows: epochs 1..4): hidden layer 1, hidden layer 2, output layer.
  const L1 = [0.5, 0.05, 0.01, 0.002];
  const L2 = [0.1, 1, 0.2, 0.05];
  const OUT = [2, 0.4, 0.3, 0.3];
  const hand = parseChartLog("hand", handMade([0, 1, 2, 3].map((i) => [L1[i], L2[i], OUT[i]])));

  it("hand-made log: one line per weight layer, each vertex reads back through the log axis to the numbers written here", () => {
    const svg = svgOf(weightChangeChart(hand));
    const lines = linesOf(svg);
    expect(lines.map((l) => l.label)).toEqual(["layer 1", "layer 2", "output"]);
    expect(new Set(lines.map((l) => l.cls)).size).toBe(3);
    expect(new Set(lines.map((l) => l.dash)).size).toBe(3);
    for (const l of lines) expect(l.labelCls).toBe(l.cls);
    // The y axis: decades from 10⁻³ (below 0.002) to 10 (above 2).
    expect(axesOf(svg).yTicks.map((t) => t.v)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    [L1, L2, OUT].forEach((want, layer) => {
      expect(lines[layer].points).toHaveLength(4);
      lines[layer].points.forEach(([epoch, v], i) => {
        expect(epoch).toBeCloseTo(i + 1, 3);
        expect(Math.log10(v)).toBeCloseTo(Math.log10(want[i]), 4);
      });
    });
  });

  it("hand-made log: the label gives each layer's first, last and largest value; the table every value", () => {
    const label = svgOf(weightChangeChart(hand)).getAttribute("aria-label")!;
    expect(label).toContain("epochs 1 to 4, on a log scale");
    expect(label).toContain("Hidden layer 1: 0.50 at epoch 1, 0.0020 at epoch 4, largest 0.50 (epoch 1)");
    expect(label).toContain("hidden layer 2: 0.10 at epoch 1, 0.050 at epoch 4, largest 1.0 (epoch 2)");
    expect(label).toContain("output layer: 2.0 at epoch 1, 0.30 at epoch 4, largest 2.0 (epoch 1)");
    const t = weightChangeTable(hand);
    expect(t.columns).toEqual(["epoch", "hidden layer 1", "hidden layer 2", "output layer"]);
    expect(t.rows).toEqual([
      ["1", "0.500", "0.100", "2.00"],
      ["2", "0.0500", "1.00", "0.400"],
      ["3", "0.0100", "0.200", "0.300"],
      ["4", "0.00200", "0.0500", "0.300"],
    ]);
  });

  it("a 0 in a layer that moves otherwise is a gap in its line, and said in words", () => {
    const gap = parseChartLog("gap", handMade([[0.5, 0.1, 2], [0, 1, 0.4], [0.01, 0.2, 0.3]]));
    const svg = svgOf(weightChangeChart(gap));
    const first = linesOf(svg)[0];
    expect(first.d.match(/M/g)).toHaveLength(2); // two pieces: epoch 1, then epoch 3
    expect(first.points.map(([e]) => Math.round(e))).toEqual([1, 3]);
    expect(svg.getAttribute("aria-label")).toContain("0 at epoch 2 (gaps in the line)");
  });

  it("full-3-hidden: four lines (3 hidden + output), every vertex equal to the raw log.json's epochs[i].weightChange[l]", () => {
    const r = raw("full-3-hidden");
    const l = readRunLog("full-3-hidden", RUNS);
    const lines = linesOf(svgOf(weightChangeChart(l)));
    expect(lines.map((x) => x.label)).toEqual(["layer 1", "layer 2", "layer 3", "output"]);
    expect(r.architecture).toHaveLength(5);
    for (let layer = 0; layer < 4; layer++) {
      expect(lines[layer].points).toHaveLength(r.epochs.length);
      lines[layer].points.forEach(([epoch, v], i) => {
        expect(epoch).toBeCloseTo(r.epochs[i].epoch, 3);
        expect(Math.log10(v)).toBeCloseTo(Math.log10(r.epochs[i].weightChange[layer]), 4);
      });
    }
    const label = svgOf(weightChangeChart(l)).getAttribute("aria-label")!;
    const out = r.epochs.map((e: { weightChange: number[] }) => e.weightChange[3]);
    expect(label).toContain(`output layer: ${sig(out[0])} at epoch 1, ${sig(out.at(-1))} at epoch 30, largest ${sig(Math.max(...out))}`);
  });

  it("frozen-first-layer: layer 1 (0 at every epoch) has no line; the label and the table say it is frozen", () => {
    const r = raw("frozen-first-layer");
    expect(r.epochs.every((e: { weightChange: number[] }) => e.weightChange[0] === 0)).toBe(true);
    const l = readRunLog("frozen-first-layer", RUNS);
    const svg = svgOf(weightChangeChart(l));
    const lines = linesOf(svg);
    expect(lines.map((x) => x.label)).toEqual(["layer 2", "layer 3", "output"]);
    // Each layer keeps its own colour class: layer 2 is still the second series.
    expect(lines.map((x) => x.cls.split(" ").at(-1))).toEqual(["plot-s2", "plot-s3", "plot-s4"]);
    lines.forEach((line, k) => {
      line.points.forEach(([, v], i) => expect(Math.log10(v)).toBeCloseTo(Math.log10(r.epochs[i].weightChange[k + 1]), 4));
    });
    expect(svg.getAttribute("aria-label")).toContain("Hidden layer 1: 0 at every epoch (frozen; no line, since a log scale has no 0)");
    const t = weightChangeTable(l);
    expect(t.rows.every((row) => row[1] === "0: frozen")).toBe(true);
    expect(t.rows[0][2]).toBe(sig(r.epochs[0].weightChange[1], 3));
    expect(weightChangeSeries(l).map((s) => s.frozen)).toEqual([true, false, false, false]);
  });

  it("every layer frozen: nothing to draw, said with the run named", () => {
    const still = parseChartLog("still", handMade([[0, 0, 0], [0, 0, 0]]));
    expect(() => weightChangeChart(still)).toThrow("every weight layer of public/runs/still/log.json is frozen");
  });

  it("weight changes are checked with the run and the field named", () => {
    const dir = mkdtempSync(join(tmpdir(), "vg-runs-wc-"));
    const old = raw("full-3-hidden");
    delete old.epochs[3].weightChange;
    mkdirSync(join(dir, "old-log"), { recursive: true });
    writeFileSync(join(dir, "old-log", "log.json"), JSON.stringify(old));
    const read = (id: string) => readRunLog(id, dir);
    expect(() => plotFigure({ chart: "grad-norms", run: "old-log" }, read)).toThrow(new Error('the field "epochs[3].weightChange" of public/runs/old-log/log.json is missing'));
    expect(() => plotFigure({ chart: "weight-change" }, read)).toThrow('chart="weight-change" needs run="<run id>"');
    const bad = (wc: unknown) => {
      const b = fullLog(handMade([[0.1, 0.1, 0.1], [0.1, 0.1, 0.1]]), "bad");
      (b.epochs as { weightChange: unknown }[])[1].weightChange = wc;
      return () => parseRunLog("bad", b);
    };
    expect(bad([0.1, "x", 0.1])).toThrow(new Error('the field "epochs[1].weightChange[1]" of public/runs/bad/log.json is not a number ("x")'));
    expect(bad([0.1, -0.2, 0.1])).toThrow(new Error('the field "epochs[1].weightChange[1]" of public/runs/bad/log.json is -0.2, below its least value 0'));
    expect(bad([0.1, 0.1])).toThrow('the field "epochs[1].weightChange" of public/runs/bad/log.json has 2 entries, but the architecture [4,3,3,2] has 3 weight layers');
    // Through plotFigure: the SVG and the same table.
    const { svg, table } = plotFigure({ chart: "weight-change", run: "full-3-hidden" }, (id) => readRunLog(id, RUNS));
    expect(svg).toContain("plot-weight-change");
    expect(table.rows).toHaveLength(30);
  });
});
