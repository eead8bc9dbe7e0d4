/**
 * What the live trainer's menus and texts call each choice (DOM-free): the full text (a formula, a
 * fallback order, a preset's title) and the menu label. A select cannot wrap, so a menu label is at
 * most MENU_CHARS characters (about what fits a 268-pixel menu at a phone's width, measured by
 * tests/browser/trainer-layout.test.ts); the full text shows beside the menu. settings.ts re-exports all.
 */
import type { Activation } from "../../lib/schemas/experiment.ts";
import type { BackendChoice, InitChoice, OptimizerChoice } from "./settings.ts";

/** The longest menu label. */
export const MENU_CHARS = 24;

export const INIT_TEXT: Record<InitChoice, string> = {
  nielsen: "Nielsen's: w ~ N(0, 1/n_in), b ~ N(0, 1)",
  gaussian: "Unscaled: w ~ N(0, 1), b ~ N(0, 1)",
  xavier: "Xavier/Glorot: w ~ N(0, 2/(n_in + n_out)), b = 0",
  he: "He: w ~ N(0, 2/n_in), b = 0",
};

/** Menu labels (a menu cannot wrap: ≤ 24 characters); the full text shows beside the menu. */
export const INIT_SHORT: Record<InitChoice, string> = {
  nielsen: "Nielsen's N(0, 1/n_in)",
  gaussian: "Unscaled N(0, 1)",
  xavier: "Xavier/Glorot",
  he: "He",
};

export const ACTIVATION_TEXT: Record<Activation, string> = { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

export const OPTIMIZER_TEXT: Record<OptimizerChoice, string> = {
  sgd: "SGD",
  adam: "Adam",
  layerwise: "SGD, each layer's step scaled to the output layer's",
};

export const OPTIMIZER_SHORT: Record<OptimizerChoice, string> = { sgd: "SGD", adam: "Adam", layerwise: "SGD, per-layer steps" };

export const BACKEND_TEXT: Record<BackendChoice, string> = {
  auto: "automatic: WebGL, else WebAssembly, else JavaScript",
  wasm: "WebAssembly (wasm)",
  cpu: "plain JavaScript (cpu)",
};

export const BACKEND_SHORT: Record<BackendChoice, string> = { auto: "Automatic", wasm: "WebAssembly (wasm)", cpu: "Plain JavaScript (cpu)" };

/**
 * The Preset menu's labels (≤ 24 characters) by experiment id; the preset's full title shows beside
 * the menu. A preset without one here is labelled by its id made readable (presetShort).
 */
export const PRESET_SHORT: Record<string, string> = {
  "nielsen-1-hidden": "Nielsen, 1 hidden layer",
  "nielsen-2-hidden": "Nielsen, 2 hidden layers",
  "nielsen-3-hidden": "Nielsen, 3 hidden layers",
  "nielsen-4-hidden": "Nielsen, 4 hidden layers",
  "full-3-hidden": "3 hidden, all trained",
  "frozen-first-layer": "3 hidden, first frozen",
  "asker-network": "The asker's 50-30-20-10",
  "fix-baseline": "Deep sigmoid baseline",
  "fix-unscaled-init": "Sigmoid, N(0, 1) weights",
  "fix-relu-he": "Fix: ReLU + He",
  "fix-tanh-xavier": "Fix: tanh + Xavier",
  "fix-batchnorm": "Fix: batch norm",
  "fix-residual": "Fix: residual",
  "fix-adam": "Fix: Adam",
  "fix-layerwise": "Fix: per-layer rates",
};
/** The Preset menu's label for "Your own settings" (custom). */
export const CUSTOM_SHORT = "Your own settings";
/** A preset's menu label: PRESET_SHORT's, else its id with spaces for dashes ("my-run" → "my run"), cut to MENU_CHARS. */
export function presetShort(id: string): string {
  const label = PRESET_SHORT[id] ?? id.replace(/[-_]+/g, " ");
  // A fork's long experiment id would not fit the menu: cut it, the full title shows beside it.
  return label.length > MENU_CHARS ? `${label.slice(0, MENU_CHARS - 1)}…` : label;
}
