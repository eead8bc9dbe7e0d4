/**
 * `npm run bench:kernels`: where a training step's time goes on tfjs' wasm backend, and what its products
 * cost at the shapes the trainer needs. The figures behind the account of the rebuild's time in README
 * ("From scratch"): what is arithmetic, what is tfjs' other kernels and its engine.
 *
 *   1. Each training study of the answers table (content/studies, scripts/derived/loaders/answers.ts),
 *      its seeds stacked in one SgdTrainer as `derive` trains them: an epoch's wall time, the time inside
 *      wasm kernels (every registered kernel timed), the part of it in products, and kernel calls per step;
 *      then as many epochs again under V8's sampling profiler, their time shared by the code that ran (wasm,
 *      tfjs-core's engine, tfjs-wasm's JavaScript, the trainer: scripts/bench/profile-shares.ts), which bounds
 *      what a trainer that skipped tfjs' engine could save.
 *   2. The first layer's two products for one network at batch 10 ([785 → 30]: a column of ones and 784
 *      pixels), with the operand that changes every step a new tensor on each call, as in training (XNNPACK
 *      packs a product's second operand again whenever it is new), in each form tfjs offers; the trainer's
 *      forward form once more with both operands kept, which is what the product costs with nothing packed
 *      again; and the peak rate of a large product for comparison.
 *   3. N networks that read one mini-batch (bench:train's N rows do): their first layer's forward product
 *      and gradient as one product each for all N, every entry summed as a lone product sums it. The time
 *      per image per network of these two alone, and the cap it puts on all N together.
 */
import { parseCli } from "./cli.ts";
import { Session } from "node:inspector/promises";
import { ORIGINS, profileShares, type Origin } from "./bench/profile-shares.ts";
import { cpus } from "node:os";
import { selectBackend } from "./runs/backend.ts";
import { loadStudies, trainingProblem } from "./derived/loaders/answers.ts";
import { loadShippedDigits } from "./mnist-source.ts";
import { split, toFloat32 } from "../src/lib/mnist/digits.ts";
import { SgdTrainer } from "../src/lib/training/tf-trainer-sgd.ts";
import { mulberry32, shuffleInPlace } from "../src/lib/rng.ts";
import { ROOT } from "./runs/store.ts";
import { shuffleSeed } from "./runs/train-experiment.ts";

const USAGE = `Usage: npm run bench:kernels -- [--epochs N] [--seconds S] [--together 1,10,30] [--help]
  --epochs N      epochs timed per answers study (default 2, at most 20)
  --seconds S     seconds each product is timed (default 1.5)
  --together L    how many networks share a mini-batch in part 3 (default 1,10,30)`;
const { opts, usageError } = parseCli("bench:kernels", USAGE, {
  epochs: { type: "string", default: "2" },
  seconds: { type: "string", default: "1.5" },
  together: { type: "string", default: "1,10,30" },
  help: { type: "boolean", default: false },
});
const EPOCHS = Number(opts.epochs);
if (!(Number.isInteger(EPOCHS) && EPOCHS >= 1 && EPOCHS <= 20)) usageError(`--epochs must be a whole number from 1 to 20, not ${JSON.stringify(opts.epochs)}`);
const SECONDS = Number(opts.seconds);
if (!(opts.seconds.trim() !== "" && SECONDS > 0 && SECONDS <= 60)) usageError(`--seconds must be a number above 0 and at most 60, not ${JSON.stringify(opts.seconds)}`);
const TOGETHER = opts.together.split(",").map(Number);
if (!TOGETHER.every((n) => Number.isInteger(n) && n >= 1 && n <= 1000)) usageError(`--together must be whole numbers of networks from 1 to 1000, not ${JSON.stringify(opts.together)}`);

const { tf, reason } = await selectBackend("wasm");
console.log(`bench:kernels — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}\nbackend ${reason}`);

// Every wasm kernel timed while `timing` is on: the registry hands the same config objects to the engine on each call.
const kernelTime = new Map<string, { ms: number; calls: number }>();
let timing = false;
for (const k of tf.getKernelsForBackend("wasm")) {
  const run = k.kernelFunc;
  (k as { kernelFunc: typeof run }).kernelFunc = (args) => {
    if (!timing) return run(args);
    const t0 = performance.now();
    const out = run(args);
    const e = kernelTime.get(k.kernelName) ?? { ms: 0, calls: 0 };
    e.ms += performance.now() - t0;
    e.calls++;
    kernelTime.set(k.kernelName, e);
    return out;
  };
}

// 1. The answers table's training studies.
const digits = await loadShippedDigits();
const tr = split(digits, "train");
const studies = (await loadStudies(ROOT)).flatMap((s) => (s.study.kind === "train" ? [{ id: s.id, study: s.study }] : []));
const profiler = new Session();
profiler.connect();
await profiler.post("Profiler.enable");
await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
const byCode: [string, Record<Origin, number>][] = [];
console.log(`\n1. an epoch of each answers study (its seeds stacked, batch 10), ${EPOCHS} epoch(s) timed after one to warm up`);
console.log(`${"study".padEnd(30)}${"epoch".padStart(10)}${"in kernels".padStart(12)}${"products".padStart(16)}${"calls/step".padStart(12)}  largest others`);
for (const { id, study } of studies) {
  const n = study.data.train;
  const data = { train: { x: toFloat32(tr.pixels.subarray(0, n * 784)), labels: tr.labels.slice(0, n), n }, test: { x: new Float32Array(784), labels: new Uint8Array(1), n: 1 } };
  const problems = study.seeds.map((seed) => trainingProblem(tf, study, seed, data));
  const width = problems[0].width;
  const trainer = new SgdTrainer(tf, problems.map((p) => p.upper), { cost: study.cost, lambda: study.optimizer.lambda, batchSize: study.optimizer.batchSize, eta: study.optimizer.eta });
  const xs = study.frozenLayers.length === 0 ? [data.train.x] : problems.map((p) => p.xTrain);
  const orders = study.seeds.map((seed) => {
    const o = Uint32Array.from({ length: n }, (_, i) => i);
    shuffleInPlace(o, mulberry32(shuffleSeed(seed)));
    return o;
  });
  trainer.epoch(xs, data.train.labels, orders, width);
  await trainer.params();
  kernelTime.clear();
  timing = true;
  const t0 = performance.now();
  for (let e = 0; e < EPOCHS; e++) trainer.epoch(xs, data.train.labels, orders, width);
  await trainer.params();
  const epoch = (performance.now() - t0) / EPOCHS;
  timing = false;
  // The same number of epochs again under V8's sampling profiler, without the kernel timing above.
  await profiler.post("Profiler.start");
  for (let e = 0; e < EPOCHS; e++) trainer.epoch(xs, data.train.labels, orders, width);
  await trainer.params();
  const { profile } = await profiler.post("Profiler.stop");
  byCode.push([id, profileShares(profile)]);
  trainer.dispose();
  const steps = (n / study.optimizer.batchSize) * EPOCHS;
  const all = [...kernelTime].sort((a, b) => b[1].ms - a[1].ms);
  const sum = (f: (name: string) => boolean) => all.filter(([k]) => f(k)).reduce((s, [, v]) => s + v.ms, 0) / EPOCHS;
  const inKernels = sum(() => true);
  const products = sum((k) => /MatMul/.test(k));
  const calls = all.reduce((s, [, v]) => s + v.calls, 0) / steps;
  const others = all.filter(([k]) => !/MatMul/.test(k)).slice(0, 3).map(([k, v]) => `${k} ${(v.ms / EPOCHS).toFixed(0)}`).join(", ");
  console.log(`${id.padEnd(30)}${`${epoch.toFixed(0)} ms`.padStart(10)}${`${inKernels.toFixed(0)} ms`.padStart(12)}${`${products.toFixed(0)} ms ${((100 * products) / epoch).toFixed(0)}%`.padStart(16)}${calls.toFixed(0).padStart(12)}  ${others} ms`);
}
console.log(`\nwhere those epochs' time goes by code (V8's sampling profiler over ${EPOCHS} more epoch(s) each, kernels untimed)`);
console.log(`${"study".padEnd(30)}${ORIGINS.map((o) => o.padStart(14)).join("")}`);
for (const [id, shares] of byCode) console.log(`${id.padEnd(30)}${ORIGINS.map((o) => `${(100 * shares[o]).toFixed(1)}%`.padStart(14)).join("")}`);

/** Microseconds per call of f, after warming up; `made` is subtracted (the cost of making f's new tensors). */
function perCall(f: () => void, made = 0): number {
  for (let i = 0; i < 20; i++) f();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    f();
    reps++;
  }
  return ((performance.now() - t0) / reps) * 1000 - made;
}
const random = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
/** a·b with the operands named fixed made once and the others made anew on every call, net of making them. */
function product(a: { shape: [number, number]; fresh: boolean }, b: { shape: [number, number]; fresh: boolean }): number {
  const [bufA, bufB] = [random(a.shape[0] * a.shape[1]), random(b.shape[0] * b.shape[1])];
  const fixedA = tf.tensor2d(bufA, a.shape);
  const fixedB = tf.tensor2d(bufB, b.shape);
  const operands = () => [a.fresh ? tf.tensor2d(bufA, a.shape) : fixedA, b.fresh ? tf.tensor2d(bufB, b.shape) : fixedB];
  const made = perCall(() => {
    const [x, y] = operands();
    if (a.fresh) x.dispose();
    if (b.fresh) y.dispose();
  });
  const us = perCall(() => {
    const [x, y] = operands();
    const out = tf.matMul(x, y);
    out.dataSync();
    out.dispose();
    if (a.fresh) x.dispose();
    if (b.fresh) y.dispose();
  }, made);
  tf.dispose([fixedA, fixedB]);
  return us;
}
const rate = (macs: number, us: number) => `${us.toFixed(1).padStart(8)} µs ${(macs / us / 1e3).toFixed(2).padStart(6)} GMAC/s`;

// 2. One network's first layer at batch 10.
const K = 785;
const H = 30;
const B = 10;
const M1 = K * H * B;
console.log(`\n2. one network's first layer at batch ${B}, [${K} → ${H}]: each product with the operand that changes every step made anew on each call`);
console.log(`forward  x·W     [${B}×${K}]·[${K}×${H}], new weights         ${rate(M1, product({ shape: [B, K], fresh: false }, { shape: [K, H], fresh: true }))}`);
console.log(`forward  Wᵀ·xᵀ   [${H}×${K}]·[${K}×${B}], new mini-batch      ${rate(M1, product({ shape: [H, K], fresh: true }, { shape: [K, B], fresh: true }))}   (the trainer's form)`);
console.log(`forward  Wᵀ·xᵀ   [${H}×${K}]·[${K}×${B}], both kept           ${rate(M1, product({ shape: [H, K], fresh: false }, { shape: [K, B], fresh: false }))}   (nothing packed again: the kernel alone)`);
console.log(`gradient xᵀ·δ    [${K}×${B}]·[${B}×${H}], both new            ${rate(M1, product({ shape: [K, B], fresh: true }, { shape: [B, H], fresh: true }))}`);
console.log(`gradient δᵀ·x    [${H}×${B}]·[${B}×${K}], both new            ${rate(M1, product({ shape: [H, B], fresh: true }, { shape: [B, K], fresh: true }))}`);
console.log(`peak             [1024×784]·[784×1024], fixed             ${rate(1024 * 784 * 1024, product({ shape: [1024, 784], fresh: false }, { shape: [784, 1024], fresh: false }))}`);

// 3. N networks sharing one mini-batch.
console.log(`\n3. N networks reading one mini-batch: their first layer's forward [${H}N×${K}]·[${K}×${B}] and gradient [${H}N×${B}]·[${B}×${K}] as one product each`);
for (const N of TOGETHER) {
  const m = H * N;
  const fwd = product({ shape: [m, K], fresh: false }, { shape: [K, B], fresh: true });
  const grad = product({ shape: [m, B], fresh: true }, { shape: [B, K], fresh: true });
  const perImage = (fwd + grad) / (N * B);
  console.log(`N = ${String(N).padEnd(5)} forward ${rate(m * K * B, fwd)}, gradient ${rate(m * K * B, grad)}: ${perImage.toFixed(2)} µs per image per network, so at most ${(1e6 / perImage).toFixed(0)} images/s for all N together`);
}
