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
  it("reads multi-digit indices from either end, and stops at null or at an index into a non-array", () => {
    const long = { epochs: Array.from({ length: 12 }, (_, i) => ({ epoch: i + 1 })), final: null, initial: { "0": 7 } };
    expect(valueAt(long, "epochs[11].epoch")).toBe(12);
    expect(valueAt(long, "epochs[-12].epoch")).toBe(1);
    expect(valueAt(long, "final.testAccuracy")).toBeUndefined();
    expect(valueAt(long, "initial[0]")).toBeUndefined();
  });
  it("rejects a malformed path", () => {
    expect(() => valueAt(log, "initial..x")).toThrow('"initial..x" is not a field path like initial.gradNorms[0]');
    expect(() => valueAt(log, "-initial.x")).toThrow('"-initial.x" is not a field path');
    expect(() => valueAt(log, "initial.-x")).toThrow('"initial.-x" is not a field path');
  });
  it("reads keys with hyphens, such as experiment ids", () => {
    const table = { experiments: { "nielsen-3-hidden": { ratio: { min: 15.8 } } } };
    expect(valueAt(table, "experiments.nielsen-3-hidden.ratio.min")).toBe(15.8);
  });
});

describe("numberAt", () => {
  const log = { final: { testAccuracy: 0.9, note: "x" } };
  it("returns a finite number and names the field and its source otherwise", async () => {
    const { numberAt } = await import("../../src/lib/run-log.ts");
    expect(numberAt(log, "final.testAccuracy", "log.json")).toBe(0.9);
    expect(() => numberAt(log, "final.cost", "public/runs/a/log.json")).toThrow('the field "final.cost" of public/runs/a/log.json is missing');
    expect(() => numberAt(log, "final.note", "log.json")).toThrow('the field "final.note" of log.json is not a number ("x")');
    expect(() => numberAt({ v: null }, "v", "f")).toThrow('the field "v" of f is not a number (null)');
  });
});
