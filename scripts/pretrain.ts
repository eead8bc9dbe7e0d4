/**
 * `npm run pretrain`: trains every experiment in content/experiments/ whose
 * config or training code changed since its run in public/runs/ was written,
 * and skips the rest — a data loader with declared outputs, cached by hash.
 */
import { parseCli } from "./cli.ts";
import { join, relative, resolve } from "node:path";
import { availableParallelism } from "node:os";
import { BACKENDS, selectBackend, type BackendName } from "./runs/backend.ts";
import { trainExperiment, type BatchNormState, type Progress } from "./runs/train-experiment.ts";
import { checkRun, codeVersion, configHash, dataHash, loadExperiments, orphanRunWarnings, recoverInterrupted, sha256, writeRun, RUNS_DIR, ROOT, EXPERIMENTS_DIR, SHIPPED_SOURCE } from "./runs/store.ts";
import { RECURRENT_SOURCE, trainRecurrentExperiment } from "./runs/train-recurrent.ts";
import { writeRecurrentRun } from "./runs/recurrent-store.ts";
import { forward as recurrentForward } from "../src/lib/recurrent/reference.ts";
import { recallTask } from "../src/lib/recurrent/task.ts";
import { recurrentSeeds } from "../src/lib/recurrent/recurrent-run.ts";
import { presetGridWarnings, presetNote } from "../src/islands/trainer/settings.ts";
import { closest } from "../src/lib/closest.ts";
import { loadShippedDigits, loadIdxDir } from "./mnist-source.ts";
import { split, toFloat32 } from "../src/lib/digits.ts";
import type { NetworkParams } from "../src/lib/network.ts";
import { isRecurrent, type Experiment, type RecurrentExperiment } from "../src/lib/experiment-schema.ts";
import { biasGradNorms as refBiasGradNorms, forwardBatch, refNetFrom, type RefOptions } from "../src/lib/reference-net.ts";

const USAGE = `Usage: npm run pretrain -- [options]

Trains the experiments in content/experiments/ whose config or training code
changed, and writes each run atomically into public/runs/<id>/.

Options:
  --only ID          train only this experiment (repeat, or separate ids with commas)
  --force            train even if the committed run is up to date
  --backend NAME     auto | wasm | cpu | webgpu (default: wasm; auto says what it picked and why)
  --mnist-dir DIR    train on the standard MNIST IDX files in DIR instead of public/data/mnist-10k.bin.gz
  --experiments DIR  read configs from DIR (default: content/experiments)
  --out DIR          write runs into DIR (default: public/runs)
  --check            train nothing: list the state of every run, exit 1 if any is stale
                     (a run folder without a config is a warning, not a failure)
  --help             show this text

Whatever it trains, it warns about each run folder in the output folder that has no config, and
about each value of an experiment that the live trainer's controls cannot show exactly (and says
what the trainer's preset uses), and notes each experiment the live trainer cannot run.
`;

const { opts: args, usageError } = parseCli("pretrain", USAGE, {
  only: { type: "string", multiple: true },
  force: { type: "boolean", default: false },
  backend: { type: "string", default: "wasm" },
  "mnist-dir": { type: "string" },
  experiments: { type: "string" },
  out: { type: "string" },
  check: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
});
const backendName = args.backend as BackendName;
if (!BACKENDS.includes(backendName)) usageError(`unknown backend "${args.backend}" (expected one of ${BACKENDS.join(", ")})`);

const experimentsDir = args.experiments ? resolve(args.experiments) : EXPERIMENTS_DIR;
const runsDir = args.out ? resolve(args.out) : RUNS_DIR;
const show = (p: string) => relative(ROOT, p) || p;

async function main(): Promise<number> {
  for (const note of await recoverInterrupted(runsDir)) console.log(`pretrain: ${note}`);
  const all = await loadExperiments(experimentsDir, closest);
  const only = (args.only ?? []).flatMap((o: string) => o.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const id of only) {
    if (!all.some((e) => e.id === id)) {
      const near = closest(id, all.map((e) => e.id));
      usageError(`no experiment "${id}" in ${show(experimentsDir)}${near ? ` — did you mean "${near}"?` : ""} (have: ${all.map((e) => e.id).join(", ")})`);
    }
  }
  const chosen = only.length ? all.filter((e) => only.includes(e.id)) : all;
  // Nothing here stops a run: what the live trainer makes of each experiment, and runs without a config.
  for (const e of chosen) {
    const note = presetNote(e.file, e.experiment);
    if (note) console.warn(`pretrain: note: ${note}`);
    for (const w of presetGridWarnings(e.file, e.experiment)) console.warn(`pretrain: warning: ${w}`);
  }
  for (const w of await orphanRunWarnings(all, runsDir, experimentsDir)) console.warn(`pretrain: warning: ${w}`);
  const code = await codeVersion();
  // The shipped digits are decoded once: for the staleness check and, if needed, for training.
  const shippedDigits = await loadShippedDigits().catch(() => undefined);
  const shipped = shippedDigits && dataHash(shippedDigits);
  const states = await Promise.all(chosen.map((e) => checkRun(e, code, runsDir, shipped)));

  if (args.check) {
    for (const s of states) console.log(s.ok ? `  ok     ${s.id}` : `  stale  ${s.id} ${s.reason}`);
    return states.every((s) => s.ok) ? 0 : 1;
  }
  const todo = chosen.filter((_, i) => args.force || !states[i].ok);
  for (const e of chosen) if (!todo.includes(e)) console.log(`pretrain: ${e.id} is up to date (skipped)`);
  if (todo.length === 0) {
    console.log("pretrain: nothing to train");
    return 0;
  }

  const mnistDir = args["mnist-dir"];
  const digits = mnistDir ? await loadIdxDir(mnistDir) : (shippedDigits ?? (await loadShippedDigits()));
  const source = mnistDir ? `idx:${mnistDir}` : SHIPPED_SOURCE;
  const dataId = dataHash(digits);
  const backend = await selectBackend(backendName);
  console.log(`pretrain: backend ${backend.reason}`);
  console.log(`pretrain: data ${source} (${digits.trainCount} train / ${digits.count - digits.trainCount} test), ${availableParallelism()} cores`);

  const test = split(digits, "test");
  const train = split(digits, "train");
  const px = digits.rows * digits.cols;
  const started = performance.now();
  for (const e of todo) {
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    const bar = progressPrinter(e.id);
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
      const run = await trainRecurrentExperiment(backend.tf, e.id, exp, { backend: backend.name, onEpoch: bar });
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
      console.log(
        `pretrain: wrote ${show(join(runsDir, e.id))} in ${manifest.durationSeconds.toFixed(1)} s — test accuracy ${(f.testAccuracy * 100).toFixed(1)}%` +
          ` (written float32 parameters ${(manifest.shippedFinalTestAccuracy * 100).toFixed(1)}%), initial ‖∂C/∂h_0‖ ${run.log.initial.hiddenGradNorms[0].toExponential(2)}, ‖∂C/∂h_T‖ ${run.log.initial.hiddenGradNorms.at(-1)!.toExponential(2)}`,
      );
      continue;
    }
    const run = await trainExperiment(backend.tf, e.id, exp, digits, { backend: backend.name, source, onEpoch: bar });
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
    console.log(
      `pretrain: wrote ${show(join(runsDir, e.id))} in ${manifest.durationSeconds.toFixed(1)} s — test accuracy ${(f.testAccuracy * 100).toFixed(1)}%` +
        ` (shipped uint8 weights ${(manifest.shippedFinalTestAccuracy * 100).toFixed(1)}%), initial ‖∂C/∂b‖ ${run.log.initial.gradNorms.map((g) => g.toFixed(3)).join(", ")}`,
    );
  }
  console.log(`pretrain: ${todo.length} experiment(s) trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
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

/** The network's options for the float64 reference (src/lib/reference-net.ts); λ 0: the data term alone. */
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

/** A live bar on a terminal; one plain line per epoch elsewhere (CI logs). */
function progressPrinter(id: string) {
  const live = process.stdout.isTTY && !process.env.CI;
  return (p: Progress) => {
    const eta = p.epoch > 0 ? (p.elapsed / p.epoch) * (p.epochs - p.epoch) : 0;
    const acc = `${(p.testAccuracy * 100).toFixed(1)}%`;
    if (live) {
      const width = 24;
      const filled = Math.round((p.epoch / p.epochs) * width);
      const line = `${id.padEnd(20)} ${"█".repeat(filled)}${"░".repeat(width - filled)} epoch ${p.epoch}/${p.epochs}  test ${acc}  ETA ${eta.toFixed(0)} s`;
      process.stdout.write(`\r${line}\x1b[K${p.epoch === p.epochs ? "\n" : ""}`);
    } else {
      console.log(`${id} epoch ${p.epoch}/${p.epochs} test accuracy ${acc} elapsed ${p.elapsed.toFixed(1)} s ETA ${eta.toFixed(0)} s`);
    }
  };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`pretrain: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
