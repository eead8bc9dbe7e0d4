/**
 * One Adam step in tfjs ops (Kingma & Ba 2015, with bias correction), for both trainers that use it:
 * the MLP's general trainer (src/lib/training/tf-trainer-general.ts) and the recurrent one
 * (src/lib/recurrent/training/tf-recurrent.ts). Imports nothing but tfjs' types; tfjs is passed in.
 */
import type * as TF from "@tensorflow/tfjs-core";

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** A parameter's first and second moment estimates. */
export interface Moments {
  m: TF.Variable;
  v: TF.Variable;
}

/**
 * m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ);
 * `t` counts steps from 1. Call inside tf.tidy.
 */
export function adamStep(tf: typeof TF, p: TF.Variable, grad: TF.Tensor, mv: Moments, t: number, eta: number): void {
  const { beta1, beta2, epsilon } = ADAM;
  mv.m.assign(tf.add(tf.mul(mv.m, beta1), tf.mul(grad, 1 - beta1)));
  mv.v.assign(tf.add(tf.mul(mv.v, beta2), tf.mul(tf.square(grad), 1 - beta2)));
  const mHat = tf.div(mv.m, 1 - beta1 ** t);
  const vHat = tf.div(mv.v, 1 - beta2 ** t);
  p.assign(tf.sub(p, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), eta)));
}
