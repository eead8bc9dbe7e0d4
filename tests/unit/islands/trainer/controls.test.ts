/**
 * The trainer's controls, DOM-free (src/islands/trainer/controls.ts): what each control's value asks of
 * the settings (patchFor, for every role), what asks for nothing ("custom", the "mixed" width, an
 * unfinished number, an unknown role), freeze boxes keeping the frozen layers sorted, a deeper network
 * copying the last hidden layer's width; the epoch counter's text; and every menu's short labels
 * (≤ 24 characters, one per choice).
 */
import { describe, expect, it } from "vitest";
import { CUSTOM_TEXT, epochText, heldNumber, patchFor } from "../../../../src/islands/trainer/controls.ts";
import {
  BACKENDS,
  BACKEND_SHORT,
  BACKEND_TEXT,
  CUSTOM_SHORT,
  INITS,
  INIT_SHORT,
  INIT_TEXT,
  OPTIMIZERS,
  OPTIMIZER_SHORT,
  OPTIMIZER_TEXT,
  PRESET_SHORT,
  presetShort,
  type TrainerSettings,
} from "../../../../src/islands/trainer/settings.ts";
import { trainerPresets } from "../../../../src/components/trainer-data.ts";

const S: TrainerSettings = {
  preset: "nielsen-2-hidden",
  layers: [30, 20],
  activation: "sigmoid",
  init: "nielsen",
  frozen: [3, 1],
  eta: 0.1,
  lambda: 5,
  batch: 10,
  seed: 42,
  epochs: 30,
  optimizer: "sgd",
  batchNorm: false,
  residual: false,
  backend: "auto",
};

describe("patchFor: each control's value as a settings patch", () => {
  it.each<[string, string | boolean, Partial<TrainerSettings>]>([
    ["preset", "fix-adam", { preset: "fix-adam" }],
    ["seed", "7", { seed: 7 }],
    ["seed", " 12 ", { seed: 12 }],
    ["epochs", "200", { epochs: 200 }],
    ["eta", "-1", { eta: 0.1 }],
    ["eta", "0", { eta: 1 }],
    ["lambda", "2.5", { lambda: 2.5 }],
    ["batch", "0", { batch: 10 }],
    ["batch", "6", { batch: 1000 }],
    ["batch", "2.4", { batch: 50 }],
    ["depth", "1", { layers: [30] }],
    ["depth", "2", { layers: [30, 20] }],
    ["width", "50", { layers: [50, 50] }],
    ["activation", "relu", { activation: "relu" }],
    ["init", "he", { init: "he" }],
    ["optimizer", "adam", { optimizer: "adam" }],
    ["backend", "wasm", { backend: "wasm" }],
    ["batchnorm", true, { batchNorm: true }],
    ["batchnorm", false, { batchNorm: false }],
    ["residual", true, { residual: true }],
    ["residual", false, { residual: false }],
  ])("%s = %j → %j", (role, value, patch) => {
    expect(patchFor(role, value, S)).toEqual(patch);
  });

  it("a deeper network copies the last hidden layer's width; a shallower one keeps the first layers", () => {
    expect(patchFor("depth", "4", S)).toEqual({ layers: [30, 20, 20, 20] });
    expect(patchFor("depth", "6", { ...S, layers: [50, 30, 10] })).toEqual({ layers: [50, 30, 10, 10, 10, 10] });
    expect(patchFor("depth", "1", { ...S, layers: [50, 30, 10] })).toEqual({ layers: [50] });
  });

  it("a freeze box adds or removes its layer and keeps the list sorted, without duplicates", () => {
    expect(patchFor("freeze:2", true, S)).toEqual({ frozen: [1, 2, 3] });
    expect(patchFor("freeze:5", true, S)).toEqual({ frozen: [1, 3, 5] });
    expect(patchFor("freeze:3", true, S)).toEqual({ frozen: [1, 3] });
    expect(patchFor("freeze:1", false, S)).toEqual({ frozen: [3] });
    expect(patchFor("freeze:4", false, S)).toEqual({ frozen: [1, 3] });
    expect(patchFor("freeze:10", true, { ...S, frozen: [9, 2] })).toEqual({ frozen: [2, 9, 10] });
  });

  it.each<[string, string | boolean]>([
    ["preset", "custom"],
    ["width", "mixed"],
    ["seed", ""],
    ["seed", "  "],
    ["seed", "1e"],
    ["epochs", ""],
    ["eta", ""],
    ["lambda", "x"],
    ["batch", ""],
    ["batch", "7"],
    ["batch", "-1"],
    ["depth", ""],
    ["depth", "0"],
    ["depth", "2.5"],
    ["width", ""],
    ["", ""],
    ["", true],
    ["colour", "red"],
    ["freeze", true],
    ["freeze:x", true],
    ["seed", true],
  ])("%s = %j asks for nothing (null)", (role, value) => {
    expect(patchFor(role, value, S)).toBeNull();
  });

  it("leaves the settings it was given alone", () => {
    const s = structuredClone(S);
    patchFor("freeze:2", true, s);
    patchFor("depth", "5", s);
    patchFor("width", "100", s);
    expect(s).toEqual(S);
  });

  it("a number field shows the value that holds when left; other fields have none", () => {
    expect(heldNumber("seed", S)).toBe("42");
    expect(heldNumber("epochs", S)).toBe("30");
    expect(heldNumber("eta", S)).toBeNull();
  });
});

describe("the bar's epoch counter", () => {
  it("says Not trained before any measurement, else Epoch E of N (N the settings' epochs)", () => {
    expect(epochText(null, S)).toBe("Not trained");
    expect(epochText(0, S)).toBe("Epoch 0 of 30");
    expect(epochText(25, { ...S, epochs: 500 })).toBe("Epoch 25 of 500");
  });
});

describe("menus: short labels (a menu cannot wrap), the full text beside", () => {
  const fits = (label: string) => expect(label.length, `"${label}"`).toBeLessThanOrEqual(24);
  it("every choice has a distinct short label of at most 24 characters and a full text", () => {
    for (const [choices, short, full] of [
      [INITS, INIT_SHORT, INIT_TEXT],
      [OPTIMIZERS, OPTIMIZER_SHORT, OPTIMIZER_TEXT],
      [BACKENDS, BACKEND_SHORT, BACKEND_TEXT],
    ] as Array<[readonly string[], Record<string, string>, Record<string, string>]>) {
      expect(Object.keys(short).sort()).toEqual([...choices].sort());
      for (const c of choices) {
        fits(short[c]);
        expect(full[c].length).toBeGreaterThan(0);
      }
      expect(new Set(Object.values(short)).size).toBe(choices.length);
    }
    fits(CUSTOM_SHORT);
    expect(CUSTOM_TEXT.startsWith(CUSTOM_SHORT)).toBe(true);
  });

  it("every committed preset has its own label of at most 24 characters; a fork's new id reads as its words, cut to fit", () => {
    const presets = trainerPresets();
    const labels = presets.map((p) => presetShort(p.id));
    for (const l of labels) fits(l);
    expect(new Set(labels).size).toBe(presets.length);
    // A teacher's new experiment needs no entry in PRESET_SHORT: its id is its label.
    expect(PRESET_SHORT["my-new_run"]).toBeUndefined();
    expect(presetShort("my-new_run")).toBe("my new run");
    // 24 characters exactly stay; a longer id is cut to 23 and an ellipsis.
    expect(presetShort("abcdefghij-klmnopqrstuvw")).toBe("abcdefghij klmnopqrstuvw");
    expect(presetShort("tanh-xavier-with-quadratic-cost")).toBe("tanh xavier with quadra…");
    fits(presetShort("tanh-xavier-with-quadratic-cost"));
  });
});
