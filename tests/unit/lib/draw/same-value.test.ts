import { describe, expect, it } from "vitest";
import { sameValue } from "../../../../src/lib/draw/same-value.ts";

describe("sameValue: one number for runs that agree", () => {
  it("prints the shared text once", () => {
    expect(sameValue([{ run: "a", text: "10.95%" }, { run: "b", text: "10.95%" }])).toBe("10.95%");
    expect(sameValue([{ run: "a", text: "3" }, { run: "b", text: "3" }, { run: "c", text: "3" }])).toBe("3");
  });

  it("refuses runs that print different values, naming each", () => {
    expect(() => sameValue([{ run: "nielsen-3-hidden", text: "10.95%" }, { run: "nielsen-4-hidden", text: "11.35%" }])).toThrow(
      "nielsen-3-hidden shows 10.95%, nielsen-4-hidden shows 11.35%",
    );
    // Differing only in the last of three runs.
    expect(() => sameValue([{ run: "a", text: "1" }, { run: "b", text: "1" }, { run: "c", text: "2" }])).toThrow("c shows 2");
  });

  it("needs two runs or more", () => {
    expect(() => sameValue([{ run: "a", text: "1" }])).toThrow("needs two or more runs");
    expect(() => sameValue([])).toThrow("needs two or more runs");
  });
});
