/**
 * The invisible-pixels demo shows cause and effect: both networks and both decoders are given the
 * digit the reader is shown (its red pixels blanked), the influence map's red agrees with the
 * panels' red when an unlucky share shrinks most pixels, and the map's colour words are its colours.
 * Expected values come from tests/support/pixels-raw.ts: the shipped files read by hand and a plain
 * forward pass, not from src/.
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadPixelData, type Getter } from "../../../../src/islands/pixels/data.ts";
import { influenceLabel, legendLabel, legendSvg, LEVELS, influenceLeaves, summary } from "../../../../src/islands/pixels/figure.ts";
import { parseSettings } from "../../../../src/islands/pixels/settings.ts";
import { digitView, influenceValues, influenceView, liveMedian, redAgreement } from "../../../../src/islands/pixels/view.ts";
import { unluckyPixels } from "../../../../src/lib/analysis/pixels.ts";
import { rawAnswer, rawDecode, rawFacts, rawLayer, rawModel, rawRed, rawSample } from "../../../support/pixels-raw.ts";

const fromPublic: Getter = async (p) => new Uint8Array(await readFile(join(process.cwd(), "public", p)));
const { data } = await loadPixelData(fromPublic);
const trained = rawModel("runs/full-3-hidden/model-final");
const frozen = rawModel("runs/frozen-first-layer/model-final");
const random = rawModel("runs/frozen-first-layer/model-initial")[0];
const sample = rawSample();
const alwaysZero = new Set(rawFacts().alwaysZero);
const blank = (x: Float64Array, red: Uint8Array) => x.map((v, i) => (red[i] ? 0 : v));

describe("the networks and decoders see what the reader sees", () => {
  it("at a 50% unlucky share both networks answer the blanked digit, for every shipped digit", () => {
    const red = rawRed(random, unluckyPixels(0.5, 1), 0.02);
    let changed = 0;
    for (let k = 0; k < sample.count; k++) {
      const v = digitView(data, parseSettings({ digit: k, unlucky: 0.5, threshold: 0.02 }, data.count));
      expect(Array.from(v.red), `red mask of digit ${k}`).toEqual(Array.from(red));
      const x = blank(sample.image(k), red);
      const t = rawAnswer(trained, x);
      const f = rawAnswer(frozen, x);
      expect(v.answers.trained.digit, `trained, digit ${k}`).toBe(t.digit);
      expect(v.answers.frozen.digit, `frozen, digit ${k}`).toBe(f.digit);
      expect(v.answers.trained.output).toBeCloseTo(t.output, 5);
      expect(v.answers.frozen.output).toBeCloseTo(f.output, 5);
      const whole = sample.image(k);
      if (rawAnswer(trained, whole).digit !== t.digit || rawAnswer(frozen, whole).digit !== f.digit) changed++;
    }
    // Blanking half the pixels changes many answers: a view that answered the whole digit would fail above.
    expect(changed).toBeGreaterThan(50);
  });

  it("rebuilds the blanked digit from each layer's activations of it, and measures the error against it", () => {
    const trainedFirst = trained[0];
    const red = rawRed(random, unluckyPixels(0.25, 1), 0.02);
    for (const k of [0, 1, 7, 150]) {
      const v = digitView(data, parseSettings({ digit: k, unlucky: 0.25 }, data.count));
      const x = blank(sample.image(k), red);
      expect(Array.from(v.shown)).toEqual(Array.from(x));
      const r = rawDecode("random", rawLayer(random, x));
      const tr = rawDecode("trained", rawLayer(trainedFirst, x));
      for (let i = 0; i < 784; i++) {
        expect(v.reconstruction.random[i]).toBeCloseTo(r[i], 5);
        expect(v.reconstruction.trained[i]).toBeCloseTo(tr[i], 5);
      }
      const mse = (a: ArrayLike<number>) => Array.from(a).reduce((s, y, i) => s + (y - x[i]) ** 2, 0) / 784;
      expect(v.error.random).toBeCloseTo(mse(r), 6);
      expect(v.error.trained).toBeCloseTo(mse(tr), 6);
    }
  });

  it("says in the readout which input the answers use", () => {
    const v = digitView(data, parseSettings({ unlucky: 0.25 }, data.count));
    const red = rawRed(random, unluckyPixels(0.25, 1), 0.02);
    const n = red.reduce((s, r) => s + r, 0);
    expect(summary(v, data.count, 0)).toContain(`Both networks and both reconstructions are given the digit as the red panel shows it, with its ${n} red pixels blanked`);
    expect(summary(digitView(data, parseSettings({}, data.count)), data.count, 0)).toContain("are given the whole digit (no pixel is red)");
  });
});

describe("the influence map and the panels agree", () => {
  const reference = liveMedian(influenceValues(data, 0), data.alwaysZero);
  for (const unlucky of [0.25, 0.5, 0.9]) {
    it(`at a ${unlucky * 100}% unlucky share the map flags the panels' red pixels that are ever inked, and says so`, () => {
      const red = rawRed(random, unluckyPixels(unlucky, 1), 0.02);
      const live = red.reduce((s, r, i) => s + (r && !alwaysZero.has(i) ? 1 : 0), 0);
      expect(live).toBeGreaterThan(100);
      const iv = influenceView(influenceValues(data, unlucky), data.alwaysZero, 0.25, reference);
      expect(iv.redCount).toBe(live);
      const v = digitView(data, parseSettings({ unlucky }, data.count));
      expect(influenceLabel(iv, 0.25, redAgreement(v.red, iv.red, data.alwaysZero))).toContain(`paints the same ${live} of the pixels that are ever inked red`);
    });
  }

  it("names both counts where the two rules differ", () => {
    const v = digitView(data, parseSettings({ threshold: 0.06 }, data.count));
    const weights = Array.from(v.red).filter((r, i) => r && !alwaysZero.has(i)).length;
    const iv = influenceView(influenceValues(data, 0), data.alwaysZero, 0.9, reference);
    const map = Array.from(iv.red).filter(Boolean).length;
    const both = Array.from(iv.red).filter((r, i) => r && v.red[i]).length;
    expect(weights).not.toBe(map);
    expect(influenceLabel(iv, 0.9, redAgreement(v.red, iv.red, data.alwaysZero))).toContain(`the weight rule above paints ${weights} red and this map ${map}; ${both} are red in both`);
  });
});

describe("the influence map's colour scale", () => {
  it("the legend's steps are the map's own shades, and the words name the colour the stylesheet gives them", async () => {
    const iv = influenceView(influenceValues(data, 0), data.alwaysZero, 0.25);
    const leaves = influenceLeaves(iv, data.alwaysZero);
    const mapShades = [...leaves.matchAll(/<path class="heat" fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    const legend = legendSvg(legendLabel(iv));
    const legendShades = [...legend.matchAll(/<rect class="heat"[^>]*fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(legendShades).toHaveLength(LEVELS);
    expect(legendShades).toEqual(mapShades);
    expect(legendShades).toEqual([...legendShades].sort((a, b) => a - b));
    // The most influential pixel is drawn in the darkest shade.
    const top = iv.values.indexOf(iv.max);
    const darkest = [...leaves.matchAll(/<path class="heat" fill-opacity="1" d="([^"]*)"/g)][0][1];
    expect(darkest).toContain(`M${top % 28} ${Math.floor(top / 28)}h1`);
    // The stylesheet's heat colour is a dark blue, on white: "darker blue for more" is true.
    const css = await readFile(join(process.cwd(), "src/styles/global.css"), "utf8");
    const hex = css.match(/\.pixels-svg \.heat \{ fill: #([0-9a-f]{6})/)![1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    expect(b).toBeGreaterThan(Math.max(r, g) + 40);
    expect((r + g + b) / 3).toBeLessThan(100);
    expect(css).toMatch(/\.pixels-svg \.bg \{ fill: #fff; \}/);
    expect(influenceLabel(iv, 0.25)).toContain("from white (0) to dark blue");
    expect(legendLabel(iv)).toBe(`Colour scale of the influence map: ${LEVELS} steps of blue, from white for 0 to dark blue for ${iv.max.toFixed(3)}; each step is an eighth of that.`);
  });
});
