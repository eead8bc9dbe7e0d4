/**
 * Which presets the trainer's status line may quote a climb for (src/components/live-presets.ts
 * currentClimbs): only those whose measurement in public/derived/live-presets was made with the
 * settings and epochs the preset has now. A teacher's new or edited experiment gets none (and the
 * build does not refuse) until the loader runs again. Hand-made presets and measurements.
 */
import { describe, expect, it } from "vitest";
import { currentClimbs, type LivePresets } from "../../../src/components/live-presets.ts";
import type { Preset, TrainerSettings } from "../../../src/islands/trainer/settings.ts";

const S: TrainerSettings = {
  preset: "slow", layers: [30, 30], activation: "sigmoid", init: "nielsen", frozen: [1], eta: 0.1, lambda: 5, batch: 10,
  seed: 1, epochs: 6, optimizer: "sgd", batchNorm: false, residual: false, backend: "auto",
};
const preset = (id: string, s: Partial<TrainerSettings> = {}): Preset => ({ id, title: id, settings: { ...S, ...s, preset: id }, shippedTrain: 1000, shippedTest: 1000 });
const { preset: _p, backend: _b, epochs: _e, ...measured } = S;
// At chance (≤ 0.1 + 0.05) through epoch 3, above at 4, back at 5, above for good from 6.
const points = [0.1, 0.1, 0.12, 0.15, 0.2, 0.1, 0.4].map((testAccuracy, epoch) => ({ epoch, trainAccuracy: testAccuracy, testAccuracy }));
const LIVE: LivePresets = {
  digits: { train: 1000, test: 1000 }, oneAnswer: 0.1, margin: 0.05, backend: "wasm",
  presets: { slow: { settings: measured, epochs: 6, points, plateau: { from: 0, to: 3, leftAt: 4 }, seconds: 1 } },
};

describe("currentClimbs", () => {
  it("quotes a preset measured with its present settings: when it leaves chance and when for good", () => {
    expect(currentClimbs([preset("slow")], LIVE)).toEqual({ slow: { epochs: 6, leftAt: 4, climbsFrom: 6 } });
  });
  it("says nothing for a new experiment, one whose settings changed, or one whose epochs changed", () => {
    expect(currentClimbs([preset("new-one")], LIVE)).toEqual({});
    expect(currentClimbs([preset("slow", { eta: 0.2 })], LIVE)).toEqual({});
    expect(currentClimbs([preset("slow", { frozen: [] })], LIVE)).toEqual({});
    expect(currentClimbs([preset("slow", { epochs: 30 })], LIVE)).toEqual({});
  });
});
