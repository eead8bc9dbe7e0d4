/**
 * src/lib/schemas/derived/invisible-pixels.ts: the committed public/derived/invisible-pixels/facts.json
 * parses and reads back equal, and each way a copy of it can be spoilt fails with its exact message (the
 * field, the file, what is wrong). The loader checks its output with the same parser before it writes it,
 * and the build reads the file through it (src/components/pixel-data.ts).
 */
import { describe, expect, it } from "vitest";
import { committedFile } from "../../../../support/committed-file.ts";
import { PIXEL_FACTS_FILE, parsePixelFacts } from "../../../../../src/lib/schemas/derived/invisible-pixels.ts";
import { loadPixelData, PixelDataError } from "../../../../../src/islands/pixels/data.ts";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const file = committedFile(PIXEL_FACTS_FILE, parsePixelFacts);
const RAW = file.raw;
const F = "public/derived/invisible-pixels/facts.json";
const fails = (f: (d: any) => void, message: string) => expect(file.message(f)).toBe(message);
/** How a message quotes a long value: its JSON cut after 80 characters, then what it is (field-path.ts). */
const cut = (v: unknown, kind: string) => `${JSON.stringify(v).slice(0, 80)}… (${kind})`;

describe("the committed facts.json", () => {
  it("parses and reads back equal", () => {
    expect(parsePixelFacts(RAW)).toEqual(RAW);
    // What the lesson states of it, from the raw file: 111 pixels are 0 in all 10,000 digits.
    expect([RAW.alwaysZeroCount, RAW.data.count, RAW.layers.random.sensitivity.length]).toEqual([111, 10000, 784]);
  });

  it("names another file where it is given one", () => {
    expect(() => parsePixelFacts(file.changed((d) => delete d.pair), "x/facts.json")).toThrow(new Error('the field "pair" of x/facts.json is missing'));
  });
});

describe("fields", () => {
  it("a missing field, a wrong type, an unknown key", () => {
    fails((d) => delete d.layers.trained.decoder.shippedTestError, `the field "layers.trained.decoder.shippedTestError" of ${F} is missing`);
    fails((d) => (d.meanImageError = "0.07"), `the field "meanImageError" of ${F} is not a number ("0.07")`);
    fails((d) => (d.layers.random.saturation.extra = 1), `the field "layers.random.saturation" of ${F} has the unknown key "extra"`);
  });

  it("counts and pixel indices", () => {
    fails((d) => (d.data.test = 0), `the field "data.test" of ${F} is 0, below its least value 1`);
    fails((d) => (d.alwaysZero[3] = 784), `the field "alwaysZero[3]" of ${F} is not valid (784): a pixel index is 0 to 783`);
    fails((d) => (d.alwaysZero[3] = d.alwaysZero[2]), `the field "alwaysZero" of ${F} is not valid (${cut(RAW.alwaysZero.slice(0, 3).concat(RAW.alwaysZero[2], RAW.alwaysZero.slice(4)), "a list of 111")}): the pixels must be listed once each, in increasing order`);
    fails((d) => d.alwaysZero.pop(), `the field "alwaysZeroCount" of ${F} is not valid (111): alwaysZero lists 110 pixels`);
    fails((d) => (d.sample.testIndices[5] = 2000), `the field "sample.testIndices[5]" of ${F} is not valid (2000): the test split has 2000 digits`);
    fails((d) => (d.pair.j = 2000), `the field "pair.j" of ${F} is not valid (2000): the test split has 2000 digits`);
  });

  it("a sensitivity map covers every pixel", () => {
    fails((d) => d.layers.trained.sensitivity.pop(), `the field "layers.trained.sensitivity" of ${F} is not valid (${cut(RAW.layers.trained.sensitivity.slice(0, -1), "a list of 783")}): one value per pixel, 784`);
  });

  it("a spread in order, a saturation that adds up, a slope σ′ can have", () => {
    fails((d) => (d.layers.random.norms.median = 1), `the field "layers.random.norms" of ${F} is not valid (${cut({ ...RAW.layers.random.norms, median: 1 }, "an object")}): min ≤ p01 ≤ median ≤ p99 ≤ max and min ≤ mean ≤ max must hold`);
    fails((d) => (d.layers.trained.saturation.fraction = 0.5), `the field "layers.trained.saturation" of ${F} is not valid (${cut({ ...RAW.layers.trained.saturation, fraction: 0.5 }, "an object")}): fraction must be saturated / total, and saturated at most total`);
    fails((d) => (d.layers.random.saturation.smallestSlope = 0.3), `the field "layers.random.saturation.smallestSlope" of ${F} is not valid (0.3): σ′ is at most 1/4`);
  });

  it("the colliding pair and the decoders", () => {
    fails((d) => (d.pair.labels = [4, 4]), `the field "pair" of ${F} is not valid (${cut({ ...RAW.pair, labels: [4, 4] }, "an object")}): two different digits with different labels`);
    fails((d) => d.decoders.reverse(), `the field "decoders" of ${F} is not valid (${cut([...RAW.decoders].reverse(), "a list of 2")}): the "random" decoder, then the "trained" one`);
    fails((d) => (d.decoders[1].name = "other"), `the field "decoders[1].name" of ${F} is not valid ("other"): a decoder is "random" or "trained"`);
  });
});

describe("the build's reading", () => {
  const get = (edit?: (d: any) => void) => async (path: string) => {
    const bytes = new Uint8Array(await readFile(join(process.cwd(), "public", path)));
    if (!edit || !path.endsWith("facts.json")) return bytes;
    return new TextEncoder().encode(JSON.stringify(file.changed(edit)));
  };

  it("passes facts.json through the parser it is given, and reports its refusal as the demo's data error", async () => {
    const seen: string[] = [];
    const { facts } = await loadPixelData(get(), (json, shown) => (seen.push(shown), parsePixelFacts(json, shown)));
    expect(facts).toEqual(RAW);
    expect(seen).toEqual([F]);
    // A refusal reaches the page as the demo's data error, with the parser's words.
    const refused = loadPixelData(get(), (json, shown) => parsePixelFacts({ ...(json as object), meanImageError: -1 }, shown));
    await expect(refused).rejects.toThrow(new PixelDataError(`the field "meanImageError" of ${F} is -1, below its least value 0`));
    await expect(loadPixelData(get())).resolves.toHaveProperty("facts.alwaysZeroCount", 111);
    // An edited file fails its manifest's sha256 before any parser sees it.
    await expect(loadPixelData(get((d) => (d.meanImageError = -1)), parsePixelFacts)).rejects.toThrow(/sha256/);
  });
});
