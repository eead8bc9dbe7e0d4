/** Reading the contour demo's settings from attributes and shared links (src/islands/contour/settings.ts). */
import { describe, expect, it } from "vitest";
import { DEFAULTS, fromRecord, parseSettings, toRecord } from "../../../../src/islands/contour/settings.ts";

describe("contour settings", () => {
  it.each([
    [true, true],
    ["1", true],
    ["true", true],
    [false, false],
    ["0", false],
    ["false", false],
    ["no", false],
  ] as const)("reads showGradient %j as %s", (raw, want) => {
    expect(parseSettings({ showGradient: raw }).showGradient).toBe(want);
  });

  it.each([undefined, null, ""])("falls back to the default gradient arrow for %j", (raw) => {
    expect(parseSettings({ showGradient: raw }).showGradient).toBe(DEFAULTS.showGradient);
    expect(parseSettings({ showGradient: raw, ...{} }).showGradient).toBe(true);
  });

  it("round-trips every setting through a shared link, the gradient switch included", () => {
    for (const showGradient of [true, false]) {
      const s = { ...DEFAULTS, optimizer: "adam" as const, x0: -0.3, showGradient };
      expect(toRecord(s).grad).toBe(showGradient ? "1" : "0");
      expect(parseSettings(fromRecord(toRecord(s)))).toEqual(s);
    }
  });

  it("keeps an unknown optimizer name out", () => {
    expect(parseSettings({ optimizer: "sgd-with-magic" }).optimizer).toBe(DEFAULTS.optimizer);
    expect(parseSettings({}).optimizer).toBe(DEFAULTS.optimizer);
  });
});
