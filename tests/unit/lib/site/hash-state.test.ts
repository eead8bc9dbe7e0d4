import { describe, expect, it } from "vitest";
import { parseHash, shortNumber, withDemoState } from "../../../../src/lib/site/hash-state.ts";

describe("hash state", () => {
  it("ignores ordinary heading anchors and empty fragments", () => {
    expect(parseHash("#the-question").size).toBe(0);
    expect(parseHash("").size).toBe(0);
  });
  it("round-trips several demos' states", () => {
    let h = withDemoState("", "bowl", { eta: "0.009", a: "100" });
    h = withDemoState(h, "chain", { w1: "2.5" });
    expect(h).toBe("#vg?bowl.eta=0.009&bowl.a=100&chain.w1=2.5");
    expect(parseHash(h).get("bowl")).toEqual({ eta: "0.009", a: "100" });
    expect(parseHash(h).get("chain")).toEqual({ w1: "2.5" });
  });
  it("replaces one demo's state and keeps the others", () => {
    const h = withDemoState("#vg?bowl.eta=0.009&chain.w1=2.5", "bowl", { eta: "0.001" });
    expect(h).toBe("#vg?bowl.eta=0.001&chain.w1=2.5");
  });
  it("replaces a heading anchor when a demo writes its state", () => {
    expect(withDemoState("#the-question", "bowl", { a: "1" })).toBe("#vg?bowl.a=1");
  });
  it("skips malformed keys and escapes values", () => {
    expect(parseHash("#vg?nodot=1&.x=2&bowl.=3&bowl.opt=a%26b").get("bowl")).toEqual({ opt: "a&b" });
    expect(() => withDemoState("", "Bad Id", {})).toThrow('demo id must be kebab-case, got "Bad Id"');
  });
  it("writes short numbers", () => {
    expect(shortNumber(0.009000000001)).toBe("0.009");
    expect(shortNumber(-1.23456)).toBe("-1.235");
    expect(() => shortNumber(NaN)).toThrow("cannot put NaN in a URL");
  });
});
