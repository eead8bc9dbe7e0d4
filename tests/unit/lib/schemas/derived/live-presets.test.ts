/**
 * src/lib/schemas/derived/live-presets.ts: the committed public/derived/live-presets/presets.json
 * parses, and each way a copy of it can be spoiled fails with its exact message (parseWith's words).
 * The loader checks its output with the same parser before it writes it; the build's reader
 * (src/components/live-presets.ts) adds the fix to the message (tests/scripts/live-presets.test.ts).
 */
import { committedFile } from "../../../../support/committed-file.ts";
import { describe, expect, it } from "vitest";
import { LIVE_PRESETS_FILE, TRAINER_INITS, parseLivePresets } from "../../../../../src/lib/schemas/derived/live-presets.ts";
import { INITS } from "../../../../../src/islands/trainer/settings.ts";

const file = committedFile(LIVE_PRESETS_FILE, parseLivePresets);
const RAW = file.raw;
const F = "public/derived/live-presets/presets.json";
const spoilt = file.changed;
const fails = (f: (t: any) => void, message: string) => expect(file.message(f)).toBe(message);

describe("the committed presets.json", () => {
  it("parses and reads back equal", () => {
    expect(parseLivePresets(RAW)).toEqual(RAW);
    expect(Object.keys(RAW.presets)).toContain("frozen-first-layer");
  });

  it("another file name is named in the message", () => {
    expect(() => parseLivePresets(spoilt((t) => delete t.margin), "x/presets.json")).toThrow(new Error('the field "margin" of x/presets.json is missing'));
  });

  it("the initialisations it accepts are the trainer's (settings.ts INITS, which the schema's folder may not import)", () => {
    expect([...TRAINER_INITS]).toEqual([...INITS]);
  });
});

describe("fields", () => {
  it("a missing field", () => {
    fails((t) => delete t.presets["frozen-first-layer"].plateau, `the field "presets.frozen-first-layer.plateau" of ${F} is missing`);
    fails((t) => delete t.presets["frozen-first-layer"].plateau.leftAt, `the field "presets.frozen-first-layer.plateau.leftAt" of ${F} is missing`);
    fails((t) => delete t.presets["fix-adam"].settings.residual, `the field "presets.fix-adam.settings.residual" of ${F} is missing`);
  });

  it("a wrong type", () => {
    fails((t) => (t.presets["fix-baseline"].points[3].testAccuracy = "0.1"), `the field "presets.fix-baseline.points[3].testAccuracy" of ${F} is not a number ("0.1")`);
    fails((t) => (t.presets["fix-adam"].settings.layers = "30-30"), `the field "presets.fix-adam.settings.layers" of ${F} is not a list ("30-30")`);
    fails((t) => (t.presets["fix-adam"].settings.batchNorm = "no"), `the field "presets.fix-adam.settings.batchNorm" of ${F} is not boolean ("no")`);
  });

  it("whole epochs and counts, accuracies in 0…1, a known backend", () => {
    fails((t) => (t.presets["fix-adam"].points[2].epoch = 1.5), `the field "presets.fix-adam.points[2].epoch" of ${F} is not a whole number (1.5)`);
    fails((t) => (t.presets["fix-adam"].epochs = 0), `the field "presets.fix-adam.epochs" of ${F} is 0, below its least value 1`);
    fails((t) => (t.presets["fix-adam"].points[2].trainAccuracy = 1.2), `the field "presets.fix-adam.points[2].trainAccuracy" of ${F} is not valid (1.2): an accuracy or share is at most 1`);
    fails((t) => (t.backend = "webgl"), `the field "backend" of ${F} is not valid ("webgl"): the backend that trained the presets is "wasm" or "cpu"`);
    fails((t) => (t.presets["fix-baseline"].points = []), `the field "presets.fix-baseline.points" of ${F} is an empty list`);
  });

  it("the settings: the trainer's keys but preset, backend and epochs, with the trainer's choices", () => {
    fails((t) => (t.presets["fix-adam"].settings.epochs = 15), `the field "presets.fix-adam.settings" of ${F} has the unknown key "epochs"`);
    fails(
      (t) => (t.presets["fix-adam"].settings.init = "scaled-gaussian"),
      `the field "presets.fix-adam.settings.init" of ${F} is not valid ("scaled-gaussian"): Invalid option: expected one of "nielsen"|"gaussian"|"xavier"|"he"`,
    );
    fails((t) => (t.presets["fix-adam"].settings.frozen = [0]), `the field "presets.fix-adam.settings.frozen[0]" of ${F} is 0, below its least value 1`);
  });
});

describe("refinements", () => {
  it("the first point is epoch 0", () => {
    fails(
      (t) => (t.presets["fix-baseline"].points[0].epoch = 1),
      `the field "presets.fix-baseline.points[0].epoch" of ${F} is not valid (1): the first point must be epoch 0 (the initial network)`,
    );
  });

  it("the points' epochs increase", () => {
    fails(
      (t) => (t.presets["fix-baseline"].points[3].epoch = 2),
      `the field "presets.fix-baseline.points[3].epoch" of ${F} is not valid (2): the epochs must increase (the point before is epoch 2)`,
    );
  });

  it("the last point is the preset's last epoch", () => {
    fails(
      (t) => (t.presets["fix-baseline"].epochs = 16),
      `the field "presets.fix-baseline.points[15].epoch" of ${F} is not valid (15): the last point must be the preset's last epoch (epochs 16)`,
    );
  });

  it("the learning rate is above 0", () => {
    fails((t) => (t.presets["fix-adam"].settings.eta = 0), `the field "presets.fix-adam.settings.eta" of ${F} is not valid (0): the learning rate must be above 0`);
  });

  it("the plateau: to ≥ from, and leftAt after to", () => {
    fails((t) => (t.presets["fix-adam"].plateau = { from: 5, to: 4, leftAt: 6 }), `the field "presets.fix-adam.plateau.to" of ${F} is not valid (4): to must not be before from (5)`);
    fails((t) => (t.presets["fix-adam"].plateau.leftAt = 4), `the field "presets.fix-adam.plateau.leftAt" of ${F} is not valid (4): leftAt must come after the plateau's last epoch (to 4)`);
  });

  it("a null plateau (above chance from epoch 0) and a null leftAt (never leaves chance) are valid", () => {
    expect(parseLivePresets(spoilt((t) => (t.presets["fix-baseline"].plateau = null))).presets["fix-baseline"].plateau).toBeNull();
    expect(parseLivePresets(RAW).presets["nielsen-4-hidden"].plateau?.leftAt).toBeNull();
  });
});
