/**
 * Study configs (content/studies/*.json): every committed one is accepted, a bad
 * one is rejected naming the file and every bad field; the summary statistics
 * and the plateau stopping rule against hand-computed cases.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { parseStudy, plateauStopper, summarize } from "../../src/lib/study-schema.ts";

const DIR = new URL("../../content/studies/", import.meta.url);
const config = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, DIR), "utf8"));

describe("study configs", () => {
  it("accepts every committed config, one per row of the answers table", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual([
      "all-trained.json",
      "blanked-unlucky.json",
      "frozen-first-layer-converged.json",
      "frozen-width-100.json",
      "frozen-width-1000.json",
      "frozen-width-300.json",
      "readout-random-30.json",
      "readout-raw-784.json",
      "readout-trained-30.json",
    ]);
    for (const f of files) expect(() => parseStudy(JSON.parse(readFileSync(new URL(f, DIR), "utf8")), f)).not.toThrow();
  });

  it("the training rows share everything but the first layer's width and whether it is frozen", () => {
    const strip = (id: string) => {
      const { title: _t, description: _d, architecture, frozenLayers, ...rest } = config(id);
      return { rest, upper: architecture.slice(2), frozenLayers };
    };
    const all = strip("all-trained");
    expect(all.frozenLayers).toEqual([]);
    for (const id of ["frozen-first-layer-converged", "frozen-width-100", "frozen-width-300", "frozen-width-1000"]) {
      expect(strip(id)).toEqual({ ...all, frozenLayers: [1] });
    }
    expect(all.rest.seeds).toEqual([1, 2, 3]);
    expect(all.rest.optimizer).toEqual({ kind: "sgd", eta: 0.1, lambda: 0, batchSize: 10 });
    expect(all.rest.stopping).toEqual({ maxEpochs: 300, patience: 10, minImprovement: 0.1 });
  });

  it("rejects a bad config naming the file and every bad field at once", () => {
    const bad = { ...config("all-trained"), eta: 1, frozenLayers: [2], seeds: [1, 1], data: { train: 8000, test: 10 } };
    expect(() => parseStudy(bad, "content/studies/x.json")).toThrow(/^content\/studies\/x\.json: invalid study config\n/);
    let message = "";
    try {
      parseStudy(bad, "content/studies/x.json");
    } catch (e) {
      message = (e as Error).message;
    }
    for (const field of ["  (top level): ", "  frozenLayers", "  seeds: seeds must be distinct", "  data.test: "]) expect(message).toContain(field);
    expect(() => parseStudy({ ...config("readout-raw-784"), validation: 8000 }, "r.json")).toThrow("r.json: invalid study config\n  validation: validation 8000 leaves no training images out of 8000");
    expect(() => parseStudy({ ...config("readout-raw-784"), features: { source: "pixels", width: 3 } }, "r.json")).toThrow("features");
    expect(() => parseStudy({ ...config("blanked-unlucky"), kind: "probe" }, "b.json")).toThrow("b.json: invalid study config\n  kind: ");
  });
});

describe("summarize", () => {
  it("gives mean, min, max and the sample standard deviation (n − 1)", () => {
    // 0.90, 0.92, 0.94: mean 0.92, deviations ±0.02 → s² = (0.0004 + 0 + 0.0004) / 2 = 0.0004.
    const s = summarize([0.9, 0.92, 0.94]);
    expect(s.mean).toBeCloseTo(0.92, 14);
    expect(s.std).toBeCloseTo(0.02, 14);
    expect([s.min, s.max]).toEqual([0.9, 0.94]);
    expect(summarize([0.5])).toEqual({ mean: 0.5, min: 0.5, max: 0.5, std: 0 });
    expect(() => summarize([])).toThrow("no values");
  });
});

describe("the plateau stopping rule", () => {
  const stopping = { maxEpochs: 300, patience: 3, minImprovement: 0.1 };
  const run = (correct: number[], s = stopping) => {
    const stop = plateauStopper(s, 8000);
    for (let e = 1; e <= correct.length; e++) if (stop.update(correct[e - 1], e)) return e;
    return null;
  };
  it("needs 0.1% of 8,000 = 8 more correct images than the best to count as an improvement", () => {
    expect(plateauStopper(stopping, 8000).needed).toBe(8);
    expect(plateauStopper(stopping, 1000).needed).toBe(1);
  });
  it("stops after `patience` epochs without such an improvement, and not before", () => {
    expect(run([100, 107, 107, 107])).toBe(4);
    expect(run([100, 108, 108, 108])).toBe(null);
    expect(run([100, 108, 108, 108, 108])).toBe(5);
  });
  it("does not let a slow creep of small gains reset the count, but counts them once they add up to the threshold", () => {
    // +4 a time: 104 and 108 − 100 … the best is raised only at 108 (8 over 100), then 112 is only +4 over it.
    expect(run([100, 104, 108, 112, 116, 120])).toBe(null);
    expect(run([100, 103, 106, 107])).toBe(4);
  });
  it("stops at maxEpochs whatever happens", () => {
    expect(run([100, 200, 300], { ...stopping, maxEpochs: 3 })).toBe(3);
  });
});
