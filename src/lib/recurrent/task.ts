/**
 * "Recall the first symbol": a memory task whose answer needs memory over a
 * chosen distance T, generated from a seed (no downloads, no tfjs, DOM-free).
 * Lesson 7 trains recurrent networks on it and measures ‖∂C/∂hₜ‖ at every t.
 *
 * One example is a sequence of T + 1 steps, t = 0..T, over an alphabet of K
 * symbols. Inputs are one-hot over inputSize = K + 1 channels:
 *   channels 0..K−1  the symbol shown at that step (at most one is 1)
 *   channel K        the query flag
 *   step 0           the target symbol y (one of K), flag 0
 *   steps 1..T−1     distractors: symbols drawn uniformly from all K, flag 0
 *                    (the same alphabet as the target, so only the position
 *                    tells the target apart: the network has to remember it)
 *   step T           the query: flag 1 and no symbol
 * The network answers at step T (softmax over K classes, cross-entropy at the
 * last step only), T steps after it saw y: the cost's gradient has to travel
 * back exactly T steps to reach the input that decides the answer — the
 * product of T Jacobians of Hochreiter (1991) and Bengio, Simard & Frasconi
 * (1994). The query step carries no symbol so that it never looks like a
 * distractor, and distractors never carry the flag.
 *
 * Labels are balanced by construction: label i starts as i mod K and the list
 * is shuffled (Fisher–Yates, rng.ts), so every class has ⌊count/K⌋ or
 * ⌈count/K⌉ examples and a constant answer scores at most ⌈count/K⌉/count.
 * Draw order (part of the definition; do not change): one mulberry32(seed)
 * stream; first the shuffle of the labels, then the distractors, example by
 * example, step 1 to T−1, one draw each (⌊u·K⌋).
 */
import { mulberry32, shuffleInPlace } from "../rng.ts";

export interface RecallTaskOptions {
  /** Distance to remember: steps from the target (t = 0) to the query (t = T); integer ≥ 1. */
  T: number;
  /** Alphabet size; integer in 2..255 (labels are a Uint8Array). */
  K: number;
  /** Number of sequences; integer ≥ 1. */
  count: number;
  /** Seed of the mulberry32 stream (any integer; taken as u32). */
  seed: number;
}

export interface RecallTask {
  /** One-hot inputs, row-major [count, steps, inputSize]: inputs[(n·steps + t)·inputSize + channel]. */
  inputs: Float32Array;
  /** The step-0 symbol of each sequence, [count]. */
  labels: Uint8Array;
  /** K + 1: K symbol channels, then the query flag. */
  inputSize: number;
  /** T + 1. */
  steps: number;
}

const FILE = "src/lib/recurrent/task.ts";

function checkInt(name: string, value: number, min: number, max: number, why: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${FILE}: recallTask option ${name} must be an integer in ${min}..${max} (${why}), got ${value}`);
  }
}

/** The task's examples for { T, K, count, seed } (same options, same bytes). */
export function recallTask({ T, K, count, seed }: RecallTaskOptions): RecallTask {
  checkInt("T", T, 1, 100_000, "the distance to remember");
  checkInt("K", K, 2, 255, "the alphabet size; labels are a Uint8Array");
  checkInt("count", count, 1, 10_000_000, "the number of sequences");
  if (!Number.isInteger(seed)) throw new RangeError(`${FILE}: recallTask option seed must be an integer, got ${seed}`);
  const steps = T + 1;
  const inputSize = K + 1;
  const rand = mulberry32(seed);
  const order = new Uint32Array(count);
  for (let n = 0; n < count; n++) order[n] = n % K;
  shuffleInPlace(order, rand);
  const labels = Uint8Array.from(order);
  const inputs = new Float32Array(count * steps * inputSize);
  for (let n = 0; n < count; n++) {
    const base = n * steps * inputSize;
    inputs[base + labels[n]] = 1;
    for (let t = 1; t < T; t++) inputs[base + t * inputSize + Math.floor(rand() * K)] = 1;
    inputs[base + T * inputSize + K] = 1;
  }
  return { inputs, labels, inputSize, steps };
}

/** Accuracy of guessing: 1/K. */
export function chanceAccuracy(K: number): number {
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`${FILE}: chanceAccuracy K must be an integer ≥ 2, got ${K}`);
  return 1 / K;
}
