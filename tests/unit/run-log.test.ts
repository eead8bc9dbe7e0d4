import { describe, expect, it } from "vitest";
import { valueAt } from "../../src/lib/run-log.ts";

describe("valueAt", () => {
  const log = { initial: { gradNorms: [0.1, 0.2] }, epochs: [{ testAccuracy: 0.5 }, { testAccuracy: 0.9 }] };
  it.each([
    ["initial.gradNorms[0]", 0.1],
    ["initial.gradNorms[-1]", 0.2],
    ["epochs[1].testAccuracy", 0.9],
    ["epochs[-1].testAccuracy", 0.9],
    ["initial.missing", undefined],
    ["epochs[5].testAccuracy", undefined],
  ])("%s → %s", (path, value) => expect(valueAt(log, path)).toBe(value));
  it("rejects a malformed path", () => {
    expect(() => valueAt(log, "initial..x")).toThrow('"initial..x" is not a field path like initial.gradNorms[0]');
  });
});
