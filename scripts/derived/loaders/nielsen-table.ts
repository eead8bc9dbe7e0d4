/**
 * Data loader `nielsen-table`: Nielsen's ch. 5 table of the hidden layers' "speed
 * of learning" at initialisation, ‖∂C/∂b^l‖, measured over seeds 1…SEEDS instead
 * of one network, for the five committed Nielsen-style experiments.
 *
 * For each experiment config (content/experiments/<id>.json) and seed it builds
 * initialNetwork(architecture, init, seed) and computes biasGradientNorms (float64,
 * src/lib/nets/mlp.ts) over the first `log.gradientImages` training digits of the
 * shipped data with the config's cost — the same call pretrain makes. Seed 1 is
 * the shipped run's seed, so its norms must match the run log's initial.gradNorms
 * (float32, tfjs) within SHIPPED_TOLERANCE; otherwise the loader throws.
 *
 *   table.json   NielsenTable (src/lib/schemas/derived/nielsen-table.ts): per experiment the per-seed
 *                norms and their summaries, the shipped run and Nielsen's printed
 *                numbers next to ours, and the growth with depth.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadShippedDigits } from "../../mnist-source.ts";
import { loadExperiments } from "../../runs/store.ts";
import { isRecurrent } from "../../../src/lib/schemas/experiment.ts";
import { split, toFloat32 } from "../../../src/lib/mnist/digits.ts";
import { initialNetwork } from "../../../src/lib/nets/network.ts";
import { biasGradientNorms } from "../../../src/lib/nets/mlp.ts";
import {
  SHIPPED_TOLERANCE,
  assertMatchesShipped,
  depthGrowth,
  lastOverFirstHidden,
  parseNielsenSource,
  parseNielsenTable,
  perLayerFactor,
  summariseSeeds,
  type ExperimentRow,
  type NielsenRow,
  type NielsenTable,
} from "../../../src/lib/schemas/derived/nielsen-table.ts";
import { fractionBelow } from "../../../src/lib/statistics.ts";
import type { DerivedLoader } from "../store.ts";
import { readRunLog } from "../../../src/figures/read-committed.ts";

/** Seeds 1…SEEDS per experiment (about 0.15 s per network on one core: 500 networks ≈ 1.5 min). */
export const SEEDS = 100;

/** The experiments measured; the nielsen-* ones (all hidden layers 30 wide) form the depth series. */
export const EXPERIMENTS = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden", "asker-network"] as const;
export const DEPTH_SERIES = ["nielsen-1-hidden", "nielsen-2-hidden", "nielsen-3-hidden", "nielsen-4-hidden"] as const;

const SOURCE = "content/sources/nielsen-ch5.json";
const DATA = "public/data/mnist-10k.bin.gz";

const sameArray = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Indented JSON with every array of numbers on one line (one line per seed). */
function formatTable(table: NielsenTable): string {
  return JSON.stringify(table, null, 1).replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_, list: string) => `[${list.split(/,\s+/).join(", ")}]`) + "\n";
}

const loader: DerivedLoader = {
  description: `Nielsen's ch. 5 speed-of-learning table (‖∂C/∂b‖ per layer at initialisation) over seeds 1…${SEEDS} for the five Nielsen-style experiments, next to the shipped seed-1 runs and Nielsen's printed numbers`,
  inputs: [
    "src/figures/read-committed.ts",
    "src/lib/schemas/run-log.ts",
    ...EXPERIMENTS.map((id) => `content/experiments/${id}.json`),
    ...EXPERIMENTS.map((id) => `public/runs/${id}/log.json`),
    SOURCE,
    DATA,
    "src/lib/schemas/derived/nielsen-table.ts",
    "src/lib/nets/mlp.ts",
    "src/lib/toy-math/sigmoid.ts",
    "src/lib/nets/network.ts",
    "src/lib/rng.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/nets/layers-model.ts",
    "src/lib/mnist/idx.ts",
    "scripts/mnist-source.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "scripts/atomic-folder.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
    "src/lib/statistics.ts",
  ],
  async run({ root, log }) {
    const source = parseNielsenSource(JSON.parse(await readFile(join(root, SOURCE), "utf8")), SOURCE);
    const all = await loadExperiments(join(root, "content/experiments"));
    const digits = await loadShippedDigits(join(root, DATA));
    const train = split(digits, "train");
    const px = digits.rows * digits.cols;

    const experiments: Record<string, ExperimentRow> = {};
    let gradientImages = 0;
    for (const id of EXPERIMENTS) {
      const found = all.find((e) => e.id === id);
      if (!found) throw new Error(`content/experiments/${id}.json is missing`);
      const e = found.experiment;
      if (isRecurrent(e)) throw new Error(`${found.file} is a recurrent experiment ("kind": "recurrent"); Nielsen's table compares MLPs`);
      const g = e.log.gradientImages;
      if (gradientImages && g !== gradientImages) throw new Error(`${id}: log.gradientImages is ${g}, the others ${gradientImages}; the table compares like with like`);
      gradientImages = g;
      if (g > train.count) throw new Error(`${id}: log.gradientImages is ${g} but the data has only ${train.count} training digits`);
      const x = toFloat32(train.pixels.subarray(0, g * px));
      const images = Array.from({ length: g }, (_, i) => x.subarray(i * px, (i + 1) * px));
      const labels = train.labels.subarray(0, g);

      if (e.seed !== 1) throw new Error(`${id}: the shipped run uses seed ${e.seed}; this table assumes the shipped run is its seed 1`);
      const runLog = readRunLog(id, join(root, "public/runs"));
      const shippedNorms = runLog.initial.gradNorms;
      if (!sameArray(runLog.architecture, e.architecture) || runLog.dataset.gradientImages !== g) {
        throw new Error(`public/runs/${id}/log.json was trained from another config than content/experiments/${id}.json; run npm run pretrain -- --only ${id}`);
      }

      const t0 = performance.now();
      const perSeed: number[][] = [];
      let diff = NaN;
      for (let seed = 1; seed <= SEEDS; seed++) {
        perSeed.push(biasGradientNorms(initialNetwork(e.architecture, e.init, seed), images, labels, e.cost));
        // Seed 1 is the shipped run's network: float64 here, float32 in its log.
        if (seed === 1) diff = assertMatchesShipped(id, perSeed[0], shippedNorms);
      }

      const hiddenLayers = e.architecture.length - 2;
      const summary = summariseSeeds(perSeed);
      const column = (l: number) => perSeed.map((n) => n[l]);
      const printed = source.speeds.find((s) => sameArray(s.architecture, e.architecture));
      const ratios = hiddenLayers < 2 ? null : perSeed.map((n) => lastOverFirstHidden(n)!);
      const ratioBelow = (r: number | null) => (ratios === null || r === null ? null : fractionBelow(ratios, r));
      let nielsen: NielsenRow | null = null;
      if (printed) {
        const v = printed.values;
        const ratio = v.length < 2 ? null : v[v.length - 1] / v[0];
        nielsen = {
          printed: printed.printed,
          values: printed.values,
          ratio,
          perLayerFactor: ratio === null ? null : perLayerFactor(ratio, hiddenLayers),
          fractionOfSeedsBelow: printed.values.map((v, l) => fractionBelow(column(l), v)),
          ratioFractionOfSeedsBelow: ratioBelow(ratio),
        };
      }
      experiments[id] = {
        title: e.title,
        architecture: e.architecture,
        cost: e.cost,
        hiddenLayers,
        seeds: { first: 1, last: SEEDS, count: SEEDS },
        ...summary,
        perSeed,
        perSeedRatio: ratios,
        shipped: {
          run: id,
          seed: e.seed,
          gradNorms: shippedNorms,
          ratio: lastOverFirstHidden(shippedNorms),
          maxRelativeDifference: diff,
          fractionOfSeedsBelow: shippedNorms.slice(0, -1).map((v, l) => fractionBelow(column(l), v)),
          ratioFractionOfSeedsBelow: ratioBelow(lastOverFirstHidden(shippedNorms)),
        },
        nielsen,
      };
      const ms = (performance.now() - t0) / SEEDS;
      log(
        `${id}: ${SEEDS} seeds in ${((ms * SEEDS) / 1000).toFixed(1)} s; first hidden ${summary.hidden[0].mean.toPrecision(3)} ± ${summary.hidden[0].std.toPrecision(2)}` +
          (summary.ratio ? `, last/first ×${summary.ratio.geometricMean.toPrecision(3)} (k = ${summary.perLayerFactor!.toPrecision(3)} per layer)` : "") +
          `; seed 1 matches the shipped run to ${diff.toExponential(1)}`,
      );
    }
    for (const s of source.speeds) {
      if (!Object.values(experiments).some((r) => sameArray(r.architecture, s.architecture))) log(`note: ${SOURCE} prints numbers for [${s.architecture.join(", ")}], which no experiment here has`);
    }

    const growth = depthGrowth(DEPTH_SERIES.map((id) => ({ id, perSeed: experiments[id].perSeed })));
    log(`depth: each extra hidden layer multiplies last/first by ${growth.perExtraLayer.ratio.toFixed(2)} and divides the first layer's speed by ${growth.perExtraLayer.firstLayer.toFixed(2)}`);

    const table: NielsenTable = {
      method: {
        quantity: "‖∂C/∂b^l‖ per layer at initialisation, C the average cost over the digits below (biasGradientNorms, float64)",
        gradientImages,
        data: `the first ${gradientImages} training digits of ${DATA}`,
        shippedTolerance: SHIPPED_TOLERANCE,
        differencesFromNielsen: [
          `Our digits are the first ${gradientImages} of the course's shuffled 10,000-digit subset, not the first 1,000 of MNIST's training set.`,
          "Nielsen measured one unseeded network per architecture, drawn afresh for each depth. Ours are seeds 1…N of mulberry32; initialNetwork draws layer by layer, so for one seed the networks of different depths share the weights and biases of the hidden layers they have in common (the depth steps compare paired networks).",
          "Nielsen's numbers are printed to two or three decimals (the two-hidden-layer ones cut after two digits).",
        ],
      },
      experiments,
      depthGrowth: growth,
      source: { citation: source.citation, url: source.url, section: source.section, notPrinted: source.notPrinted },
    };
    parseNielsenTable(table); // what every reader checks, checked before it is written
    return { "table.json": formatTable(table) };
  },
};

export default loader;
