/**
 * SgdTrainer with N networks at once (a leading network dimension) against N networks trained one
 * by one with Trainer, on both backends: every weight, bias, evaluation and gradient norm equal bit
 * for bit — not within a tolerance, because the batched trainer is built to sum every entry in a lone
 * network's order (src/lib/nets/tf-kernels.ts matMulEach; the stacked product is used on wasm only, where
 * that order is checked below). And one batched step against a float64 step computed by hand from
 * src/lib/nets/mlp.ts's backprop, which shares no code with the trainer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../../../scripts/runs/backend.ts";
import { Trainer } from "../../../../src/lib/nets/tf-trainer.ts";
import { SgdTrainer } from "../../../../src/lib/nets/tf-trainer-sgd.ts";
import { matMulEach, STACKED_EXACT_INNER, type TrainerOptions } from "../../../../src/lib/nets/tf-kernels.ts";
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
      const alone = await Promise.all([3, 1].map(async (s) => {
        const t = new Trainer(tf, init(sizes, s), opts);
        t.epoch(narrow, labels, order, 20);
        t.epoch(narrow, labels, order, 20);
        const p = flat(await t.params());
        t.dispose();
        return p;
      }));
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
        "SgdTrainer trains plain SGD without batch normalisation or shortcuts; use Trainer (src/lib/nets/tf-trainer.ts), which picks the general trainer for these options",
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
