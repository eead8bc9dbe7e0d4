/**
 * The collision island's DOM-free parts: settings, the signed image, the checked
 * loading, and the view. The bars are read back from the SVG through its own axis
 * (the y of the tick labels 0 and 1) and compared with activations computed here by
 * a plain loop over the raw weights files (uint8 · scale + min, as model.json says),
 * not through the island's code.
 */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DEFAULTS, digitText, fromRecord, parseSettings, tText, toRecord } from "../../../../src/islands/collision/settings.ts";
import { barsLabel, barsSvg, signedLeaves, summary, tableRows } from "../../../../src/islands/collision/figure.ts";
import { COLLISION_RUN, DataFileError, loadCollisionData, type Getter } from "../../../../src/islands/collision/data.ts";
import { collisionChange, collisionView } from "../../../../src/islands/collision/view.ts";
import { LEVELS } from "../../../../src/islands/pixels/figure.ts";
import { num } from "../../../../src/lib/draw/svg.ts";
import { elements } from "../../../support/svg-read.ts";

const PUBLIC = join(process.cwd(), "public");
const fromPublic: Getter = async (p) => new Uint8Array(await readFile(join(PUBLIC, p)));

describe("collision settings", () => {
  it("rounds and clamps the digits to the sample, clamps and snaps t, falls back for unreadable values", () => {
    expect(parseSettings({ source: "7.4", target: "400", t: "0.333" }, 302)).toEqual({ source: 7, target: 301, t: 0.33 });
    expect(parseSettings({ source: "-3", t: "2" }, 302)).toEqual({ source: 0, target: DEFAULTS.target, t: 1 });
    expect(parseSettings({ source: "abc", target: "", t: null }, 302)).toEqual(DEFAULTS);
    expect(parseSettings({ t: "-0.5" }, 302).t).toBe(0);
    expect(parseSettings({}, 302, { source: 1, target: 2, t: 0.5 })).toEqual({ source: 1, target: 2, t: 0.5 });
    const s = { source: 12, target: 250, t: 0.37 };
    expect(parseSettings(fromRecord(toRecord(s)), 302)).toEqual(s);
    expect(toRecord(s)).toEqual({ source: "12", target: "250", t: "0.37" });
    expect(digitText(60, 302, 3)).toBe("61 of 302, a 3");
    expect(digitText(29, 302, 8)).toBe("30 of 302, an 8");
    expect(digitText(0, 302)).toBe("1 of 302");
    expect(tText(0.5)).toBe("0.50");
  });
});

describe("signedLeaves", () => {
  it("draws values above 0 in ink (above 1 as 1) and below 0 in blue (neg) by |value| (below −1 as −1)", () => {
    const v = new Float64Array(784);
    v[0] = 1.7; // ink, darkest level
    v[1] = 0.1; // ink, level 1
    v[28] = -0.3; // neg, level ⌈2.4⌉ = 3
    v[29] = -5; // neg, darkest level
    v[30] = -1e-9; // neg, level 1
    const paths = [...signedLeaves(v).matchAll(/<path class="(\w+)" fill-opacity="([\d.]+)" d="([^"]*)"\/>/g)];
    expect(paths).toHaveLength(2 * LEVELS);
    const at = (cls: string, level: number) => paths.filter((p) => p[1] === cls)[level - 1][3];
    expect(at("ink", LEVELS)).toBe("M0 0h1v1h-1z");
    expect(at("ink", 1)).toBe("M1 0h1v1h-1z");
    expect(at("neg", 3)).toBe("M0 1h1v1h-1z");
    expect(at("neg", LEVELS)).toBe("M1 1h1v1h-1z");
    expect(at("neg", 1)).toBe("M2 1h1v1h-1z");
    // Every other pixel is 0: nothing else is drawn.
    expect(paths.map((p) => p[3]).filter(Boolean)).toHaveLength(5);
  });
});

/** The raw weights of a first layer: model.json's first two tensors (kernel [784, 30], bias [30]), dequantised here. */
async function rawFirstLayer(model: string): Promise<{ w: number[]; b: number[] }> {
  const dir = join(PUBLIC, "runs", COLLISION_RUN.run, model);
  const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
  const bytes = await readFile(join(dir, "group1-shard1of1.bin"));
  const [kernel, bias] = json.weightsManifest[0].weights;
  expect(kernel.name).toBe("dense_1/kernel");
  expect(kernel.shape).toEqual([784, 30]);
  expect(bias.name).toBe("dense_1/bias");
  const deq = (q: number, s: { quantization: { min: number; scale: number } }) => Math.fround(q * s.quantization.scale + s.quantization.min);
  return {
    w: Array.from(bytes.subarray(0, 784 * 30), (q) => deq(q, kernel)),
    b: Array.from(bytes.subarray(784 * 30, 784 * 30 + 30), (q) => deq(q, bias)),
  };
}

/** σ(b_j + Σ_i x_i w[i·30 + j]) by a plain loop. */
function rawActivations(l: { w: number[]; b: number[] }, x: ArrayLike<number>): number[] {
  const a: number[] = [];
  for (let j = 0; j < 30; j++) {
    let z = l.b[j];
    for (let i = 0; i < 784; i++) z += x[i] * l.w[i * 30 + j];
    a.push(1 / (1 + Math.exp(-z)));
  }
  return a;
}

/** The bars of a chart read back through the chart's own y axis: the y of its tick labels "0" and "1". */
function barsReadBack(svg: string): { source: number[]; changed: number[] } {
  const tick = (label: string) => Number(elements(svg, "text").find((t) => t.attrs.dx === "-0.4em" && t.text === label)!.attrs.y);
  const [y0, y1] = [tick("0"), tick("1")];
  const out = { source: [] as number[], changed: [] as number[] };
  for (const m of svg.matchAll(/<rect class="(bar-source|bar-changed)" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"\/>/g)) {
    const top = Number(m[2]);
    expect(top + Number(m[3])).toBeCloseTo(y0, 6); // every bar stands on the 0 line
    (m[1] === "bar-source" ? out.source : out.changed).push((y0 - top) / (y0 - y1));
  }
  return out;
}

const sample = new Uint8Array(gunzipSync(await readFile(join(PUBLIC, "derived/invisible-pixels/sample-digits.bin"))));
const count = new DataView(sample.buffer, sample.byteOffset).getUint32(8, true);
const label = (k: number) => sample[24 + k];
const image = (k: number) => Array.from(sample.subarray(24 + count + 784 * k, 24 + count + 784 * (k + 1)), (p) => p / 255);

describe("the collision view of the shipped data", async () => {
  const data = await loadCollisionData(fromPublic);
  const raw = { random: await rawFirstLayer(COLLISION_RUN.random), trained: await rawFirstLayer(COLLISION_RUN.trained) };

  it("loads the sample and both layers; the random layer is the lesson's (frozen-first-layer's initial weights, byte for byte)", async () => {
    expect(data.count).toBe(count);
    expect(data.count).toBeGreaterThanOrEqual(300);
    expect(Array.from(data.labels)).toEqual(Array.from({ length: count }, (_, k) => label(k)));
    const bytes = (run: string) => readFile(join(PUBLIC, "runs", run, "model-initial/group1-shard1of1.bin"));
    expect((await bytes("full-3-hidden")).equals(await bytes("frozen-first-layer"))).toBe(true);
    expect(Array.from(data.random.weights)).toEqual(raw.random.w);
  });

  it.each([1, 0.5, 0.37])("at t = %s: the bars are the activations of a plain loop over the raw weights; the random layer's two bars of every unit are the same", (t) => {
    const s = { ...DEFAULTS, t };
    const v = collisionView(data, s);
    const x = image(s.source);
    const d = image(s.target).map((b, i) => b - x[i]);
    // The island's x(t) is the source plus t·v with Wᵀv = 0 in the raw weights (a plain loop again).
    for (let j = 0; j < 30; j++) {
      let wv = 0;
      for (let i = 0; i < 784; i++) wv += (v.changed[i] - x[i]) * raw.random.w[i * 30 + j];
      expect(Math.abs(wv)).toBeLessThan(1e-12);
    }
    const unit = 0.006 / (250 - 60 - 33); // coordinates are rounded to 0.01 of the 157-unit-high plot
    for (const which of ["random", "trained"] as const) {
      const bars = barsReadBack(barsSvg(which, v));
      const want = { source: rawActivations(raw[which], x), changed: rawActivations(raw[which], v.changed) };
      expect(bars.source).toHaveLength(30);
      expect(bars.changed).toHaveLength(30);
      bars.source.forEach((a, j) => expect(Math.abs(a - want.source[j]), `${which} source unit ${j + 1}`).toBeLessThan(unit));
      bars.changed.forEach((a, j) => expect(Math.abs(a - want.changed[j]), `${which} changed unit ${j + 1}`).toBeLessThan(unit));
      if (which === "random") expect(bars.changed).toEqual(bars.source);
      // The readout's numbers.
      const largest = Math.max(...want.changed.map((a, j) => Math.abs(a - want.source[j])));
      if (which === "random") expect(v.random.maxChange).toBeLessThan(1e-12);
      else expect(v.trained.maxChange).toBeCloseTo(largest, 9);
    }
    const norm = (y: number[]) => Math.hypot(...y);
    const vv = Array.from(v.changed, (c, i) => (c - x[i]) / t);
    expect(v.norms.d).toBeCloseTo(norm(d), 12);
    expect(v.norms.v).toBeCloseTo(norm(vv), 10);
    expect(v.norms.moved).toBeCloseTo(t * norm(vv), 10);
    expect(v.range).toEqual([Math.min(...v.changed), Math.max(...v.changed)]);
    const text = summary(v);
    expect(text).toContain(`‖d‖ = ${num(norm(d), 2)}`);
    expect(text).toContain(`‖v‖ = ${num(norm(vv), 2)}`);
    expect(text).toContain(`Trained layer: the largest change is ${num(v.trained.maxChange, 3)}, at unit ${v.trained.unit + 1}.`);
    expect(text).toMatch(/Random layer: the largest change of any of its 30 activations is [^,]+, the rounding error of the arithmetic\./);
    expect(barsLabel("random", v)).toContain("Every pair of bars is the same height");
    // The table's random columns agree to the digit; the trained ones do not all.
    const rows = tableRows(v);
    expect(rows.every((r) => r[1] === r[2])).toBe(true);
    expect(rows.every((r) => r[3] === r[4])).toBe(false);
  });

  it("at t = 0 the changed image is the source, and at t = 1 it is the target minus a 30-dimensional part (‖d − v‖ small beside ‖d‖)", () => {
    const v0 = collisionView(data, { ...DEFAULTS, t: 0 });
    expect(Array.from(v0.changed)).toEqual(image(DEFAULTS.source));
    expect(v0.trained.maxChange).toBe(0);
    expect(summary(v0)).toContain("Random layer: none of its 30 activations changes. Trained layer: none of its activations changes either.");
    expect(summary(collisionView(data, { source: 5, target: 5, t: 1 }))).toMatch(/^The source and the target are the same image/);
    const v1 = collisionView(data, DEFAULTS);
    const target = image(DEFAULTS.target);
    const rest = Math.hypot(...Array.from(v1.changed, (c, i) => target[i] - c));
    expect(rest ** 2).toBeCloseTo(v1.norms.d ** 2 - v1.norms.v ** 2, 8); // d = v + (d − v), orthogonal parts
    expect(rest / v1.norms.d).toBeLessThan(0.25);
    expect(v1.trained.maxChange).toBeGreaterThan(0.5);
  });

  it("the default pair: of the sample's 3 → 8 pairs, the one whose visible remainder d − v has the smallest largest pixel", () => {
    expect([label(DEFAULTS.source), label(DEFAULTS.target)]).toEqual([3, 8]);
    let best = { s: -1, t: -1, m: Infinity };
    for (let s = 0; s < count; s++) {
      if (label(s) !== 3) continue;
      for (let t = 0; t < count; t++) {
        if (label(t) !== 8) continue;
        const { d, v } = collisionChange(data, s, t);
        let m = 0;
        for (let i = 0; i < 784; i++) m = Math.max(m, Math.abs(d[i] - v[i]));
        if (m < best.m) best = { s, t, m };
      }
    }
    expect([best.s, best.t]).toEqual([DEFAULTS.source, DEFAULTS.target]);
  });

  it("refuses a file whose sha256 is not the one its manifest lists, and a missing file, naming them", async () => {
    const corrupt: Getter = async (p) => {
      const b = await fromPublic(p);
      if (p === "runs/full-3-hidden/model-initial/group1-shard1of1.bin") b[10] ^= 1;
      return b;
    };
    await expect(loadCollisionData(corrupt)).rejects.toThrow(new DataFileError("runs/full-3-hidden/model-initial/group1-shard1of1.bin does not match its sha256 in runs/full-3-hidden/manifest.json: the file is corrupt or from another run"));
    const missing: Getter = async (p) => {
      if (p.endsWith("sample-digits.bin")) throw new Error("HTTP 404");
      return fromPublic(p);
    };
    await expect(loadCollisionData(missing)).rejects.toThrow("could not load derived/invisible-pixels/sample-digits.bin: HTTP 404");
  });
});
