import { describe, expect, it } from "vitest";
import { clamp, readNumber } from "../../../../src/lib/site/settings-input.ts";

describe("settings input", () => {
  it.each([
    [3, 3],
    ["2.5", 2.5],
    [" -1 ", -1],
    ["", 7],
    ["abc", 7],
    [NaN, 7],
    [Infinity, 7],
    [null, 7],
    [undefined, 7],
  ])("readNumber(%j) = %j (fallback 7)", (v, want) => expect(readNumber(v, 7)).toBe(want));
  it("clamps into a range", () => {
    expect([clamp(-5, 0, 1), clamp(0.5, 0, 1), clamp(9, 0, 1)]).toEqual([0, 0.5, 1]);
  });
});
