/**
 * src/lib/site/closest.ts: the "did you mean" helper for misspelt config keys and run ids. Distances
 * worked by hand (the textbook kitten → sitting is 3; "ca" → "abc" is 3 under optimal string
 * alignment, where a swapped pair cannot be edited again, 2 under unrestricted Damerau), and the
 * suggestions the schema and the run-id checks rely on.
 */
import { describe, expect, it } from "vitest";
import { allowedDistance, closest, editDistance } from "../../../../src/lib/site/closest.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and neighbour swaps, each 1", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("epoch", "epochs")).toBe(1);
    expect(editDistance("optimiser", "optimizer")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("epohcs", "epochs")).toBe(1);
    expect(editDistance("ca", "abc")).toBe(3);
    // Case is compared as given (closest lowers both).
    expect(editDistance("Seed", "seed")).toBe(1);
  });

  it("is symmetric and at most the longer length, at least the difference in lengths (200 random pairs)", () => {
    const r = mulberry32(3);
    const word = () => Array.from({ length: Math.floor(r() * 8) }, () => "abc"[Math.floor(r() * 3)]).join("");
    for (let i = 0; i < 200; i++) {
      const [a, b] = [word(), word()];
      const d = editDistance(a, b);
      expect(editDistance(b, a), `${a} ${b}`).toBe(d);
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      expect(d === 0).toBe(a === b);
    }
  });
});

describe("closest", () => {
  const TOP = ["title", "description", "architecture", "activation", "cost", "init", "optimizer", "epochs", "data", "seed", "frozenLayers", "batchNorm", "residual", "log", "preset"];

  it("suggests the key a teacher most likely meant", () => {
    expect(closest("optimiser", TOP)).toBe("optimizer");
    expect(closest("epoch", TOP)).toBe("epochs");
    expect(closest("archtecture", TOP)).toBe("architecture");
    expect(closest("activaton", TOP)).toBe("activation");
    expect(closest("seeds", TOP)).toBe("seed");
    expect(closest("presets", TOP)).toBe("preset");
    expect(closest("gradientImage", ["gradientImages", "every"])).toBe("gradientImages");
    expect(closest("batchsize", ["kind", "eta", "lambda", "batchSize"])).toBe("batchSize");
  });

  it("ignores case, and returns the candidate as it is spelt", () => {
    expect(closest("BATCHNORM", TOP)).toBe("batchNorm");
    expect(closest("Epochs", TOP)).toBe("epochs");
    expect(closest("nielsen-3-HIDDEN", ["nielsen-3-hidden"])).toBe("nielsen-3-hidden");
  });

  it("suggests run ids too", () => {
    const runs = ["asker-network", "fix-baseline", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden"];
    expect(closest("nielsen-3-hiden", runs)).toBe("nielsen-3-hidden");
    expect(closest("fix-basline", runs)).toBe("fix-baseline");
    expect(closest("asker-netwrok", runs)).toBe("asker-network");
    // Ties go to the earlier candidate: nielsen-5-hidden is one edit from each nielsen-* id.
    expect(closest("nielsen-5-hidden", runs)).toBe("nielsen-2-hidden");
  });

  it("falls back to a candidate that starts with the word (or that the word starts with), 4 characters or more", () => {
    expect(closest("frozen", TOP)).toBe("frozenLayers");
    expect(closest("nielsen-3", ["asker-network", "nielsen-3-hidden"])).toBe("nielsen-3-hidden");
    expect(closest("residualConnections", TOP)).toBe("residual");
    // Three characters are too few to go on: "log" is not a guess for "logarithm", nor "dat" for "data".
    expect(closest("logarithm", ["log"])).toBeNull();
    expect(closest("dat", ["database"])).toBeNull();
  });

  it("suggests nothing when no candidate is near enough", () => {
    expect(closest("learningRate", ["kind", "eta", "lambda", "batchSize"])).toBeNull();
    expect(closest("xyz", TOP)).toBeNull();
    expect(closest("", TOP)).toBeNull();
    expect(closest("epoch", [])).toBeNull();
    // Within a third of the word's length (at least 1): two edits are allowed for six characters, not for five.
    expect(allowedDistance("ab")).toBe(1);
    expect(allowedDistance("abcde")).toBe(1);
    expect(allowedDistance("abcdef")).toBe(2);
    expect(closest("abxdxf", ["abcdef"])).toBe("abcdef");
    expect(closest("axcxe", ["abcde"])).toBeNull();
    expect(closest("ab", ["cd"])).toBeNull();
  });

  it("picks the nearest, not the first near enough", () => {
    expect(closest("batchNorn", ["batchSize", "batchNorm"])).toBe("batchNorm");
    // "batchNo" is near enough (2 edits of the 3 allowed), but "batchNorm" is nearer (1).
    expect(closest("batchNorn", ["batchNo", "batchNorm"])).toBe("batchNorm");
    expect(closest("lambd", ["lamb", "lambda"])).toBe("lamb");
    expect(closest("lambdaa", ["lamb", "lambda"])).toBe("lambda");
  });
});
