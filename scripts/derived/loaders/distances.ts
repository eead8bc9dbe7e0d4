/**
 * Data loader `distances`: how each representation of the first 2,000 test digits changes the
 * distances between them, measured over all pairs (public/derived/distances/distances.json; its
 * shape is DistancesData in src/lib/schemas/derived/distances.ts, checked here before it is
 * written). It answers "we know the random first-layer weights, so how is information thrown
 * away?" with every pair, not one.
 *
 * Representations (f of the pixel values x in [0, 1]):
 *   pixels       x itself (784 numbers)
 *   pca-30       the centred digit projected on the top 30 principal components of the 8,000
 *                training digits (subspace iteration, seed 1: principalComponents in src/lib/analysis/distances.ts)
 *   trained-30   sigmoid activations of full-3-hidden's trained first layer (PIXEL_RUNS.trained)
 *   random-30    sigmoid activations of the random first layer of frozen-first-layer = full-3-hidden's
 *                initial layer (PIXEL_RUNS.random; the layer of the invisible-pixels lesson)
 *   random-N     N = 100, 300, 1,000: the frozen random first layer of content/studies/frozen-width-N.json,
 *                drawn exactly as the answers loader draws it (initialNetwork(architecture, init, seed)),
 *                for the study's first seed
 * Per representation: leave-one-out 1-nearest-neighbour accuracy (Euclidean, ties to the lowest
 * index); over the pairs with different labels, r = ‖f(x_i) − f(x_j)‖ / ‖x_i − x_j‖: its 5th, 50th and
 * 95th percentiles (nearest rank), p5/p50 and p95/p50, and the pair with the smallest r. For the
 * random layers the same for the weighted inputs z = Wᵀx + b (their linear part) and the χ²
 * prediction for a Gaussian projection to k dimensions (derived in src/lib/analysis/distances.ts).
 * The collided pair: the different-label pair closest in the random-30 activations (the pair the
 * invisible-pixels lesson shows), with its r in every representation.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DerivedLoader } from "../store.ts";
import { loadShippedDigits } from "../../mnist-source.ts";
import { readModel } from "../../runs/store.ts";
import { split, toFloat32 } from "../../../src/lib/mnist/digits.ts";
import {
  chiBand, chiSquareQuantile, closestDifferentPair, leaveOneOutNearest, pairIndex, pairRatio, pairSquaredDistances, principalComponents, project,
  rankOf, ratioStats, type RatioStats,
} from "../../../src/lib/analysis/distances.ts";
import { initialNetwork } from "../../../src/lib/nets/network.ts";
import { activationsOf, firstLayerOf, weightedInputs, type FirstLayer } from "../../../src/lib/analysis/pixels.ts";
import { PIXEL_RUNS } from "../../../src/lib/analysis/pixels.ts";
import { parseStudy } from "../../../src/lib/schemas/study.ts";
import { parseDistances, type DistancesData, type Representation } from "../../../src/lib/schemas/derived/distances.ts";

const SOURCE = "public/data/mnist-10k.bin.gz";
/** How many test digits (the first ones of the test split). */
export const DIGITS = 2000;
export const PCA_COMPONENTS = 30;
export const PCA_SEED = 1;
export const WIDTH_STUDIES = [100, 300, 1000].map((w) => ({ width: w, file: `content/studies/frozen-width-${w}.json` }));
const round = (v: number, digits = 6) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits)));

/** z = Wᵀx + b of every image (count × nOut), float64. */
function weightedInputsOf(layer: FirstLayer, images: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * layer.nOut);
  for (let n = 0; n < count; n++) out.set(weightedInputs(layer, images.subarray(n * layer.nIn, (n + 1) * layer.nIn)), n * layer.nOut);
  return out;
}

const loader: DerivedLoader = {
  description: "Distances between the first 2,000 test digits in pixels, PCA, the trained and random first layers and wider random layers: 1-NN accuracy, distance-ratio spread against the χ² prediction, the closest pairs",
  inputs: [
    SOURCE,
    `public/runs/${PIXEL_RUNS.random.run}/${PIXEL_RUNS.random.model}`,
    `public/runs/${PIXEL_RUNS.trained.run}/${PIXEL_RUNS.trained.model}`,
    ...WIDTH_STUDIES.map((s) => s.file),
    "src/lib/analysis/distances.ts",
    "src/lib/analysis/pixels.ts",
    "src/lib/schemas/derived/invisible-pixels.ts",
    "src/lib/schemas/derived/distances.ts",
    "src/lib/nets/network.ts",
    "src/lib/rng.ts",
    "src/lib/schemas/study.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/mnist/idx.ts",
    "src/lib/nets/layers-model.ts",
    "scripts/mnist-source.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "scripts/atomic-folder.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
  ],
  async run({ root, log }) {
    const t0 = performance.now();
    const secs = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    const digits = await loadShippedDigits(join(root, SOURCE));
    const px = digits.rows * digits.cols;
    const train = split(digits, "train");
    const test = split(digits, "test");
    if (test.count < DIGITS) throw new Error(`${SOURCE}: ${test.count} test digits, the distances need ${DIGITS}`);
    const n = DIGITS;
    const labels = test.labels.slice(0, n);
    const x = Float64Array.from(toFloat32(test.pixels.subarray(0, n * px)));
    const pixelSq = pairSquaredDistances(x, n, px);
    log(`pixel distances of ${n} digits (${pixelSq.length} pairs): ${secs()}`);

    const stats: Record<string, RatioStats> = {};
    const representations: Representation[] = [];
    const pairOf = (s: RatioStats) => ({ i: s.closest.i, j: s.closest.j, labels: [labels[s.closest.i], labels[s.closest.j]] as [number, number], ratio: round(s.closest.ratio), relative: round(s.closest.relative) });
    const sqOf: Record<string, Float64Array> = {};
    const measure = (features: Float64Array, d: number) => {
      const sq = pairSquaredDistances(features, n, d);
      const nn = leaveOneOutNearest(sq, n, labels);
      const s = ratioStats(sq, pixelSq, n, labels);
      return { sq, nn, s };
    };
    const add = (id: string, label: string, source: string, features: Float64Array, d: number, extra: Partial<Representation> = {}) => {
      const { sq, nn, s } = measure(features, d);
      stats[id] = s;
      sqOf[id] = sq;
      representations.push({
        id,
        label,
        dims: d,
        source,
        nearestNeighbour: nn.accuracy,
        nearestNeighbourCorrect: nn.correct,
        ratio: { p5: round(s.p5), p50: round(s.p50), p95: round(s.p95) },
        relative: { p5: round(s.relative.p5), p95: round(s.relative.p95) },
        ...extra,
        closestPair: pairOf(s),
      });
      log(`${id}: 1-NN ${(nn.accuracy * 100).toFixed(2)}%, r p50 ${s.p50.toPrecision(4)}, relative ${s.relative.p5.toFixed(3)}–${s.relative.p95.toFixed(3)}, closest pair #${s.closest.i}/#${s.closest.j} at ${s.closest.relative.toFixed(3)} × median (${secs()})`);
    };
    const addLayer = (id: string, label: string, source: string, layer: FirstLayer, random: boolean) => {
      const z = weightedInputsOf(layer, x, n);
      const a = activationsOf(layer, x, n);
      let extra: Partial<Representation> = {};
      if (random) {
        const k = layer.nOut;
        const lin = measure(z, k);
        const band = chiBand(k);
        extra = {
          linear: {
            nearestNeighbour: lin.nn.accuracy,
            ratio: { p5: round(lin.s.p5), p50: round(lin.s.p50), p95: round(lin.s.p95) },
            relative: { p5: round(lin.s.relative.p5), p95: round(lin.s.relative.p95) },
          },
          // W ~ N(0, 1/784): σ = 1/√784, so the linear part's median r is predicted at √q_0.5(χ²_k)/√784.
          predicted: {
            p5: round(band.relative.p5),
            p95: round(band.relative.p95),
            overRms: { p5: round(band.overRms.p5), p95: round(band.overRms.p95) },
            linearMedian: round(band.median / Math.sqrt(layer.nIn)),
          },
        };
        log(`${id} linear z: 1-NN ${(lin.nn.accuracy * 100).toFixed(2)}%, r p50 ${lin.s.p50.toPrecision(4)} (χ² ${(band.median / Math.sqrt(layer.nIn)).toPrecision(4)}), relative ${lin.s.relative.p5.toFixed(3)}–${lin.s.relative.p95.toFixed(3)} (χ² ${band.relative.p5.toFixed(3)}–${band.relative.p95.toFixed(3)})`);
      }
      add(id, label, source, a, layer.nOut, extra);
    };

    add("pixels", "pixels", `${SOURCE}, test digits 0–${n - 1}`, x, px);

    const xTrain = toFloat32(train.pixels);
    const pc = principalComponents(xTrain, train.count, px, PCA_COMPONENTS, { seed: PCA_SEED });
    let totalVariance = 0;
    {
      const mean = new Float64Array(px);
      for (let r = 0; r < train.count; r++) for (let p = 0; p < px; p++) mean[p] += xTrain[r * px + p] / train.count;
      for (let r = 0; r < train.count; r++) for (let p = 0; p < px; p++) totalVariance += (xTrain[r * px + p] - mean[p]) ** 2 / train.count;
    }
    const explained = pc.values.reduce((a, b) => a + b, 0) / totalVariance;
    log(`PCA: ${PCA_COMPONENTS} components of ${train.count} training digits in ${pc.iterations} iterations (residual ${pc.residual.toExponential(1)}), ${(explained * 100).toFixed(1)}% of the variance (${secs()})`);
    add("pca-30", "PCA 30", `top ${PCA_COMPONENTS} principal components of the ${train.count} training digits`, project(pc, x, n, px), PCA_COMPONENTS);

    const layerOf = async (which: "random" | "trained") => firstLayerOf(await readModel(join(root, "public/runs", PIXEL_RUNS[which].run, PIXEL_RUNS[which].model)));
    addLayer("trained-30", "trained 30", `public/runs/${PIXEL_RUNS.trained.run}/${PIXEL_RUNS.trained.model}, first layer`, await layerOf("trained"), false);
    addLayer("random-30", "random 30", `public/runs/${PIXEL_RUNS.random.run}/${PIXEL_RUNS.random.model}, first layer`, await layerOf("random"), true);
    for (const { width, file } of WIDTH_STUDIES) {
      const study = parseStudy(JSON.parse(await readFile(join(root, file), "utf8")), file);
      if (study.kind !== "train" || !(study.frozenLayers as readonly number[]).includes(1) || study.architecture[1] !== width) {
        throw new Error(`${file}: expected a train study whose first layer (${width} units) is frozen`);
      }
      const seed = study.seeds[0];
      const layer = firstLayerOf(initialNetwork(study.architecture, study.init, seed));
      addLayer(`random-${width}`, `random ${width.toLocaleString("en-US")}`, `${file}, seed ${seed}, first layer`, layer, true);
    }

    // The pair the invisible-pixels lesson shows: closest in the random-30 activations.
    const c = closestDifferentPair(sqOf["random-30"], n, labels);
    const collidedPair = {
      i: c.i,
      j: c.j,
      labels: [labels[c.i], labels[c.j]] as [number, number],
      pixelDistance: round(Math.sqrt(pixelSq[pairIndex(c.i, c.j, n)])),
      randomDistance: round(c.distance),
      byRepresentation: representations.map((r) => {
        const ratio = pairRatio(sqOf[r.id], pixelSq, n, c.i, c.j);
        return { id: r.id, ratio: round(ratio), relative: round(ratio / stats[r.id].p50), rank: round(rankOf(stats[r.id].sorted, ratio)) };
      }),
    };
    const rc = collidedPair.byRepresentation.find((b) => b.id === "random-30")!;
    log(`collided pair #${c.i} (${collidedPair.labels[0]}) / #${c.j} (${collidedPair.labels[1]}): random-30 r = ${rc.ratio} = ${rc.relative} × median, ${(rc.rank * 100).toFixed(2)}% of pairs have r ≤ it`);

    const data: DistancesData = {
      source: SOURCE,
      digits: n,
      pairs: stats.pixels.pairs,
      allPairs: pixelSq.length,
      pca: { components: PCA_COMPONENTS, seed: PCA_SEED, trainingDigits: train.count, iterations: pc.iterations, residual: round(pc.residual, 3), explainedVariance: round(explained, 4) },
      chiSquare: [30, 100, 300, 1000].map((k) => {
        const b = chiBand(k);
        return {
          k,
          q05: round(chiSquareQuantile(0.05, k), 7),
          q50: round(chiSquareQuantile(0.5, k), 7),
          q95: round(chiSquareQuantile(0.95, k), 7),
          relative: { p5: round(b.relative.p5), p95: round(b.relative.p95) },
          overRms: { p5: round(b.overRms.p5), p95: round(b.overRms.p95) },
        };
      }),
      representations,
      collidedPair,
    };
    parseDistances(data); // what every reader checks, checked before it is written
    log(`done in ${secs()}`);
    return { "distances.json": JSON.stringify(data, null, 1) + "\n" };
  },
};

export default loader;
