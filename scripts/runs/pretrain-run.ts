/**
 * One run of `npm run pretrain`: trains one experiment and writes its folder with store.ts's atomic,
 * verified write. scripts/pretrain.ts calls it in its own process (--jobs 1) and
 * scripts/runs/pretrain-worker.ts in each child process (--jobs N): the same code, so the files
 * are the same whichever process wrote them.
 */
import { join, relative } from "node:path";
import { selectBackend, type BackendName, type SelectedBackend } from "./backend.ts";
import { trainExperiment, type BatchNormState, type Progress } from "./train-experiment.ts";
import { configHash, dataHash, sha256, writeRun, ROOT, SHIPPED_SOURCE, type ExperimentFile } from "./store.ts";
import { RECURRENT_SOURCE, trainRecurrentExperiment } from "./train-recurrent.ts";
import { writeRecurrentRun } from "./recurrent-store.ts";
import { forward as recurrentForward } from "../../src/lib/recurrent/reference.ts";
import { recallTask } from "../../src/lib/recurrent/task.ts";
import { recurrentSeeds } from "../../src/lib/recurrent/training/recurrent-run.ts";
import { loadIdxDir, loadShippedDigits } from "../mnist-source.ts";
import { split, toFloat32, type Digits } from "../../src/lib/mnist/digits.ts";
import type { NetworkParams } from "../../src/lib/nets/network.ts";
import { isRecurrent, type Experiment, type RecurrentExperiment } from "../../src/lib/schemas/experiment.ts";
import { biasGradNorms as refBiasGradNorms, forwardBatch, refNetFrom, type RefOptions } from "../../src/lib/nets/reference-net.ts";

/** What every run of one pretrain shares: the data, the backend, the code version and where runs go. */
export interface RunContext {
  digits: Digits;
  /** Where the data came from, as logs and manifests say it. */
  source: string;
  dataId: string;
  backend: SelectedBackend;
  code: string;
  runsDir: string;
}

export interface ContextOptions {
  backend: BackendName;
  /** Standard MNIST IDX files to train on instead of the shipped digits. */
  mnistDir?: string;
  code: string;
  runsDir: string;
  /** The shipped digits when the caller has decoded them already. */
  shippedDigits?: Digits;
}

export async function runContext(o: ContextOptions): Promise<RunContext> {
  const digits = o.mnistDir ? await loadIdxDir(o.mnistDir) : (o.shippedDigits ?? (await loadShippedDigits()));
  const backend = await selectBackend(o.backend);
  return { digits, source: o.mnistDir ? `idx:${o.mnistDir}` : SHIPPED_SOURCE, dataId: dataHash(digits), backend, code: o.code, runsDir: o.runsDir };
}

const show = (p: string) => relative(ROOT, p) || p;

/**
 * Trains `e` and writes public/runs/<id>/ (or ctx.runsDir/<id>/) atomically; returns the line that
 * says what was written. A throw leaves the previous folder as it was.
 */
export async function trainRun(ctx: RunContext, e: ExperimentFile, onEpoch: (p: Progress) => void): Promise<string> {
  const { digits, source, dataId, backend, code, runsDir } = ctx;
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const exp = e.experiment;
  /** What every run's manifest says of its config, code, backend and timing (taken when the run is written). */
  const provenance = () => ({
    configHash: configHash(exp),
    codeVersion: code,
    backend: backend.name,
    backendReason: backend.reason,
    seed: exp.seed,
    startedAt,
    durationSeconds: +((performance.now() - t0) / 1000).toFixed(2),
  });
  if (isRecurrent(exp)) {
    // A recurrent network on the recall task (lesson 7): its data is generated from the seed.
    const run = await trainRecurrentExperiment(backend.tf, e.id, exp, { backend: backend.name, onEpoch });
    const manifest = await writeRecurrentRun(
      {
        id: e.id,
        log: run.log,
        initial: run.initial,
        final: run.final,
        manifest: {
          id: e.id,
          kind: "recurrent",
          ...provenance(),
          data: { source: RECURRENT_SOURCE, sha256: recurrentDataHash(exp) },
          quantization: "float32",
        },
        shippedAccuracy: (params) => recurrentTestAccuracy(params, exp),
      },
      runsDir,
    );
    const f = run.log.final;
    return (
      `pretrain: wrote ${show(join(runsDir, e.id))} in ${manifest.durationSeconds.toFixed(1)} s — test accuracy ${(f.testAccuracy * 100).toFixed(1)}%` +
      ` (written float32 parameters ${(manifest.shippedFinalTestAccuracy * 100).toFixed(1)}%), initial ‖∂C/∂h_0‖ ${run.log.initial.hiddenGradNorms[0].toExponential(2)}, ‖∂C/∂h_T‖ ${run.log.initial.hiddenGradNorms.at(-1)!.toExponential(2)}`
    );
  }
  const test = split(digits, "test");
  const train = split(digits, "train");
  const px = digits.rows * digits.cols;
  const run = await trainExperiment(backend.tf, e.id, exp, digits, { backend: backend.name, source, onEpoch });
  const manifest = await writeRun(
    {
      id: e.id,
      log: run.log,
      initial: run.initial,
      final: run.final,
      finalBatchNorm: run.finalBatchNorm,
      manifest: {
        id: e.id,
        ...provenance(),
        data: { source, sha256: dataId },
        quantization: "uint8",
      },
      shippedAccuracy: (net, bn) => accuracy(net, bn, exp, toFloat32(test.pixels.subarray(0, exp.data.test * px)), test.labels, exp.data.test),
      shippedGradNorms: (net) => {
        const g = exp.log.gradientImages;
        const x = toFloat32(train.pixels.subarray(0, g * px));
        return refBiasGradNorms(refNetFrom(net, exp.batchNorm), x, train.labels.subarray(0, g), refOptions(exp), 1);
      },
    },
    runsDir,
  );
  const f = run.log.final;
  return (
    `pretrain: wrote ${show(join(runsDir, e.id))} in ${manifest.durationSeconds.toFixed(1)} s — test accuracy ${(f.testAccuracy * 100).toFixed(1)}%` +
    ` (shipped uint8 weights ${(manifest.shippedFinalTestAccuracy * 100).toFixed(1)}%), initial ‖∂C/∂b‖ ${run.log.initial.gradNorms.map((g) => g.toFixed(3)).join(", ")}`
  );
}

/** The recall task's test set of a recurrent experiment (as RecurrentRun builds it). */
const recurrentTest = (e: RecurrentExperiment) => recallTask({ T: e.task.T, K: e.task.K, count: e.task.test, seed: recurrentSeeds(e.seed).test });

/** Identity of a recurrent experiment's data: the hash of its generated training and test inputs and labels. */
function recurrentDataHash(e: RecurrentExperiment): string {
  const seeds = recurrentSeeds(e.seed);
  const train = recallTask({ T: e.task.T, K: e.task.K, count: e.task.train, seed: seeds.train });
  const test = recurrentTest(e);
  const bytes = (t: typeof train) => [new Uint8Array(t.inputs.buffer, t.inputs.byteOffset, t.inputs.byteLength), t.labels];
  const all = [...bytes(train), ...bytes(test)];
  const joined = new Uint8Array(all.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of all) {
    joined.set(a, at);
    at += a.length;
  }
  return sha256(joined).slice(0, 16);
}

/** Test accuracy of parameters read back from a run folder, by the float64 reference (src/lib/recurrent/reference.ts). */
function recurrentTestAccuracy(params: Parameters<typeof recurrentForward>[1], e: RecurrentExperiment): number {
  const t = recurrentTest(e);
  return recurrentForward(e.cell, params, { inputs: t.inputs, labels: t.labels, inputSize: t.inputSize, steps: t.steps }).accuracy;
}

/** The network's options for the float64 reference (src/lib/nets/reference-net.ts); λ 0: the data term alone. */
const refOptions = (e: Experiment): RefOptions => ({ activation: e.activation, cost: e.cost, lambda: 0, batchNorm: e.batchNorm, residual: e.residual });

/** Test accuracy of the dequantised weights (and batch-norm state), by the float64 reference in inference mode. */
function accuracy(net: NetworkParams, bn: BatchNormState | undefined, e: Experiment, x: Float32Array, labels: Uint8Array, n: number): number {
  const ref = refNetFrom(net, e.batchNorm);
  if (bn) Object.assign(ref, { gamma: bn.gamma.map((v) => Float64Array.from(v)), beta: bn.beta.map((v) => Float64Array.from(v)), runningMean: bn.runningMean.map((v) => Float64Array.from(v)), runningVar: bn.runningVar.map((v) => Float64Array.from(v)) });
  const out = forwardBatch(ref, x.subarray(0, n * net.sizes[0]), refOptions(e), "inference").a.at(-1)!;
  const k = net.sizes.at(-1)!;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}
