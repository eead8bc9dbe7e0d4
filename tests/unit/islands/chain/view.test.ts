/** The neuron-chain demo's settings and view: parsing, URL records, slider scale, figure, summary, table. */
import { describe, expect, it } from "vitest";
import {
  DEFAULTS,
  DEFAULT_SEED,
  KEYS,
  RANGES,
  explodingSettings,
  fromRecord,
  fromSlider,
  parseSettings,
  randomSettings,
  settingValue,
  sliderPosition,
  toRecord,
  windowSettings,
  withSetting,
  type ChainSettings,
} from "../../../../src/islands/chain/settings.ts";
import { AXIS, figureSvg, gradients, powerOfTen, sig, significant, summary, tableHtml, trend } from "../../../../src/islands/chain/figure.ts";
import { explodingPreset, randomPreset, windowPreset } from "../../../../src/lib/toy-math/chain.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";
import { parseHash, withDemoState } from "../../../../src/lib/site/hash-state.ts";

const all = (w: number, b: number, x: number): ChainSettings => ({ w: [w, w, w, w], b: [b, b, b, b], x });

describe("chain settings", () => {
  it("defaults to a fixed N(0,1) draw, rounded to 0.01, with every |w| < 1", () => {
    const p = randomPreset(mulberry32(DEFAULT_SEED), 1);
    expect(DEFAULTS.x).toBe(1);
    DEFAULTS.w.forEach((v, i) => expect(v).toBeCloseTo(p.w[i], 2));
    DEFAULTS.b.forEach((v, i) => expect(v).toBeCloseTo(p.b[i], 2));
    for (const v of [...DEFAULTS.w, ...DEFAULTS.b]) expect(Math.round(v * 100) / 100).toBe(v);
    expect(DEFAULTS.w.every((v) => Math.abs(v) < 1)).toBe(true);
    expect(randomSettings(DEFAULT_SEED)).toEqual(DEFAULTS);
    expect(randomSettings(DEFAULT_SEED + 1)).not.toEqual(DEFAULTS);
  });

  it("parses strings and numbers, clamps to the ranges and falls back on garbage", () => {
    expect(parseSettings({})).toEqual(DEFAULTS);
    const s = parseSettings({ w1: "2.5", w2: 500, w3: "-1e9", b1: "abc", b2: "", b3: null, b4: "-7", x: "3" });
    expect(s.w).toEqual([2.5, RANGES.w.max, RANGES.w.min, DEFAULTS.w[3]]);
    expect(s.b).toEqual([DEFAULTS.b[0], DEFAULTS.b[1], DEFAULTS.b[2], -7]);
    expect(s.x).toBe(RANGES.x.max);
    expect(parseSettings({ w1: "NaN", w2: "Infinity", x: "-Infinity" })).toEqual(DEFAULTS);
    expect(withSetting(DEFAULTS, "b3", NaN)).toEqual(DEFAULTS);
    expect(settingValue(withSetting(DEFAULTS, "b3", 4.25), "b3")).toBe(4.25);
  });

  it("keeps the presets exact", () => {
    expect(explodingSettings()).toEqual(explodingPreset(1));
    expect(explodingSettings()).toEqual({ w: [100, 100, 100, 100], b: [-100, -50, -50, -50], x: 1 });
    expect(windowSettings(0.5)).toEqual(windowPreset(0.5));
    expect(explodingSettings(7).x).toBe(RANGES.x.max);
  });

  it("round-trips through the URL fragment", () => {
    for (const s of [DEFAULTS, explodingSettings(), randomSettings(42, -0.3), withSetting(DEFAULTS, "w2", 119)]) {
      const hash = withDemoState("#vg?other.a=1", "chain", toRecord(s));
      const back = fromRecord(parseHash(hash).get("chain")!);
      expect(back).toEqual(s);
      expect(parseHash(hash).get("other")).toEqual({ a: "1" });
    }
    expect(toRecord(DEFAULTS)).toEqual({ w1: "0.4", w2: "0.24", w3: "-0.6", w4: "0.68", b1: "-0.54", b2: "-0.5", b3: "-1.49", b4: "-0.38", x: "1" });
    // The window preset's irrational values come back to six digits: the same picture and words.
    const w = windowSettings();
    const back = fromRecord(toRecord(w));
    back.w.forEach((v, i) => expect(v).toBeCloseTo(w.w[i], 4));
    expect(summary(back)).toBe(summary(w));
    expect(fromRecord({ w1: "oops", x: "0.25" })).toEqual({ ...DEFAULTS, x: 0.25 });
  });

  it("maps slider positions on a symlog scale to nice values, and back", () => {
    expect(fromSlider("w1", 0)).toBe(0);
    expect(fromSlider("w1", "0.16")).toBe(0.16);
    expect(fromSlider("b2", -1)).toBe(-1);
    expect(fromSlider("b2", -2)).toBe(-10);
    expect(fromSlider("w3", 1.5)).toBe(3.16);
    expect(fromSlider("w3", 2.5)).toBe(31.6);
    expect(fromSlider("w3", 3)).toBe(100);
    expect(fromSlider("b1", -3)).toBe(-100);
    expect(fromSlider("w4", RANGES.slider.max)).toBe(RANGES.w.max);
    expect(fromSlider("b4", RANGES.slider.min)).toBe(RANGES.b.min);
    expect(fromSlider("x", "0.337")).toBe(0.34);
    expect(fromSlider("x", 5)).toBe(RANGES.x.max);
    expect(Number.isNaN(fromSlider("w1", "junk"))).toBe(true);
    for (const v of [0, 0.16, -1, -10, 3.16, 31.6, 100, -120]) expect(fromSlider("w1", Math.round(sliderPosition("w1", v) * 100) / 100)).toBe(v);
    expect(sliderPosition("x", -0.4)).toBe(-0.4);
    // Neighbouring positions give different values everywhere on the scale.
    const seen = new Set<number>();
    for (let k = Math.round(RANGES.slider.min * 100); k <= Math.round(RANGES.slider.max * 100); k++) seen.add(fromSlider("w1", k / 100));
    expect(seen.size).toBe(Math.round((RANGES.slider.max - RANGES.slider.min) * 100) + 1);
  });
});

describe("chain figure", () => {
  const extremes: ChainSettings[] = [
    all(120, -120, -1),
    all(120, -120, 1),
    all(120, 120, 1),
    all(-120, 120, -1),
    all(-120, -120, 1),
    all(0, 0, 0),
    explodingSettings(),
    explodingSettings(-1),
    windowSettings(),
  ];

  it.each(extremes.map((s) => [JSON.stringify(s), s] as const))("has no NaN, Infinity or undefined for %s", (_, s) => {
    const g = gradients(s);
    const text = figureSvg(s, g) + tableHtml(s, g) + summary(s, g);
    expect(text).not.toMatch(/NaN|Infinity|∞|undefined/);
    for (const m of figureSvg(s, g).matchAll(/\s(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="([^"]*)"/g)) expect(Number.isFinite(Number(m[1])), m[0]).toBe(true);
    expect(figureSvg(s, g).match(/<rect /g)).toHaveLength(4);
  });

  it("clamps bars below the axis floor to the floor and says so", () => {
    const zero = all(120, 120, 1);
    expect(gradients(zero).dCdb).toEqual([0, 0, 0, 0]);
    const svg = figureSvg(zero);
    expect(svg.match(/class="bar clamped"/g)).toHaveLength(4);
    expect(svg.match(/class="value">0</g)).toHaveLength(4);
    expect(svg.match(new RegExp(`class="label">&lt; ${powerOfTen(AXIS.floor)}<`, "g"))).toHaveLength(4);
    expect(summary(zero)).toMatch(/^Every ∂C\/∂bⱼ is 0 in floating point/);
    const tiny = all(120, -120, -1);
    const g = gradients(tiny);
    expect(g.dCdb[0]).toBeGreaterThan(0);
    expect(g.dCdb[0]).toBeLessThan(AXIS.floor);
    expect(figureSvg(tiny)).toContain(sig(g.dCdb[0]));
  });

  it("shortens very small factors so that they fit between the neurons", () => {
    const s = { w: [120, 120, 120, 120], b: [120, -120, -120, -120], x: 1 };
    const g = gradients(s);
    expect(g.factors[1]).toBeLessThan(1e-20);
    expect(figureSvg(s, g)).toContain(`class="factor shrinks">× ${significant(g.factors[1], 2)}</text>`);
    expect(figureSvg(s, g)).toContain(`class="factor grows">× 30</text>`);
  });

  it("labels signs: negative gradients get their own class and a minus sign", () => {
    const s = withSetting(DEFAULTS, "w4", -0.68);
    const g = gradients(s);
    const negatives = g.dCdb.filter((v) => v < 0).length;
    expect(negatives).toBeGreaterThan(0);
    expect((figureSvg(s, g).match(/class="bar negative"/g) ?? []).length).toBe(negatives);
    // The bar's label: the value to three significant digits, or two where that is long (to fit a phone).
    const neg = g.dCdb.find((v) => v < 0)!;
    const label = /class="bar negative"[^>]*\/><text [^>]*class="value">([^<]*)</.exec(figureSvg(s, g))![1];
    expect([sig(neg), significant(neg, 2)]).toContain(label);
    expect(label).toMatch(/^−/);
  });

  it("uses the summary as the SVG's text alternative", () => {
    const svg = figureSvg(DEFAULTS);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Bar chart, on a log scale/);
    expect(svg).toContain(summary(DEFAULTS));
  });

  it("summarises the presets", () => {
    const d = gradients(DEFAULTS);
    expect(trend(d)).toBe("shrinking");
    expect(summary(DEFAULTS)).toBe(
      `∂C/∂b₁ is 1/${sig(Math.abs(d.dCdb[3] / d.dCdb[0]))} of ∂C/∂b₄. On its way back to b₁ the gradient picks up three factors wⱼσ′(zⱼ): ${d.factors.map((v) => sig(v)).join(", ").replace(/, (?=[^,]*$)/, " and ")}, each below 1/4 in size.`,
    );
    expect(summary(explodingSettings())).toBe("∂C/∂b₁ is 15625 times ∂C/∂b₄. On its way back to b₁ the gradient picks up three factors wⱼσ′(zⱼ), each equal to 25.");
    expect(trend(gradients(explodingSettings()))).toBe("growing");
    const w = gradients(windowSettings());
    expect(trend(w)).toBe("growing");
    expect(summary(windowSettings())).toContain(`each equal to ${sig(w.factors[0])}`);
    expect(w.factors[0]).toBeGreaterThan(1);
    expect(w.factors[0]).toBeLessThan(2);
    const mixed = withSetting(explodingSettings(), "w3", 1);
    expect(trend(gradients(mixed))).toBe("mixed");
    expect(summary(mixed)).toContain("those below 1 in size shrink it, those above 1 grow it");
  });

  it("writes a real table: one row per neuron with w, b, z, σ′, the factor and ∂C/∂b", () => {
    const s = explodingSettings();
    const html = tableHtml(s);
    expect(html).toMatch(/^<table class="chain-table"><caption data-role="table-caption">The chain/);
    expect(html.match(/<tr>/g)).toHaveLength(5);
    expect(html).toContain(`<tr><th scope="row">2</th><td>100.00</td><td>−50.00</td><td>0</td><td>0.25</td><td>25</td><td>78.1</td></tr>`);
    expect(html).toContain(`<tr><th scope="row">1</th><td>100.00</td><td>−100.00</td><td>0</td><td>0.25</td><td><span aria-hidden="true">—</span>`);
  });

  it("formats numbers to about three significant digits", () => {
    expect([0, 0.25, 25, 1953.125, 2.5e-27, -0.0578, 0.001, 1.5e7].map((v) => sig(v))).toEqual(["0", "0.25", "25", "1953", "2.5 × 10⁻²⁷", "−0.0578", "0.001", "1.5 × 10⁷"]);
    expect([1e-12, 1e-8, 1, 1e4].map(powerOfTen)).toEqual(["10⁻¹²", "10⁻⁸", "1", "10⁴"]);
  });

  it("has one slider key per setting", () => {
    expect(KEYS).toHaveLength(9);
  });
});
