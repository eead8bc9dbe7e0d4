/**
 * Data loader for "is the cost flat where the first layer's gradient is tiny?": the cost over the
 * plane of each run's own training, θ(α, β) = θ₀ + α Δ₁ + β Δ₊ (src/lib/analysis/loss-plane.ts), for the
 * runs in PLANE_RUNS, from the shipped (uint8, dequantised) initial and final weights.
 *   planes.json  PlanesFile (src/lib/schemas/derived/loss-plane.ts, checked before it is written):
 *                { grid: { alpha, beta }, planes: { <run>: PlaneEntry } }: the cost (mean
 *                cross-entropy, no L2 term) on the run's own training digits (the first
 *                data.train of the shipped training split) and the accuracy on its test digits
 *                (the first data.test of the test split) at every grid point, row-major
 *                (index j·alpha.length + i for (alpha[i], beta[j])), 6 significant digits; the
 *                four corners, the slopes ∂C/∂α and ∂C/∂β there (training digits), their ratios,
 *                the norms of Δ₁, Δ₊ and W¹₀, and the run's config hash.
 * The run logs are not read: only the weights, the configs and the digits decide the output (the
 * manifests are read only to check that their config hash is the config's).
 */
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { loadShippedDigits } from "../../mnist-source.ts";
import { configHash as hashOf, manifestFile, readModel, readRunManifest } from "../../runs/store.ts";
import { split, toFloat32 } from "../../../src/lib/mnist/digits.ts";
import { isRecurrent, parseExperiment } from "../../../src/lib/schemas/experiment.ts";
import { checkPlaneExperiment, PLANE_AXIS, PLANE_RUNS, planeData, planeGrid, planeNet, planeNorms, planePoint, type PlaneRun } from "../../../src/lib/analysis/loss-plane.ts";
import { parsePlanesFile, type PlaneCorner, type PlaneEntry, type PlanesFile } from "../../../src/lib/schemas/derived/loss-plane.ts";
import type { DerivedLoader } from "../store.ts";

/** 6 significant digits (what planes.json stores). */
export const round6 = (v: number) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(6)));

export const CORNERS = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
] as const;

const loader: DerivedLoader = {
  description: "The cost and accuracy over the plane θ₀ + αΔ₁ + βΔ₊ of each run's own training (first layer vs the rest), with the slopes at the corners",
  inputs: [
    "public/data/mnist-10k.bin.gz",
    ...PLANE_RUNS.flatMap((id) => [`content/experiments/${id}.json`, `public/runs/${id}/model-initial`, `public/runs/${id}/model-final`]),
    "src/lib/analysis/loss-plane.ts",
    "src/lib/schemas/derived/loss-plane.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/nets/layers-model.ts",
    "src/lib/mnist/idx.ts",
    "scripts/mnist-source.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "scripts/atomic-folder.ts",
  ],
  // One part per run: the planes are independent, and `derive --jobs 2` spreads them over both cores.
  parts: {
    list: async () => [...PLANE_RUNS],
    compute: ({ root, log }, id) => planeOf(root, id as PlaneRun, log),
    async combine(_ctx, results) {
      const planes: Record<string, PlaneEntry> = {};
      for (const id of PLANE_RUNS) planes[id] = results.get(id) as PlaneEntry;
      const out: PlanesFile = { grid: { alpha: [...PLANE_AXIS], beta: [...PLANE_AXIS] }, planes };
      parsePlanesFile(out); // what every reader checks, checked before it is written
      return { "planes.json": JSON.stringify(out) + "\n" };
    },
  },
};

/** One run's plane: the grid of cost and accuracy, the corners, the slopes there and the norms. */
export async function planeOf(root: string, id: PlaneRun, log: (m: string) => void): Promise<PlaneEntry> {
  const digits = await loadShippedDigits(join(root, "public/data/mnist-10k.bin.gz"));
  const px = digits.rows * digits.cols;
  const train = split(digits, "train");
  const test = split(digits, "test");
  const alpha = [...PLANE_AXIS];
  const beta = [...PLANE_AXIS];
  for (const v of [0, 1]) if (!alpha.includes(v)) throw new Error(`loss-plane: the grid axis must contain ${v}`);
  const file = `content/experiments/${id}.json`;
  const exp = parseExperiment(JSON.parse(await readFile(join(root, file), "utf8")), file);
  if (isRecurrent(exp)) throw new Error(`${file} is a recurrent experiment ("kind": "recurrent"); the loss plane needs an MLP run: take ${id} out of PLANE_RUNS (src/lib/analysis/loss-plane.ts)`);
  checkPlaneExperiment(exp, file);
  // The config hash is the config's own (an input); the manifest must agree, or the run is stale.
  // The manifest is not an input: it also hashes log.json, which does not decide this output.
  const configHash = hashOf(exp);
  const recorded = (await readRunManifest(id, join(root, "public/runs"))).configHash;
  if (recorded !== configHash) throw new Error(`${manifestFile(id)}: configHash is ${JSON.stringify(recorded)}, ${file} hashes to "${configHash}": run npm run pretrain -- --only ${id}`);
  const net = planeNet(await readModel(join(root, "public/runs", id, "model-initial")), await readModel(join(root, "public/runs", id, "model-final")));
  if (net.sizes.join() !== exp.architecture.join()) throw new Error(`public/runs/${id}: the weights have sizes [${net.sizes.join(", ")}], ${file} says [${exp.architecture.join(", ")}]`);
  const nTrain = exp.data.train;
  const nTest = exp.data.test;
  if (nTrain > train.count || nTest > test.count) throw new Error(`${file}: data asks for ${nTrain} training and ${nTest} test digits; the shipped file has ${train.count} and ${test.count}`);
  const trainData = planeData(net, toFloat32(train.pixels.subarray(0, nTrain * px)), train.labels, nTrain);
  const testData = planeData(net, toFloat32(test.pixels.subarray(0, nTest * px)), test.labels, nTest);
  const started = performance.now();
  const grid = planeGrid(net, trainData, alpha, beta, testData);
  const at = (a: number, b: number) => beta.indexOf(b) * alpha.length + alpha.indexOf(a);
  const corners = {} as PlaneEntry["corners"];
  const slopes = {} as PlaneEntry["slopes"];
  const raw = {} as Record<PlaneCorner, { dAlpha: number; dBeta: number }>;
  for (const [a, b] of CORNERS) {
    const key = `${a},${b}` as const;
    corners[key] = { cost: round6(grid.cost[at(a, b)]), accuracy: round6(grid.accuracy[at(a, b)]) };
    const p = planePoint(net, trainData, a, b);
    raw[key] = p;
    slopes[key] = { dAlpha: round6(p.dAlpha), dBeta: round6(p.dBeta) };
  }
  const norms = planeNorms(net);
  let costMin = Infinity;
  let costMax = -Infinity;
  for (const c of grid.cost) (costMin = Math.min(costMin, c)), (costMax = Math.max(costMax, c));
  const e: PlaneEntry = {
    run: id,
    title: exp.title,
    trainDigits: nTrain,
    testDigits: nTest,
    cost: Array.from(grid.cost, round6),
    accuracy: Array.from(grid.accuracy, round6),
    corners,
    slopes,
    slopeRatio: {
      "0,0": round6(Math.abs(raw["0,0"].dBeta / raw["0,0"].dAlpha)),
      "0,1→0,0": round6(Math.abs(raw["0,1"].dAlpha) / Math.abs(raw["0,0"].dAlpha)),
    },
    norms: { delta1: round6(norms.delta1), deltaRest: round6(norms.deltaRest), initialW1: round6(norms.initialW1), firstLayerMove: round6(norms.firstLayerMove) },
    range: { costMin: round6(costMin), costMax: round6(costMax) },
    configHash,
  };
  log(`${id}: ${alpha.length}×${beta.length} grid on ${nTrain} training / ${nTest} test digits in ${((performance.now() - started) / 1000).toFixed(1)} s; cost ${e.range.costMin}..${e.range.costMax}`);
  for (const [a, b] of CORNERS) {
    const k = `${a},${b}` as const;
    log(`  (${k}) cost ${e.corners[k].cost}, test accuracy ${e.corners[k].accuracy}; ∂C/∂α ${e.slopes[k].dAlpha}, ∂C/∂β ${e.slopes[k].dBeta}`);
  }
  log(`  |∂C/∂β|/|∂C/∂α| at (0,0): ${e.slopeRatio["0,0"]}; |∂C/∂α| at (0,1) over (0,0): ${e.slopeRatio["0,1→0,0"]}; ‖Δ₁‖ ${e.norms.delta1}, ‖Δ₊‖ ${e.norms.deltaRest}, ‖ΔW¹‖/‖W¹₀‖ ${e.norms.firstLayerMove}`);
  return e;
}

export default loader;
