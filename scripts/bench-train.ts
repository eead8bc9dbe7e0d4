/**
 * `npm run bench:train`: training throughput (samples per second) of
 * [784, 30, 30, 30, 10] (or --sizes) at mini-batch 10 and at full batch 1,000, on tfjs'
 * backends, beside a plain vectorised numpy implementation of the same network
 * (scripts/bench/numpy_mlp.py) run on the same 1,000 MNIST images. Prints the
 * figures and the ratios, then the same at batch 10 for N networks trained together as one
 * computation (SgdTrainer, a leading network dimension; --together, default 3 and 10): samples per
 * second per network, for all N, and all N's ratio to numpy's one network. With --pretrain it also times `npm run pretrain --force`
 * of every experiment into a temporary folder.
 */
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { selectBackend, type BackendName } from "./runs/backend.ts";
import { loadShippedDigits } from "./mnist-source.ts";
import { split, toFloat32 } from "../src/lib/mnist/digits.ts";
import { initialNetwork } from "../src/lib/nets/network.ts";
import { Trainer } from "../src/lib/training/tf-trainer.ts";
import { SgdTrainer } from "../src/lib/training/tf-trainer-sgd.ts";

const USAGE = `Usage: npm run bench:train -- [--backends wasm,cpu] [--seconds S] [--sizes 784,30,…,10] [--together 3,10] [--pretrain] [--help]
  --together  how many networks train together in the batched rows (default 3,10)
  --sizes   the network's layer sizes (default 784,30,30,30,10; the fixes lesson's is 784,30,30,30,30,30,30,10)`;
let opts;
try {
  opts = parseArgs({
    options: {
      backends: { type: "string", default: "wasm,cpu" },
      seconds: { type: "string", default: "3" },
      sizes: { type: "string", default: "784,30,30,30,10" },
      together: { type: "string", default: "3,10" },
      pretrain: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  process.stderr.write(`bench:train: ${(e as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const SECONDS = Number(opts.seconds);
if (!(SECONDS > 0)) {
  process.stderr.write(`bench:train: --seconds must be a positive number\n${USAGE}\n`);
  process.exit(2);
}
const SIZES = opts.sizes.split(",").map(Number);
if (SIZES.length < 2 || SIZES[0] !== 784 || SIZES.at(-1) !== 10 || !SIZES.every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write(`bench:train: --sizes must be whole numbers from 784 to 10, got ${opts.sizes}\n${USAGE}\n`);
  process.exit(2);
}
const TOGETHER = opts.together.split(",").map(Number);
if (!TOGETHER.every((n) => Number.isInteger(n) && n >= 1)) {
  process.stderr.write(`bench:train: --together must be whole numbers of networks, 1 or more, got ${opts.together}\n${USAGE}\n`);
  process.exit(2);
}
const N = 1000;
const BATCHES = [10, 1000];

const digits = await loadShippedDigits();
const train = split(digits, "train");
const images = toFloat32(train.pixels.subarray(0, N * 784));
const labels = train.labels.subarray(0, N);

console.log(`bench:train — [${SIZES.join(", ")}], ${N} MNIST images, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);

// numpy first (a separate process), so the two never share the cores.
const dir = await mkdtemp(join(tmpdir(), "vg-bench-"));
await writeFile(join(dir, "x.f32"), images);
await writeFile(join(dir, "y.u8"), labels);
const py = spawnSync("python3", [new URL("./bench/numpy_mlp.py", import.meta.url).pathname, join(dir, "x.f32"), join(dir, "y.u8"), SIZES.join(","), BATCHES.join(","), String(SECONDS)], { encoding: "utf8" });
let numpy: Record<string, number> | null = null;
if (py.status === 0) numpy = JSON.parse(py.stdout.trim().split("\n").at(-1)!);
else console.log(`numpy reference unavailable: ${(py.stderr || py.error?.message || "").trim().split("\n").at(-1)}`);

const rows: { backend: string; batch: number; rate: number }[] = [];
/** Batch 10, `networks` networks in one SgdTrainer: samples per second per network. */
const together: { backend: string; networks: number; rate: number }[] = [];
for (const name of opts.backends.split(",") as BackendName[]) {
  const { tf, reason } = await selectBackend(name);
  console.log(`backend ${reason}`);
  const x = tf.tensor2d(images, [N, 784]);
  const y = tf.tensor1d(Int32Array.from(labels), "int32");
  const order = Int32Array.from({ length: N }, (_, i) => i);
  for (const bs of BATCHES) {
    const t = new Trainer(tf, initialNetwork(SIZES, { weights: "scaled-gaussian", biases: "gaussian" }, 1), { cost: "cross-entropy", eta: 0.1, lambda: 5, batchSize: bs });
    t.epoch(images, labels, order, 784); // warm up
    await t.params();
    let done = 0;
    const started = performance.now();
    while (performance.now() - started < SECONDS * 1000) {
      t.epoch(images, labels, order, 784);
      await t.params(); // wait for the backend to finish the queued work
      done += N;
    }
    rows.push({ backend: name, batch: bs, rate: done / ((performance.now() - started) / 1000) });
    t.dispose();
  }
  for (const count of TOGETHER) {
    const nets = Array.from({ length: count }, (_, i) => initialNetwork(SIZES, { weights: "scaled-gaussian", biases: "gaussian" }, i + 1));
    const t = new SgdTrainer(tf, nets, { cost: "cross-entropy", eta: 0.1, lambda: 5, batchSize: 10 });
    const orders = nets.map(() => order);
    t.epoch([images], labels, orders, 784); // warm up
    await t.params();
    let done = 0;
    const started = performance.now();
    while (performance.now() - started < SECONDS * 1000) {
      t.epoch([images], labels, orders, 784);
      await t.params();
      done += N;
    }
    together.push({ backend: name, networks: count, rate: done / ((performance.now() - started) / 1000) });
    t.dispose();
  }
  tf.dispose([x, y]);
}

console.log("\nsamples per second (higher is better)");
console.log(`${"implementation".padEnd(26)}${BATCHES.map((b) => `batch ${b}`.padStart(14)).join("")}`);
if (numpy) console.log(`${`numpy ${numpy.numpy}`.padEnd(26)}${BATCHES.map((b) => numpy![String(b)].toFixed(0).padStart(14)).join("")}`);
for (const name of new Set(rows.map((r) => r.backend))) {
  const mine = BATCHES.map((b) => rows.find((r) => r.backend === name && r.batch === b)!.rate);
  console.log(`${`tfjs ${name}`.padEnd(26)}${mine.map((v) => v.toFixed(0).padStart(14)).join("")}`);
  if (numpy) console.log(`${`  ratio tfjs ${name} / numpy`.padEnd(26)}${mine.map((v, i) => (v / numpy![String(BATCHES[i])]).toFixed(3).padStart(14)).join("")}`);
}

if (together.length) {
  console.log(`\nbatch 10, N networks trained together (SgdTrainer): samples per second per network, for all N${numpy ? ", and all N over numpy's one network" : ""}`);
  for (const r of together) {
    const all = r.rate * r.networks;
    console.log(`${`tfjs ${r.backend}, N = ${r.networks}`.padEnd(26)}${r.rate.toFixed(0).padStart(14)} per network${all.toFixed(0).padStart(10)} in all${numpy ? `   ratio ${(all / numpy["10"]).toFixed(3)}` : ""}`);
  }
}

if (opts.pretrain) {
  const out = await mkdtemp(join(tmpdir(), "vg-bench-runs-"));
  const started = performance.now();
  const r = spawnSync(process.execPath, [new URL("./pretrain.ts", import.meta.url).pathname, "--force", "--out", out], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  if (r.status !== 0) throw new Error(`pretrain failed:\n${r.stderr}`);
  console.log(`\nall experiments (npm run pretrain -- --force): ${((performance.now() - started) / 1000).toFixed(1)} s wall clock, target ≤ 60 s`);
}
