/**
 * The summary functions of lesson 7's data loader (src/lib/schemas/derived/through-time.ts),
 * against values worked out by hand; and the schema of what it writes,
 * public/derived/through-time/summary.json: the committed file parses, and a missing field, a
 * wrong type, an unknown key and each check that holds the file together fail with their exact
 * message, naming the file and the field.
 */
import { committedFile } from "../../../../support/committed-file.ts";
import { describe, expect, it } from "vitest";
import {
  LEARNED,
  THROUGH_TIME_CONFIGS,
  THROUGH_TIME_SUMMARY_FILE,
  geometricProfile,
  learnedCount,
  learningRange,
  parseThroughTimeSummary,
  seedSpread,
} from "../../../../../src/lib/schemas/derived/through-time.ts";

describe("seedSpread", () => {
  it("min, median and max of an odd and an even count, in any order", () => {
    expect(seedSpread([0.5, 1, 0.25])).toEqual({ min: 0.25, median: 0.5, max: 1 });
    expect(seedSpread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(seedSpread([7])).toEqual({ min: 7, median: 7, max: 7 });
  });
  it("refuses an empty list and a value that is not finite, by name", () => {
    expect(() => seedSpread([])).toThrow("src/lib/schemas/derived/through-time.ts: seedSpread needs at least one value");
    expect(() => seedSpread([1, NaN])).toThrow("seedSpread got a value that is not finite: NaN");
  });
});

describe("learnedCount and learningRange", () => {
  it("counts accuracies at or above 95%", () => {
    expect(LEARNED).toBe(0.95);
    expect(learnedCount([0.95, 0.9499, 1, 0.25])).toBe(2);
  });
  it("the largest T all seeds learned stops at the first T where one did not, even if a longer T is learned again", () => {
    const rows = [
      { T: 5, accuracies: [1, 1, 1] },
      { T: 10, accuracies: [1, 0.5, 1] },
      { T: 20, accuracies: [1, 1, 1] },
      { T: 50, accuracies: [0.25, 0.3, 0.24] },
      { T: 100, accuracies: [0.25, 0.2, 0.3] },
    ];
    expect(learningRange(rows)).toEqual({ allLearnUpTo: 5, noneFrom: 50 });
  });
  it("noneFrom needs every longer T to be unlearned too; null at either end when it does not apply", () => {
    expect(learningRange([{ T: 5, accuracies: [0.5] }, { T: 10, accuracies: [0.96] }, { T: 20, accuracies: [0.3] }])).toEqual({ allLearnUpTo: null, noneFrom: 20 });
    expect(learningRange([{ T: 5, accuracies: [1, 1] }, { T: 10, accuracies: [1, 0.97] }])).toEqual({ allLearnUpTo: 10, noneFrom: null });
    expect(learningRange([{ T: 5, accuracies: [0.2] }, { T: 10, accuracies: [0.3] }])).toEqual({ allLearnUpTo: null, noneFrom: 5 });
  });
  it("refuses rows out of order", () => {
    expect(() => learningRange([{ T: 10, accuracies: [1] }, { T: 5, accuracies: [1] }])).toThrow("learningRange rows must be in increasing T, got 10 then 5");
    expect(() => learningRange([])).toThrow("learningRange needs at least one T");
  });
});

describe("geometricProfile", () => {
  it("the geometric mean, min and max at each t", () => {
    const p = geometricProfile([
      [1e-6, 1e-2, 4],
      [1e-2, 1e-2, 1],
    ]);
    expect(p.mean[0]).toBeCloseTo(1e-4, 15);
    expect(p.mean[1]).toBeCloseTo(1e-2, 15);
    expect(p.mean[2]).toBeCloseTo(2, 12);
    expect(p.min).toEqual([1e-6, 1e-2, 1]);
    expect(p.max).toEqual([1e-2, 1e-2, 4]);
  });
  it("refuses lists of different lengths and norms that are not positive", () => {
    expect(() => geometricProfile([[1, 2], [1]])).toThrow("geometricProfile lists differ in length (2 and 1); pass the norms of runs with the same T");
    expect(() => geometricProfile([[1, 0]])).toThrow("geometricProfile needs positive finite norms, got 0");
    expect(() => geometricProfile([])).toThrow("geometricProfile needs at least one list");
  });
});

describe("summary.json", () => {
  const file = committedFile("public/derived/through-time/summary.json", parseThroughTimeSummary);
  const committed = file.raw;
  const F = THROUGH_TIME_SUMMARY_FILE;
  /** The first problem parseThroughTimeSummary finds in the committed file with one change. */
  const message = file.message;

  it("the committed file parses: every config at every T, a profile of profileT + 1 values per config", () => {
    const s = parseThroughTimeSummary(committed);
    expect(F).toBe("public/derived/through-time/summary.json");
    expect(s.configs).toEqual([...THROUGH_TIME_CONFIGS]);
    expect(s.lengths).toEqual([5, 10, 20, 50, 100]);
    for (const c of s.configs) {
      for (const T of s.lengths) expect(s.accuracy[c][T].seeds).toBe(3);
      expect(s.profile[c].mean).toHaveLength(s.profileT + 1);
    }
    expect(s.cliff.points.length).toBeGreaterThanOrEqual(2);
    // A file named otherwise (a fixture) is named so in the messages.
    expect(() => parseThroughTimeSummary({}, "tests/fixtures/summary.json")).toThrow(new Error('the field "configs" of tests/fixtures/summary.json is missing'));
  });

  it("a missing field, a wrong type, a config it does not know and an unknown key name the field", () => {
    expect(message((f) => delete f.cliff.step.clip)).toBe(`the field "cliff.step.clip" of ${F} is missing`);
    expect(message((f) => delete f.facts.training.K)).toBe(`the field "facts.training.K" of ${F} is missing`);
    expect(message((f) => (f.profileT = "50"))).toBe(`the field "profileT" of ${F} is not a number ("50")`);
    expect(message((f) => (f.runs.lstm["20"][1].forgetEnd = "x"))).toBe(`the field "runs.lstm.20[1].forgetEnd" of ${F} is not a number ("x")`);
    expect(message((f) => (f.configs[2] = "tanh"))).toBe(`the field "configs[2]" of ${F} is not valid ("tanh"): Invalid option: expected one of "rnn"|"rnn-orthogonal"|"rnn-identity"|"lstm"|"gru"`);
    expect(message((f) => (f.lengths = []))).toBe(`the field "lengths" of ${F} is an empty list`);
    expect(message((f) => (f.cliff.extra = 1))).toBe(`the field "cliff" of ${F} has the unknown key "extra"`);
  });

  it("every spread has min ≤ median ≤ max: the median outside, or max below min", () => {
    expect(message((f) => (f.accuracy.rnn["10"].median = 0.1))).toBe(`the field "accuracy.rnn.10.median" of ${F} is not valid (0.1): min ≤ median ≤ max must hold, and min is 0.5, median 0.1, max 1`);
    expect(message((f) => Object.assign(f.accuracy.lstm["5"].startFactor, { median: 0, max: 0 }))).toBe(
      `the field "accuracy.lstm.5.startFactor.max" of ${F} is not valid (0): min ≤ median ≤ max must hold, and min is 0.5227244762894125, median 0, max 0`,
    );
  });

  it("every listed config has its accuracy at every listed T, and its profile", () => {
    expect(message((f) => delete f.accuracy.gru)).toBe(`the field "accuracy.gru" of ${F} is missing`);
    expect(message((f) => delete f.accuracy.gru["50"])).toBe(`the field "accuracy.gru.50" of ${F} is missing`);
    expect(message((f) => delete f.profile.lstm)).toBe(`the field "profile.lstm" of ${F} is missing`);
  });

  it("each profile list has profileT + 1 values", () => {
    expect(message((f) => f.profile.rnn.min.pop())).toBe(`the field "profile.rnn.min.length" of ${F} is not valid (50): profileT is 50, so each profile list has 51 values, t = 0 to 50`);
    expect(message((f) => (f.profileT = 20))).toBe(`the field "profile.rnn.mean.length" of ${F} is not valid (51): profileT is 20, so each profile list has 21 values, t = 0 to 20`);
  });

  it("the cliff has at least two points", () => {
    expect(message((f) => (f.cliff.points = f.cliff.points.slice(0, 1)))).toBe(`the field "cliff.points.length" of ${F} is not valid (1): the cliff needs at least two points`);
  });
});
