/**
 * src/lib/schemas/derived/distances.ts: the committed public/derived/distances/distances.json parses,
 * and each way a copy of it can be spoiled fails with its exact message (parseWith's words: the field,
 * the file, what is wrong). The loader checks its output with the same parser before it writes it.
 */
import { committedFile } from "../../../../support/committed-file.ts";
import { describe, expect, it } from "vitest";
import { DISTANCES_FILE, REPRESENTATION_IDS, parseDistances } from "../../../../../src/lib/schemas/derived/distances.ts";

const file = committedFile(DISTANCES_FILE, parseDistances);
const RAW = file.raw;
const F = "public/derived/distances/distances.json";
const spoilt = file.changed;
const fails = (f: (d: any) => void, message: string) => expect(file.message(f)).toBe(message);

describe("the committed distances.json", () => {
  it("parses, every representation the pages draw included, and reads back equal", () => {
    const d = parseDistances(RAW);
    expect(d).toEqual(RAW);
    expect(d.representations.map((r) => r.id).sort()).toEqual([...REPRESENTATION_IDS].sort());
  });

  it("another file name is named in the message", () => {
    expect(() => parseDistances(spoilt((d) => delete d.pairs), "elsewhere/d.json")).toThrow(new Error('the field "pairs" of elsewhere/d.json is missing'));
  });
});

describe("fields", () => {
  it("a missing field", () => {
    fails((d) => delete d.representations[3].ratio.p50, `the field "representations[3].ratio.p50" of ${F} is missing`);
    fails((d) => delete d.collidedPair.byRepresentation[0].rank, `the field "collidedPair.byRepresentation[0].rank" of ${F} is missing`);
  });

  it("a wrong type", () => {
    fails((d) => (d.representations[1].dims = "30"), `the field "representations[1].dims" of ${F} is not a number ("30")`);
    fails((d) => (d.collidedPair.labels = "12"), `the field "collidedPair.labels" of ${F} is not a list ("12")`);
    fails((d) => (d.chiSquare = {}), `the field "chiSquare" of ${F} is not a list ({})`);
  });

  it("whole numbers where counts and indices are", () => {
    fails((d) => (d.representations[1].dims = 1.5), `the field "representations[1].dims" of ${F} is not a whole number (1.5)`);
    fails((d) => (d.pca.iterations = -2), `the field "pca.iterations" of ${F} is -2, below its least value 0`);
    fails((d) => (d.collidedPair.i = 3.5), `the field "collidedPair.i" of ${F} is not a whole number (3.5)`);
  });

  it("an accuracy lies in 0…1", () => {
    fails((d) => (d.representations[1].nearestNeighbour = 1.5), `the field "representations[1].nearestNeighbour" of ${F} is not valid (1.5): an accuracy is at most 1`);
    fails((d) => (d.representations[1].nearestNeighbour = -0.1), `the field "representations[1].nearestNeighbour" of ${F} is -0.1, below its least value 0`);
  });

  it("non-empty ids, labels and sources; at least one representation; no unknown keys", () => {
    fails((d) => (d.representations[0].id = ""), `the field "representations[0].id" of ${F} is not valid (""): must not be empty`);
    fails((d) => (d.representations = []), `the field "representations" of ${F} is an empty list`);
    fails((d) => (d.representations[0].extra = 1), `the field "representations[0]" of ${F} has the unknown key "extra"`);
  });

  it("a pair's labels: two digits", () => {
    fails((d) => (d.collidedPair.labels = [1, 2, 3]), `the field "collidedPair.labels" of ${F} is not valid ([1,2,3]): a pair of labels, one per digit`);
    fails((d) => (d.representations[0].closestPair.labels = [4]), `the field "representations[0].closestPair.labels" of ${F} is not valid ([4]): a pair of labels, one per digit`);
    fails((d) => (d.collidedPair.labels = [1, 12]), `the field "collidedPair.labels[1]" of ${F} is not valid (12): a digit's label is 0 to 9`);
    fails((d) => (d.collidedPair.labels = [1.5, 2]), `the field "collidedPair.labels[0]" of ${F} is not a whole number (1.5)`);
  });
});

describe("refinements", () => {
  it("a band: p5 ≤ p95 (relative, the z band, the prediction, its overRms, the χ² rows)", () => {
    const message = (field: string, v: string) => `the field "${field}" of ${F} is not valid (${v}): p5 must not be above p95`;
    fails((d) => (d.representations[2].relative = { p5: 1.2, p95: 0.9 }), message("representations[2].relative", '{"p5":1.2,"p95":0.9}'));
    fails((d) => (d.representations[3].linear.relative = { p5: 1.2, p95: 0.9 }), message("representations[3].linear.relative", '{"p5":1.2,"p95":0.9}'));
    fails((d) => (d.chiSquare[0].overRms = { p5: 2, p95: 1 }), message("chiSquare[0].overRms", '{"p5":2,"p95":1}'));
    const p = RAW.representations[3].predicted;
    fails(
      (d) => Object.assign(d.representations[3].predicted, { p5: p.p95, p95: p.p5 }),
      // A quote longer than 80 characters is cut and says what it is (field-path.ts).
      message("representations[3].predicted", `${JSON.stringify({ ...p, p5: p.p95, p95: p.p5 }).slice(0, 80)}… (an object)`),
    );
  });

  it("percentiles rise: p5 ≤ p50 ≤ p95", () => {
    const r = RAW.representations[2].ratio;
    fails(
      (d) => (d.representations[2].ratio.p50 = 99),
      `the field "representations[2].ratio" of ${F} is not valid (${JSON.stringify({ ...r, p50: 99 })}): the percentiles must rise: p5 ≤ p50 ≤ p95`,
    );
    fails(
      (d) => (d.representations[4].linear.ratio = { p5: 0.3, p50: 0.2, p95: 0.4 }),
      `the field "representations[4].linear.ratio" of ${F} is not valid ({"p5":0.3,"p50":0.2,"p95":0.4}): the percentiles must rise: p5 ≤ p50 ≤ p95`,
    );
  });

  it("percentiles: p5 > 0", () => {
    fails(
      (d) => (d.representations[2].ratio = { p5: 0, p50: 0.1, p95: 0.2 }),
      `the field "representations[2].ratio" of ${F} is not valid ({"p5":0,"p50":0.1,"p95":0.2}): p5 must be above 0: an r of 0 would put two digits of different labels on the same point`,
    );
  });

  it("every representation the pages draw is there", () => {
    fails(
      (d) => (d.representations = d.representations.filter((r: { id: string }) => r.id !== "pca-30")),
      `the field "representations.length" of ${F} is not valid (6): there is no representation "pca-30" (found pixels, trained-30, random-30, random-100, random-300, random-1000)`,
    );
    fails(
      (d) => (d.representations[6].id = "random-2000"),
      `the field "representations.length" of ${F} is not valid (7): there is no representation "random-1000" (found pixels, pca-30, trained-30, random-30, random-100, random-300, random-2000)`,
    );
  });

  it("the collided pair's rows name representations that exist", () => {
    fails(
      (d) => (d.collidedPair.byRepresentation[2].id = "pca-31"),
      `the field "collidedPair.byRepresentation[2].id" of ${F} is not valid ("pca-31"): not one of the representations (pixels, pca-30, trained-30, random-30, random-100, random-300, random-1000)`,
    );
  });
});
