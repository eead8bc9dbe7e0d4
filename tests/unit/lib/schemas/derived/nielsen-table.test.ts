/**
 * src/lib/schemas/derived/nielsen-table.ts on hand-computed cases; the cited source file; and the
 * committed public/derived/nielsen-table/table.json against the shipped run logs,
 * its own per-seed numbers and the shape NielsenTable promises.
 * (The statistics it summarises with are tested in tests/unit/lib/statistics.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  SHIPPED_TOLERANCE,
  assertMatchesShipped,
  depthGrowth,
  lastOverFirstHidden,
  maxRelativeDifference,
  parseNielsenSource,
  parseNielsenTable,
  perLayerFactor,
  summariseSeeds,
  type NielsenTable,
} from "../../../../../src/lib/schemas/derived/nielsen-table.ts";
import { fractionBelow } from "../../../../../src/lib/statistics.ts";
import { loadShippedDigits } from "../../../../../scripts/mnist-source.ts";
import { loadExperiments } from "../../../../../scripts/runs/store.ts";
import type { Experiment } from "../../../../../src/lib/schemas/experiment.ts";
import { split, toFloat32 } from "../../../../../src/lib/mnist/digits.ts";
import { initialNetwork } from "../../../../../src/lib/nets/network.ts";
import { biasGradientNorms } from "../../../../../src/lib/nets/mlp.ts";

const root = new URL("../../../../..", import.meta.url).pathname;
const readJson = (rel: string) => JSON.parse(readFileSync(root + rel, "utf8"));
const IDS = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network"];

describe("summaries", () => {
  it("last hidden over first hidden ignores the output layer; none with one hidden layer", () => {
    expect(lastOverFirstHidden([0.01, 0.05, 0.25, 1.3])).toBeCloseTo(25, 12);
    expect(lastOverFirstHidden([0.1, 0.4, 99])).toBeCloseTo(4, 14);
    expect(lastOverFirstHidden([0.3, 1.2])).toBeNull();
  });

  it("per-layer factor: the (h − 1)-th root of the ratio", () => {
    expect(perLayerFactor(125, 4)).toBeCloseTo(5, 12);
    expect(perLayerFactor(7, 2)).toBe(7);
    expect(() => perLayerFactor(4, 1)).toThrow("at least two hidden layers");
    expect(() => perLayerFactor(0, 3)).toThrow("not positive");
  });

  it("max relative difference is relative to the second vector", () => {
    expect(maxRelativeDifference([1.1, 2], [1, 2])).toBeCloseTo(0.1, 14);
    expect(maxRelativeDifference([1, 2], [1, 2.5])).toBeCloseTo(0.2, 14);
    expect(() => maxRelativeDifference([1], [1, 2])).toThrow("lengths 1 and 2 differ");
  });

  it("assertMatchesShipped passes within the tolerance and throws beyond it", () => {
    expect(SHIPPED_TOLERANCE).toBe(1e-5);
    expect(assertMatchesShipped("r", [1 + 5e-6, 2], [1, 2])).toBeCloseTo(5e-6, 14);
    expect(assertMatchesShipped("r", [1, 2 - 1.6e-5], [1, 2])).toBeCloseTo(8e-6, 14);
    expect(() => assertMatchesShipped("r", [1 + 2e-5, 2], [1, 2])).toThrow(/^r: seed 1 gives .* \(relative difference 2\.00e-5 > 0\.00001\)$/);
    expect(() => assertMatchesShipped("r", [1, 2], [1, 2 + 4e-5])).toThrow("relative difference 2.00e-5");
    expect(() => assertMatchesShipped("r", [1, 2], [1, 2, 3])).toThrow("seed 1 has 2 layers, the shipped run's log 3");
    expect(() => assertMatchesShipped("r", [NaN, 2], [1, 2])).toThrow("relative difference NaN");
  });
});

describe("summariseSeeds", () => {
  // Two seeds of a [·, h1, h2, out] network: ratios 0.1/0.01 = 10 and 0.2/0.04 = 5.
  const two = [
    [0.01, 0.1, 1],
    [0.04, 0.2, 2],
  ];

  it("per layer, output apart, and the ratio per seed", () => {
    const s = summariseSeeds(two);
    expect(s.hidden).toHaveLength(2);
    expect(s.hidden[0]).toEqual({ mean: 0.025, std: expect.closeTo(0.03 / Math.SQRT2, 15), min: 0.01, max: 0.04, median: 0.025 });
    expect(s.hidden[1].mean).toBeCloseTo(0.15, 15);
    expect(s.output).toEqual({ mean: 1.5, std: expect.closeTo(1 / Math.SQRT2, 15), min: 1, max: 2, median: 1.5 });
    expect(s.ratio).toEqual({ mean: 7.5, median: 7.5, min: expect.closeTo(5, 12), max: expect.closeTo(10, 12), geometricMean: expect.closeTo(Math.sqrt(50), 12) });
    // Two hidden layers: one step, so the factor is the ratio itself.
    expect(s.perLayerFactor).toBeCloseTo(Math.sqrt(50), 12);
  });

  it("three hidden layers: the factor is the square root of the geometric-mean ratio", () => {
    const s = summariseSeeds([
      [0.01, 0.05, 0.25, 1],
      [0.02, 0.1, 0.32, 1],
    ]);
    // Ratios 25 and 16: geometric mean 20, factor √20.
    expect(s.ratio!.geometricMean).toBeCloseTo(20, 12);
    expect(s.perLayerFactor).toBeCloseTo(Math.sqrt(20), 12);
  });

  it("one hidden layer: no ratio", () => {
    const s = summariseSeeds([
      [0.3, 1.2],
      [0.2, 1.4],
    ]);
    expect(s.ratio).toBeNull();
    expect(s.perLayerFactor).toBeNull();
    expect(s.hidden).toHaveLength(1);
  });

  it("refuses one seed and ragged seeds", () => {
    expect(() => summariseSeeds([[0.1, 1]])).toThrow("at least two seeds");
    expect(() => summariseSeeds([[0.1, 1], [0.1, 0.2, 1]])).toThrow("a seed has 3 norms, another 2");
  });
});

describe("depthGrowth", () => {
  // Exact factor 5 per layer: first hidden 0.5, 0.1, 0.02 and last/first 1, 5, 25.
  const series = [
    { id: "d1", perSeed: [[0.5, 1], [0.5, 2]] },
    { id: "d2", perSeed: [[0.1, 0.5, 1], [0.1, 0.5, 3]] },
    { id: "d3", perSeed: [[0.02, 0.1, 0.5, 1], [0.02, 0.1, 0.5, 1]] },
  ];

  it("per step and per extra layer", () => {
    const g = depthGrowth(series);
    expect(g.experiments).toEqual(["d1", "d2", "d3"]);
    expect(g.hiddenLayers).toEqual([1, 2, 3]);
    expect(g.ratioGeometricMean.map((v) => +v.toFixed(12))).toEqual([1, 5, 25]);
    expect(g.firstLayerGeometricMean.map((v) => +v.toFixed(12))).toEqual([0.5, 0.1, 0.02]);
    for (const s of g.steps) {
      expect(s.ratioFactor).toBeCloseTo(5, 12);
      expect(s.firstLayerFactor).toBeCloseTo(5, 12);
    }
    expect(g.perExtraLayer.ratio).toBeCloseTo(5, 12);
    expect(g.perExtraLayer.firstLayer).toBeCloseTo(5, 12);
  });

  it("the per-layer factor is the geometric mean of unequal steps", () => {
    // Ratios 1 → 3 → 36: steps 3 and 12, geometric mean √36 = 6 per extra layer.
    const g = depthGrowth([
      { id: "a", perSeed: [[1, 1], [1, 1]] },
      { id: "b", perSeed: [[1, 3, 1], [1, 3, 1]] },
      { id: "c", perSeed: [[1, 6, 36, 1], [1, 6, 36, 1]] },
    ]);
    expect(g.steps.map((s) => +s.ratioFactor.toFixed(12))).toEqual([3, 12]);
    expect(g.perExtraLayer.ratio).toBeCloseTo(6, 12);
  });

  it("a jump of two layers counts as two equal steps", () => {
    const g = depthGrowth([series[0], series[2]]);
    expect(g.steps).toHaveLength(1);
    expect(g.steps[0].ratioFactor).toBeCloseTo(5, 12);
    expect(g.perExtraLayer.firstLayer).toBeCloseTo(5, 12);
  });

  it("refuses depths that do not increase", () => {
    expect(() => depthGrowth([series[1], series[0]])).toThrow("depths must increase, got 2, 1");
    expect(() => depthGrowth([series[0]])).toThrow("at least two depths");
  });
});

describe("content/sources/nielsen-ch5.json", () => {
  const source = parseNielsenSource(readJson("content/sources/nielsen-ch5.json"));

  it("holds Nielsen's printed numbers for two, three and four hidden layers", () => {
    expect(source.url).toBe("http://neuralnetworksanddeeplearning.com/chap5.html#the_vanishing_gradient_problem");
    expect(source.speeds.map((s) => [s.architecture, s.printed])).toEqual([
      [[784, 30, 30, 10], ["0.07…", "0.31…"]],
      [[784, 30, 30, 30, 10], ["0.012", "0.060", "0.283"]],
      [[784, 30, 30, 30, 30, 10], ["0.003", "0.017", "0.070", "0.285"]],
    ]);
    expect(source.speeds.map((s) => s.values)).toEqual([[0.07, 0.31], [0.012, 0.06, 0.283], [0.003, 0.017, 0.07, 0.285]]);
  });

  it("the schema refuses a value that is not the printed one, a wrong count and an unknown field", () => {
    const good = readJson("content/sources/nielsen-ch5.json");
    const bad = structuredClone(good);
    bad.speeds[1].values[2] = 0.28;
    expect(() => parseNielsenSource(bad)).toThrow("content/sources/nielsen-ch5.json: speeds.1.values.2: 0.28 is not the printed 0.283");
    const short = structuredClone(good);
    short.speeds[2].printed.pop();
    short.speeds[2].values.pop();
    expect(() => parseNielsenSource(short)).toThrow("speeds.2.printed: 4 hidden layers need 4 printed numbers, got 3");
    expect(() => parseNielsenSource({ ...good, extra: 1 })).toThrow();
    const unprinted = structuredClone(good);
    unprinted.speeds[0].printed[0] = "about 0.07";
    expect(() => parseNielsenSource(unprinted)).toThrow('speeds.0.printed.0: a printed number like "0.283" or "0.07…"');
  });
});

describe("seed 1 reproduces the shipped runs (float64 reference vs the float32 tfjs trainer)", async () => {
  const experiments = await loadExperiments(root + "content/experiments");
  const digits = await loadShippedDigits(root + "public/data/mnist-10k.bin.gz");
  const train = split(digits, "train");

  it.each(IDS)("%s: initial.gradNorms within 1e-5 relative", (id) => {
    const e = experiments.find((x) => x.id === id)!.experiment as Experiment;
    expect(e.seed).toBe(1);
    const g = e.log.gradientImages;
    const x = toFloat32(train.pixels.subarray(0, g * 784));
    const images = Array.from({ length: g }, (_, i) => x.subarray(i * 784, (i + 1) * 784));
    const ours = biasGradientNorms(initialNetwork(e.architecture, e.init, 1), images, train.labels.subarray(0, g), e.cost);
    const shipped = readJson(`public/runs/${id}/log.json`).initial.gradNorms;
    expect(maxRelativeDifference(ours, shipped)).toBeLessThan(SHIPPED_TOLERANCE);
    // The tolerance is tight enough to see one digit missing from the average.
    const fewer = biasGradientNorms(initialNetwork(e.architecture, e.init, 1), images.slice(0, g - 1), train.labels.subarray(0, g - 1), e.cost);
    expect(maxRelativeDifference(fewer, shipped)).toBeGreaterThan(SHIPPED_TOLERANCE);
  });

  it("one seed's networks of different depths share their common hidden layers (the depth steps are paired)", () => {
    const [a, b] = [
      initialNetwork([784, 30, 30, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 7),
      initialNetwork([784, 30, 30, 30, 30, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 7),
    ];
    for (let l = 0; l < 3; l++) {
      expect(b.weights[l]).toEqual(a.weights[l]);
      expect(b.biases[l]).toEqual(a.biases[l]);
    }
  });
});

describe("public/derived/nielsen-table/table.json", () => {
  const table: NielsenTable = readJson("public/derived/nielsen-table/table.json");
  const source = parseNielsenSource(readJson("content/sources/nielsen-ch5.json"));

  // Every field NielsenTable promises, and no other (strict objects).
  const n = z.number().finite();
  const summary = z.object({ mean: n, std: n.nonnegative(), min: n, max: n, median: n }).strict();
  const ratio = z.object({ mean: n, median: n, min: n, max: n, geometricMean: n }).strict();
  const fraction = n.min(0).max(1);
  const row = z
    .object({
      title: z.string().min(1),
      architecture: z.array(z.number().int().positive()),
      cost: z.enum(["cross-entropy", "quadratic"]),
      hiddenLayers: z.number().int().positive(),
      seeds: z.object({ first: z.number().min(1).max(1), last: z.number().int(), count: z.number().int().min(20) }).strict(),
      hidden: z.array(summary),
      output: summary,
      ratio: ratio.nullable(),
      perLayerFactor: n.nullable(),
      perSeed: z.array(z.array(n.positive())),
      perSeedRatio: z.array(n.positive()).nullable(),
      shipped: z
        .object({
          run: z.string(),
          seed: z.number().min(1).max(1),
          gradNorms: z.array(n.positive()),
          ratio: n.nullable(),
          maxRelativeDifference: n.nonnegative().max(SHIPPED_TOLERANCE),
          fractionOfSeedsBelow: z.array(fraction),
          ratioFractionOfSeedsBelow: fraction.nullable(),
        })
        .strict(),
      nielsen: z
        .object({
          printed: z.array(z.string()),
          values: z.array(n),
          ratio: n.nullable(),
          perLayerFactor: n.nullable(),
          fractionOfSeedsBelow: z.array(fraction),
          ratioFractionOfSeedsBelow: fraction.nullable(),
        })
        .strict()
        .nullable(),
    })
    .strict();
  const schema = z
    .object({
      method: z
        .object({
          quantity: z.string().min(1),
          gradientImages: z.number().int().positive(),
          data: z.string().min(1),
          shippedTolerance: z.number().min(SHIPPED_TOLERANCE).max(SHIPPED_TOLERANCE),
          differencesFromNielsen: z.array(z.string().min(1)).min(1),
        })
        .strict(),
      experiments: z.record(z.string(), row),
      depthGrowth: z
        .object({
          experiments: z.array(z.string()),
          hiddenLayers: z.array(z.number().int()),
          ratioGeometricMean: z.array(n),
          firstLayerGeometricMean: z.array(n),
          steps: z.array(z.object({ from: z.number().int(), to: z.number().int(), ratioFactor: n, firstLayerFactor: n }).strict()),
          perExtraLayer: z.object({ ratio: n, firstLayer: n }).strict(),
        })
        .strict(),
      source: z.object({ citation: z.string(), url: z.url(), section: z.string(), notPrinted: z.array(z.string()) }).strict(),
    })
    .strict();
  // The schema and the interface describe the same thing (a type error here if they drift apart).
  type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
  const same: Same<z.infer<typeof schema>, NielsenTable> = true;

  it("has every field the type promises, and the five experiments", () => {
    expect(same).toBe(true);
    schema.parse(table);
    expect(Object.keys(table.experiments)).toEqual(IDS);
    for (const id of IDS) {
      const r = table.experiments[id];
      const layers = r.architecture.length - 1;
      expect(r.hiddenLayers).toBe(layers - 1);
      expect(r.hidden).toHaveLength(layers - 1);
      expect(r.perSeed).toHaveLength(r.seeds.count);
      expect(r.seeds.last).toBe(r.seeds.count);
      for (const v of r.perSeed) expect(v).toHaveLength(layers);
      expect(r.shipped.gradNorms).toHaveLength(layers);
      expect(r.shipped.fractionOfSeedsBelow).toHaveLength(layers - 1);
      expect(r.ratio === null).toBe(layers === 2);
    }
  });

  it("seed 1 matches each shipped run's initial.gradNorms within the tolerance", () => {
    for (const id of IDS) {
      const r = table.experiments[id];
      const log = readJson(`public/runs/${id}/log.json`);
      expect(r.shipped.gradNorms).toEqual(log.initial.gradNorms);
      expect(r.architecture).toEqual(log.architecture);
      const diff = maxRelativeDifference(r.perSeed[0], log.initial.gradNorms);
      expect(diff).toBeLessThan(SHIPPED_TOLERANCE);
      expect(r.shipped.maxRelativeDifference).toBe(diff);
    }
  });

  it("its summaries are those of its own per-seed numbers", () => {
    for (const id of IDS) {
      const r = table.experiments[id];
      const { hidden, output, ratio, perLayerFactor } = r;
      expect({ hidden, output, ratio, perLayerFactor }).toEqual(summariseSeeds(r.perSeed));
      expect(r.perSeedRatio).toEqual(r.ratio === null ? null : r.perSeed.map((v) => lastOverFirstHidden(v)));
      expect(r.shipped.ratio).toEqual(lastOverFirstHidden(r.shipped.gradNorms));
      expect(r.shipped.fractionOfSeedsBelow).toEqual(r.hidden.map((_, l) => fractionBelow(r.perSeed.map((v) => v[l]), r.shipped.gradNorms[l])));
    }
    const series = IDS.slice(0, 4).map((id) => ({ id, perSeed: table.experiments[id].perSeed }));
    expect(table.depthGrowth).toEqual(depthGrowth(series));
  });

  it("carries Nielsen's printed numbers next to ours, matched by architecture", () => {
    expect(table.source.url).toBe(source.url);
    const withNumbers = IDS.filter((id) => table.experiments[id].nielsen !== null);
    expect(withNumbers).toEqual(["nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden"]);
    for (const id of withNumbers) {
      const r = table.experiments[id];
      const s = source.speeds.find((x) => x.architecture.join() === r.architecture.join())!;
      expect(r.nielsen!.printed).toEqual(s.printed);
      expect(r.nielsen!.values).toEqual(s.values);
      expect(r.nielsen!.ratio).toBeCloseTo(s.values.at(-1)! / s.values[0], 12);
    }
    expect(table.experiments["nielsen-3-hidden"].nielsen!.values).toEqual([0.012, 0.06, 0.283]);
  });
});

describe("parseNielsenTable (what the loader checks before writing and <NielsenTable> after reading)", () => {
  const file = "public/derived/nielsen-table/table.json";
  it("accepts the committed table as written and refuses a bad field, naming it", () => {
    const committed = () => JSON.parse(readFileSync(join(process.cwd(), file), "utf8"));
    expect(parseNielsenTable(committed())).toEqual(committed());
    const bad = committed();
    bad.experiments["nielsen-3-hidden"].shipped.maxRelativeDifference = 0.01;
    expect(() => parseNielsenTable(bad)).toThrow(new Error(`the field "experiments.nielsen-3-hidden.shipped.maxRelativeDifference" of ${file} is 0.01, above its greatest value 0.00001`));
  });
});
