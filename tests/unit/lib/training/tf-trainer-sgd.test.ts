/**
 * SgdTrainer with N networks at once (a leading network dimension) against N networks trained one
 * by one with Trainer, on both backends: every weight, bias, evaluation and gradient norm equal bit
 * for bit — not within a tolerance, because the batched trainer is built to sum every entry in a lone
 * network's order (src/lib/training/tf-kernels.ts matMulEach; the stacked product is used on wasm only, where
 * that order is checked below). And one batched step against a float64 step computed by hand from
 * src/lib/nets/mlp.ts's backprop, which shares no code with the trainer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../../../scripts/runs/backend.ts";
import { Trainer } from "../../../../src/lib/training/tf-trainer.ts";
import { SgdTrainer } from "../../../../src/lib/training/tf-trainer-sgd.ts";
import { BLOCK_DIAGONAL_MAX_N, BLOCK_DIAGONAL_MIN_OUT, evaluationOps, matMulEach, MiniBatch, transposedProductEach, STACKED_EXACT_INNER, toEvaluation, TRANSPOSED_MIN_INNER, type Tf, type TrainerOptions } from "../../../../src/lib/training/tf-kernels.ts";
import type { Tensor } from "@tensorflow/tfjs-core";
import { backprop } from "../../../../src/lib/nets/mlp.ts";
import { initialNetwork, type NetworkParams } from "../../../../src/lib/nets/network.ts";
import { mulberry32, shuffleInPlace } from "../../../../src/lib/rng.ts";

const m = 60;
const rand = mulberry32(5);
/** Inputs wider than STACKED_EXACT_INNER (a layer with one product per network) and a narrow set (every layer stacked). */
const wide = Float32Array.from({ length: m * 64 }, () => rand());
const narrow = Float32Array.from({ length: m * 20 }, () => rand());
const labels = Int32Array.from({ length: m }, (_, i) => (i * 7) % 10);

const init = (sizes: number[], seed: number) => initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, seed);
const flat = (p: NetworkParams) => [...p.weights, ...p.biases].map((a) => Array.from(a));

/** One network trained alone for two epochs of `order` (what a network trained beside others must equal), flattened. */
async function trainedAlone(tf: Tf, net: NetworkParams, opts: TrainerOptions, x: Float32Array, labels: ArrayLike<number>, order: Uint32Array, width: number) {
  const t = new Trainer(tf, net, opts);
  t.epoch(x, labels, order, width);
  t.epoch(x, labels, order, width);
  const p = flat(await t.params());
  t.dispose();
  return p;
}

/** Trains N networks one by one and together for `epochs` epochs, each with its own order and η (changed after epoch 1). */
async function both(backend: SelectedBackend, sizes: number[], x: Float32Array, opts: TrainerOptions, seeds: number[], epochs = 2) {
  const { tf } = backend;
  const width = sizes[0];
  const nets = seeds.map((s) => init(sizes, s));
  const orders = seeds.map(() => Uint32Array.from({ length: m }, (_, i) => i));
  const rands = seeds.map((s) => mulberry32(100 + s));
  const etas = seeds.map((_, i) => opts.eta * (i + 1));
  let alone = nets.map((n) => new Trainer(tf, n, opts));
  const together = new SgdTrainer(tf, nets, opts);
  for (let e = 0; e < epochs; e++) {
    orders.forEach((o, i) => shuffleInPlace(o, rands[i]));
    if (e === 1) {
      // A new η: a lone network is rebuilt from its parameters (as answers.ts used to), the batch is told.
      alone = await Promise.all(alone.map(async (t, i) => {
        const p = await t.params();
        t.dispose();
        return new Trainer(tf, p, { ...opts, eta: etas[i] });
      }));
      etas.forEach((eta, i) => together.setEta(i, eta));
    }
    alone.forEach((t, i) => t.epoch(x, labels, orders[i], width));
    together.epoch([x], labels, orders, width);
  }
  const xt = tf.tensor2d(x, [m, width]);
  const yt = tf.tensor1d(labels, "int32");
  const one = await Promise.all(alone.map(async (t) => ({ p: flat(await t.params()), ev: await t.evaluate(xt, yt, m), bg: await t.biasGradientNorms(xt, yt), gn: await t.gradientNorms(xt, yt) })));
  const tp = await together.params();
  const tev = await together.evaluate(xt, yt, m);
  const tbg = await together.biasGradientNorms(xt, yt);
  const tgn = await together.gradientNorms(xt, yt);
  const many = seeds.map((_, i) => ({ p: flat(tp[i]), ev: tev[i], bg: tbg[i], gn: tgn[i] }));
  const moved = maxMove(nets, tp);
  alone.forEach((t) => t.dispose());
  together.dispose();
  tf.dispose([xt, yt]);
  return { one, many, moved };
}

const maxMove = (before: NetworkParams[], after: NetworkParams[]) =>
  Math.max(...before.flatMap((n, i) => n.weights.map((w, l) => Math.max(...Array.from(w, (v, k) => Math.abs(v - after[i].weights[l][k]))))));

for (const name of ["wasm", "cpu"] as const) {
  describe(`SgdTrainer on the ${name} backend`, () => {
    let backend: SelectedBackend;
    beforeAll(async () => {
      backend = await selectBackend(name);
    });
    afterAll(() => backend.tf.disposeVariables());

    const cases: [string, number[], Float32Array, TrainerOptions][] = [
      ["sigmoid, cross-entropy, a wide first layer (one product per network) under stacked ones", [64, 12, 9, 10], wide, { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 10 }],
      ["tanh, quadratic, L2, every layer stacked", [20, 12, 9, 10], narrow, { cost: "quadratic", eta: 0.3, lambda: 2, batchSize: 6, activation: "tanh" }],
      ["ReLU, a frozen first layer, mini-batches of 20", [20, 12, 9, 10], narrow, { cost: "cross-entropy", eta: 0.1, lambda: 1, batchSize: 20, activation: "relu", frozenLayers: [1] }],
      ["mini-batches of 60 (an inner dimension past the stacked product's exact range)", [20, 12, 10], narrow, { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 60 }],
      [`stacked layers of ${BLOCK_DIAGONAL_MIN_OUT} outputs or more (block-diagonal forward products in a step), L2`, [20, 24, BLOCK_DIAGONAL_MIN_OUT, 10], narrow, { cost: "cross-entropy", eta: 0.5, lambda: 3, batchSize: 10 }],
    ];
    for (const [what, sizes, x, opts] of cases) {
      it(`three networks together equal three alone bit for bit: ${what}`, async () => {
        const { one, many, moved } = await both(backend, sizes, x, opts, [1, 2, 3]);
        expect(moved).toBeGreaterThan(1e-3);
        for (let i = 0; i < 3; i++) {
          expect(many[i].p, `network ${i}: parameters`).toEqual(one[i].p);
          expect(many[i].ev, `network ${i}: evaluation`).toEqual(one[i].ev);
          expect(many[i].bg, `network ${i}: ‖∂C/∂b‖`).toEqual(one[i].bg);
          expect(many[i].gn, `network ${i}: ‖∂C₀/∂W‖, ‖∂C₀/∂b‖`).toEqual(one[i].gn);
        }
        // The networks differ from each other (a trainer that trained one network three times would fail above, but say so here).
        expect(many[1].p).not.toEqual(many[0].p);
      });
    }

    it("keep drops networks: the rest go on exactly as if trained alone", async () => {
      const { tf } = backend;
      const sizes = [20, 30, 10];
      const opts: TrainerOptions = { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 10 };
      const order = Uint32Array.from({ length: m }, (_, i) => i);
      const together = new SgdTrainer(tf, [1, 2, 3].map((s) => init(sizes, s)), opts);
      together.epoch([narrow], labels, [order, order, order], 20);
      together.keep([2, 0]);
      expect(together.count).toBe(2);
      together.epoch([narrow], labels, [order, order], 20);
      const got = (await together.params()).map(flat);
      const alone = await Promise.all([3, 1].map((s) => trainedAlone(tf, init(sizes, s), opts, narrow, labels, order, 20)));
      expect(got).toEqual(alone);
      // Down to one network, evaluated on more rows than the stacked product takes (its per-network path).
      together.keep([1]);
      const rows = 1500;
      const xs = tf.tensor2d(Float32Array.from({ length: rows * 20 }, (_, i) => narrow[i % (m * 20)]), [rows, 20]);
      const ys = tf.tensor1d(Int32Array.from({ length: rows }, (_, i) => labels[i % m]), "int32");
      const lone = new Trainer(tf, init(sizes, 1), opts);
      lone.epoch(narrow, labels, order, 20);
      lone.epoch(narrow, labels, order, 20);
      expect(await together.evaluate(xs, ys, rows)).toEqual([await lone.evaluate(xs, ys, rows)]);
      lone.dispose();
      tf.dispose([xs, ys]);
      together.dispose();
    });

    it("one batched step matches a float64 step computed by hand from backprop (mlp.ts)", async () => {
      const { tf } = backend;
      const sizes = [20, 12, 10];
      const nets = [4, 5].map((s) => init(sizes, s));
      const eta = [0.5, 2];
      const t = new SgdTrainer(tf, nets, { cost: "cross-entropy", eta: 1, lambda: 0, batchSize: 4 });
      eta.forEach((e, i) => t.setEta(i, e));
      const orders = [Uint32Array.from([0, 1, 2, 3]), Uint32Array.from([7, 6, 5, 4])];
      t.batch([narrow], labels, orders, 20, 0, m);
      const got = await t.params();
      nets.forEach((net, i) => {
        const grads = Array.from(orders[i], (k) => backprop(net, narrow.subarray(k * 20, (k + 1) * 20), labels[k], "cross-entropy"));
        net.weights.forEach((w, l) =>
          w.forEach((v, j) => {
            const want = v - (eta[i] / 4) * grads.reduce((s, g) => s + g.weights[l][j], 0);
            expect(Math.abs(got[i].weights[l][j] - want), `network ${i} layer ${l} weight ${j}`).toBeLessThan(1e-5);
          }),
        );
        net.biases.forEach((b, l) =>
          b.forEach((v, j) => {
            const want = v - (eta[i] / 4) * grads.reduce((s, g) => s + g.biases[l][j], 0);
            expect(Math.abs(got[i].biases[l][j] - want), `network ${i} layer ${l} bias ${j}`).toBeLessThan(1e-5);
          }),
        );
      });
      expect(maxMove(nets, got)).toBeGreaterThan(1e-2);
      t.dispose();
    });

    it("refuses networks of different shapes and options it does not train, naming the fix", () => {
      const { tf } = backend;
      expect(() => new SgdTrainer(tf, [init([20, 12, 10], 1), init([20, 8, 10], 2)], { cost: "cross-entropy", eta: 1, lambda: 0, batchSize: 4 })).toThrow(
        "network 1 has sizes [20, 8, 10], network 0 [20, 12, 10]: networks trained together must have one shape",
      );
      expect(() => new SgdTrainer(tf, [init([20, 12, 10], 1)], { cost: "cross-entropy", eta: 1, lambda: 0, batchSize: 4, batchNorm: true })).toThrow(
        "SgdTrainer trains plain SGD without batch normalisation or shortcuts; use Trainer (src/lib/training/tf-trainer.ts), which picks the general trainer for these options",
      );
    });
  });
}

describe("matMulEach on wasm", () => {
  let backend: SelectedBackend;
  beforeAll(async () => {
    backend = await selectBackend("wasm");
  });

  it(`sums each network's entries as a lone product does, inside the stacked range (inner ≤ ${STACKED_EXACT_INNER}) and past it`, () => {
    const { tf } = backend;
    const r = mulberry32(9);
    for (const q of [10, STACKED_EXACT_INNER, 100, 784]) {
      const a = Float32Array.from({ length: 3 * 10 * q }, () => r() - 0.5);
      const b = Float32Array.from({ length: 3 * q * 30 }, () => r() - 0.5);
      const got = matMulEach(tf, tf.tensor3d(a, [3, 10, q]), tf.tensor3d(b, [3, q, 30])).dataSync();
      const want = [0, 1, 2].flatMap((i) => Array.from(tf.matMul(tf.tensor2d(a.subarray(i * 10 * q, (i + 1) * 10 * q), [10, q]), tf.tensor2d(b.subarray(i * q * 30, (i + 1) * q * 30), [q, 30])).dataSync()));
      expect(Array.from(got), `inner dimension ${q}`).toEqual(want);
    }
  });

  it(`transposedProductEach gives each network's aᵀb as a lone product does, bit for bit (N = 2 … ${BLOCK_DIAGONAL_MAX_N}), and nothing of the other networks'`, () => {
    const { tf } = backend;
    const r = mulberry32(12);
    for (let n = 2; n <= BLOCK_DIAGONAL_MAX_N; n++) {
      const a = Float32Array.from({ length: n * 10 * 31 }, () => r() - 0.5);
      // Network 0's δ is zero: its gradient must be exactly zero, whatever the others hold.
      const b = Float32Array.from({ length: n * 10 * 30 }, (_, i) => (i < 300 ? 0 : (r() - 0.5) * 1e3));
      const got = transposedProductEach(tf, tf.tensor3d(a, [n, 10, 31]), tf.tensor3d(b, [n, 10, 30])).dataSync();
      const want = Array.from({ length: n }, (_, i) => i).flatMap((i) => Array.from(tf.matMul(tf.transpose(tf.tensor2d(a.subarray(i * 310, (i + 1) * 310), [10, 31])), tf.tensor2d(b.subarray(i * 300, (i + 1) * 300), [10, 30])).dataSync()));
      expect(Array.from(got), `N = ${n}`).toEqual(want);
      expect(Array.from(got.subarray(0, 31 * 30)).every((v) => v === 0), `N = ${n}: network 0`).toBe(true);
    }
  });

  it("and the stacked product itself rounds otherwise past that range (why matMulEach falls back there)", () => {
    const { tf } = backend;
    const r = mulberry32(10);
    const q = 100;
    const a = Float32Array.from({ length: 3 * 10 * q }, () => r() - 0.5);
    const b = Float32Array.from({ length: 3 * q * 30 }, () => r() - 0.5);
    const stacked = Array.from(tf.matMul(tf.tensor3d(a, [3, 10, q]), tf.tensor3d(b, [3, q, 30])).dataSync());
    const lone = Array.from(tf.matMul(tf.tensor2d(a.subarray(0, 10 * q), [10, q]), tf.tensor2d(b.subarray(0, q * 30), [q, 30])).dataSync());
    expect(stacked.slice(0, 300)).not.toEqual(lone);
  });
});

/**
 * A wide lowest layer on wasm keeps its parameters transposed, Pᵀ = [b | Wᵀ], and computes a step's product
 * as Pᵀ·[1 | a]ᵀ. The oracle here is a plain SGD step written out below with the fused product a·W + b
 * (what every layer did before), sharing no code with the trainer's layers: the two must agree bit for bit.
 */
describe(`a lowest layer of ${TRANSPOSED_MIN_INNER} inputs or more on wasm (kept transposed)`, () => {
  let backend: SelectedBackend;
  beforeAll(async () => {
    backend = await selectBackend("wasm");
  });
  afterAll(() => backend.tf.disposeVariables());

  const rows = 40;
  const r = mulberry32(21);
  const x150 = Float32Array.from({ length: rows * 150 }, () => r());
  const ys = Int32Array.from({ length: rows }, (_, i) => (i * 3) % 10);

  type Ref = { w: Float32Array[]; b: Float32Array[] };
  const act = (tf: SelectedBackend["tf"], f: string, z: Tensor) => (f === "tanh" ? tf.tanh(z) : f === "relu" ? tf.relu(z) : tf.sigmoid(z));
  /** Every layer's activations, by the fused product (the output layer sigmoid). */
  function refForward(tf: SelectedBackend["tf"], p: Ref, x: Tensor, f: string): Tensor[] {
    const acts = [x];
    p.w.forEach((w, l) => {
      const g = l === p.w.length - 1 ? "sigmoid" : f;
      const W = tf.tensor2d(w, [acts[l].shape[1]!, w.length / acts[l].shape[1]!]);
      const z = tf.fused.matMul({ a: acts[l] as never, b: W, bias: tf.tensor1d(p.b[l]) });
      acts.push(act(tf, g, z));
    });
    return acts;
  }
  const slopeOf = (tf: SelectedBackend["tf"], f: string, h: Tensor) => (f === "tanh" ? tf.sub(1, tf.square(h)) : f === "relu" ? tf.step(h) : tf.mul(h, tf.sub(1, h)));
  /** ∂C/∂W and ∂C/∂b of every layer from δ of the output layer (scaled as the caller wants). */
  function refGradients(tf: SelectedBackend["tf"], p: Ref, acts: Tensor[], deltaL: Tensor, f: string, lowest: number) {
    const dW: Tensor[] = [];
    const db: Tensor[] = [];
    let d = deltaL;
    for (let l = p.w.length - 1; l >= lowest; l--) {
      const k = acts[l].shape[1]!;
      dW[l] = tf.matMul(tf.transpose(acts[l]), d);
      db[l] = tf.sum(d, 0);
      if (l > lowest) d = tf.mul(tf.matMul(d, tf.transpose(tf.tensor2d(p.w[l], [k, p.w[l].length / k]))), slopeOf(tf, f, acts[l]));
    }
    return { dW, db };
  }
  const outDelta = (tf: SelectedBackend["tf"], cost: string, a: Tensor, y: Tensor) => (cost === "cross-entropy" ? tf.sub(a, y) : tf.mul(tf.sub(a, y), tf.mul(a, tf.sub(1, a))));

  const cases: [string, number[], TrainerOptions][] = [
    ["sigmoid, cross-entropy, mini-batches of 10 (the transposed product)", [150, 12, 10], { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 10 }],
    ["tanh, quadratic, L2 (the weights shrink, the biases do not)", [150, 12, 10], { cost: "quadratic", eta: 0.3, lambda: 4, batchSize: 10, activation: "tanh" }],
    ["ReLU, mini-batches of 20, more than the layer's 12 outputs (the fused product, the transposed gradient)", [150, 12, 10], { cost: "cross-entropy", eta: 0.1, lambda: 1, batchSize: 20, activation: "relu" }],
    ["a frozen first layer below it (the lowest layer is the second)", [150, 110, 12, 10], { cost: "cross-entropy", eta: 0.5, lambda: 0, batchSize: 10, frozenLayers: [1] }],
  ];
  for (const [what, sizes, opts] of cases) {
    it(`trains, evaluates and measures as the fused product does, bit for bit: ${what}`, async () => {
      const { tf } = backend;
      const net = init(sizes, 7);
      const f = opts.activation ?? "sigmoid";
      const lowest = opts.frozenLayers?.length ?? 0;
      const t = new Trainer(tf, net, opts);
      const order = Uint32Array.from({ length: rows }, (_, i) => (i * 17) % rows);
      t.epoch(x150, ys, order, 150);
      t.epoch(x150, ys, order, 150);
      // The oracle: the same two epochs, step by step.
      const ref: Ref = { w: net.weights.map((w) => new Float32Array(w)), b: net.biases.map((b) => new Float32Array(b)) };
      const bs = opts.batchSize;
      for (let e = 0; e < 2; e++) {
        for (let s = 0; s + bs <= rows; s += bs) {
          tf.tidy(() => {
            const idx = Array.from(order.subarray(s, s + bs));
            const xb = tf.tensor2d(Float32Array.from(idx.flatMap((i) => Array.from(x150.subarray(i * 150, (i + 1) * 150)))), [bs, 150]);
            const yb = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(idx, (i) => ys[i]), "int32"), 10), "float32");
            const acts = refForward(tf, ref, xb, f);
            const { dW, db } = refGradients(tf, ref, acts, tf.mul(outDelta(tf, opts.cost, acts.at(-1)!, yb), opts.eta / bs), f, lowest);
            const decay = 1 - (opts.eta * opts.lambda) / rows;
            for (let l = lowest; l < ref.w.length; l++) {
              const k = sizes[l];
              const W = tf.tensor2d(ref.w[l], [k, sizes[l + 1]]);
              ref.w[l] = (decay === 1 ? tf.sub(W, dW[l]) : tf.sub(tf.mul(W, decay), dW[l])).dataSync() as Float32Array;
              ref.b[l] = tf.sub(tf.tensor1d(ref.b[l]), db[l]).dataSync() as Float32Array;
            }
          });
        }
      }
      const got = await t.params();
      got.weights.forEach((w, l) => expect(Array.from(w), `weights of layer ${l + 1}`).toEqual(Array.from(ref.w[l])));
      got.biases.forEach((b, l) => expect(Array.from(b), `biases of layer ${l + 1}`).toEqual(Array.from(ref.b[l])));
      expect(Math.max(...Array.from(got.weights[lowest], (v, i) => Math.abs(v - net.weights[lowest][i]))), "the transposed layer learned").toBeGreaterThan(1e-3);
      // Evaluation, ‖∂C/∂b‖ and ‖∂C₀/∂W‖, ‖∂C₀/∂b‖ on all rows, against the oracle's network.
      const xt = tf.tensor2d(x150, [rows, 150]);
      const yt = tf.tensor1d(ys, "int32");
      tf.engine().startScope();
      const want = (() => {
        const acts = refForward(tf, ref, xt, f);
        const y = tf.cast(tf.oneHot(yt, 10), "float32");
        const ev = evaluationOps(tf, opts.cost, acts.at(-1)!, yt, ref.w.map((w, l) => tf.tensor2d(w, [sizes[l], sizes[l + 1]]))).dataSync();
        const g = refGradients(tf, ref, acts, tf.div(outDelta(tf, opts.cost, acts.at(-1)!, y), rows), f, 0);
        const bias = refGradients(tf, ref, acts, outDelta(tf, opts.cost, acts.at(-1)!, y), f, 0).db.map((d) => tf.norm(tf.div(d, rows)).dataSync()[0]);
        return { ev: toEvaluation(ev, rows, opts.lambda, rows), weights: g.dW.map((d) => tf.norm(d).dataSync()[0]), biases: g.db.map((d) => tf.norm(d).dataSync()[0]), bias };
      })();
      tf.engine().endScope();
      expect(await t.evaluate(xt, yt, rows)).toEqual(want.ev);
      expect(await t.gradientNorms(xt, yt)).toEqual({ weights: want.weights, biases: want.biases });
      expect(await t.biasGradientNorms(xt, yt)).toEqual(want.bias);
      tf.dispose([xt, yt]);
      t.dispose();
    });
  }

  it("three networks together equal three alone, with keep, bit for bit", async () => {
    const { tf } = backend;
    const sizes = [150, 12, 9, 10];
    const opts: TrainerOptions = { cost: "cross-entropy", eta: 0.5, lambda: 2, batchSize: 10 };
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
    const together = new SgdTrainer(tf, [1, 2, 3].map((s) => init(sizes, s)), opts);
    together.setEta(1, 0.25);
    together.epoch([x150], ys, [order, order, order], 150);
    together.keep([2, 1]);
    together.epoch([x150], ys, [order, order], 150);
    const got = (await together.params()).map(flat);
    const alone = await Promise.all([[3, 0.5], [2, 0.25]].map(([s, eta]) => trainedAlone(tf, init(sizes, s), { ...opts, eta }, x150, ys, order, 150)));
    expect(got).toEqual(alone);
    together.dispose();
  });

  it("leaves no tensor behind: a step, the measurements and dispose free what they make", async () => {
    const { tf } = backend;
    const before = tf.memory().numTensors;
    const t = new Trainer(tf, init([150, 12, 10], 3), { cost: "cross-entropy", eta: 0.5, lambda: 3, batchSize: 10 });
    const order = Uint32Array.from({ length: rows }, (_, i) => i);
    t.epoch(x150, ys, order, 150);
    const xt = tf.tensor2d(x150, [rows, 150]);
    const yt = tf.tensor1d(ys, "int32");
    await t.evaluate(xt, yt, rows);
    await t.gradientNorms(xt, yt);
    await t.biasGradientNorms(xt, yt);
    tf.dispose([xt, yt]);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("MiniBatch", () => {
  const x = Float32Array.from({ length: 5 * 3 }, (_, i) => i + 1);
  const labels = [4, 3, 2, 1, 0];
  it("fills [1 | x]ᵀ: a row of ones, then one column per example", () => {
    const mb = new MiniBatch();
    mb.fillTransposed(x, labels, [4, 1, 3, 0], 3, 1, 2);
    expect(Array.from(mb.xt)).toEqual([1, 1, 10, 1, 11, 2, 12, 3]);
    expect(Array.from(mb.y).flatMap((v, i) => (v ? [i] : []))).toEqual([1, 14]);
  });
  it("fills N networks' mini-batches stacked, [N, bs, width + 1] with a column of ones first, each from its own order and inputs", () => {
    const mb = new MiniBatch();
    const x2 = x.map((v) => -v);
    mb.fillStacked([x, x2], labels, [[0, 1, 2, 3], [3, 2, 1, 0]], 3, 1, 2);
    expect(Array.from(mb.x)).toEqual([1, 7, 8, 9, 1, 10, 11, 12, 1, -4, -5, -6, 1, -1, -2, -3]);
    expect(Array.from(mb.y).flatMap((v, i) => (v ? [i] : []))).toEqual([2, 11, 20 + 3, 30 + 4]);
    expect(() => mb.fillStacked([x], labels, [[0, 1, 2], [0, 1, 2, 3]], 3, 1, 2)).toThrow("mini-batch 1 of 2 runs past the 3 examples");
  });
});
