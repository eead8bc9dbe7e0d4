/**
 * fieldReaders (src/figures/fields.ts): the object and number checks the figure parsers share.
 * Each bad value is reported through the parser's own `bad`, with the field's path, the value
 * and what it should have been; good values come back unchanged.
 */
import { describe, expect, it } from "vitest";
import { fieldReaders } from "../../../src/figures/fields.ts";

const calls: [string, unknown, string][] = [];
const { obj, num } = fieldReaders((path, value, what) => {
  calls.push([path, value, what]);
  return new Error(`bad ${path}: ${what}`);
});

describe("fieldReaders", () => {
  it("obj returns an object as it is and rejects null, arrays and everything that is not an object", () => {
    const o = { a: 1 };
    expect(obj("x", o)).toBe(o);
    for (const v of [null, undefined, [], [1], 0, 1, "s", true]) {
      calls.length = 0;
      expect(() => obj("p.q", v)).toThrow("bad p.q: an object");
      expect(calls).toEqual([["p.q", v, "an object"]]);
    }
  });

  it("num returns a finite number as it is and rejects NaN, ±Infinity and non-numbers", () => {
    for (const v of [0, -0.5, 1e300]) expect(num("n", v)).toBe(v);
    for (const v of [NaN, Infinity, -Infinity, "3", null, undefined, {}, [1]]) {
      calls.length = 0;
      expect(() => num("a[2]", v)).toThrow("bad a[2]: a number");
      expect(calls).toEqual([["a[2]", v, "a number"]]);
    }
  });
});
