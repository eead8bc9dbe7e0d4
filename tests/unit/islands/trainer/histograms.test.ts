/**
 * The live trainer's per-layer histograms of W − W₀ (src/islands/trainer/histograms.ts). Oracles
 * by hand: bin counts of a hand-made array (edge values, values past the ends, NaN), the shared
 * domain of known percentiles, per-layer medians and shares of tiny weight arrays, and bars read
 * back from the SVG: which bin (from x), how tall (from height), which layer (class).
 */
import { describe, expect, it } from "vitest";
import {
  BINS, HIST, MIN_DOMAIN, binEdges, changeHistogram, histogramDomain, histogramDynamic, histogramHeight, histogramLabel,
  histogramSvg, layerChanges, type HistogramLayer,
} from "../../../../src/islands/trainer/histograms.ts";
import { layerClass } from "../../../../src/islands/trainer/figure.ts";
import { svgOf } from "../../../support/svg-read.ts";

const f32 = (a: number[]) => Float32Array.from(a);
const PLOT_W = HIST.w - HIST.m.left - HIST.m.right;
/** A bar's bin, from its x: bars are PLOT_W/BINS wide from the left margin, inset by 0.5. */
const binOf = (r: Element) => Math.round(((Number(r.getAttribute("x")) - 0.5 - HIST.m.left) * BINS) / PLOT_W);
const bars = (svg: Element, l: number) => [...svg.querySelectorAll(`rect[data-layer="${l}"]`)];
/** bin → height of the bars that are drawn (height > 0). */
const drawn = (svg: Element, l: number) => Object.fromEntries(bars(svg, l).filter((r) => Number(r.getAttribute("height")) > 0).map((r) => [binOf(r), Number(r.getAttribute("height"))]));

describe("changeHistogram", () => {
  it("counts [edges[k], edges[k+1]) per bin, the last bin closed; values past the ends clamped into the end bins; NaN left out", () => {
    const edges = [-1, -0.5, 0, 0.5, 1];
    // bin 0: −3 (clamped), −1 (left edge); bin 1: −0.5 (its left edge), −0.25; bin 2: 0, 0.49;
    // bin 3: 0.5 (its left edge), 1 (the right end, closed), 7 (clamped). NaN: none.
    const values = [-3, -1, -0.5, -0.25, 0, 0.49, 0.5, 1, 7, NaN];
    expect(changeHistogram(values, edges)).toEqual([2, 2, 2, 3]);
    expect(changeHistogram(f32([]), edges)).toEqual([0, 0, 0, 0]);
  });

  it("bins are symmetric about 0 with one centred on it", () => {
    expect(binEdges(1, 5)).toEqual([-1, -0.6, -0.2, 0.2, 0.6, 1]);
    expect(changeHistogram([0, -0, 0.19, -0.2], binEdges(1, 5))).toEqual([0, 0, 4, 0, 0]);
  });

  it("rejects edges that do not increase or make no bin", () => {
    expect(() => changeHistogram([0], [1])).toThrow("changeHistogram: 1 edges; need at least 2 (one bin)");
    expect(() => changeHistogram([0], [0, 1, 1])).toThrow("changeHistogram: edges must increase, but edge 1 is 1 and edge 2 is 1");
  });
});

describe("histogramDomain", () => {
  it("is the largest per-layer 99th percentile of |x|, rounded up to 1, 2 or 5 × 10^k", () => {
    // |x| = 0.001 … 0.1 (100 values): nearest rank ⌈0.99·100⌉ = 99th → 0.099 → 0.1.
    const a = Array.from({ length: 100 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) / 1000);
    expect(histogramDomain([a, [0, 0]])).toBe(0.1);
    expect(histogramDomain([[0.3, -0.03]])).toBe(0.5);
  });

  it("is per layer, not pooled: a small layer's large change is covered", () => {
    // Pooled, 1,000 zeros and ten 0.3s have a 99th percentile of 0; per layer the second's is 0.3 → 0.5.
    expect(histogramDomain([new Array(1000).fill(0), new Array(10).fill(0.3)])).toBe(0.5);
  });

  it("is at least MIN_DOMAIN (epoch 0 still draws)", () => {
    expect(MIN_DOMAIN).toBe(0.01);
    expect(histogramDomain([[0, 0, 0], [0]])).toBe(0.01);
    expect(histogramDomain([])).toBe(0.01);
  });
});

// Layer 1: rms(W₀) = 1; Δ = (0.002, 0, 0.1, −0.3) → |x| sorted (0, 0.002, 0.1, 0.3): median 0.051, two of four below 1%.
// Output: rms(W₀) = 2; Δ = (0.5, −1, 0, 0) → x = (0.25, −0.5, 0, 0): median 0.125, two of four below 1%.
const twoLayers: HistogramLayer[] = [
  { w0: f32([1, -1, 1, -1]), w: f32([1.002, -1, 1.1, -1.3]) },
  { w0: f32([2, 2, -2, -2]), w: f32([2.5, 1, -2, -2]) },
];

describe("layerChanges", () => {
  it("per layer: rms(W₀), median |ΔW|/rms(W₀) on that layer's own rms, share moved < 1% of it", () => {
    const [a, b] = layerChanges(twoLayers);
    expect(a.rms0).toBe(1);
    expect(a.median).toBeCloseTo(0.051, 6);
    expect(a.still).toBe(0.5);
    expect([a.moved, a.frozen]).toEqual([true, false]);
    expect(b.rms0).toBe(2);
    expect(b.median).toBe(0.125);
    expect(b.still).toBe(0.5);
  });

  it("an unmoved layer: median 0, all still, not moved", () => {
    const w0 = f32([0.5, -0.5]);
    expect(layerChanges([{ w0, w: w0.slice(), frozen: true }])).toEqual([{ rms0: 0.5, median: 0, still: 1, frozen: true, moved: false }]);
  });

  it("rejects W and W₀ of different lengths, and a W₀ of RMS 0, naming the layer", () => {
    expect(() => layerChanges([twoLayers[0], { w0: f32([1, 1]), w: f32([1]) }])).toThrow("histograms: layer 2 has 1 current weights but 2 initial ones; pass W and W₀ of the same layer");
    expect(() => layerChanges([{ w0: f32([0, 0]), w: f32([1, 1]) }])).toThrow("histograms: layer 1's initial weights have RMS 0, so its change has no scale; pass the weights the run started from");
  });
});

describe("histogramLabel", () => {
  it("says each layer's median change as a share of its typical initial weight", () => {
    // 0.051 → "5.1%", 0.125 → "13%" (two significant figures).
    expect(histogramLabel(twoLayers)).toMatch(/ layer 1: median change 5\.1% of its typical initial weight; output: 13%\.$/);
  });

  it("says frozen and not moved", () => {
    const w0 = f32([1, -1]);
    const label = histogramLabel([{ w0, w: w0, frozen: true }, { w0, w: w0 }, { w0, w: f32([1.5, -1]) }]);
    // Output: x = (0.5, 0) → median 0.25 → "25%".
    expect(label).toMatch(/ layer 1: frozen; layer 2: not moved; output: median change 25% of its typical initial weight\.$/);
  });
});

describe("histogramSvg", () => {
  const seven = Array.from({ length: 7 }, (_, i) => ({ w0: f32([1, -1, 1, -1]), w: f32([1, -1, 1 + 0.1 * i, -1]) }));

  it("one row per weight layer, named layer 1 … output, its bars in the layer's colour classes; height grows with L", () => {
    for (const L of [1, 2, 7]) {
      const svg = svgOf(histogramSvg(seven.slice(0, L)));
      expect(svg.getAttribute("class")).toBe("figure-svg vg-plot plot-vb-560 trainer-hist");
      expect(svg.getAttribute("viewBox")).toBe(`0 0 560 ${histogramHeight(L)}`);
      const names = [...svg.querySelectorAll("text.trainer-hist-layer")].map((t) => t.textContent);
      expect(names).toEqual([...Array.from({ length: L - 1 }, (_, i) => `layer ${i + 1}`), "output"]);
      expect(svg.querySelectorAll("rect")).toHaveLength(L * BINS);
      for (let l = 1; l <= L; l++) for (const r of bars(svg, l)) expect(r.getAttribute("class")).toBe(layerClass(l));
    }
    expect(histogramHeight(2)).toBeLessThan(histogramHeight(7));
    expect(histogramHeight(7) - histogramHeight(2)).toBe(5 * HIST.row);
  });

  it("is a flat list of leaves (patchSvgChildren updates them in place), the same count whatever the weights", () => {
    const inner = histogramDynamic(seven);
    expect(inner).not.toMatch(/<g\b/);
    const moved = histogramDynamic(seven.map((x) => ({ ...x, w: f32([3, -1, 0, 2]) })));
    const leaves = (s: string) => s.match(/<(text|rect|line)\b/g)!.length;
    expect(leaves(moved)).toBe(leaves(inner));
  });

  it("a frozen layer is one full bar at the zero bin and says so; a learning layer's bars sit at its changes", () => {
    // Layer 1 frozen; output: x = (0, 0, 0.25, −0.5) → D = 0.5, bins 0.04 wide: 0 → bin 12 (×2),
    // 0.25 → (0.25 + 0.5)/0.04 = 18.75 → bin 18, −0.5 → bin 0. Each row to its tallest bar (2 → HIST.bar).
    const w0 = f32([1, -1, 1, -1]);
    const svg = svgOf(histogramSvg([{ w0, w: w0, frozen: true }, { w0, w: f32([1, -1, 1.25, -1.5]) }]));
    expect(drawn(svg, 1)).toEqual({ 12: HIST.bar });
    expect(drawn(svg, 2)).toEqual({ 0: HIST.bar / 2, 12: HIST.bar, 18: HIST.bar / 2 });
    expect(bars(svg, 1).map((r) => r.getAttribute("data-share")).filter((s) => s !== "0")).toEqual(["1"]);
    expect([...svg.querySelectorAll("text.trainer-hist-note")].map((t) => t.textContent)).toEqual(["frozen", "median 13%"]);
    // The axis: ±50% of the initial RMS, 0 in the middle.
    const ticks = [...svg.querySelectorAll("text")].filter((t) => /%$|^0$/.test(t.textContent!) && !t.getAttribute("class")).map((t) => t.textContent);
    expect(ticks).toEqual(["−50%", "−25%", "0", "+25%", "+50%"]);
  });

  it("epoch 0: every row one bar at 0, 'not moved', on the ±1% axis", () => {
    const w0 = f32([0.2, -0.1, 0.05]);
    const svg = svgOf(histogramSvg([{ w0, w: w0 }, { w0, w: w0 }]));
    expect([drawn(svg, 1), drawn(svg, 2)]).toEqual([{ 12: HIST.bar }, { 12: HIST.bar }]);
    expect([...svg.querySelectorAll("text.trainer-hist-note")].map((t) => t.textContent)).toEqual(["not moved", "not moved"]);
    expect(svg.textContent).toContain("+1%");
  });
});
