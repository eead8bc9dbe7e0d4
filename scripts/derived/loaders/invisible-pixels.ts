/**
 * Data loader for the invisible-pixels lesson: what the random first layer of
 * frozen-first-layer (= full-3-hidden's initial layer) and the trained first layer
 * of full-3-hidden do with each pixel, measured on the shipped digits.
 *   sample-digits.bin  the test digits the page shows (VGDIGIT1, gzipped; trainCount 0). Not named
 *                  .gz: a server that sees .gz may add Content-Encoding, and fetch would then hand
 *                  over other bytes than the manifest hashed
 *   decoders.bin   the two ridge decoders, 30 activations → 784 pixels, int16 with a float32 scale
 *                  per pixel and a float32 intercept that absorbs the rounding at the mean training
 *                  activations (src/lib/analysis/int16-decoder.ts): 106,624 bytes where float32 took 194,432
 *                  (162 KB gzip). uint8 was tried: it tripled the random decoder's error, whose large weights
 *                  cancel each other; int16 moves no pixel by more than the log's "max |Δ pixel|"
 *   facts.json     every number the lesson and the demo show (see PixelFacts in src/lib/schemas/derived/invisible-pixels.ts)
 */
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { loadShippedDigits } from "../../mnist-source.ts";
import { readModel, readRunManifest } from "../../runs/store.ts";
import { encodeDigits, split, toFloat32 } from "../../../src/lib/mnist/digits.ts";
import { LAMBDAS, PIXEL_RUNS, SAMPLE_SIZE, activationsOf, alwaysZero, closestPair, countSet, firstLayerOf, largestOutgoing, outgoingNorms, pixelSensitivity, rowDistance, saturation, spread } from "../../../src/lib/analysis/pixels.ts";
import { fitRidge, predictRidge, ridgeError, type RidgeModel } from "../../../src/lib/analysis/ridge.ts";
import { decodeInt16Decoder, encodeInt16Decoder } from "../../../src/lib/analysis/int16-decoder.ts";
import { mulberry32 } from "../../../src/lib/rng.ts";
import { parsePixelFacts, type DecoderMeta, type LayerFacts, type PixelFacts } from "../../../src/lib/schemas/derived/invisible-pixels.ts";
import type { DerivedLoader } from "../store.ts";

const round = (v: number, digits = 4) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits)));

/** Median Euclidean distance between rows of different labels, over `pairs` seeded random pairs. */
function typicalDistance(features: ArrayLike<number>, count: number, k: number, labels: ArrayLike<number>, pairs = 20000): number {
  const rand = mulberry32(7);
  const d: number[] = [];
  while (d.length < pairs) {
    const i = Math.floor(rand() * count);
    const j = Math.floor(rand() * count);
    if (labels[i] !== labels[j]) d.push(rowDistance(features, k, i, j));
  }
  d.sort((a, b) => a - b);
  return d[Math.floor(pairs / 2)];
}

const loader: DerivedLoader = {
  description: "First-layer pixel analysis for the invisible-pixels lesson: always-zero pixels, weight-norm spread, sensitivity maps, saturation, the colliding pair and the ridge decoders",
  inputs: [
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
    "public/data/mnist-10k.bin.gz",
    `public/runs/${PIXEL_RUNS.random.run}/${PIXEL_RUNS.random.model}`,
    `public/runs/${PIXEL_RUNS.trained.run}/${PIXEL_RUNS.trained.model}`,
    "src/lib/analysis/pixels.ts",
    "src/lib/analysis/ridge.ts",
    "src/lib/analysis/int16-decoder.ts",
    "src/lib/analysis/cholesky.ts",
    "src/lib/schemas/derived/invisible-pixels.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/rng.ts",
    "scripts/mnist-source.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "src/lib/schemas/experiment.ts",
    "src/lib/mnist/idx.ts",
    "src/lib/nets/layers-model.ts",
    "scripts/atomic-folder.ts",
  ],
  async run({ root, log }) {
    const digits = await loadShippedDigits(join(root, "public/data/mnist-10k.bin.gz"));
    const px = digits.rows * digits.cols;
    const train = split(digits, "train");
    const test = split(digits, "test");
    const xTrain = toFloat32(train.pixels);
    const xTest = toFloat32(test.pixels);
    const zero = alwaysZero(digits.pixels, digits.count, px);
    log(`${countSet(zero)} of ${px} pixels are 0 in all ${digits.count} digits`);

    // The decoders' λ is chosen on the last 1,000 training digits, then refitted on all of them.
    const fitCount = train.count - 1000;
    const layers: Record<"random" | "trained", LayerFacts> = {} as never;
    const decoders: { meta: DecoderMeta; bytes: Uint8Array }[] = [];
    const features: Record<string, Float64Array> = {};
    for (const which of ["random", "trained"] as const) {
      const { run, model } = PIXEL_RUNS[which];
      const layer = firstLayerOf(await readModel(join(root, "public/runs", run, model)));
      const aTrain = activationsOf(layer, xTrain, train.count);
      const aTest = activationsOf(layer, xTest, test.count);
      features[which] = aTest;
      const k = layer.nOut;
      let best: { lambda: number; error: number } | null = null;
      const validation: { lambda: number; error: number }[] = [];
      for (const lambda of LAMBDAS) {
        const m = fitRidge(aTrain.subarray(0, fitCount * k), fitCount, k, xTrain.subarray(0, fitCount * px), px, lambda);
        const error = ridgeError(m, aTrain.subarray(fitCount * k), 1000, xTrain.subarray(fitCount * px));
        validation.push({ lambda, error: round(error) });
        if (!best || error < best.error) best = { lambda, error };
      }
      const decoder: RidgeModel = fitRidge(aTrain, train.count, k, xTrain, px, best!.lambda);
      const testError = ridgeError(decoder, aTest, test.count, xTest);
      // Shipped as int16 (see the file comment); the rounding is absorbed at the mean training activations.
      const meanActivation = new Float64Array(k);
      for (let n = 0; n < train.count; n++) for (let j = 0; j < k; j++) meanActivation[j] += aTrain[n * k + j] / train.count;
      const meta: DecoderMeta = { name: which, inputs: k, outputs: px, lambda: best!.lambda, offset: 0 };
      const bytes = encodeInt16Decoder(decoder, meanActivation);
      const shipped = decodeInt16Decoder(bytes, meta);
      decoders.push({ meta, bytes });
      // What the int16 weights change: each decoded pixel against the float32 decoder the site shipped before.
      const float32 = { ...decoder, weights: Float64Array.from(Float32Array.from(decoder.weights)) };
      let moved = 0;
      for (let n = 0; n < test.count; n++) {
        const a = aTest.subarray(n * k, (n + 1) * k);
        const p = predictRidge(shipped, a);
        const f = predictRidge(float32, a);
        for (let i = 0; i < px; i++) moved = Math.max(moved, Math.abs(p[i] - f[i]));
      }
      log(`${which}: int16 decoder, max |Δ pixel| against float32 over the ${test.count} test digits ${moved.toExponential(2)} (before clipping to [0, 1])`);
      const sens = pixelSensitivity(layer, xTrain, train.count);
      layers[which] = {
        run,
        model,
        units: k,
        norms: spread(outgoingNorms(layer)),
        largest: spread(largestOutgoing(layer)),
        sensitivity: Array.from(sens, (v) => round(v)),
        sensitivitySpread: spread(Array.from(sens).filter((_, i) => !zero[i])),
        saturation: saturation(layer, xTrain, train.count, 4),
        decoder: { lambda: best!.lambda, validation, testError: round(testError), shippedTestError: round(ridgeError(shipped, aTest, test.count, xTest)) },
      };
      log(`${which}: decoder λ ${best!.lambda}, test error ${testError.toFixed(4)}; saturated ${layers[which].saturation.saturated} of ${layers[which].saturation.total}`);
    }
    let offset = 0;
    for (const d of decoders) {
      d.meta.offset = offset;
      offset += d.bytes.length;
    }
    const decoderBytes = new Uint8Array(offset);
    for (const d of decoders) decoderBytes.set(d.bytes, d.meta.offset);

    // The mean training image: the reconstruction that knows nothing about the digit.
    const mean = new Float64Array(px);
    for (let n = 0; n < train.count; n++) for (let i = 0; i < px; i++) mean[i] += xTrain[n * px + i] / train.count;
    let meanError = 0;
    for (let n = 0; n < test.count; n++) for (let i = 0; i < px; i++) meanError += (xTest[n * px + i] - mean[i]) ** 2;
    meanError /= test.count * px;

    const pair = closestPair(features.random, test.count, 30, test.labels);
    const pixelsF64 = Float64Array.from(xTest);
    const pairFacts = {
      i: pair.i,
      j: pair.j,
      labels: [test.labels[pair.i], test.labels[pair.j]] as [number, number],
      random: round(pair.distance),
      trained: round(rowDistance(features.trained, 30, pair.i, pair.j)),
      pixels: round(rowDistance(pixelsF64, px, pair.i, pair.j)),
      typicalRandom: round(typicalDistance(features.random, test.count, 30, test.labels)),
      typicalTrained: round(typicalDistance(features.trained, test.count, 30, test.labels)),
      typicalPixels: round(typicalDistance(pixelsF64, test.count, px, test.labels)),
    };
    log(`closest different-label pair under the random layer: test #${pair.i} (${pairFacts.labels[0]}) and #${pair.j} (${pairFacts.labels[1]}), distance ${pair.distance.toFixed(4)}`);

    // The sample the page ships: the first SAMPLE_SIZE test digits and the colliding pair.
    const indices = Array.from({ length: SAMPLE_SIZE }, (_, i) => i);
    for (const i of [pair.i, pair.j]) if (!indices.includes(i)) indices.push(i);
    const sample = encodeDigits({
      rows: digits.rows,
      cols: digits.cols,
      count: indices.length,
      trainCount: 0,
      labels: Uint8Array.from(indices, (i) => test.labels[i]),
      pixels: (() => {
        const p = new Uint8Array(indices.length * px);
        indices.forEach((i, n) => p.set(test.pixels.subarray(i * px, (i + 1) * px), n * px));
        return p;
      })(),
    });

    const manifests = Object.fromEntries(
      await Promise.all(
        (["random", "trained"] as const).map(async (w) => {
          const m = await readRunManifest(PIXEL_RUNS[w].run, join(root, "public/runs"));
          return [PIXEL_RUNS[w].run, m.configHash];
        }),
      ),
    );
    const facts: PixelFacts = {
      data: { count: digits.count, train: train.count, test: test.count, decoderFit: fitCount },
      alwaysZero: Array.from(zero.keys()).filter((i) => zero[i]),
      alwaysZeroCount: countSet(zero),
      sample: { testIndices: indices },
      layers,
      meanImageError: round(meanError),
      pair: pairFacts,
      decoders: decoders.map((d) => d.meta),
      runs: manifests,
    };
    parsePixelFacts(facts); // what the build will check, checked before anything is written
    return {
      "facts.json": JSON.stringify(facts) + "\n",
      "sample-digits.bin": gzipSync(sample, { level: 9 }),
      "decoders.bin": decoderBytes,
    };
  },
};

export default loader;
