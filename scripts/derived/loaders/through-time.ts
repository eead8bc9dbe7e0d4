/**
 * Data loader `through-time`: what lesson 7 reads from the 75 committed recurrent
 * runs (content/experiments/through-time-<config>-t<T>-s<seed>.json: a tanh RNN
 * with three recurrent inits, an LSTM and a GRU, T ∈ {5, 10, 20, 50, 100}, seeds
 * 1–3), plus the cliff of src/lib/recurrent/cliff.ts.
 *
 *   summary.json   ThroughTimeSummary (src/lib/schemas/derived/through-time.ts, checked before it is written)
 *     runs[config][T]   per seed: final test/train accuracy, ‖∂C/∂h_t‖ at t = 0 and
 *                       t = T at the start, the measured per-step factor (geometric
 *                       mean of ‖∂C/∂h_{t−1}‖/‖∂C/∂h_t‖) at the start and the end, the
 *                       largest gradient norm before clipping; for the tanh RNN the
 *                       bound ‖W‖₂ and ‖W‖₂·max tanh′ on that factor (factors.ts) and
 *                       whether every measured step stays under it, ρ(W) (the long-run
 *                       rate of the same W applied again and again) and ‖W‖_F/√H (the
 *                       root-mean-square singular value); for the LSTM the
 *                       forget gate (mean, and the most open unit's mean) at the start
 *                       and the end, and the factor along the cell state
 *     accuracy[config][T]   seed spread and how many seeds learned (≥ 95%)
 *     range[config]     the largest T all seeds learned, the smallest T from which none did
 *     profile           at PROFILE_T, ‖∂C/∂h_t‖ at the start, geometric mean over seeds
 *     cellProfile       the same for the LSTM's ‖∂C/∂c_t‖
 *     facts             what the lesson states in words, across runs
 *     cliff             cost and gradient norm along W = s·W₀ (coarse and fine grids
 *                       merged) and the step off the wall with and without clipping
 *
 * Seed 1's initial ‖∂C/∂h_t‖ are recomputed here in float64 from the shipped initial
 * parameters (reference.ts) and must match the log's float32 numbers within
 * SHIPPED_TOLERANCE: the bound is then computed on exactly the batch the log measured.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadExperiments } from "../../runs/store.ts";
import { isRecurrent } from "../../../src/lib/schemas/experiment.ts";
import { decodeRecurrentParams } from "../../../src/lib/recurrent/training/params-file.ts";
import { backward } from "../../../src/lib/recurrent/reference.ts";
import { lstmForward } from "../../../src/lib/recurrent/lstm.ts";
import { chanceAccuracy, recallTask } from "../../../src/lib/recurrent/task.ts";
import { recurrentSeeds, sequencesOf } from "../../../src/lib/recurrent/training/recurrent-run.ts";
import { factorBound, spectralRadius, stepFactors } from "../../../src/lib/recurrent/factors.ts";
import { CLIFF_STEP, CLIFF_WALL, cliffScales, cliffSetup, costAlongScale, stepOffWall } from "../../../src/lib/recurrent/cliff.ts";
import type { RecurrentParams, SequenceBatch } from "../../../src/lib/recurrent/shared.ts";
import { LEARNED, THROUGH_TIME_CONFIGS, geometricProfile, learnedCount, learningRange, parseThroughTimeSummary, seedSpread } from "../../../src/lib/schemas/derived/through-time.ts";
import type { DerivedLoader } from "../store.ts";
import { readRecurrentRunLog } from "../../../src/figures/read-committed.ts";
import { mean } from "../../../src/lib/statistics.ts";

/** The cells, in the lesson's order: the ones summary.json's schema knows. */
export const CONFIGS = THROUGH_TIME_CONFIGS;
export const LENGTHS = [5, 10, 20, 50, 100] as const;
export const SEEDS = [1, 2, 3] as const;
/** The distance whose start-of-training profile the lesson charts. */
export const PROFILE_T = 50;
/** The LSTM's forget gate is summarised for the distances up to SHORT_MAX and from LONG_MIN on. */
export const SHORT_MAX = 20;
export const LONG_MIN = 50;
/** Test accuracy under which a run at a long distance counts as near chance, and the train–test gap counted as fitting the training set. */
export const NEAR_CHANCE = 0.3;
export const FIT_GAP = 0.05;
/** A gradient norm before clipping counted as large. */
export const LARGE_NORM = 10;
/** Where the lesson follows ‖∂C/∂h₀‖ through training: this T, after this epoch. */
export const COLLAPSE_T = 20;
export const COLLAPSE_EPOCH = 6;
/** Largest relative difference allowed between the float64 recomputation and the log's float32 norms. */
export const SHIPPED_TOLERANCE = 1e-3;

const runId = (config: string, T: number, seed: number) => `through-time-${config}-t${T}-s${seed}`;

async function readParams(root: string, id: string, which: "model-initial" | "model-final"): Promise<RecurrentParams> {
  const dir = join(root, "public/runs", id, which);
  const header = JSON.parse(await readFile(join(dir, "params.json"), "utf8"));
  const bin = new Uint8Array(await readFile(join(dir, "params.bin")));
  return decodeRecurrentParams(header, bin, `public/runs/${id}/${which}`);
}

/** The forget gate over the distractor steps 1..T−1 of the batch: the mean over items, units and steps, and the largest per-unit mean. */
function forgetGate(p: RecurrentParams, batch: SequenceBatch): { mean: number; mostOpenUnit: number } {
  const { H } = p;
  const { steps, inputSize: D } = batch;
  const B = batch.labels.length;
  const perUnit = new Float64Array(H);
  let n = 0;
  for (let i = 0; i < B; i++) {
    const xAt = (t: number) => batch.inputs.subarray((i * steps + t) * D, (i * steps + t + 1) * D);
    const { gates } = lstmForward(p, xAt, steps);
    for (let t = 1; t < steps - 1; t++) {
      for (let k = 0; k < H; k++) perUnit[k] += gates[t][H + k];
      n++;
    }
  }
  const means = Array.from(perUnit, (s) => s / n);
  return { mean: mean(means), mostOpenUnit: Math.max(...means) };
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

const loader: DerivedLoader = {
  description: `Lesson 7's summary of the ${CONFIGS.length * LENGTHS.length * SEEDS.length} recurrent runs (accuracy against T with the seed spread, ‖∂C/∂h_t‖ at the start, measured per-step factors against the bound ‖W‖₂·max tanh′, the LSTM's forget gate) and the cliff along W = s·W₀ with and without clipping`,
  inputs: [
    "src/figures/read-committed.ts",
    "src/lib/schemas/run-log.ts",
    "src/lib/statistics.ts",
    ...CONFIGS.flatMap((c) => LENGTHS.flatMap((T) => SEEDS.map((s) => `content/experiments/${runId(c, T, s)}.json`))),
    ...CONFIGS.flatMap((c) => LENGTHS.flatMap((T) => SEEDS.flatMap((s) => ["log.json", "model-initial", "model-final"].map((f) => `public/runs/${runId(c, T, s)}/${f}`)))),
    "src/lib/recurrent",
    "src/lib/schemas/experiment.ts",
    "src/lib/rng.ts",
    "scripts/runs/store.ts",
    "src/lib/schemas/manifest.ts",
    "scripts/mnist-source.ts",
    "src/lib/mnist/digits.ts",
    "src/lib/mnist/idx.ts",
    "src/lib/nets/layers-model.ts",
    "scripts/atomic-folder.ts",
    "src/lib/schemas/derived/through-time.ts",
    "src/lib/schemas/field-path.ts",
    "src/lib/site/closest.ts",
    "src/lib/adam.ts",
  ],
  async run({ root, log }) {
    const experiments = await loadExperiments(join(root, "content/experiments"));
    const runs: Record<string, Record<number, unknown[]>> = {};
    const accuracy: Record<string, Record<number, unknown>> = {};
    const range: Record<string, unknown> = {};
    const profile: Record<string, unknown> = {};
    const cellProfile: Record<string, unknown> = {};
    for (const config of CONFIGS) {
      runs[config] = {};
      accuracy[config] = {};
      const rows: { T: number; accuracies: number[] }[] = [];
      for (const T of LENGTHS) {
        const perSeed: Record<string, unknown>[] = [];
        const initialNorms: number[][] = [];
        const initialCellNorms: number[][] = [];
        for (const seed of SEEDS) {
          const id = runId(config, T, seed);
          const found = experiments.find((e) => e.id === id);
          if (!found) throw new Error(`content/experiments/${id}.json is missing; lesson 7 reads every config × T × seed`);
          const e = found.experiment;
          if (!isRecurrent(e)) throw new Error(`${found.file} is not a recurrent experiment ("kind": "recurrent")`);
          if (e.task.T !== T || e.seed !== seed) throw new Error(`${found.file}: task.T is ${e.task.T} and seed ${e.seed}; its name says T ${T}, seed ${seed}`);
          const l = readRecurrentRunLog(id, join(root, "public/runs"));
          if (l.cell !== e.cell || l.task.T !== T) {
            throw new Error(`public/runs/${id}/log.json was trained from another config than ${found.file}; run npm run pretrain -- --only ${id}`);
          }
          const start = stepFactors(l.initial.hiddenGradNorms);
          const end = stepFactors(l.final.hiddenGradNorms.map((v) => Math.max(v, Number.MIN_VALUE)));
          const clipMax = Math.max(...l.epochs.map((x) => x.gradNormBeforeClip?.max ?? 0));
          const row: Record<string, unknown> = {
            seed,
            run: id,
            testAccuracy: l.final.testAccuracy,
            trainAccuracy: l.final.trainAccuracy,
            startH0: l.initial.hiddenGradNorms[0],
            startHT: l.initial.hiddenGradNorms[T],
            startFactor: start.geometricMean,
            endFactor: end.geometricMean,
            gradNormBeforeClipMax: clipMax,
          };
          initialNorms.push(l.initial.hiddenGradNorms);
          if (l.initial.cellGradNorms) initialCellNorms.push(l.initial.cellGradNorms);
          // ‖∂C/∂h₀‖ after each logged epoch, and the test accuracy then (how the start's gradient fares in training).
          row.h0ByEpoch = l.epochs.map((x) => ({ epoch: x.epoch, h0: x.hiddenGradNorms[0], testAccuracy: x.testAccuracy }));
          const needBatch = e.cell === "rnn" || e.cell === "lstm" || seed === 1;
          if (needBatch) {
            const initial = await readParams(root, id, "model-initial");
            const train = recallTask({ T, K: e.task.K, count: e.task.train, seed: recurrentSeeds(seed).train });
            const g = l.task.gradientSequences;
            const batch = sequencesOf(train, Uint32Array.from({ length: g }, (_, i) => i), 0, g);
            if (seed === 1) {
              const ref = backward(e.cell, initial, batch).hiddenGradNorms;
              const worst = Math.max(...ref.map((v, t) => relDiff(v, l.initial.hiddenGradNorms[t])));
              if (!(worst <= SHIPPED_TOLERANCE)) {
                throw new Error(`public/runs/${id}: the float64 recomputation of the initial ‖∂C/∂h_t‖ differs from the log's by ${worst.toExponential(2)} (relative), over ${SHIPPED_TOLERANCE}; the log and the shipped parameters disagree — run npm run pretrain -- --only ${id}`);
              }
              row.recomputedRelDiff = worst;
            }
            if (e.cell === "rnn") {
              const b = factorBound(initial, batch);
              row.spectral = b.spectral;
              row.tightBound = b.tight;
              row.maxStepRatio = Math.max(...start.ratios);
              row.everyStepUnderBound = start.ratios.every((r, t) => r <= b.perStep![t] * (1 + 1e-4));
              row.factorOverBound = start.geometricMean / b.tight!;
              // ‖W‖_F/√H: the root-mean-square singular value, how much Wᵀ stretches a vector in a typical direction.
              row.rmsSingular = Math.sqrt(initial.W.reduce((s, w) => s + w * w, 0) / initial.H);
              // ρ(W): the long-run rate of the same W applied over and over.
              row.spectralRadius = spectralRadius(initial.W, initial.H);
              row.factorOverRadius = start.geometricMean / (row.spectralRadius as number);
            }
            if (e.cell === "lstm") {
              const final = await readParams(root, id, "model-final");
              const fs = forgetGate(initial, batch);
              const fe = forgetGate(final, batch);
              row.forgetStart = fs.mean;
              row.forgetEnd = fe.mean;
              row.forgetMostOpenStart = fs.mostOpenUnit;
              row.forgetMostOpenEnd = fe.mostOpenUnit;
              row.cellFactorStart = stepFactors(l.initial.cellGradNorms!).geometricMean;
              row.cellFactorEnd = stepFactors(l.final.cellGradNorms!.map((v) => Math.max(v, Number.MIN_VALUE))).geometricMean;
            }
          }
          perSeed.push(row);
        }
        runs[config][T] = perSeed;
        const accs = perSeed.map((r) => r.testAccuracy as number);
        rows.push({ T, accuracies: accs });
        accuracy[config][T] = { ...seedSpread(accs), learned: learnedCount(accs), seeds: accs.length, startFactor: seedSpread(perSeed.map((r) => r.startFactor as number)) };
        if (T === PROFILE_T) {
          profile[config] = geometricProfile(initialNorms);
          if (initialCellNorms.length) cellProfile[config] = geometricProfile(initialCellNorms);
        }
      }
      range[config] = learningRange(rows);
      log(`${config}: learned by all seeds up to T = ${(range[config] as { allLearnUpTo: number | null }).allLearnUpTo}`);
    }

    const { params, batch } = cliffSetup();
    const coarse = cliffScales();
    const fine = cliffScales(29, CLIFF_WALL.from, CLIFF_WALL.to);
    // The fine grid replaces the coarse one across the wall.
    const scales = [...coarse.filter((x) => x < CLIFF_WALL.from || x > CLIFF_WALL.to), ...fine].sort((a, b) => a - b);
    const points = costAlongScale("rnn", params, batch, scales);
    const wallAt = coarse[12];
    const wall = stepOffWall({ ...params, W: params.W.map((w) => w * wallAt) }, batch, CLIFF_STEP.eta, CLIFF_STEP.clip);
    const peak = points.reduce((a, b) => (b.gradNorm > a.gradNorm ? b : a));
    const away = points.filter((p) => p.scale < CLIFF_WALL.from || p.scale > CLIFF_WALL.to).map((p) => p.gradNorm);
    const cliff = {
      points,
      peak,
      gradNormAwayFromWall: { min: Math.min(...away), max: Math.max(...away) },
      wall: { from: CLIFF_WALL.from, to: CLIFF_WALL.to },
      step: {
        from: wallAt,
        eta: CLIFF_STEP.eta,
        clip: CLIFF_STEP.clip,
        cost: wall.cost,
        gradNorm: wall.gradNorm,
        unclipped: { cost: wall.unclipped.cost, length: wall.unclipped.length },
        clipped: { cost: wall.clipped.cost, length: wall.clipped.length },
      },
    };

    // Facts across runs that the lesson states in words.
    type Row = Record<string, number | boolean | string>;
    const rowsOf = (configs: readonly string[], Ts: readonly number[] = LENGTHS) => configs.flatMap((c) => Ts.flatMap((T) => runs[c][T] as Row[]));
    const range01 = (rows: Row[], key: string) => ({ min: Math.min(...rows.map((r) => r[key] as number)), max: Math.max(...rows.map((r) => r[key] as number)) });
    const all = rowsOf(CONFIGS);
    const first = experiments.find((x) => x.id === runId(CONFIGS[0], LENGTHS[0], 1))!.experiment;
    if (!isRecurrent(first)) throw new Error("unreachable");
    const clip = first.optimizer.clip;
    const lstmFound = experiments.find((x) => x.id === runId("lstm", LENGTHS[0], 1))!.experiment;
    if (!isRecurrent(lstmFound)) throw new Error("unreachable");
    const lstmConfig = lstmFound;
    const largest = all.reduce((a, b) => ((b.gradNormBeforeClipMax as number) > (a.gradNormBeforeClipMax as number) ? b : a));
    const facts = {
      training: {
        epochs: first.epochs,
        batchSize: first.optimizer.batchSize,
        train: first.task.train,
        steps: first.epochs * Math.floor(first.task.train / first.optimizer.batchSize),
        clip,
        hidden: first.hidden,
        K: first.task.K,
        forgetBias: lstmConfig.init.forgetBias ?? null,
        gradientSequences: readRecurrentRunLog(runId(CONFIGS[0], LENGTHS[0], 1), join(root, "public/runs")).task.gradientSequences,
      },
      clipping: {
        runs: all.length,
        runsOverClip: clip === null ? 0 : all.filter((r) => (r.gradNormBeforeClipMax as number) > clip).length,
        largeThreshold: LARGE_NORM,
        runsOverLarge: all.filter((r) => (r.gradNormBeforeClipMax as number) > LARGE_NORM).length,
        largest: largest.gradNormBeforeClipMax,
        largestRun: largest.run,
      },
      rnnUniform: {
        startFactor: range01(rowsOf(["rnn"]), "startFactor"),
        spectral: range01(rowsOf(["rnn"]), "spectral"),
        tightBound: range01(rowsOf(["rnn"]), "tightBound"),
        rmsSingular: range01(rowsOf(["rnn"]), "rmsSingular"),
        spectralRadius: range01(rowsOf(["rnn"]), "spectralRadius"),
        factorOverRadiusLongest: range01(rowsOf(["rnn"], [LENGTHS[LENGTHS.length - 1]]), "factorOverRadius"),
        matrices: new Set(rowsOf(["rnn"]).map((r) => r.spectral)).size,
        factorOverBound: range01(rowsOf(["rnn"]), "factorOverBound"),
      },
      rnnUnitSpectrum: {
        startFactor: range01(rowsOf(["rnn-orthogonal", "rnn-identity"]), "startFactor"),
        spectral: range01(rowsOf(["rnn-orthogonal", "rnn-identity"]), "spectral"),
      },
      everyRnnStepUnderBound: rowsOf(["rnn", "rnn-orthogonal", "rnn-identity"]).every((r) => r.everyStepUnderBound === true),
      rnnRuns: rowsOf(["rnn", "rnn-orthogonal", "rnn-identity"]).length,
      lstm: {
        shortMax: SHORT_MAX,
        longMin: LONG_MIN,
        forgetStart: range01(rowsOf(["lstm"]), "forgetStart"),
        mostOpenEndShort: range01(rowsOf(["lstm"], LENGTHS.filter((T) => T <= SHORT_MAX)), "forgetMostOpenEnd"),
        mostOpenEndLong: range01(rowsOf(["lstm"], LENGTHS.filter((T) => T >= LONG_MIN)), "forgetMostOpenEnd"),
        cellFactorStart: range01(rowsOf(["lstm"]), "cellFactorStart"),
        mostOpenStart: range01(rowsOf(["lstm"]), "forgetMostOpenStart"),
        meanEndLong: range01(rowsOf(["lstm"], LENGTHS.filter((T) => T >= LONG_MIN)), "forgetEnd"),
      },
      startFactor: Object.fromEntries(CONFIGS.map((c) => [c, range01(rowsOf([c]), "startFactor")])),
      // The runs at T ≥ LONG_MIN that stayed near chance on the test sequences (below NEAR_CHANCE): how many fit
      // their training sequences better by more than FIT_GAP, and the mean training and test accuracy.
      nearChanceLong: (() => {
        const rows = rowsOf(CONFIGS, LENGTHS.filter((T) => T >= LONG_MIN)).filter((r) => (r.testAccuracy as number) < NEAR_CHANCE);
        const meanOf = (key: string) => mean(rows.map((r) => r[key] as number));
        return {
          below: NEAR_CHANCE,
          gap: FIT_GAP,
          runs: rows.length,
          trainAboveTest: rows.filter((r) => (r.trainAccuracy as number) > (r.testAccuracy as number) + FIT_GAP).length,
          meanTrain: meanOf("trainAccuracy"),
          meanTest: meanOf("testAccuracy"),
        };
      })(),
      // How the start's gradient at t = 0 fares during training at T = COLLAPSE_T, for the identity and the orthogonal start.
      collapse: Object.fromEntries((["rnn-identity", "rnn-orthogonal"] as const).map((c) => {
        const rows = runs[c][COLLAPSE_T] as Row[];
        const at = (r: Row) => (r.h0ByEpoch as unknown as { epoch: number; h0: number; testAccuracy: number }[]).find((x) => x.epoch === COLLAPSE_EPOCH)!;
        return [c, { T: COLLAPSE_T, epoch: COLLAPSE_EPOCH, start: range01(rows, "startH0"), atEpoch: { min: Math.min(...rows.map((r) => at(r).h0)), max: Math.max(...rows.map((r) => at(r).h0)) }, testAtEpoch: { min: Math.min(...rows.map((r) => at(r).testAccuracy)), max: Math.max(...rows.map((r) => at(r).testAccuracy)) } }];
      })),
    };

    const summary = { configs: CONFIGS, lengths: LENGTHS, seeds: SEEDS, learned: LEARNED, chance: chanceAccuracy(first.task.K), profileT: PROFILE_T, facts, runs, accuracy, range, profile, cellProfile, cliff };
    parseThroughTimeSummary(summary); // what every reader checks, checked before it is written
    return { "summary.json": JSON.stringify(summary, null, 1) + "\n" };
  },
};
export default loader;
