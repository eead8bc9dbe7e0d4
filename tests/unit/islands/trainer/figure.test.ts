/**
 * The live trainer's charts and weight tiles (src/islands/trainer/figure.ts), read back the way a
 * reader sees them: each mark's screen position is mapped back to (epoch, value) through the scale
 * that the chart's own tick labels define, so a wrong scale, a wrong layer or a missing point shows
 * as a wrong number. Colours and dashes per layer are checked against the learning-speed lesson's
 * Plot chart; the weight tiles' pixels (src/islands/trainer/tiles.ts) against hand-computed colours
 * and positions.
 */
import { describe, expect, it } from "vitest";
import {
  CHART, DASHES, FLOOR, accuracyDynamic, accuracyLabel, accuracySvg, changeDynamic, changeLabel, changeSvg,
  epochAxisEnd, layerClass, logDomain, sig, speedDynamic, speedLabel, speedSvg, type TrainerPoint,
} from "../../../../src/islands/trainer/figure.ts";
import { NEGATIVE_RGB, POSITIVE_RGB, tileGrid, tileOrigin, tilesToRgba, weightColour } from "../../../../src/islands/trainer/tiles.ts";
import { DASHES as PLOT_DASHES, gradNormChart, sig as plotSig } from "../../../../src/figures/learning-speed.ts";
import { readRunLog } from "../../../../src/figures/read-committed.ts";
import { elements, exponentOf, svgOf, vertices } from "../../../support/svg-read.ts";



/** The chart's scales, inverted from its tick labels: screen x → epoch, screen y → value (log or linear). */
function scalesOf(svg: Element, log: boolean) {
  // Tick labels are the texts without a class (not the axis labels, the legend or the marks).
  const texts = elements(svg, "text").filter((t) => !("class" in t.attrs));
  const xt = texts.filter((t) => t.attrs["text-anchor"] === "middle").map((t) => [Number(t.attrs.x), Number(t.text)]);
  const yt = texts.filter((t) => t.attrs["text-anchor"] === "end").map((t) => [Number(t.attrs.y), log ? exponentOf(t.text) : Number(t.text)]);
  const fit = (pairs: number[][]) => {
    const [[p0, v0], [p1, v1]] = [pairs[0], pairs[pairs.length - 1]];
    return (p: number) => v0 + ((p - p0) / (p1 - p0)) * (v1 - v0);
  };
  const xf = fit(xt);
  const yf = fit(yt);
  return { epoch: xf, value: log ? (Y: number) => 10 ** yf(Y) : yf, xTicks: xt.map((t) => t[1]), yTicks: yt.map((t) => t[1]) };
}

const paths = (svg: Element) => [...svg.querySelectorAll("path[data-layer]")];
/** The chart's dots: a circle at each layer's latest point. */
const dots = (svg: Element) => elements(svg, "circle").filter((c) => "data-layer" in c.attrs);
const legend = (svg: Element) => [...svg.querySelectorAll("text.legend")].map((t) => t.textContent);
const ariaLabel = (svg: Element) => svg.getAttribute("aria-label")!;

/** A point of a 3-hidden-layer net (L = 4 weight layers). */
const pt = (epoch: number, g: number[], w: number[], train = 0.5, test = 0.4): TrainerPoint => ({ epoch, trainAccuracy: train, testAccuracy: test, cost: 1, gradNorms: g, weightChange: w });
const RUN: TrainerPoint[] = [
  pt(0, [0.02, 0.09, 0.36, 1.5], [0, 0, 0, 0], 0.1, 0.11),
  pt(10, [0.004, 0.03, 0.2, 0.9], [1e-3, 2e-3, 5e-3, 0.02], 0.6, 0.55),
  pt(20, [1e-4, 0.01, 0.08, 0.4], [5e-4, 1e-3, 3e-3, 0.01], 0.9, 0.85),
];
const OPTS = { maxEpoch: 50 };

/** Every vertex of each line read back, as [epoch, value] per layer. */
function lines(svg: Element, log: boolean): Record<string, [number, number][]> {
  const s = scalesOf(svg, log);
  return Object.fromEntries(paths(svg).map((p) => [p.getAttribute("data-layer"), vertices(p.getAttribute("d")!).map(([X, Y]) => [s.epoch(X), s.value(Y)])]));
}
function expectClose(read: [number, number][], want: [number, number][], log: boolean) {
  expect(read).toHaveLength(want.length);
  read.forEach(([e, v], i) => {
    expect(e).toBeCloseTo(want[i][0], 1);
    if (log) expect(Math.log10(v)).toBeCloseTo(Math.log10(want[i][1]), 2);
    else expect(v).toBeCloseTo(want[i][1], 1);
  });
}

describe("the speed chart (‖∂C/∂b‖ per hidden layer)", () => {
  it("draws each hidden layer's norms at (epoch, ‖∂C/∂b‖) on a log axis, not the output layer", () => {
    const svg = svgOf(speedSvg(RUN, OPTS));
    const got = lines(svg, true);
    expect(Object.keys(got)).toEqual(["1", "2", "3"]);
    for (const l of [1, 2, 3]) expectClose(got[l], RUN.map((p) => [p.epoch, p.gradNorms[l - 1]]), true);
    // The output layer's 1.5 is on no line; the y axis spans the hidden layers' decades, 10⁻⁴ to 1.
    expect(scalesOf(svg, true).yTicks).toEqual([-4, -3, -2, -1, 0]);
    expect(scalesOf(svg, true).xTicks.at(-1)).toBe(50);
  });

  it("marks the latest value of each line with a dot, and has a legend entry per hidden layer in the line's colour and dash", () => {
    const svg = svgOf(speedSvg(RUN, OPTS));
    const s = scalesOf(svg, true);
    expect(dots(svg).map((c) => [c.attrs["data-layer"], s.epoch(Number(c.attrs.cx)), Math.log10(s.value(Number(c.attrs.cy)))]).map(([l, e, v]) => [l, Math.round(e as number), +(v as number).toFixed(2)])).toEqual([
      ["1", 20, -4], ["2", 20, -2], ["3", 20, +Math.log10(0.08).toFixed(2)],
    ]);
    expect(legend(svg)).toEqual(["layer 1", "layer 2", "layer 3"]);
    const swatches = [...svg.querySelectorAll("line.plot-series")];
    expect(swatches.map((l) => [l.getAttribute("class"), l.getAttribute("stroke-dasharray")])).toEqual(paths(svg).map((p) => [p.getAttribute("class"), p.getAttribute("stroke-dasharray")]));
  });

  it("says the latest epoch, each hidden layer's norm, last ÷ first and the slowest layer", () => {
    expect(speedLabel(RUN, OPTS)).toBe("‖∂C/∂b‖ of each hidden layer against epoch, on a log scale. Epoch 20: layer 1 1.0 × 10⁻⁴, layer 2 0.010, layer 3 0.080; last/first 800×; slowest: layer 1.");
    expect(ariaLabel(svgOf(speedSvg(RUN, OPTS)))).toBe(speedLabel(RUN, OPTS));
  });

  it("draws zeros and denormals at the floor 10⁻¹², says so, and leaves NaN as a gap", () => {
    const run = [pt(0, [0.01, 0.1, 1], [0, 0, 0]), pt(5, [0, 0.05, 1], [0, 0, 0]), pt(10, [5e-324, NaN, 1], [0, 0, 0])];
    const svg = svgOf(speedSvg(run, OPTS));
    const got = lines(svg, true);
    expect(scalesOf(svg, true).yTicks.at(0)).toBe(-12);
    expectClose(got[1], [[0, 0.01], [5, FLOOR], [10, FLOOR]], true);
    expectClose(got[2], [[0, 0.1], [5, 0.05]], true);
    expect(speedLabel(run, OPTS)).toBe("‖∂C/∂b‖ of each hidden layer against epoch, on a log scale. Epoch 10: layer 1 below 10⁻¹², layer 2 not a number; slowest: layer 1.");
  });

  it("grows the epoch axis to a round number once a point passes maxEpoch", () => {
    expect(epochAxisEnd([], 50)).toBe(50);
    expect(epochAxisEnd(RUN, 20)).toBe(20);
    expect(epochAxisEnd([...RUN, pt(130, [1, 1, 1, 1], [1, 1, 1, 1])], 50)).toBe(200);
    const svg = svgOf(speedSvg([...RUN, pt(130, [0.5, 0.5, 0.5, 1], [1, 1, 1, 1])], OPTS));
    expect(scalesOf(svg, true).xTicks.at(-1)).toBe(200);
    expectClose(lines(svg, true)[1].slice(-1), [[130, 0.5]], true);
  });

  it("with one point, shows a dot there (the line is a lone move); with none, axes and the legend only", () => {
    const one = svgOf(speedSvg(RUN.slice(0, 1), OPTS));
    const s = scalesOf(one, true);
    expect(paths(one).map((p) => vertices(p.getAttribute("d")!).length)).toEqual([1, 1, 1]);
    const d = dots(one).map((c) => [s.epoch(Number(c.attrs.cx)), s.value(Number(c.attrs.cy))]);
    expectClose(d as [number, number][], [[0, 0.02], [0, 0.09], [0, 0.36]], true);
    const none = svgOf(speedSvg([], { maxEpoch: 50, layers: 4 }));
    expect(paths(none).map((p) => p.getAttribute("d"))).toEqual(["", "", ""]);
    expect(dots(none)).toHaveLength(0);
    expect(legend(none)).toEqual(["layer 1", "layer 2", "layer 3"]);
    expect(ariaLabel(none)).toBe("‖∂C/∂b‖ of each hidden layer against epoch, on a log scale. Nothing measured yet.");
  });
});

describe("the weight-change chart (‖ΔW‖/‖W‖ per weight layer)", () => {
  it("draws every weight layer from the first epoch after 0, the output layer included", () => {
    const svg = svgOf(changeSvg(RUN, OPTS));
    const got = lines(svg, true);
    expect(Object.keys(got)).toEqual(["1", "2", "3", "4"]);
    for (const l of [1, 2, 3, 4]) expectClose(got[l], RUN.slice(1).map((p) => [p.epoch, p.weightChange[l - 1]]), true);
    expect(legend(svg)).toEqual(["layer 1", "layer 2", "layer 3", "output"]);
    expect(changeLabel(RUN, OPTS)).toBe("How far each weight layer moved since the previous measurement, ‖ΔW‖/‖W‖, against epoch, on a log scale. Epoch 20: layer 1 5.0 × 10⁻⁴, layer 2 0.0010, layer 3 0.0030, layer 4 (output) 0.010.");
  });

  it("skips a frozen layer (exactly 0 at every epoch) and says so", () => {
    const run = RUN.map((p) => ({ ...p, weightChange: [0, ...p.weightChange.slice(1)] }));
    const svg = svgOf(changeSvg(run, OPTS));
    expect(Object.keys(lines(svg, true))).toEqual(["2", "3", "4"]);
    expect(legend(svg)).toEqual(["layer 2", "layer 3", "output"]);
    // Layer 2 keeps layer 2's colour when layer 1 is not drawn.
    expect(paths(svg)[0].getAttribute("class")).toBe(layerClass(2));
    expect(changeLabel(run, OPTS)).toContain("Epoch 20: layer 2 0.0010, layer 3 0.0030, layer 4 (output) 0.010. Layer 1 is frozen: its weights never change, so it is not drawn.");
  });

  it("has nothing to draw at epoch 0 alone, and says so", () => {
    const svg = svgOf(changeSvg(RUN.slice(0, 1), OPTS));
    expect(paths(svg).map((p) => p.getAttribute("d"))).toEqual(["", "", "", ""]);
    expect(changeLabel(RUN.slice(0, 1), OPTS)).toMatch(/No training epoch measured yet\.$/);
  });
});

describe("the accuracy chart", () => {
  it("draws training and test accuracy in percent on a linear 0–100 axis, with the one-answer level dashed", () => {
    const opts = { maxEpoch: 50, oneAnswer: 0.1095 };
    const svg = svgOf(accuracySvg(RUN, opts));
    const got = lines(svg, false);
    expect(Object.keys(got)).toEqual(["train", "test"]);
    expectClose(got.train, RUN.map((p) => [p.epoch, 100 * p.trainAccuracy]), false);
    expectClose(got.test, RUN.map((p) => [p.epoch, 100 * p.testAccuracy]), false);
    const s = scalesOf(svg, false);
    expect(s.yTicks).toEqual([0, 25, 50, 75, 100]);
    const ref = [...svg.querySelectorAll("line.ref")][0];
    expect(s.value(Number(ref.getAttribute("y1")))).toBeCloseTo(10.95, 2);
    expect(legend(svg)).toEqual(["training", "test", "one answer"]);
    expect(accuracyLabel(RUN, opts)).toBe("Training and test accuracy against epoch. Epoch 20: training 90%, test 85%. The dashed line at 10.95% is the accuracy of giving one answer for every digit.");
  });

  it("without a one-answer level draws no dashed line; with no points, says nothing is measured", () => {
    const svg = svgOf(accuracySvg([], OPTS));
    expect(svg.querySelectorAll("line.ref")).toHaveLength(0);
    expect(legend(svg)).toEqual(["training", "test"]);
    expect(accuracyLabel([], OPTS)).toBe("Training and test accuracy against epoch. Nothing measured yet.");
  });
});

describe("what the element patches", () => {
  // patch.ts's leaf pattern: the dynamic markup must be a flat list of such leaves.
  const LEAF = /<(text|rect|line|circle|path|polyline|polygon|ellipse)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g;
  it.each([
    ["speed", speedSvg, speedDynamic],
    ["change", changeSvg, changeDynamic],
    ["accuracy", accuracySvg, accuracyDynamic],
  ] as const)("%s: the whole <svg> is its dynamic markup in a fixed root; the markup is flat leaves", (_, whole, dynamic) => {
    const opts = { maxEpoch: 50, oneAnswer: 0.1 };
    const inner = dynamic(RUN, opts);
    expect(inner.match(LEAF)!.join("")).toBe(inner);
    const s = whole(RUN, opts);
    expect(s.endsWith(`${inner}</svg>`)).toBe(true);
    const root = svgOf(s);
    expect(root.getAttribute("viewBox")).toBe(`0 0 ${CHART.w} ${CHART.h}`);
    expect(root.getAttribute("role")).toBe("img");
    expect(root.getAttribute("class")).toMatch(/^figure-svg vg-plot plot-vb-560 trainer-(speed|change|accuracy)$/);
    // Text is sized by CSS from the container (global.css, .figure-svg), never in the markup.
    expect(s).not.toMatch(/font-size|style=/);
  });
});

describe("colours and dashes per layer, as in the learning-speed lesson's charts", () => {
  it("uses the same dash list and, for layer l, the class and dash that the Plot chart gives hidden layer l", () => {
    expect(DASHES).toEqual(PLOT_DASHES);
    const plot = gradNormChart(readRunLog("nielsen-3-hidden", `${process.cwd()}/public/runs`));
    const groups = [...plot.matchAll(/<g([^>]*)class="(plot-series plot-s\d)"[^>]*>\s*<path/g)].map((m) => [m[2], /stroke-dasharray="([^"]*)"/.exec(m[1])?.[1] ?? "none"]);
    expect(groups).toHaveLength(3);
    const svg = svgOf(speedSvg(RUN, OPTS));
    expect(paths(svg).map((p) => [p.getAttribute("class"), p.getAttribute("stroke-dasharray")])).toEqual(groups);
  });

  it("a six-hidden-layer net (seven weight layers): one class and one dash per layer, legend in layer order, each swatch drawn as its line", () => {
    // Hand-made points: layer l's ‖∂C/∂b‖ is 10^(l−7) × (epoch + 1), its ‖ΔW‖/‖W‖ 10^(l−8).
    const seven = [0, 4, 8].map((e) => pt(e, Array.from({ length: 7 }, (_, l) => 10 ** (l - 6) * (e + 1)), Array.from({ length: 7 }, (_, l) => (e ? 10 ** (l - 7) : 0))));
    const look = (el: Element) => [el.getAttribute("class"), el.getAttribute("stroke-dasharray"), el.getAttribute("stroke-width")];
    for (const [chart, names] of [
      [speedSvg(seven, OPTS), ["layer 1", "layer 2", "layer 3", "layer 4", "layer 5", "layer 6"]],
      [changeSvg(seven, OPTS), ["layer 1", "layer 2", "layer 3", "layer 4", "layer 5", "layer 6", "output"]],
    ] as const) {
      const svg = svgOf(chart);
      const lines = paths(svg);
      expect(lines.map((p) => p.getAttribute("data-layer"))).toEqual(names.map((_, i) => String(i + 1)));
      expect(legend(svg)).toEqual([...names]);
      // Distinct classes and dashes: as many as lines.
      expect(new Set(lines.map((p) => p.getAttribute("class"))).size).toBe(names.length);
      expect(new Set(lines.map((p) => p.getAttribute("stroke-dasharray"))).size).toBe(names.length);
      expect(lines.map((p) => p.getAttribute("class"))).toEqual(names.map((_, i) => `plot-series plot-s${i + 1}`));
      // Legend row k (top to bottom) is drawn with the look of the line of layer k + 1.
      const swatches = [...svg.querySelectorAll("line.plot-series")].sort((a, b) => Number(a.getAttribute("y1")) - Number(b.getAttribute("y1")));
      expect(swatches.map(look)).toEqual(lines.map(look));
      const rows = [...svg.querySelectorAll("text.legend")].map((t) => Number(t.getAttribute("y")));
      expect(rows).toEqual(swatches.map((l) => Number(l.getAttribute("y1"))));
      // Each end dot in its line's colour.
      expect(dots(svg).map((d) => d.attrs.class)).toEqual(lines.map((p) => p.getAttribute("class")));
    }
  });

  it("writes numbers as the lesson does", () => {
    for (const v of [0.0195759404450655, 9.937928552972153e-5, 123.4, 18.29, 0.08, 1, 0]) expect(sig(v)).toBe(plotSig(v));
  });

  it("log domains are whole decades, at least one", () => {
    expect(logDomain([0.02, 0.3])).toEqual([0.01, 1]);
    expect(logDomain([0.1])).toEqual([0.1, 1]);
    expect(logDomain([FLOOR, 2])).toEqual([1e-12, 10]);
    expect(logDomain([NaN])).toEqual([1e-3, 1]);
  });
});

describe("first-layer weight tiles", () => {
  it("lays out nOut tiles of √nIn pixels in ⌈√nOut⌉ columns, 1 pixel apart", () => {
    expect(tileGrid(784, 30)).toEqual({ side: 28, cols: 6, rows: 5, gap: 1, width: 173, height: 144 });
    expect(tileGrid(784, 36)).toMatchObject({ cols: 6, rows: 6 });
    const g = tileGrid(784, 30);
    expect([0, 5, 6, 29].map((j) => tileOrigin(g, j))).toEqual([[0, 0], [145, 0], [0, 29], [145, 116]]);
    expect(() => tileGrid(783, 30)).toThrow(/not a square image/);
  });

  it("colours weights: 0 white, +scale and beyond the red end, −scale the blue end, half-way half-way", () => {
    expect(weightColour(0, 2)).toEqual([255, 255, 255]);
    expect(weightColour(2, 2)).toEqual([...POSITIVE_RGB]);
    expect(weightColour(7, 2)).toEqual([...POSITIVE_RGB]);
    expect(weightColour(-2, 2)).toEqual([...NEGATIVE_RGB]);
    // By hand: 255 + ½(180 − 255) = 217.5 → 218, 255 + ½(54 − 255) = 154.5 → 155, 255 + ½(31 − 255) = 143.
    expect(weightColour(1, 2)).toEqual([218, 155, 143]);
    // 255 + ¼(31 − 255) = 199, 255 + ¼(95 − 255) = 215, 255 + ¼(191 − 255) = 239.
    expect(weightColour(-0.5, 2)).toEqual([199, 215, 239]);
  });

  it("puts weight (pixel i → unit j) at unit j's tile, pixel i's row and column; gaps and unused tiles transparent", () => {
    // nIn = 4 (2×2 tiles), nOut = 3 → 2 columns, 2 rows, 5×5 image; weights[i·3 + j].
    const w = new Float32Array(12);
    w[0 * 3 + 0] = 1; // unit 0, pixel 0 (top left) → (0, 0)
    w[3 * 3 + 1] = -1; // unit 1, pixel 3 (bottom right) → (3 + 1, 0 + 1)
    w[2 * 3 + 2] = 0.5; // unit 2, pixel 2 (bottom left) → (0, 3 + 1)
    const img = tilesToRgba(w, 4, 3, 1);
    expect(img).toHaveLength(5 * 5 * 4);
    const at = (x: number, y: number) => [...img.slice((y * 5 + x) * 4, (y * 5 + x) * 4 + 4)];
    expect(at(0, 0)).toEqual([...POSITIVE_RGB, 255]);
    expect(at(4, 1)).toEqual([...NEGATIVE_RGB, 255]);
    expect(at(0, 4)).toEqual([218, 155, 143, 255]);
    for (const [x, y] of [[1, 0], [0, 1], [1, 1], [3, 0], [4, 0], [3, 1], [0, 3], [1, 3], [1, 4]]) expect(at(x, y), `(${x}, ${y})`).toEqual([255, 255, 255, 255]);
    for (const [x, y] of [[2, 0], [2, 4], [0, 2], [4, 2], [3, 3], [4, 4]]) expect(at(x, y)[3], `(${x}, ${y})`).toBe(0);
  });

  it("rejects a weight array of the wrong size or a scale that is not positive", () => {
    expect(() => tilesToRgba(new Float32Array(11), 4, 3, 1)).toThrow(/11 weights, expected 4 × 3 = 12/);
    expect(() => tilesToRgba(new Float32Array(12), 4, 3, 0)).toThrow(/scale must be positive/);
  });
});

// ---------------------------------------------------------------------------------------------
// The preset's committed run, faint behind the live lines, so the reader can compare.

/** A committed run of the same net: its layer 1 falls to 10⁻⁶ (below every live value, 10⁻⁴ at the least) and it ends at epoch 30. */
const COMMITTED: TrainerPoint[] = [
  pt(0, [0.03, 0.1, 0.4, 1.2], [0, 0, 0, 0], 0.1, 0.1),
  pt(15, [1e-3, 0.02, 0.1, 0.7], [2e-3, 3e-3, 6e-3, 0.03], 0.7, 0.65),
  pt(30, [1e-6, 0.005, 0.05, 0.3], [1e-4, 5e-4, 2e-3, 0.008], 0.95, 0.9),
];
const WITH = { maxEpoch: 20, committed: COMMITTED };
const ghosts = (svg: Element) => paths(svg).filter((p) => p.getAttribute("data-layer")!.startsWith("committed-"));
const live = (svg: Element) => paths(svg).filter((p) => !p.getAttribute("data-layer")!.startsWith("committed-"));

describe("the committed run, faint behind the live lines", () => {
  it.each([
    ["speed", speedSvg, true, ["1", "2", "3"], COMMITTED.map((p) => p.epoch), (p: TrainerPoint, l: string) => p.gradNorms[Number(l) - 1]],
    ["change", changeSvg, true, ["1", "2", "3", "4"], [15, 30], (p: TrainerPoint, l: string) => p.weightChange[Number(l) - 1]],
    ["accuracy", accuracySvg, false, ["train", "test"], COMMITTED.map((p) => p.epoch), (p: TrainerPoint, l: string) => 100 * (l === "train" ? p.trainAccuracy : p.testAccuracy)],
  ] as const)("%s: one faint line per live line, before them all, in that line's class and dash, at the committed values; no end dots", (_, chart, log, layers, epochs, value) => {
    const svg = svgOf(chart(RUN, WITH));
    const g = ghosts(svg);
    expect(g.map((p) => p.getAttribute("data-layer"))).toEqual(layers.map((l) => `committed-${l}`));
    // Document order: every ghost before the first live line.
    const all = paths(svg);
    expect(Math.max(...g.map((p) => all.indexOf(p)))).toBeLessThan(Math.min(...live(svg).map((p) => all.indexOf(p))));
    const lv = live(svg);
    g.forEach((p, i) => {
      expect(p.getAttribute("class")).toBe(`${lv[i].getAttribute("class")} trainer-ghost`);
      expect(p.getAttribute("stroke-dasharray")).toBe(lv[i].getAttribute("stroke-dasharray"));
      expect(p.getAttribute("stroke-width")).toBe(lv[i].getAttribute("stroke-width"));
    });
    const got = lines(svg, log);
    for (const l of layers) expectClose(got[`committed-${l}`], epochs.map((e) => [e, value(COMMITTED.find((p) => p.epoch === e)!, l)]), log);
    expect(dots(svg).map((d) => d.attrs["data-layer"])).toEqual([...layers]);
  });

  it("the axes cover the committed run: its 10⁻⁶ below the live 10⁻⁴, its epoch 30 past maxEpoch 20", () => {
    const svg = svgOf(speedSvg(RUN, WITH));
    expect(scalesOf(svg, true).yTicks[0]).toBe(-6);
    expect(scalesOf(svg, true).xTicks.at(-1)).toBeGreaterThanOrEqual(30);
    expect(scalesOf(svgOf(speedSvg(RUN, { maxEpoch: 20 })), true).xTicks.at(-1)).toBe(20);
    for (const chart of [changeSvg, accuracySvg]) expect(scalesOf(svgOf(chart(RUN, WITH)), chart === changeSvg).xTicks.at(-1)).toBeGreaterThanOrEqual(30);
    // The change chart's ‖ΔW‖/‖W‖: the committed 10⁻⁴ (layer 1 at epoch 30) is below the live 5 × 10⁻⁴.
    expect(scalesOf(svgOf(changeSvg(RUN, WITH)), true).yTicks[0]).toBe(-4);
  });

  it("adds a legend row for the faint lines only when there is a committed run, drawn faint, inside the viewBox", () => {
    for (const [chart, rows] of [[speedSvg, ["layer 1", "layer 2", "layer 3"]], [changeSvg, ["layer 1", "layer 2", "layer 3", "output"]], [accuracySvg, ["training", "test", "one answer"]]] as const) {
      expect(legend(svgOf(chart(RUN, { maxEpoch: 20, oneAnswer: 0.1 })))).toEqual(rows);
      expect(chart(RUN, { maxEpoch: 20, oneAnswer: 0.1, committed: [] })).toBe(chart(RUN, { maxEpoch: 20, oneAnswer: 0.1 }));
      const svg = svgOf(chart(RUN, { ...WITH, oneAnswer: 0.1 }));
      expect(legend(svg)).toEqual([...rows, "committed"]);
      const key = svg.querySelector("line.ghost-key")!;
      expect(key.getAttribute("class")).toContain("trainer-ghost");
      const text = [...svg.querySelectorAll("text.legend")].at(-1)!;
      expect(Number(text.getAttribute("y"))).toBe(Number(key.getAttribute("y1")));
      // "committed" (9 characters) is no longer than "one answer", which fits at a phone's font size.
      expect(text.textContent!.length).toBeLessThanOrEqual("one answer".length);
      expect(Number(text.getAttribute("y")) + 12).toBeLessThan(CHART.h);
    }
  });

  it("says the committed run's last epoch and values in the live label's words", () => {
    const then = " The committed run (faint) ended at epoch 30: ";
    expect(speedLabel(RUN, WITH)).toBe(`${speedLabel(RUN, OPTS)}${then}layer 1 1.0 × 10⁻⁶, layer 2 0.0050, layer 3 0.050; last/first 50000×.`);
    expect(changeLabel(RUN, WITH)).toBe(`${changeLabel(RUN, OPTS)}${then}layer 1 1.0 × 10⁻⁴, layer 2 5.0 × 10⁻⁴, layer 3 0.0020, layer 4 (output) 0.0080.`);
    expect(accuracyLabel(RUN, WITH)).toBe(`Training and test accuracy against epoch. Epoch 20: training 90%, test 85%.${then}training 95%, test 90%.`);
    expect(ariaLabel(svgOf(accuracySvg(RUN, WITH)))).toBe(accuracyLabel(RUN, WITH));
  });

  it("with no live point, shows the committed run faint alone, the legend listing the layers", () => {
    const svg = svgOf(speedSvg([], { maxEpoch: 20, committed: COMMITTED }));
    expect(live(svg).map((p) => p.getAttribute("d"))).toEqual(["", "", ""]);
    expect(ghosts(svg)).toHaveLength(3);
    expect(dots(svg)).toHaveLength(0);
    expect(legend(svg)).toEqual(["layer 1", "layer 2", "layer 3", "committed"]);
    expect(speedLabel([], WITH)).toBe("‖∂C/∂b‖ of each hidden layer against epoch, on a log scale. Nothing measured yet. The committed run (faint) ended at epoch 30: layer 1 1.0 × 10⁻⁶, layer 2 0.0050, layer 3 0.050; last/first 50000×; slowest: layer 1.");
    expect(accuracyLabel([], WITH)).toBe("Training and test accuracy against epoch. Nothing measured yet. The committed run (faint) ended at epoch 30: training 95%, test 90%.");
    expect(legend(svgOf(accuracySvg([], WITH)))).toEqual(["training", "test", "committed"]);
  });

  it("change chart: skips the committed epoch 0 and a layer the committed run froze, with or without live points", () => {
    const frozen = COMMITTED.map((p) => ({ ...p, weightChange: [0, ...p.weightChange.slice(1)] }));
    const alone = svgOf(changeSvg([], { maxEpoch: 20, committed: frozen }));
    expect(ghosts(alone).map((p) => p.getAttribute("data-layer"))).toEqual(["committed-2", "committed-3", "committed-4"]);
    expect(live(alone).map((p) => p.getAttribute("data-layer"))).toEqual(["2", "3", "4"]);
    expect(legend(alone)).toEqual(["layer 2", "layer 3", "output", "committed"]);
    expectClose(lines(alone, true)["committed-2"], [[15, 3e-3], [30, 5e-4]], true);
    expect(changeLabel([], { maxEpoch: 20, committed: frozen })).toMatch(/No training epoch measured yet\. The committed run \(faint\) ended at epoch 30: layer 2 5\.0 × 10⁻⁴, layer 3 0\.0020, layer 4 \(output\) 0\.0080\.$/);
    // With live points the live run decides its own lines; the committed run's frozen layer 1 is still not drawn.
    const both = svgOf(changeSvg(RUN, { maxEpoch: 20, committed: frozen }));
    expect(paths(both).map((p) => p.getAttribute("data-layer"))).toEqual(["committed-2", "committed-3", "committed-4", "1", "2", "3", "4"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Marks of what to look for: what changed since the start.

/** The chart's x of an epoch, from CHART's geometry: the plot runs from the left margin to the right one over 0..end. */
const xOf = (epoch: number, end: number) => CHART.m.left + (epoch / end) * (CHART.w - CHART.m.left - CHART.m.right);
/** Test accuracy 10, 12, 14.5 % (within 5 points of one answer, 10 %) until epoch 10, then 40 and 80 %. */
const SLOW_START: TrainerPoint[] = [[0, 0.1], [5, 0.12], [10, 0.145], [15, 0.4], [20, 0.8]].map(([e, a]) => pt(e, [0.01, 0.1, 1, 1], [0, 0, 0, 0], a, a));

describe("the at-chance plateau on the accuracy chart", () => {
  const band = (svg: Element) => svg.querySelector("rect.plateau");

  it("spans the epochs at chance (0 to 10), the whole plot high, behind the lines; the label says so", () => {
    const opts = { maxEpoch: 50, oneAnswer: 0.1 };
    const svg = svgOf(accuracySvg(SLOW_START, opts));
    const r = band(svg)!;
    expect(Number(r.getAttribute("x"))).toBeCloseTo(xOf(0, 50), 1);
    expect(Number(r.getAttribute("x")) + Number(r.getAttribute("width"))).toBeCloseTo(xOf(10, 50), 1);
    expect(Number(r.getAttribute("y"))).toBe(CHART.m.top);
    expect(Number(r.getAttribute("height"))).toBe(CHART.h - CHART.m.top - CHART.m.bottom);
    const order = [...svg.children];
    expect(order.indexOf(r)).toBeLessThan(order.indexOf(svg.querySelector("line.ref")!));
    expect(order.indexOf(r)).toBeLessThan(order.indexOf(paths(svg)[0]));
    expect(accuracyLabel(SLOW_START, opts)).toBe("Training and test accuracy against epoch. Epoch 20: training 80%, test 80%. The dashed line at 10% is the accuracy of giving one answer for every digit. Test accuracy sat at chance (within 5 points of one answer) from epoch 0 to epoch 10.");
    // 69 units wide at maxEpoch 50: too narrow for "at chance" at a phone's font; 173 at maxEpoch 20: the label, inside the band.
    expect(svg.querySelector("text.plateau-label")).toBeNull();
    const wide = svgOf(accuracySvg(SLOW_START, { maxEpoch: 20, oneAnswer: 0.1 }));
    const t = wide.querySelector("text.plateau-label")!;
    expect(t.textContent).toBe("at chance");
    expect(Number(t.getAttribute("x"))).toBeGreaterThan(xOf(0, 20));
    expect(Number(t.getAttribute("x"))).toBeLessThan(xOf(10, 20));
  });

  it("while the run is still at chance, says 'and still does'", () => {
    expect(accuracyLabel(SLOW_START.slice(0, 3), { maxEpoch: 50, oneAnswer: 0.1 })).toMatch(/from epoch 0 to epoch 10 and still does\.$/);
    const r = band(svgOf(accuracySvg(SLOW_START.slice(0, 3), { maxEpoch: 50, oneAnswer: 0.1 })))!;
    expect(Number(r.getAttribute("x")) + Number(r.getAttribute("width"))).toBeCloseTo(xOf(10, 50), 1);
  });

  it("none when the first point is above chance, without a one-answer level, or at a lone first point", () => {
    const above = SLOW_START.map((p) => ({ ...p, testAccuracy: p.testAccuracy + 0.06 }));
    expect(band(svgOf(accuracySvg(above, { maxEpoch: 50, oneAnswer: 0.1 })))).toBeNull();
    expect(accuracyLabel(above, { maxEpoch: 50, oneAnswer: 0.1 })).not.toContain("at chance");
    expect(band(svgOf(accuracySvg(SLOW_START, { maxEpoch: 50 })))).toBeNull();
    expect(band(svgOf(accuracySvg(SLOW_START.slice(0, 1), { maxEpoch: 50, oneAnswer: 0.1 })))).toBeNull();
  });

  it("from the live points when there are any, else from the committed run", () => {
    const opts = { maxEpoch: 50, oneAnswer: 0.1, committed: SLOW_START };
    // Live: at chance at epochs 0 and 5 only.
    const liveRun = [pt(0, [1, 1], [0, 0], 0.1, 0.1), pt(5, [1, 1], [0, 0], 0.1, 0.12), pt(10, [1, 1], [0, 0], 0.5, 0.5)];
    const r = band(svgOf(accuracySvg(liveRun, opts)))!;
    expect(Number(r.getAttribute("x")) + Number(r.getAttribute("width"))).toBeCloseTo(xOf(5, 50), 1);
    const c = band(svgOf(accuracySvg([], opts)))!;
    expect(Number(c.getAttribute("x")) + Number(c.getAttribute("width"))).toBeCloseTo(xOf(10, 50), 1);
    expect(accuracyLabel([], opts)).toMatch(/from epoch 0 to epoch 10\.$/);
  });
});

describe("the slowest hidden layer on the speed chart", () => {
  /** Layer 2 is the slowest at the last point (layer 1 was, before). */
  const run = [pt(0, [1e-3, 0.01, 0.1, 1], [0, 0, 0, 0]), pt(10, [0.05, 1e-3, 0.3, 1], [0, 0, 0, 0])];
  const label = (svg: Element) => svg.querySelector("text.slowest");
  /** The end dot nearest to the label's anchor. */
  const nearest = (svg: Element, x: number, y: number) =>
    dots(svg).map((d) => [d.attrs["data-layer"], Math.hypot(Number(d.attrs.cx) - x, Number(d.attrs.cy) - y)] as const).sort((a, b) => a[1] - b[1])[0];

  it("labels the end dot of the layer with the smallest value at the latest point, in its colour, and the aria label names it", () => {
    const svg = svgOf(speedSvg(run, OPTS));
    const t = label(svg)!;
    expect(t.textContent).toBe("slowest");
    expect(t.getAttribute("class")).toBe("slowest plot-s2");
    const [x, y] = [Number(t.getAttribute("x")), Number(t.getAttribute("y"))];
    const [layer, dist] = nearest(svg, x, y);
    expect(layer).toBe("2");
    expect(dist).toBeLessThan(12);
    expect(speedLabel(run, OPTS)).toMatch(/; slowest: layer 2\.$/);
    // Inside the viewBox: "slowest" is about 3.7 em, 80 units at a phone's font size.
    const anchor = t.getAttribute("text-anchor");
    if (anchor === "end") expect(x - 80).toBeGreaterThanOrEqual(CHART.m.left);
    else expect(x + 80).toBeLessThanOrEqual(CHART.w - CHART.m.right);
  });

  it("early in a long run (epoch 2 of 30) the label stays right of the y axis's tick labels", () => {
    const early = [pt(0, [1e-3, 0.01, 0.1, 1], [0, 0, 0, 0]), pt(2, [0.05, 1e-3, 0.3, 1], [0, 0, 0, 0])];
    const t = label(svgOf(speedSvg(early, { ...OPTS, maxEpoch: 30 })))!;
    const x = Number(t.getAttribute("x"));
    const left = t.getAttribute("text-anchor") === "end" ? x - 80 : x;
    expect(left).toBeGreaterThanOrEqual(CHART.m.left);
  });

  it("at epoch 0 (the left edge) the label starts at the dot, inside the viewBox", () => {
    const t = label(svgOf(speedSvg(run.slice(0, 1), OPTS)))!;
    expect(t.getAttribute("data-layer")).toBe("1");
    expect(t.getAttribute("text-anchor")).toBe("start");
    expect(Number(t.getAttribute("x"))).toBeGreaterThanOrEqual(xOf(0, 50));
  });

  it("with no live point, marks the committed run's last point; with one hidden layer, nothing", () => {
    const svg = svgOf(speedSvg([], { maxEpoch: 20, committed: run }));
    const t = label(svg)!;
    expect(t.getAttribute("data-layer")).toBe("2");
    const end = vertices(svg.querySelector('path[data-layer="committed-2"]')!.getAttribute("d")!).at(-1)!;
    expect(Math.hypot(Number(t.getAttribute("x")) - end[0], Number(t.getAttribute("y")) - end[1])).toBeLessThan(12);
    const one = [pt(0, [0.1, 1], [0, 0]), pt(5, [0.01, 1], [0, 0])];
    expect(label(svgOf(speedSvg(one, OPTS)))).toBeNull();
    expect(speedLabel(one, OPTS)).not.toContain("slowest");
  });
});
