/** Settings of the loss-plane demo: parsing, clamping to [−0.25, 1.25], snapping to 0.025, and the URL round trip. */
import { describe, expect, it } from "vitest";
import { DEFAULTS, RANGES, fromRecord, parseSettings, settingText, snap, toRecord } from "../../../../src/islands/plane/settings.ts";

describe("plane settings", () => {
  it("defaults to the initial network, (0, 0)", () => {
    expect(parseSettings({})).toEqual({ alpha: 0, beta: 0 });
    expect(DEFAULTS).toEqual({ alpha: 0, beta: 0 });
  });

  it("reads numbers and numeric text; anything else falls back to the base", () => {
    expect(parseSettings({ alpha: "0.5", beta: 1 })).toEqual({ alpha: 0.5, beta: 1 });
    expect(parseSettings({ alpha: "abc", beta: "" }, { alpha: 0.25, beta: 0.75 })).toEqual({ alpha: 0.25, beta: 0.75 });
    expect(parseSettings({ alpha: null, beta: undefined })).toEqual({ alpha: 0, beta: 0 });
  });

  it("clamps to the slider range and snaps to its 0.025 steps (the loader's grid)", () => {
    expect(RANGES.alpha).toEqual({ min: -0.25, max: 1.25, step: 0.025 });
    expect(RANGES.beta).toEqual({ min: -0.25, max: 1.25, step: 0.025 });
    expect(parseSettings({ alpha: 9, beta: -9 })).toEqual({ alpha: 1.25, beta: -0.25 });
    expect(parseSettings({ alpha: 0.3374, beta: 0.3376 })).toEqual({ alpha: 0.325, beta: 0.35 });
    expect(snap(0.1 + 0.2, "alpha")).toBe(0.3);
    expect(Object.is(snap(-0.001, "beta"), 0)).toBe(true);
    // Every snapped value is one of the grid's (i − 10)/40.
    for (let v = -0.3; v <= 1.3; v += 0.0137) {
      const s = snap(v, "alpha");
      const i = s * 40 + 10;
      expect(Math.abs(i - Math.round(i))).toBeLessThan(1e-9);
      expect(s).toBe((Math.round(i) - 10) / 40);
    }
  });

  it("round-trips through the URL record", () => {
    for (const s of [{ alpha: 0, beta: 0 }, { alpha: -0.25, beta: 1.25 }, { alpha: 0.675, beta: 0.025 }]) {
      expect(parseSettings(fromRecord(toRecord(s)))).toEqual(s);
    }
    expect(toRecord({ alpha: 0.675, beta: -0.025 })).toEqual({ a: "0.675", b: "-0.025" });
  });

  it("shows three decimals with a real minus", () => {
    expect(settingText(-0.25)).toBe("−0.250");
    expect(settingText(1)).toBe("1.000");
  });
});
