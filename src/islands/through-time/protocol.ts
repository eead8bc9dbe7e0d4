/**
 * Messages between the "through time" demo's page side (session.ts) and its Web Worker (worker.ts),
 * which trains with src/lib/recurrent/training/recurrent-run.ts off the main thread: one mini-batch of an
 * LSTM at T = 100 takes longer than the 50 ms a page task may (scripts/bench-through-time.ts).
 * `gen` names the run a message is about: the page bumps it on Reset or new settings, and both sides
 * drop messages about an older one.
 */
import type { RecurrentRunSpec } from "../../lib/recurrent/training/recurrent-run.ts";
import type { TimeEntry } from "./committed.ts";

export type ToWorker =
  /** A new run (the old one is disposed); the worker measures its epoch 0 and posts it. */
  | { type: "init"; gen: number; spec: RecurrentRunSpec }
  /** Train until `until` epochs are completed, measuring after each. */
  | { type: "train"; gen: number; until: number }
  /** Stop after the current mini-batch. */
  | { type: "pause"; gen: number };

export type FromWorker =
  /** tfjs is loaded: which backend trains, and why (one sentence). */
  | { type: "backend"; name: string; reason: string }
  /** A measurement; ms: the epoch's time (training and measuring); steps: each mini-batch step's time in it, in ms. */
  | { type: "entry"; gen: number; entry: TimeEntry; ms: number; steps: number[] }
  /** The loop stopped (goal reached or paused) after `epoch` completed epochs. */
  | { type: "stopped"; gen: number; epoch: number }
  | { type: "error"; gen: number; message: string };

/** What the session needs of a worker: a Worker, or a fake in the unit tests. */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}
