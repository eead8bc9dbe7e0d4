/**
 * The trainer's general path (batch normalisation, residual shortcuts, Adam, per-layer rates,
 * frozen layers) against the float64 reference src/lib/nets/reference-net.ts, on the cpu and the wasm
 * backends. The reference's own gradients are checked against central finite differences in
 * tests/unit/lib/nets/reference-net.test.ts; here the tfjs float32 code is held to the reference.
 *
 * Tolerances (float32 against float64, nets of 8-unit hidden layers, 12 examples):
 *  - gradient norms: 1e-5 relative (measured at most 6e-7, wasm);
 *  - one step (and three steps with frozen layers): every tensor's change Δθ = θ_after − θ_before
 *    within 1e-4 of the largest change of that tensor (measured at most 1.6e-5, wasm Adam; the
 *    float32 storage of θ ≈ 1 alone is 6e-8, next to steps of 1e-3 .. 1e-2);
 *  - three Adam steps: 1e-3 of the step size η per parameter (measured at most 1.6e-4);
 *  - running statistics: 1e-5 relative to max(1, |value|) (measured 1e-7); evaluate's cost 1e-5
 *    relative (measured 3.3e-7).
 *
 * One deliberate difference from the reference's update functions is mirrored here: with batch
 * normalisation the trainer does not update the hidden layers' biases (they cancel in z − μ, and
 * their gradient is rounding noise that Adam would turn into full steps). The reference's
 * updates move them; the comparison puts them back (see referenceStep).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type SelectedBackend } from "../../../../scripts/runs/backend.ts";
import { Trainer, type OptimizerKind } from "../../../../src/lib/training/tf-trainer.ts";
import { initialNetwork } from "../../../../src/lib/nets/network.ts";
import { mulberry32 } from "../../../../src/lib/rng.ts";
import {
  adamState,
  adamUpdate,
  backpropBatch,
  biasGradNorms,
  cloneRefNet,
  costOf,
  forwardBatch,
  layerwiseUpdate,
  refNetFrom,
  sgdUpdate,
  updateRunningStats,
  weightGradNorms,
  type AdamState,
  type RefNet,
  type RefOptions,
} from "../../../../src/lib/nets/reference-net.ts";
import type { Activation } from "../../../../src/lib/schemas/experiment.ts";

const m = 12;
const rand = mulberry32(17);
/** Inputs of width 20 (sizes [20, 8, 8, 8, 10]) and width 8 (sizes [8, 8, 8, 8, 10], where layer 1 could take a shortcut but must not). */
const x20 = Float32Array.from({ length: m * 20 }, () => rand());
const x8 = Float32Array.from({ length: m * 8 }, () => rand());
const labels = Int32Array.from({ length: m }, (_, i) => (i * 7) % 10);
const N = 100;

const ACTIVATIONS: readonly Activation[] = ["sigmoid", "tanh", "relu"];
const VARIANTS = [
  { name: "BN", batchNorm: true, residual: false },
  { name: "residual", batchNorm: false, residual: true },
  { name: "BN+residual", batchNorm: true, residual: true },
] as const;
type Variant = (typeof VARIANTS)[number];

const maxAbs = (a: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
};
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};
const sub = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from({ length: a.length }, (_, i) => a[i] - b[i]);

/** Largest measured errors, per kind, printed at the end of each backend's run (for the report). */
const worst: Record<string, number> = {};
const note = (kind: string, v: number) => (worst[kind] = Math.max(worst[kind] ?? 0, v));

/** The trainer's parameters, γ, β and running statistics as a float64 RefNet. */
async function stateOf(t: Trainer): Promise<RefNet> {
  const p = await t.params();
  const ref = refNetFrom(p);
  const bn = await t.batchNormState();
  if (bn) {
    ref.gamma = bn.gamma.map((v) => Float64Array.from(v));
    ref.beta = bn.beta.map((v) => Float64Array.from(v));
    ref.runningMean = bn.runningMean.map((v) => Float64Array.from(v));
    ref.runningVar = bn.runningVar.map((v) => Float64Array.from(v));
  }
  return ref;
}

/** Every trainable tensor of a RefNet with a name, in a fixed order. */
function tensors(net: RefNet): Array<[string, Float64Array, number]> {
  const out: Array<[string, Float64Array, number]> = [];
  net.weights.forEach((w, i) => out.push([`W${i + 1}`, w, i + 1]));
  net.biases.forEach((b, i) => out.push([`b${i + 1}`, b, i + 1]));
  net.gamma?.forEach((g, i) => out.push([`γ${i + 1}`, g, i + 1]));
  net.beta?.forEach((g, i) => out.push([`β${i + 1}`, g, i + 1]));
  return out;
}

/**
 * The reference's step as the trainer takes it: gradients of the batch (train mode), the running
 * statistics moved towards the batch's (from the same forward pass, before the update), then the
 * optimizer's update. Mirrors the trainer: with batch normalisation the hidden biases stay put,
 * and frozen layers (1-based) keep W, b, γ, β.
 */
function referenceStep(
  ref: RefNet,
  x: ArrayLike<number>,
  opts: RefOptions,
  optimizer: OptimizerKind,
  eta: number,
  adam: AdamState | null,
  frozen: number[] = [],
  y: ArrayLike<number> = labels,
  n = N,
) {
  const fw = forwardBatch(ref, x, opts, "train");
  const g = backpropBatch(ref, x, y, opts, n);
  updateRunningStats(ref, fw);
  const before = cloneRefNet(ref);
  if (optimizer === "adam") adamUpdate(adam!, ref, g, eta);
  else if (optimizer === "layerwise") layerwiseUpdate(ref, g, eta);
  else sgdUpdate(ref, g, eta);
  const L = ref.sizes.length - 1;
  if (opts.batchNorm) for (let l = 0; l < L - 1; l++) ref.biases[l].set(before.biases[l]);
  for (const f of frozen) {
    ref.weights[f - 1].set(before.weights[f - 1]);
    ref.biases[f - 1].set(before.biases[f - 1]);
    if (ref.gamma && f < L) {
      ref.gamma[f - 1].set(before.gamma![f - 1]);
      ref.beta![f - 1].set(before.beta![f - 1]);
    }
  }
}

for (const backendName of ["cpu", "wasm"] as const) {
  describe(`general path against the float64 reference on ${backendName}`, () => {
    let b: SelectedBackend;
    beforeAll(async () => {
      b = await selectBackend(backendName);
      expect(b.tf.getBackend()).toBe(backendName);
      for (const k of Object.keys(worst)) delete worst[k];
    });

    const batch = (x: Float32Array, width: number) => {
      const { tf } = b;
      const xt = tf.tensor2d(x, [m, width]);
      const yt = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), 10), "float32")) as never;
      return [xt, yt] as const;
    };

    describe("gradientNorms: ‖∂C₀/∂W‖ and ‖∂C₀/∂b‖ with the batch's statistics, running statistics untouched", () => {
      for (const activation of ACTIVATIONS) {
        for (const v of VARIANTS) {
          for (const sizes of v.residual ? [[20, 8, 8, 8, 10], [8, 8, 8, 8, 10]] : [[20, 8, 8, 8, 10]]) {
            it(`${activation}, ${v.name}, sizes [${sizes}]: within 1e-5 relative of the reference (λ = 0)`, async () => {
              const { tf } = b;
              const x = sizes[0] === 20 ? x20 : x8;
              const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 21);
              // λ > 0 in the trainer: gradientNorms measures the data term C₀ alone.
              const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.3, lambda: 5, batchSize: m, activation, batchNorm: v.batchNorm, residual: v.residual });
              // Take a step first so that γ, β and the running statistics are not at their start.
              const [xb, yb] = batch(x, sizes[0]);
              t.step(xb, yb, N);
              const ref = await stateOf(t);
              const xs = tf.tensor2d(x, [m, sizes[0]]);
              const ls = tf.tensor1d(labels, "int32");
              const got = await t.gradientNorms(xs, ls);
              const opts: RefOptions = { activation, cost: "cross-entropy", lambda: 0, batchNorm: v.batchNorm, residual: v.residual };
              const wantW = weightGradNorms(ref, x, labels, opts);
              const wantB = biasGradNorms(ref, x, labels, opts);
              wantW.forEach((w, l) => {
                const rel = Math.abs(got.weights[l] - w) / w;
                note("gradientNorms W (rel)", rel);
                expect(rel, `‖∂C₀/∂W${l + 1}‖ ${got.weights[l]} vs ${w}`).toBeLessThan(1e-5);
              });
              const L = sizes.length - 1;
              wantB.forEach((w, l) => {
                if (v.batchNorm && l < L - 1) {
                  // Cancels in z − μ: zero up to rounding in both.
                  note("gradientNorms b under BN (abs / ‖∂C₀/∂W‖)", got.biases[l] / wantW[l]);
                  expect(got.biases[l], `‖∂C₀/∂b${l + 1}‖ under batch normalisation`).toBeLessThan(1e-4 * wantW[l]);
                  return;
                }
                const rel = Math.abs(got.biases[l] - w) / w;
                note("gradientNorms b (rel)", rel);
                expect(rel, `‖∂C₀/∂b${l + 1}‖ ${got.biases[l]} vs ${w}`).toBeLessThan(1e-5);
              });
              if (v.batchNorm) {
                const after = (await t.batchNormState())!;
                after.runningMean.forEach((r, l) => expect(Array.from(r), `running mean ${l + 1} untouched`).toEqual(Array.from(ref.runningMean![l], Math.fround)));
                after.runningVar.forEach((r, l) => expect(Array.from(r), `running variance ${l + 1} untouched`).toEqual(Array.from(ref.runningVar![l], Math.fround)));
              }
              tf.dispose([xs, ls, xb, yb]);
              t.dispose();
            });
          }
        }
      }
    });

    describe("one step of each optimizer: W, b, γ, β and the running statistics as the reference's", () => {
      for (const optimizer of ["sgd", "adam", "layerwise"] as const) {
        for (const v of VARIANTS) {
          for (const lambda of [0, 3]) {
            for (const activation of ACTIVATIONS) {
              it(`${optimizer}, ${v.name}, λ = ${lambda}, ${activation}`, async () => {
                const { tf } = b;
                const sizes = [20, 8, 8, 8, 10];
                const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 22);
                const eta = optimizer === "adam" ? 0.01 : 0.5;
                const t = new Trainer(tf, net, { cost: "cross-entropy", eta, lambda, batchSize: m, activation, batchNorm: v.batchNorm, residual: v.residual, optimizer });
                const start = refNetFrom(net, v.batchNorm);
                const want = cloneRefNet(start);
                const opts: RefOptions = { activation, cost: "cross-entropy", lambda, batchNorm: v.batchNorm, residual: v.residual };
                referenceStep(want, x20, opts, optimizer, eta, adamState(want));
                const [xb, yb] = batch(x20, 20);
                t.step(xb, yb, N);
                const got = await stateOf(t);
                const s0 = tensors(start);
                const w0 = tensors(want);
                tensors(got).forEach(([name, g], i) => {
                  const dWant = sub(w0[i][1], s0[i][1]);
                  const scale = maxAbs(dWant);
                  if (v.batchNorm && name.startsWith("b") && name !== `b${sizes.length - 1}`) {
                    expect(Array.from(g), `${name} stays under batch normalisation`).toEqual(Array.from(s0[i][1]));
                    return;
                  }
                  // Every other tensor moves, by far more than the tolerance.
                  expect(scale, `${name} moves`).toBeGreaterThan(1e-4);
                  const err = maxDiff(sub(g, s0[i][1]), dWant) / scale;
                  note(`${optimizer} step Δθ (rel to max|Δθ|)`, err);
                  expect(err, `${name}: Δ off by ${err} of its size`).toBeLessThan(1e-4);
                });
                if (v.batchNorm) {
                  got.runningMean!.forEach((r, l) => {
                    const e = maxDiff(r, want.runningMean![l]) / Math.max(1, maxAbs(want.runningMean![l]));
                    note("running mean after a step (rel)", e);
                    expect(e, `running mean ${l + 1}`).toBeLessThan(1e-5);
                    expect(maxAbs(r), `running mean ${l + 1} moved`).toBeGreaterThan(1e-3);
                  });
                  got.runningVar!.forEach((r, l) => {
                    const e = maxDiff(r, want.runningVar![l]) / Math.max(1, maxAbs(want.runningVar![l]));
                    note("running variance after a step (rel)", e);
                    expect(e, `running variance ${l + 1}`).toBeLessThan(1e-5);
                    expect(maxDiff(r, start.runningVar![l]), `running variance ${l + 1} moved`).toBeGreaterThan(1e-3);
                  });
                }
                tf.dispose([xb, yb]);
                t.dispose();
              });
            }
          }
        }
      }
    });

    describe("three steps of Adam: moments and bias correction", () => {
      for (const v of VARIANTS) {
        for (const activation of ACTIVATIONS) {
          it(`${v.name}, ${activation}, λ = 2: every parameter within 1e-3·η of the reference`, async () => {
            const { tf } = b;
            const net = initialNetwork([20, 8, 8, 8, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 23);
            const eta = 0.01;
            const t = new Trainer(tf, net, { cost: "cross-entropy", eta, lambda: 2, batchSize: 4, activation, batchNorm: v.batchNorm, residual: v.residual, optimizer: "adam" });
            const want = refNetFrom(net, v.batchNorm);
            const start = cloneRefNet(want);
            const adam = adamState(want);
            const opts: RefOptions = { activation, cost: "cross-entropy", lambda: 2, batchNorm: v.batchNorm, residual: v.residual };
            // Three different mini-batches of 4: the moments mix gradients of different batches.
            const order = Int32Array.from([5, 0, 11, 3, 9, 1, 7, 2, 10, 4, 8, 6]);
            t.epoch(x20, labels, order, 20);
            for (let s = 0; s < m; s += 4) {
              const rows = Array.from(order.subarray(s, s + 4));
              const xs = new Float64Array(4 * 20);
              rows.forEach((r, i) => xs.set(x20.subarray(r * 20, r * 20 + 20), i * 20));
              // epoch takes the training-set size in the L2 term to be the order's length, m.
              referenceStep(want, xs, opts, "adam", eta, adam, [], rows.map((r) => labels[r]), m);
            }
            const got = await stateOf(t);
            const w0 = tensors(want);
            const s0 = tensors(start);
            tensors(got).forEach(([name, g], i) => {
              const err = maxDiff(g, w0[i][1]) / eta;
              note("adam 3 steps (|Δθ| / η)", err);
              expect(err, `${name} off by ${err}·η`).toBeLessThan(1e-3);
              if (!(v.batchNorm && name.startsWith("b") && name !== "b4")) expect(maxDiff(g, s0[i][1]), `${name} moved`).toBeGreaterThan(eta);
            });
            if (v.batchNorm) {
              got.runningMean!.forEach((r, l) => expect(maxDiff(r, want.runningMean![l])).toBeLessThan(1e-5 * Math.max(1, maxAbs(r))));
              got.runningVar!.forEach((r, l) => expect(maxDiff(r, want.runningVar![l])).toBeLessThan(1e-5 * Math.max(1, maxAbs(r))));
            }
            t.dispose();
          });
        }
      }
    });

    describe("evaluate uses inference mode (the running statistics)", () => {
      for (const v of VARIANTS) {
        for (const activation of ACTIVATIONS) {
          it(`${v.name}, ${activation}: cost (with L2) and accuracy as the reference's inference forward pass`, async () => {
            const { tf } = b;
            const net = initialNetwork([20, 8, 8, 8, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 24);
            const lambda = 2;
            const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.01, lambda, batchSize: 4, activation, batchNorm: v.batchNorm, residual: v.residual, optimizer: "adam" });
            const order = Int32Array.from({ length: m }, (_, i) => i);
            for (let e = 0; e < 2; e++) t.epoch(x20, labels, order, 20);
            const ref = await stateOf(t);
            const opts: RefOptions = { activation, cost: "cross-entropy", lambda, batchNorm: v.batchNorm, residual: v.residual };
            const fw = forwardBatch(ref, x20, opts, "inference");
            const wantCost = costOf(ref, fw, labels, opts, N);
            const aL = fw.a[4];
            let correct = 0;
            for (let r = 0; r < m; r++) {
              const row = Array.from(aL.subarray(r * 10, r * 10 + 10));
              if (row.indexOf(Math.max(...row)) === labels[r]) correct++;
            }
            const xs = tf.tensor2d(x20, [m, 20]);
            const ls = tf.tensor1d(labels, "int32");
            const got = await t.evaluate(xs, ls, N);
            const rel = Math.abs(got.cost - wantCost) / wantCost;
            note("evaluate cost (rel)", rel);
            expect(rel).toBeLessThan(1e-5);
            expect(got.accuracy).toBe(correct / m);
            if (v.batchNorm) {
              // The batch's own statistics give a clearly different cost: evaluate did not use them.
              const trainCost = costOf(ref, forwardBatch(ref, x20, opts, "train"), labels, opts, N);
              expect(Math.abs(trainCost - wantCost) / wantCost).toBeGreaterThan(1e-3);
            }
            tf.dispose([xs, ls]);
            t.dispose();
          });
        }
      }
    });

    describe("frozen layers on the general path", () => {
      const cases: Array<{ frozen: number[]; optimizer: OptimizerKind; v: Variant }> = [];
      for (const frozen of [[1], [2], [3], [2, 3], [4], [1, 4]]) for (const optimizer of ["sgd", "adam", "layerwise"] as const) for (const v of VARIANTS) cases.push({ frozen, optimizer, v });
      it.each(cases)("frozen $frozen, $optimizer, $v.name: W, b, γ, β of a frozen layer never change; the others follow the reference", async ({ frozen, optimizer, v }) => {
        const { tf } = b;
        const sizes = [20, 8, 8, 8, 10];
        const net = initialNetwork(sizes, { weights: "scaled-gaussian", biases: "gaussian" }, 25);
        const eta = optimizer === "adam" ? 0.01 : 0.3;
        const activation: Activation = "tanh";
        const t = new Trainer(tf, net, { cost: "cross-entropy", eta, lambda: 2, batchSize: m, activation, batchNorm: v.batchNorm, residual: v.residual, optimizer, frozenLayers: frozen });
        const start = refNetFrom(net, v.batchNorm);
        const want = cloneRefNet(start);
        const adam = adamState(want);
        const opts: RefOptions = { activation, cost: "cross-entropy", lambda: 2, batchNorm: v.batchNorm, residual: v.residual };
        const [xb, yb] = batch(x20, 20);
        for (let s = 0; s < 3; s++) {
          t.step(xb, yb, N);
          referenceStep(want, x20, opts, optimizer, eta, adam, frozen);
        }
        const got = await stateOf(t);
        const s0 = tensors(start);
        const w0 = tensors(want);
        tensors(got).forEach(([name, g, layer], i) => {
          if (frozen.includes(layer)) {
            expect(Array.from(g), `${name} of frozen layer ${layer}`).toEqual(Array.from(s0[i][1]));
            return;
          }
          const scale = maxAbs(sub(w0[i][1], s0[i][1]));
          if (v.batchNorm && name.startsWith("b") && layer < 4) return;
          // The layers below a frozen one learn: the gradient passes through it.
          expect(scale, `${name} learns`).toBeGreaterThan(1e-3);
          const err = maxDiff(sub(g, s0[i][1]), sub(w0[i][1], s0[i][1])) / scale;
          note(`frozen ${optimizer} 3 steps (rel to max|Δθ|)`, err);
          expect(err, `${name}`).toBeLessThan(1e-4);
        });
        tf.dispose([xb, yb]);
        t.dispose();
      });
    });

    describe("no tensor grows across steps", () => {
      for (const optimizer of ["sgd", "adam", "layerwise"] as const) {
        it(`${optimizer} with BN + residual: numTensors stable after the first step; norms and evaluate free what they make; dispose frees the rest`, async () => {
          const { tf } = b;
          const before = tf.memory().numTensors;
          const net = initialNetwork([20, 8, 8, 8, 10], { weights: "scaled-gaussian", biases: "gaussian" }, 26);
          const t = new Trainer(tf, net, { cost: "cross-entropy", eta: 0.01, lambda: 1, batchSize: 4, batchNorm: true, residual: true, optimizer });
          const [xb, yb] = batch(x20, 20);
          const xs = tf.tensor2d(x20, [m, 20]);
          const ls = tf.tensor1d(labels, "int32");
          t.step(xb, yb, N);
          const held = tf.memory().numTensors;
          for (let s = 0; s < 3; s++) t.step(xb, yb, N);
          t.epoch(x20, labels, Int32Array.from({ length: m }, (_, i) => i), 20);
          await t.gradientNorms(xs, ls);
          await t.biasGradientNorms(xs, ls);
          await t.evaluate(xs, ls, N);
          expect(tf.memory().numTensors).toBe(held);
          t.dispose();
          tf.dispose([xb, yb, xs, ls]);
          // Nothing stays: the weights, biases, γ, β, running statistics and Adam's moments are freed.
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    });

    it("prints the largest differences measured", () => {
      console.log(`[${backendName}] worst:`, JSON.stringify(worst, null, 1));
    });
  });
}
