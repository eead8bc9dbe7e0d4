/** The invisible-pixels island's DOM-free parts: settings, the SVG leaves, the view and the checked loading. */
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseSettings, settingText, toRecord, DEFAULTS } from "../../../../src/islands/pixels/settings.ts";
import { imageLeaves, LEVELS } from "../../../../src/islands/pixels/figure.ts";
import { loadPixelData, PixelDataError, type Getter } from "../../../../src/islands/pixels/data.ts";
import { digitView, influenceView, redMask, layerFor } from "../../../../src/islands/pixels/view.ts";
import { DERIVED_DIR } from "../../../../src/lib/analysis/pixels.ts";
import { largestOutgoing, unluckyPixels } from "../../../../src/lib/analysis/pixels.ts";

const fromPublic: Getter = async (p) => new Uint8Array(await readFile(join(process.cwd(), "public", p)));

describe("pixel settings", () => {
  it("clamps, snaps to the sliders' steps and falls back to the default for unreadable values", () => {
    expect(parseSettings({ digit: "7", threshold: "0.0333", unlucky: "2", influence: "-1" }, 10)).toEqual({ digit: 7, threshold: 0.034, unlucky: 0.9, influence: 0 });
    expect(parseSettings({ digit: "99" }, 10).digit).toBe(9);
    expect(parseSettings({ threshold: "abc", digit: "" }, 10)).toEqual(DEFAULTS);
    expect(parseSettings(toRecord({ digit: 3, threshold: 0.05, unlucky: 0.25, influence: 0.4 }), 10)).toEqual({ digit: 3, threshold: 0.05, unlucky: 0.25, influence: 0.4 });
    expect(settingText("threshold", 0.02)).toBe("0.020");
    expect(settingText("unlucky", 0.25)).toBe("25%");
  });
});

describe("imageLeaves", () => {
  it("draws each inked pixel once, in the grey level ⌈v·LEVELS⌉, then the red and the always-0 pixels", () => {
    const v = new Float64Array(784);
    v[0] = 1; // level 8, at (0, 0)
    v[29] = 0.1; // level 1, at (1, 1)
    v[30] = 0.125; // exactly 1/8: level 1
    const red = new Uint8Array(784);
    red[29] = 1;
    const zero = new Uint8Array(784);
    zero[783] = 1;
    const leaves = imageLeaves(v, { red, zero });
    const paths = [...leaves.matchAll(/<path class="(\w+)"(?: fill-opacity="([\d.]+)")? d="([^"]*)"/g)];
    expect(paths).toHaveLength(LEVELS + 2);
    expect(paths[0][3]).toBe("M1 1h1v1h-1zM2 1h1v1h-1z");
    expect(paths[LEVELS - 1][3]).toBe("M0 0h1v1h-1z");
    expect(paths[LEVELS - 1][2]).toBe("1");
    expect(paths[LEVELS][1]).toBe("red");
    expect(paths[LEVELS][3]).toBe("M1 1h1v1h-1z");
    expect(paths[LEVELS + 1][1]).toBe("zero");
    expect(paths[LEVELS + 1][3]).toMatch(/^M27\.38 27\.38h0\.24/);
    // "Can you tell?": red pixels are blanked, not painted.
    const blanked = imageLeaves(v, { red, blankRed: true });
    expect(blanked).not.toContain('class="red"');
    expect(blanked).not.toContain("M1 1h1");
  });
});

describe("the shipped data, checked and viewed", () => {
  it("loads, and the views agree with the first layer's weights", async () => {
    const { data, facts } = await loadPixelData(fromPublic);
    expect(data.count).toBe(facts.sample.testIndices.length);
    expect(data.count).toBeGreaterThanOrEqual(300);
    // No pixel of the shipped random layer has all weights below its smallest largest weight.
    const smallest = Math.min(...largestOutgoing(data.random));
    expect(digitView(data, { ...DEFAULTS, threshold: smallest }).redCount).toBe(0);
    expect(digitView(data, { ...DEFAULTS, threshold: smallest + 1e-9 }).redCount).toBe(1);
    // The unlucky fraction's pixels all turn red at a threshold above their shrunk weights.
    const unlucky = unluckyPixels(0.25, 1);
    const mask = redMask(layerFor(data, 0.25), 0.02);
    expect([...mask.keys()].filter((i) => mask[i])).toEqual([...unlucky]);
    const v = digitView(data, { ...DEFAULTS, unlucky: 0.25 });
    expect(v.redCount).toBe(unlucky.length);
    expect(v.redWithData).toBe([...unlucky].filter((i) => !data.alwaysZero[i]).length);
    expect(v.answers.trained.digit).toBeGreaterThanOrEqual(0);
    // The influence view leaves always-0 pixels out of the red mask and the median.
    const iv = influenceView(Float64Array.from({ length: 784 }, (_, i) => i), data.alwaysZero, 2);
    expect(iv.red.every((r, i) => !(r && data.alwaysZero[i]))).toBe(true);
  });

  it("refuses a file whose sha256 is not the one its manifest lists, naming both", async () => {
    const corrupt: Getter = async (p) => {
      const b = await fromPublic(p);
      if (p === "runs/full-3-hidden/model-final/group1-shard1of1.bin") b[10] ^= 1;
      return b;
    };
    await expect(loadPixelData(corrupt)).rejects.toThrow(
      new PixelDataError("runs/full-3-hidden/model-final/group1-shard1of1.bin does not match its sha256 in runs/full-3-hidden/manifest.json: the file is corrupt or from another run"),
    );
  });

  it("names a file that cannot be fetched, and a manifest that is not JSON", async () => {
    const missing: Getter = async (p) => {
      if (p === `${DERIVED_DIR}/decoders.bin`) throw new Error("HTTP 404");
      return fromPublic(p);
    };
    await expect(loadPixelData(missing)).rejects.toThrow(`could not load ${DERIVED_DIR}/decoders.bin: HTTP 404`);
    const garbled: Getter = async (p) => (p === "runs/frozen-first-layer/manifest.json" ? new TextEncoder().encode("{oops") : fromPublic(p));
    await expect(loadPixelData(garbled)).rejects.toThrow("runs/frozen-first-layer/manifest.json is not valid JSON");
  });
});

describe("the shipped decoders", () => {
  it("load as int16 times a float32 scale per pixel: each column's largest weight is ±32767 scales, every weight a whole number of them", async () => {
    const { data } = await loadPixelData(fromPublic);
    for (const m of [data.decoders.random, data.decoders.trained]) {
      expect([m.inputs, m.outputs]).toEqual([30, 784]);
      for (let c = 0; c < m.outputs; c++) {
        let largest = 0;
        for (let r = 0; r < m.inputs; r++) largest = Math.max(largest, Math.abs(m.weights[r * m.outputs + c]));
        if (largest === 0) continue;
        const scale = largest / 32767;
        for (let r = 0; r < m.inputs; r++) {
          const q = m.weights[r * m.outputs + c] / scale;
          expect(Math.abs(q - Math.round(q)), `column ${c}, row ${r}`).toBeLessThan(1e-3);
        }
      }
    }
  });
});
