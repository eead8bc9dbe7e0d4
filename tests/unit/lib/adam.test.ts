/**
 * src/lib/adam.ts against Adam written out by hand in float64 for two steps on a parameter of three
 * entries (Kingma & Ba 2015, Algorithm 1). The trainers that call it are held to their float64
 * references in tests/unit/lib/nets and tests/unit/lib/recurrent/training.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { adamStep } from "../../../src/lib/adam.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("adamStep", () => {
  it("moves a parameter as Adam's two bias-corrected moments say, step after step", () => {
    const [b1, b2, eps, eta] = [0.9, 0.999, 1e-8, 0.01];
    const p0 = [0.5, -1, 2];
    const grads = [[0.2, -0.4, 0], [-0.1, 0.3, 1]];
    // By hand, in float64.
    const p = [...p0];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    grads.forEach((g, k) => {
      const t = k + 1;
      for (let i = 0; i < 3; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
        p[i] -= (eta * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
      }
    });
    // The first step of each entry with a gradient is η·sign(g) (m̂ = g, v̂ = g²): a check on the hand loop itself.
    expect(p0[0] - eta).toBeCloseTo(0.49, 12);

    const param = tf.variable(tf.tensor1d(p0));
    const mv = { m: tf.variable(tf.zeros([3])), v: tf.variable(tf.zeros([3])) };
    grads.forEach((g, k) => tf.tidy(() => adamStep(tf, param, tf.tensor1d(g), mv, k + 1, eta)));
    const got = Array.from(param.dataSync());
    got.forEach((x, i) => expect(x, `entry ${i}`).toBeCloseTo(p[i], 6));
    // A zero gradient so far leaves its entry where it was after step 1 (m = v = 0 there: 0/(0 + ε)).
    expect(Array.from(mv.m.dataSync())[2]).toBeCloseTo(0.1, 7);
  });
});
