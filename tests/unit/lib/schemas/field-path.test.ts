import { describe, expect, it } from "vitest";
import { z } from "zod";
import { missingAt, numberAt, parseWith, quoted, valueAt } from "../../../../src/lib/schemas/field-path.ts";

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
    const { numberAt } = await import("../../../../src/lib/schemas/field-path.ts");
    expect(numberAt(log, "final.testAccuracy", "log.json")).toBe(0.9);
    expect(() => numberAt(log, "final.cost", "public/runs/a/log.json")).toThrow('the field "final.cost" of public/runs/a/log.json is missing');
    expect(() => numberAt(log, "final.note", "log.json")).toThrow('the field "final.note" of log.json is not a number ("x")');
    expect(() => numberAt({ v: null }, "v", "f")).toThrow('the field "v" of f is not a number (null)');
  });
});

describe("a missing field", () => {
  const log = {
    final: { trainAccuracy: 0.9, testAccuracy: 0.8, cost: 0.3 },
    initial: { gradNorms: [0.1, 0.2, 0.3, 0.4], cost: 2.3 },
    epochs: [{ epoch: 1 }, { epoch: 2 }],
    empty: [],
    nothing: null,
  };
  const source = "public/runs/r/log.json";
  const message = (path: string) => {
    try {
      numberAt(log, path, source);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`${path} was found`);
  };
  // Path, and what the message says after "the field "<path>" of public/runs/r/log.json is missing: ".
  it.each([
    // The fields at the deepest part of the path that exists, and the field probably meant.
    ["final.testAcc", 'final has trainAccuracy, testAccuracy, cost — did you mean "final.testAccuracy"?'],
    ["finl.testAccuracy", 'the top level has final, initial, epochs, empty, nothing — did you mean "final"?'],
    ["initial.gradNorm[0]", 'initial has gradNorms, cost — did you mean "initial.gradNorms"?'],
    ["final.accuracy", "final has trainAccuracy, testAccuracy, cost"],
    // A list's index range, from either end.
    ["initial.gradNorms[7]", "initial.gradNorms has 4 entries, [0] to [3] (or [-4] to [-1] from the end)"],
    ["epochs[-3].epoch", "epochs has 2 entries, [0] to [1] (or [-2] to [-1] from the end)"],
    ["empty[0]", "empty is an empty list"],
    // A step into a number, a list or null the wrong way.
    ["initial.cost.value", "initial.cost is a number, not an object with fields"],
    ["initial[0]", "initial is an object, not a list"],
    ["epochs.epoch", "epochs is a list of 2, not an object with fields: index it, as in epochs[0]"],
    ["nothing.x", "nothing is null, not an object with fields"],
  ])("%s: says what is there instead", (path, what) => {
    expect(message(path)).toBe(`the field "${path}" of public/runs/r/log.json is missing: ${what}`);
  });
  it("is described only when the path finds nothing", () => {
    expect(missingAt(log, "initial.gradNorms[-1]")).toBeUndefined();
    expect(missingAt(log, "epochs[1].epoch")).toBeUndefined();
  });
});

describe("a refused value, quoted", () => {
  it("is its JSON up to 80 characters", () => {
    expect(quoted(1.5)).toBe("1.5");
    expect(quoted("0.3")).toBe('"0.3"');
    expect(quoted([1, 2, 3])).toBe("[1,2,3]");
    // 39 two-digit numbers and their commas: 2 + 39·2 + 38 = 118 characters, cut after the 80th.
    const list = Array.from({ length: 39 }, (_, i) => 10 + i);
    expect(quoted(list)).toBe("[10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,3… (a list of 39)");
    expect(quoted({ name: "x".repeat(100) })).toBe(`{"name":"${"x".repeat(71)}… (an object)`);
  });

  it("is cut by character, never inside one", () => {
    expect(quoted("∂".repeat(90))).toBe(`"${"∂".repeat(79)}… (a string)`);
    expect(quoted("😀".repeat(90))).toBe(`"${"😀".repeat(79)}… (a string)`);
  });

  it("reaches a schema's message cut", () => {
    const schema = z.strictObject({ norms: z.array(z.number()).refine((a) => a.length === 784, "one value per pixel, 784") });
    expect(() => parseWith(schema, { norms: Array.from({ length: 100 }, () => 0) }, "f.json")).toThrow(
      new Error(`the field "norms" of f.json is not valid ([${"0,".repeat(39)}0… (a list of 100)): one value per pixel, 784`),
    );
  });
});

describe("a value past a schema's bound", () => {
  const says = (schema: z.ZodType, v: unknown) => {
    try {
      parseWith(z.strictObject({ f: schema }), { f: v }, "f.json");
    } catch (e) {
      return (e as Error).message.replace('the field "f" of f.json ', "");
    }
    throw new Error(`${JSON.stringify(v)} was accepted`);
  };

  it("says which bound a number passed, and whether the bound itself is allowed", () => {
    expect(says(z.number().min(0), -1)).toBe("is -1, below its least value 0");
    expect(says(z.number().max(1), 1.5)).toBe("is 1.5, above its greatest value 1");
    expect(says(z.number().positive(), 0)).toBe("is 0, not above 0");
    expect(says(z.number().lt(1), 1)).toBe("is 1, not below 1");
    expect(says(z.number().int().min(0).max(2 ** 31 - 1), 2 ** 31)).toBe("is 2147483648, above its greatest value 2147483647");
    expect(says(z.number().max(0.00001), 0.01)).toBe("is 0.01, above its greatest value 0.00001");
  });

  it("counts a list's entries and a string's characters", () => {
    expect(says(z.array(z.number()).min(1), [])).toBe("is an empty list");
    expect(says(z.array(z.number()).min(3), [1])).toBe("has 1 entry, fewer than its least 3");
    expect(says(z.array(z.number()).max(2), [1, 2, 3])).toBe("has 3 entries, more than its most 2");
    expect(says(z.string().min(1), "")).toBe("is empty");
    expect(says(z.string().min(3), "ab")).toBe('is "ab", shorter than its least 3 characters');
    expect(says(z.string().max(1), "ab")).toBe('is "ab", longer than its most 1 character');
  });

  it("keeps a schema's own words", () => {
    expect(says(z.number().max(9, "a digit's label is 0 to 9"), 12)).toBe("is not valid (12): a digit's label is 0 to 9");
    expect(says(z.number().min(0, "a count is never negative"), -2)).toBe("is not valid (-2): a count is never negative");
  });
});
