/**
 * The distances figure (src/figures/distances.ts) against the committed
 * public/derived/distances/distances.json: every bar and tick read back through the axis as drawn
 * (the x scale is recovered from the tick labels' positions, not from the code's domain), the rows in
 * order under their y-axis labels, the text alternatives and tables carrying every number, the
 * site's SVG gates, and bad input refused with the file and field named.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  accuracyChart, pairsTable, parseDistances, REPRESENTATION_IDS, spreadChart, spreadTable, type DistancesData, type Representation,
} from "../../../src/figures/distances.ts";
import { svgOf } from "../../support/svg-read.ts";

const RAW = JSON.parse(readFileSync(join(process.cwd(), "public/derived/distances/distances.json"), "utf8"));
const data: DistancesData = parseDistances(RAW);
const byId = new Map(data.representations.map((r) => [r.id, r]));
const ordered: Representation[] = REPRESENTATION_IDS.map((id) => byId.get(id)!);

const translate = (el: Element) => {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el.getAttribute("transform") ?? "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};
const num = (el: Element, a: string) => Number(el.getAttribute(a));

/** The x scale as drawn: value = a + b·pixel, fitted through the numeric tick labels of the x axis. */
function xScale(svg: Element): (px: number) => number {
  const ticks = [...svg.querySelectorAll("g.plot-axis text")]
    .filter((t) => /^-?[\d.]+$/.test(t.textContent!.trim()) && t.getAttribute("y") === "0.71em")
    .map((t) => [translate(t)[0], Number(t.textContent)] as const);
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const [p0, v0] = ticks[0];
  const [p1, v1] = ticks.at(-1)!;
  return (px) => v0 + ((px - p0) * (v1 - v0)) / (p1 - p0);
}
/** The y-axis labels, top to bottom, with their band centres. */
function yLabels(svg: Element): { text: string; y: number }[] {
  return [...svg.querySelectorAll("g.plot-axis text")]
    .filter((t) => t.getAttribute("y") === "0.32em")
    .map((t) => {
      const g = t.parentElement!;
      return { text: t.textContent!, y: translate(t)[1] + translate(g)[1] };
    });
}
const bandOf = (labels: { text: string; y: number }[], y: number) => labels.reduce((a, b) => (Math.abs(b.y - y) < Math.abs(a.y - y) ? b : a)).text;

describe("the committed data, as the figure reads it", () => {
  it("has every representation once, pixels at ratio 1", () => {
    expect(data.representations.map((r) => r.id).sort()).toEqual([...REPRESENTATION_IDS].sort());
    expect(byId.get("pixels")!.relative).toEqual({ p5: 1, p95: 1 });
  });
});

describe("accuracyChart", () => {
  const s = accuracyChart(data);
  const svg = svgOf(s);
  it("draws one bar per representation, in order, whose end reads back to the 1-NN accuracy through the x axis", () => {
    const x = xScale(svg);
    const labels = yLabels(svg);
    expect(labels.map((l) => l.text)).toEqual(ordered.map((r) => r.label));
    const bars = [...svg.querySelectorAll("g.distances-accuracy rect")];
    expect(bars).toHaveLength(ordered.length);
    for (const bar of bars) {
      const who = bandOf(labels, num(bar, "y") + num(bar, "height") / 2);
      const r = ordered.find((o) => o.label === who)!;
      // The axis is labelled in percent.
      expect(x(num(bar, "x"))).toBeCloseTo(0, 6);
      expect(x(num(bar, "x") + num(bar, "width")) / 100).toBeCloseTo(r.nearestNeighbour, 6);
    }
    // The value printed at each bar's end, as a percentage with one decimal.
    expect([...svg.querySelectorAll("g.distances-accuracy-value text")].map((t) => t.textContent)).toEqual(ordered.map((r) => `${(r.nearestNeighbour * 100).toFixed(1)}%`));
  });
  it("is an accessible SVG that passes the gates, its label listing every accuracy", () => {
    expect(svg.getAttribute("role")).toBe("img");
    expect(s).not.toMatch(/\sstyle=|font-size|font-family|\sid=/);
    expect(s).not.toMatch(/#[0-9a-f]{3,6}\b|rgb\(/i);
    const label = svg.getAttribute("aria-label")!;
    for (const r of ordered) expect(label).toContain(`${r.label} ${(r.nearestNeighbour * 100).toFixed(1)}%`);
    expect(accuracyChart(data)).toBe(s);
  });
});

describe("spreadChart", () => {
  const s = spreadChart(data);
  const svg = svgOf(s);
  const x = xScale(svg);
  const labels = yLabels(svg);
  const rowOf = (el: Element, yAttr: "y" | "y1") => {
    const y = yAttr === "y" ? num(el, "y") + num(el, "height") / 2 : (num(el, "y1") + num(el, "y2")) / 2;
    return ordered.find((o) => o.label === bandOf(labels, y))!;
  };
  it("draws each representation's 5–95% band of r ÷ median as a thick bar that reads back through the x axis", () => {
    expect(labels.map((l) => l.text)).toEqual(ordered.map((r) => r.label));
    const bars = [...svg.querySelectorAll("g.distances-band rect")];
    expect(bars).toHaveLength(ordered.length);
    for (const bar of bars) {
      const r = rowOf(bar, "y");
      expect(x(num(bar, "x")), r.id).toBeCloseTo(r.relative.p5, 6);
      // A band that is a point (the pixels: every r is 1) is drawn 0.004 wide so that it shows.
      expect(x(num(bar, "x") + num(bar, "width")), r.id).toBeCloseTo(Math.max(r.relative.p95, r.relative.p5 + 0.004), 6);
    }
  });
  it("draws the weighted inputs' band (thin) and the χ² prediction (two ticks) for each random layer, nothing for the others", () => {
    const random = ordered.filter((r) => r.id.startsWith("random-"));
    const thin = [...svg.querySelectorAll("g.distances-linear rect")];
    expect(thin.map((b) => rowOf(b, "y").id)).toEqual(random.map((r) => r.id));
    for (const bar of thin) {
      const r = rowOf(bar, "y");
      expect(x(num(bar, "x"))).toBeCloseTo(r.linear!.relative.p5, 6);
      expect(x(num(bar, "x") + num(bar, "width"))).toBeCloseTo(r.linear!.relative.p95, 6);
      // Thinner, and below the thick bar of the same row.
      expect(num(bar, "height")).toBeLessThan(num(svg.querySelector("g.distances-band rect")!, "height"));
    }
    const ticks = [...svg.querySelectorAll("g.distances-predicted line")];
    expect(ticks).toHaveLength(2 * random.length);
    for (const r of random) {
      const mine = ticks.filter((t) => rowOf(t, "y1") === r).map((t) => x(num(t, "x1"))).sort((a, b) => a - b);
      expect(mine).toHaveLength(2);
      expect(mine[0]).toBeCloseTo(r.predicted!.p5, 6);
      expect(mine[1]).toBeCloseTo(r.predicted!.p95, 6);
    }
    // The dashed line at the median, r ÷ median = 1.
    expect(x(num(svg.querySelector("g.distances-median line")!, "x1"))).toBeCloseTo(1, 6);
  });
  it("says every band and prediction in its text alternative", () => {
    const label = svg.getAttribute("aria-label")!;
    for (const r of ordered) {
      expect(label).toContain(`${r.label} ${r.relative.p5.toFixed(2)} to ${r.relative.p95.toFixed(2)}`);
      if (r.linear) expect(label).toContain(`weighted inputs z ${r.linear.relative.p5.toFixed(2)} to ${r.linear.relative.p95.toFixed(2)}, χ² prediction for ${r.dims.toLocaleString("en-US")} random dimensions ${r.predicted!.p5.toFixed(2)} to ${r.predicted!.p95.toFixed(2)}`);
    }
    expect(s).not.toMatch(/\sstyle=|font-size|font-family|\sid=/);
  });
});

describe("the tables", () => {
  it("spread table: every representation and every random layer's z, with the numbers of the JSON", () => {
    const t = spreadTable(data);
    const want: string[][] = [];
    const band = (a: number, b: number) => `${a.toFixed(2)}–\u200b${b.toFixed(2)}`;
    for (const r of ordered) {
      want.push([r.label, `${(r.nearestNeighbour * 100).toFixed(1)}%`, r.ratio.p50 >= 0.1 ? r.ratio.p50.toFixed(3) : r.ratio.p50.toPrecision(3), band(r.relative.p5, r.relative.p95), "–"]);
      if (r.linear) want.push([`${r.label}, z`, `${(r.linear.nearestNeighbour * 100).toFixed(1)}%`, r.linear.ratio.p50 >= 0.1 ? r.linear.ratio.p50.toFixed(3) : r.linear.ratio.p50.toPrecision(3), band(r.linear.relative.p5, r.linear.relative.p95), band(r.predicted!.p5, r.predicted!.p95)]);
    }
    expect(t.rows).toEqual(want);
    expect(t.rows).toHaveLength(11);
    expect(t.columns).toHaveLength(5);
  });
  it("pairs table: each representation's closest pair and the collided pair's place in it", () => {
    const t = pairsTable(data);
    expect(t.rows.map((r) => r[0])).toEqual(ordered.map((r) => r.label));
    const c = data.collidedPair;
    expect(t.columns[3]).toBe(`#${c.i} & #${c.j}: r ÷ median`);
    const random = t.rows[ordered.findIndex((r) => r.id === "random-30")];
    const r30 = byId.get("random-30")!;
    const b30 = c.byRepresentation.find((b) => b.id === "random-30")!;
    expect(random).toEqual([
      "random 30",
      `#${r30.closestPair.i} (${r30.closestPair.labels[0]}) & #${r30.closestPair.j} (${r30.closestPair.labels[1]})`,
      r30.closestPair.relative.toFixed(2),
      b30.relative.toFixed(2),
      `${(b30.rank * 100).toPrecision(2)}%`,
    ]);
    expect(t.rows[0][1]).toBe("every r is the same");
  });
});

describe("parseDistances (re-exported from src/lib/schemas/derived/distances.ts, tested there in full)", () => {
  it("names the file and the field that is missing or wrong", () => {
    const broken = structuredClone(RAW);
    delete broken.representations[3].ratio.p50;
    expect(() => parseDistances(broken)).toThrow(new Error('the field "representations[3].ratio.p50" of public/derived/distances/distances.json is missing'));
    const wrong = structuredClone(RAW);
    wrong.representations[1].nearestNeighbour = 1.5;
    expect(() => parseDistances(wrong, "x.json")).toThrow(new Error('the field "representations[1].nearestNeighbour" of x.json is not valid (1.5): an accuracy is at most 1'));
    const fewer = structuredClone(RAW);
    fewer.representations = fewer.representations.filter((r: { id: string }) => r.id !== "pca-30");
    expect(() => parseDistances(fewer)).toThrow(
      new Error('the field "representations.length" of public/derived/distances/distances.json is not valid (6): there is no representation "pca-30" (found pixels, trained-30, random-30, random-100, random-300, random-1000)'),
    );
  });
});
