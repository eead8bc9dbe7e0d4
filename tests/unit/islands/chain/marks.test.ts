/**
 * The neuron-chain figure read back against the math: the numbers under each neuron are
 * z_j and σ′(z_j) of a forward pass done here by hand, the factor on each link is
 * w_jσ′(z_j), and each bar's top, mapped back through the log axis, is |∂C/∂b_j| from
 * src/lib/toy-math/chain.ts (and from the product of the factors).
 */
import { describe, expect, it } from "vitest";
import { AXIS, trend, dynamicSvg, figureLabel, figureSvg, gradients, sig, significant, summary, tableCaption, tableCells, tableHtml, tableRows } from "../../../../src/islands/chain/figure.ts";
import { DEFAULTS, explodingSettings, windowSettings, type ChainSettings } from "../../../../src/islands/chain/settings.ts";
import { chainGradients } from "../../../../src/lib/toy-math/chain.ts";
import { num } from "../../../../src/lib/draw/svg.ts";
import { elements, shown, texts } from "../../../support/svg-read.ts";

// viewBox 640 × 460, margins top 186, right 8, bottom 70, left 76: neuron j (0-based i) is centred at
// 76 + (i + 0.5)·139; the bars' log axis maps log10 |∂C/∂b| ∈ [−12, 4] to y ∈ [390, 186].
const CX = [145.5, 284.5, 423.5, 562.5];
const BASE = 390;
const lgOf = (py: number) => -12 + ((BASE - py) / 204) * 16;
const Yof = (lg: number) => BASE - ((lg + 12) / 16) * 204;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Forward pass and backpropagation by hand, for C = ½ a₄². */
function byHand(s: ChainSettings) {
  const z: number[] = [];
  const sp: number[] = [];
  let a = s.x;
  for (let j = 0; j < 4; j++) {
    z.push(s.w[j] * a + s.b[j]);
    a = sigmoid(z[j]);
    sp.push(a * (1 - a));
  }
  const factors = [1, 2, 3].map((j) => s.w[j] * sp[j]);
  // ∂C/∂b_j = σ′(z_j) · Π_{k>j} w_kσ′(z_k) · a₄
  const dCdb = [0, 1, 2, 3].map((j) => sp[j] * factors.slice(j).reduce((p, f) => p * f, 1) * a);
  return { z, sp, factors, dCdb, a4: a };
}
const close = (got: number, want: number, rel: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-300);
/** The centred texts at one dy (a row of the figure): position, class ("" if none) and text as written. */
const centred = (svg: string, dy: string) =>
  elements(svg, "text")
    .filter((e) => e.attrs.dy === dy && e.attrs["text-anchor"] === "middle")
    .map((e) => ({ x: Number(e.attrs.x), y: Number(e.attrs.y), cls: e.attrs.class ?? "", t: e.text }));
const bars = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.-]+)" height="([\d.-]+)" class="([^"]*)" data-layer="(\d)"\/>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
    cls: m[5],
    layer: Number(m[6]),
  }));
const all = (w: number, b: number, x: number): ChainSettings => ({ w: [w, w, w, w], b: [b, b, b, b], x });
const CASES: ChainSettings[] = [
  DEFAULTS,
  explodingSettings(),
  windowSettings(),
  { w: [2, -3, 0.5, 4], b: [-1, 0.5, 2, -0.3], x: -1.5 },
  { w: [-8, 6, -5, 9], b: [3, -2, 1, 0], x: 0.7 },
  { w: [120, 120, 120, 120], b: [120, -120, -120, -120], x: 1 },
];

describe("chain marks: the neuron row", () => {
  it("shows z_j and σ′(z_j) under each neuron, from the forward pass", () => {
    for (const s of CASES) {
      const svg = dynamicSvg(s);
      const h = byHand(s);
      const zs = centred(svg, "1.2em").filter((t) => t.y === 84);
      const sps = centred(svg, "2.45em").filter((t) => t.y === 84);
      expect(zs.map((t) => t.x)).toEqual(CX);
      expect(sps.map((t) => t.x)).toEqual(CX);
      zs.forEach((t, i) => close(shown(t.t), h.z[i], 0.006));
      sps.forEach((t, i) => close(shown(t.t), h.sp[i], 0.06));
      sps.forEach((t, i) => expect(t.t).toBe(sig(h.sp[i]).length > 7 ? significant(h.sp[i], 2) : sig(h.sp[i])));
      // Neurons: circles of radius 18 on the row at y = 66, numbered 1 to 4.
      const circles = [...svg.matchAll(/<circle cx="([\d.-]+)" cy="66" r="18" class="neuron"\/><text x="([\d.-]+)" y="66" dy="0.35em" text-anchor="middle">(\d)<\/text>/g)];
      expect(circles.map((m) => [Number(m[1]), Number(m[2]), m[3]])).toEqual(CX.map((c, i) => [c, c, String(i + 1)]));
      // Row headers and the input.
      expect(svg).toContain(`<text x="8" y="84" dy="1.2em" class="label">z</text><text x="8" y="84" dy="2.45em" class="label">σ′</text>`);
      expect(svg).toContain(`<text x="67.75" y="66" dy="-0.5em" text-anchor="middle">x = ${sig(s.x)}</text>`);
    }
  });
  it("writes the factor w_jσ′(z_j) on each link, marked as shrinking below 1 in size and growing from 1", () => {
    for (const s of CASES) {
      const svg = dynamicSvg(s);
      const h = byHand(s);
      const fs = centred(svg, "-0.5em").filter((t) => t.cls.startsWith("factor"));
      expect(fs.map((t) => t.x)).toEqual([215, 354, 493]);
      fs.forEach((t, i) => {
        expect(t.t.startsWith("× ")).toBe(true);
        close(shown(t.t.slice(2)), h.factors[i], 0.06);
        expect(t.cls).toBe(`factor ${Math.abs(h.factors[i]) < 1 ? "shrinks" : "grows"}`);
      });
      const names = centred(svg, "-1.75em").map((t) => [t.x, t.t]);
      expect(names).toEqual([
        [215, "w₂σ′(z₂)"],
        [354, "w₃σ′(z₃)"],
        [493, "w₄σ′(z₄)"],
      ]);
    }
    // Exactly 1 in size grows (the factor does not shrink the gradient).
    const one = { w: [1, 4, 4, 4], b: [0, -Math.log(1), 0, 0], x: 0 };
    const g = gradients(one);
    const svg = dynamicSvg(one, { ...g, factors: [1, -1, 0.999] });
    expect(centred(svg, "-0.5em").filter((t) => t.cls.startsWith("factor")).map((t) => t.cls)).toEqual(["factor grows", "factor grows", "factor shrinks"]);
  });
  it("joins input, neurons and cost with edges that stop at each circle", () => {
    const svg = dynamicSvg(DEFAULTS);
    const edges = [...svg.matchAll(/<line x1="([\d.-]+)" x2="([\d.-]+)" y1="66" y2="66" class="edge"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(edges).toEqual([
      [8, 127.5],
      [163.5, 266.5],
      [302.5, 405.5],
      [441.5, 544.5],
      [580.5, 614],
    ]);
    expect(svg).toContain(`<text x="620" y="66" dy="0.35em">C</text>`);
  });
});

describe("chain marks: the bars", () => {
  it("rise on the log axis to |∂C/∂b_j| = σ′(z_j)·Π w_kσ′(z_k)·a₄, signed value on top", () => {
    for (const s of CASES) {
      const g = gradients(s);
      const h = byHand(s);
      expect(g).toEqual(chainGradients(s, 0));
      const svg = dynamicSvg(s, g);
      const b = bars(svg);
      expect(b.map((r) => r.layer)).toEqual([1, 2, 3, 4]);
      const values = centred(svg, "-0.4em");
      b.forEach((r, i) => {
        const v = g.dCdb[i];
        close(v, h.dCdb[i], 1e-9);
        expect(r.x).toBe(CX[i] - 28);
        expect(r.w).toBe(56);
        expect(r.y + r.h).toBeCloseTo(BASE, 1);
        const below = !(Math.abs(v) >= AXIS.floor);
        expect(r.cls).toBe(`bar${v < 0 ? " negative" : ""}${below ? " clamped" : ""}`);
        if (below) {
          // A stub 3 units tall on the floor, the value above it and "< 10⁻¹²".
          expect(r.h).toBe(3);
          expect(svg).toContain(`<text x="${CX[i]}" y="390" dy="-1.6em" text-anchor="middle" class="value">${v === 0 ? "0" : sig(v)}</text><text x="${CX[i]}" y="390" dy="-0.5em" text-anchor="middle" class="label">&lt; 10⁻¹²</text>`);
        } else {
          expect(lgOf(r.y)).toBeCloseTo(Math.log10(Math.abs(v)), 2);
          const top = values.find((t) => t.x === CX[i])!;
          expect(top.y).toBe(r.y);
          expect(top.cls).toBe("value");
          close(shown(top.t), v, 0.06);
          // Long numbers get two significant figures so that four columns fit a phone; others three.
          expect(top.t).toBe(sig(v).length > 7 ? significant(v, 2) : sig(v));
        }
      });
      expect(values).toHaveLength(b.filter((r) => !r.cls.includes("clamped")).length);
      const names = centred(svg, "1.2em").filter((t) => t.y === BASE);
      expect(names.map((t) => [t.x, t.t])).toEqual(CX.map((c, i) => [c, `∂C/∂b${"₁₂₃₄"[i]}`]));
    }
  });
  it("orders bar heights as the gradients: the exploding chain grows 25 times per layer back", () => {
    const b = bars(dynamicSvg(explodingSettings()));
    for (let i = 0; i + 1 < 4; i++) expect(lgOf(b[i].y) - lgOf(b[i + 1].y)).toBeCloseTo(Math.log10(25), 2);
    // The vanishing chain: each bar lower than the next.
    const v = bars(dynamicSvg(DEFAULTS));
    for (let i = 0; i + 1 < 4; i++) expect(v[i].y).toBeGreaterThan(v[i + 1].y);
  });
  it("clamps zero and below-floor gradients to the floor, and keeps bars above it at their height", () => {
    const zero = all(120, 120, 1);
    const bz = bars(dynamicSvg(zero));
    expect(bz.map((r) => [r.y, r.h, r.cls])).toEqual(CX.map(() => [387, 3, "bar clamped"]));
    const s = { w: [120, 1, 1, 1], b: [120, 0, 0, 0], x: 1 };
    const g = gradients(s);
    const b = bars(dynamicSvg(s, g));
    const clamped = g.dCdb.map((v) => Math.abs(v) < AXIS.floor);
    expect(clamped).toContain(true);
    expect(clamped).toContain(false);
    b.forEach((r, i) => expect(r.cls.includes("clamped")).toBe(clamped[i]));
    // A value exactly at the floor is drawn as a (zero-height) bar, not clamped.
    const at = dynamicSvg(s, { ...g, dCdb: [1e-12, -1e-12, 1e-13, 1e4] });
    const ba = bars(at);
    expect(ba.map((r) => r.cls)).toEqual(["bar", "bar negative", "bar clamped", "bar"]);
    expect(ba[0].h).toBe(0);
    expect(ba[3].y).toBeCloseTo(Yof(4), 1);
    expect(ba[3].y).toBe(186);
    expect(at).toContain(`class="value">1 × 10⁻¹²</text>`);
    // Beyond the top the bar stops at the top.
    expect(bars(dynamicSvg(s, { ...g, dCdb: [1e6, 1, 1, 1] }))[0].y).toBe(186);
  });
});

describe("chain marks: axis, labels and text alternative", () => {
  it("draws the log axis with labels every 10⁴ and a grid line at every other power of ten", () => {
    const svg = figureSvg(DEFAULTS);
    expect(svg.startsWith(`<svg viewBox="0 0 640 460" class="figure-svg chain" font-size="13" role="img" aria-label="`)).toBe(true);
    expect(svg.endsWith(`<g data-role="chain-dynamic">${dynamicSvg(DEFAULTS)}</g></svg>`)).toBe(true);
    const minor = [...svg.matchAll(/<line x1="76" x2="632" y1="([\d.-]+)" y2="([\d.-]+)" class="grid minor"\/>/g)].map((m) => {
      expect(m[1]).toBe(m[2]);
      return Math.round(lgOf(Number(m[1])) * 100) / 100;
    });
    expect(minor).toEqual([-11, -10, -9, -7, -6, -5, -3, -2, -1, 1, 2, 3]);
    const labels = texts(svg);
    for (const t of ["10⁻¹²", "10⁻⁸", "10⁻⁴", "1", "10⁴"]) expect(labels).toContain(t);
    expect(labels).toContain("|∂C/∂bⱼ| on a log scale, signed value on top");
    // Nothing but marks: no stray text outside the text elements, and the first mark is the grid.
    for (const s of CASES) {
      const f = figureSvg(s);
      expect(f.replace(/<text[^>]*>[^<]*<\/text>/g, "").replace(/<[^>]*>/g, "")).toBe("");
      expect(dynamicSvg(s).startsWith('<text x="67.75"')).toBe(true);
    }
    expect(svg.slice(svg.indexOf('">') + 2).startsWith('<line x1="76" x2="632"')).toBe(true);
    // The axis's own labels: the powers of ten and the x label, and nothing else.
    const own = texts(svg.replace(dynamicSvg(DEFAULTS), ""));
    expect(own.filter((t) => t !== "")).toEqual(["10⁻¹²", "10⁻⁸", "10⁻⁴", "1", "10⁴", "|∂C/∂bⱼ| on a log scale, signed value on top"]);
  });
  it("describes the figure and ends with the summary", () => {
    for (const s of CASES) {
      const g = gradients(s);
      const alt = figureLabel(s, g);
      expect(alt).toBe(
        `Bar chart, on a log scale, of the size of ∂C/∂b₁ to ∂C/∂b₄ for a chain of four sigmoid neurons, below a row showing each neuron's z and σ′ and the factors wⱼσ′(zⱼ) between them. ${summary(s, g)}`,
      );
      expect(figureSvg(s, g)).toContain(`aria-label="${alt.replace(/'/g, "&#39;")}"`);
      expect(figureLabel(s)).toBe(alt);
    }
  });
  it("states the ratio ∂C/∂b₁ : ∂C/∂b₄ a reader can check against the bars", () => {
    const h = byHand(DEFAULTS);
    const r = Math.abs(h.dCdb[0] / h.dCdb[3]);
    expect(r).toBeLessThan(1);
    expect(summary(DEFAULTS)).toMatch(new RegExp(`^∂C/∂b₁ is 1/${sig(1 / r)} of ∂C/∂b₄\\.`));
    // Over a million times smaller: said as a multiple.
    const tiny = { w: [0.01, 0.01, 0.01, 0.01], b: [0, 0, 0, 0], x: 1 };
    const ht = byHand(tiny);
    const rt = Math.abs(ht.dCdb[0] / ht.dCdb[3]);
    expect(1 / rt).toBeGreaterThanOrEqual(1e6);
    expect(summary(tiny)).toMatch(new RegExp(`^∂C/∂b₁ is ${sig(rt).replace(/[()]/g, "\\$&")} times ∂C/∂b₄\\.`));
    expect(summary(tiny)).toContain(`, each equal to ${sig(ht.factors[0])} (below 1/4).`);
    // Exactly equal: 1 times.
    const eq = { w: [1, 1, 1, 1], b: [0, 0, 0, 0], x: 0 };
    const g = gradients(eq);
    expect(summary(eq, { ...g, dCdb: [0.5, 0.1, 0.1, 0.5] })).toMatch(/^∂C\/∂b₁ is 1 times ∂C\/∂b₄\./);
    // First zero, last not.
    expect(summary(eq, { ...g, dCdb: [0, 0.1, 0.1, 0.5] })).toMatch(/^∂C\/∂b₁ is 0 in floating point, while ∂C\/∂b₄ = 0\.5\./);
    // Equal factors between 1/4 and 1; unequal ones all below 1 but not all below 1/4; all at least 1.
    expect(summary(eq, { ...g, factors: [0.5, 0.5, 0.5] })).toContain("each equal to 0.5 (below 1).");
    expect(summary(eq, { ...g, factors: [0.5, 0.2, 0.3] })).toContain(": 0.5, 0.2 and 0.3, each below 1 in size.");
    expect(summary(eq, { ...g, factors: [0.1, 0.2, 0.24] })).toContain(": 0.1, 0.2 and 0.24, each below 1/4 in size.");
    expect(summary(eq, { ...g, factors: [1, 2, 3] })).toContain(": 1, 2 and 3, each at least 1 in size.");
    expect(summary(eq, { ...g, factors: [2, 2, 2] })).toContain("each equal to 2.");
    expect(summary(eq, { ...g, factors: [3, 0.5] })).toContain("two factors wⱼσ′(zⱼ): 3 and 0.5; those below 1");
    expect(summary(eq, { ...g, factors: [3] })).toContain("one factors wⱼσ′(zⱼ), each equal to 3.");
    expect(summary(eq, { ...g, factors: [3, 3, 3, 3] })).toContain("four factors");
    expect(summary(eq, { ...g, factors: [3, 3, 3, 3, 3] })).toContain("five factors");
    // At the thresholds: exactly 1/4 is not below 1/4, exactly 1 is not below 1.
    expect(summary(eq, { ...g, factors: [0.25, 0.25, 0.25] })).toContain("each equal to 0.25 (below 1).");
    expect(summary(eq, { ...g, factors: [1, 1, 1] })).toContain("each equal to 1.");
    expect(summary(eq, { ...g, factors: [0.25, 0.1, 0.2] })).toContain(", each below 1 in size.");
    expect(summary(eq, { ...g, factors: [1, 0.5, 0.2] })).toContain("; those below 1 in size shrink it, those above 1 grow it.");
    expect(trend({ ...g, factors: [1, 0.5, 0.2] })).toBe("mixed");
    expect(trend({ ...g, factors: [1, 1, 2] })).toBe("growing");
    expect(trend({ ...g, factors: [0.99, 0.5, 0.2] })).toBe("shrinking");
  });
});

describe("chain marks: the table", () => {
  it("lists w, b, z, σ′, the factor and ∂C/∂b per neuron, the numbers of the figure", () => {
    for (const s of CASES) {
      const g = gradients(s);
      const cells = tableCells(s, g);
      expect(cells).toEqual(g.z.map((z, i) => [num(s.w[i], 2), num(s.b[i], 2), sig(z), sig(g.sigmaPrime[i]), i === 0 ? null : sig(g.factors[i - 1]), sig(g.dCdb[i])]));
      const rows = tableRows(s, g);
      const trs = [...rows.matchAll(/<tr><th scope="row">(\d)<\/th>(.*?)<\/tr>/g)];
      expect(trs.map((m) => m[1])).toEqual(["1", "2", "3", "4"]);
      trs.forEach((m, i) => {
        const tds = [...m[2].matchAll(/<td>(.*?)<\/td>/g)].map((t) => t[1]);
        expect(tds).toEqual(cells[i].map((c) => (c === null ? `<span aria-hidden="true">—</span><span class="visually-hidden">none</span>` : c)));
      });
      expect(tableCaption(s, g)).toBe(`The chain's numbers for the input x = ${num(s.x, 2)}, with C = ½ a₄² (so ∂C/∂a₄ = a₄ = ${sig(byHand(s).a4)})`);
      const html = tableHtml(s, g);
      expect(html).toContain(`<tbody data-role="table-rows">${rows}</tbody></table>`);
      expect(html).toContain(`<caption data-role="table-caption">${tableCaption(s, g).replace(/'/g, "&#39;")}</caption>`);
      expect(rows).toBe(trs.map((m) => m[0]).join(""));
      expect(html).toContain(
        `<thead><tr><th scope="col">Neuron j</th><th scope="col">w<sub>j</sub></th><th scope="col">b<sub>j</sub></th><th scope="col">z<sub>j</sub></th><th scope="col">σ′(z<sub>j</sub>)</th><th scope="col">w<sub>j</sub>σ′(z<sub>j</sub>)</th><th scope="col">∂C/∂b<sub>j</sub></th></tr></thead>`,
      );
      expect(tableRows(s)).toBe(rows);
      expect(tableCells(s)).toEqual(cells);
    }
  });
});

it("shows numbers of up to 7 characters with three figures, longer ones with two", () => {
  // "−0.0578" is 7 characters and keeps three figures; "−0.00123" (8) and "1.23 × 10⁻⁴" get two.
  const g = gradients(DEFAULTS);
  const svg = dynamicSvg(DEFAULTS, { ...g, sigmaPrime: [0.0578, 0.00012345, 2.5e-27, 1.234e-5], dCdb: [-0.0578, -0.00123, 1, 1] });
  const sps = centred(svg, "2.45em").filter((t) => t.y === 84).map((t) => t.t);
  expect(sps).toEqual(["0.0578", "1.2 × 10⁻⁴", "2.5 × 10⁻²⁷", "1.2 × 10⁻⁵"]);
  expect(centred(svg, "-0.4em").map((t) => t.t).slice(0, 2)).toEqual(["−0.0578", "−0.0012"]);
});

it("significant() keeps the figures asked for", () => {
  expect(significant(0.123456, 2)).toBe("0.12");
  expect(significant(-1234.5, 2)).toBe("−1235");
});
