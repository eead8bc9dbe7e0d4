/**
 * The live trainer's run, DOM-free (as TensorFlow Playground keeps its Player apart from the page):
 * the run's states, load/start/pause/step/reset, and the generation counter that stops a loop or a
 * step of a run that was dropped (new settings, Reset). It knows nothing of the page: it takes the
 * task scheduler and a loader as arguments and reports every change through `changed()`.
 *
 * Training runs in slices of at most SLICE_MS of mini-batches, and every measurement pass is its own
 * task (the run awaits `nextTask` between them), so no task holds the page for long.
 * Unit-tested with a fake run (tests/unit/islands/trainer/session.test.ts); the browser tests run the real one.
 */
import type { NetworkParams } from "../../lib/nets/network.ts";
import type { EpochLog, RunSpec, Snapshot } from "../../lib/training/training-run.ts";
import type { TrainerPoint } from "./figure.ts";
import { measureEvery, sameTraining, specOfSettings, type TrainerSettings } from "./settings.ts";

/** Longest stretch of mini-batches in one task, in milliseconds. */
export const SLICE_MS = 12;

export type SessionState = "idle" | "loading" | "running" | "paused" | "stepping" | "failed";

/** What the session needs of a training run: src/lib/training/training-run.ts's TrainingRun, or a fake. */
export interface RunLike {
  readonly epoch: number;
  readonly initial: NetworkParams;
  readonly measuredParams: NetworkParams;
  advance(stop?: () => boolean): boolean;
  snapshot(between: () => Promise<void>): Promise<Snapshot>;
  measure(between: () => Promise<void>): Promise<EpochLog>;
  dispose(): void;
}

/** A loaded backend with the digits: makes runs. */
export interface Engine {
  backend: string;
  /** Why this backend trains (the status line says it). */
  reason: string;
  run(spec: RunSpec): RunLike;
}

export interface Scheduler {
  /** Resolves in a new task (not a microtask). */
  nextTask(): Promise<void>;
  /** Milliseconds, for the length of a slice. */
  now(): number;
}

export interface SessionHooks {
  /** Loads tfjs with the chosen backend and the digits (the session asks once per backend choice). */
  load(backend: TrainerSettings["backend"]): Promise<Engine>;
  scheduler: Scheduler;
  /** Something a reader sees changed: the state, the points, the notice. */
  changed(): void;
  /** Loading failed: the session stays "failed". */
  failed(reason: string): void;
}

/** Thrown inside a measurement when the run it measures was dropped (reset, new settings). */
class Discarded extends Error {}

const asPoint = (epoch: number, s: Snapshot, weightChange: number[]): TrainerPoint => ({
  epoch,
  trainAccuracy: s.trainAccuracy,
  testAccuracy: s.testAccuracy,
  cost: s.cost,
  gradNorms: [...s.gradNorms],
  weightGradNorms: [...s.weightGradNorms],
  weightChange,
});

export class TrainerSession {
  #hooks: SessionHooks;
  #s: TrainerSettings;
  #state: SessionState = "idle";
  #engine: Engine | null = null;
  #engineFor: string | null = null;
  #loading: Promise<Engine> | null = null;
  /** The training loop while it runs (it may outlive a pause by one slice). */
  #loop: Promise<void> | null = null;
  #run: RunLike | null = null;
  #points: TrainerPoint[] = [];
  #measured: NetworkParams | null = null;
  /** Bumped whenever a run is discarded: a loop or step from an older run stops. */
  #generation = 0;
  /** A one-off message for the status line (settings changed, reset, end reached). */
  #notice = "";

  constructor(settings: TrainerSettings, hooks: SessionHooks) {
    this.#s = settings;
    this.#hooks = hooks;
  }

  get state(): SessionState {
    return this.#state;
  }
  get points(): readonly TrainerPoint[] {
    return this.#points;
  }
  get notice(): string {
    return this.#notice;
  }
  get settings(): TrainerSettings {
    return this.#s;
  }
  /** The engine that trains the current settings' backend choice, once loaded. */
  get engine(): Engine | null {
    return this.#engine && this.#engineFor === this.#s.backend ? this.#engine : null;
  }
  /** Whether any engine was ever loaded (the digits and tfjs are then in hand). */
  get loadedOnce(): boolean {
    return this.#engine !== null;
  }
  get hasRun(): boolean {
    return this.#run !== null;
  }
  /** The run's initial parameters and those of its last measurement; null before a run exists. */
  get weights(): { initial: NetworkParams; now: NetworkParams } | null {
    return this.#run && this.#measured ? { initial: this.#run.initial, now: this.#measured } : null;
  }

  /**
   * New settings. A change of what trains (or of the backend) drops the run; `notice` is then said
   * if a run was dropped. Epochs alone keep the run. Returns whether the run was dropped.
   */
  configure(next: TrainerSettings, notice = ""): boolean {
    const retrain = !sameTraining(this.#s, next) || this.#s.backend !== next.backend;
    // Said only when the reader saw something trained (a run still loading showed nothing).
    const had = this.#points.length > 0;
    this.#s = next;
    if (retrain) this.#discard(had ? notice : "");
    return retrain;
  }

  /** Start, or Pause while running. */
  toggle(): Promise<void> {
    if (this.#state === "running") {
      this.pause();
      return Promise.resolve();
    }
    return this.start();
  }

  async start(): Promise<void> {
    if (this.#state === "running" || this.#state === "loading" || this.#state === "stepping") return;
    // A loop that was paused may still be finishing its slice: only one loop ever trains.
    if (this.#loop) {
      this.#set("running");
      await this.#loop;
      if ((this.#state as SessionState) !== "running") return;
      this.#state = "paused";
    }
    this.#notice = "";
    const gen = this.#generation;
    const run = await this.#ensureRun();
    if (!run || gen !== this.#generation) return;
    if (this.#atEnd(run)) return;
    this.#set("running");
    this.#loop = this.#train(run, gen);
    await this.#loop;
    this.#loop = null;
  }

  pause(): void {
    if (this.#state === "running") this.#set("paused");
  }

  async step(): Promise<void> {
    if (this.#state === "loading" || this.#state === "stepping") return;
    if (this.#loop) {
      // Running, or paused while the loop still finishes its slice or a measurement: let it end
      // first, so that one epoch at a time trains, each measured once, none while it trains.
      this.#set("stepping");
      await this.#loop;
    }
    this.#notice = "";
    const gen = this.#generation;
    const run = await this.#ensureRun();
    if (!run || gen !== this.#generation) return;
    // Past the last epoch a step would count "Epoch 16 of 15": it stops there, as Start does.
    if (this.#atEnd(run)) return;
    this.#set("stepping");
    const ok = await this.#epoch(run, gen);
    // A step always shows where it got to, measured or not.
    if (ok && this.#points.at(-1)?.epoch !== run.epoch) await this.#measure(run, gen);
    if (gen !== this.#generation) return;
    this.#set("paused");
  }

  reset(): void {
    this.#discard("Reset: the network is back at its initial weights.");
    this.#hooks.changed();
  }

  /** Drops the run: the next Start or Step begins at epoch 0 of the current settings. */
  #discard(notice: string): void {
    this.#generation++;
    this.#run?.dispose();
    this.#run = null;
    this.#points = [];
    this.#measured = null;
    if (this.#state !== "failed") this.#state = "idle";
    this.#notice = notice;
  }

  #set(state: SessionState): void {
    this.#state = state;
    this.#hooks.changed();
  }

  /** tfjs, a backend and the digits, loaded once (again only if the reader picks another backend). */
  #load(): Promise<Engine> {
    const choice = this.#s.backend;
    if (this.#engine && this.#engineFor === choice) return Promise.resolve(this.#engine);
    if (this.#loading && this.#engineFor === choice) return this.#loading;
    this.#engineFor = choice;
    const loading = this.#hooks.load(choice).then((engine) => {
      if (this.#loading === loading) this.#engine = engine;
      return engine;
    });
    this.#loading = loading;
    loading.catch(() => {
      if (this.#loading !== loading) return;
      this.#loading = null;
      this.#engineFor = null;
    });
    return loading;
  }

  /** Waits for a new task; throws Discarded when the run of generation `gen` was dropped meanwhile. */
  async #yield(gen: number): Promise<void> {
    await this.#hooks.scheduler.nextTask();
    if (gen !== this.#generation) throw new Discarded();
  }

  /** The current run, created (and measured at epoch 0) if there is none. Each stage is its own task. */
  async #ensureRun(): Promise<RunLike | null> {
    if (this.#run) return this.#run;
    const gen = this.#generation;
    this.#set("loading");
    let engine: Engine;
    try {
      engine = await this.#load();
    } catch (e) {
      this.#state = "failed";
      this.#hooks.failed((e as Error).message);
      return null;
    }
    try {
      await this.#yield(gen);
      const run = engine.run(specOfSettings(this.#s));
      this.#run = run;
      await this.#yield(gen);
      const first = await run.snapshot(() => this.#yield(gen));
      this.#points = [asPoint(0, first, first.gradNorms.map(() => 0))];
      this.#measured = run.initial;
      await this.#yield(gen);
      return run;
    } catch (e) {
      if (e instanceof Discarded) return null;
      // Anything else (the backend failing to build the run or to measure it) is a failure the reader is told of.
      this.#state = "failed";
      this.#hooks.failed((e as Error).message);
      return null;
    }
  }

  /** Measures the run (each pass its own task); false if the run was discarded meanwhile. */
  async #measure(run: RunLike, gen: number): Promise<boolean> {
    try {
      await this.#yield(gen);
      const entry = await run.measure(() => this.#yield(gen));
      this.#points.push(asPoint(entry.epoch, entry, entry.weightChange));
      this.#measured = run.measuredParams;
      // Drawing is a task of its own too.
      await this.#yield(gen);
      return true;
    } catch (e) {
      if (e instanceof Discarded) return false;
      throw e;
    }
  }

  /**
   * Trains until an epoch completes, in slices; false if the run was discarded meanwhile or
   * `interrupted()` (a pause) stopped it between slices (the run keeps its place in the epoch).
   */
  async #epoch(run: RunLike, gen: number, interrupted: () => boolean = () => false): Promise<boolean> {
    const { nextTask, now } = this.#hooks.scheduler;
    for (;;) {
      const t0 = now();
      const done = run.advance(() => now() - t0 > SLICE_MS);
      if (done) break;
      await nextTask();
      if (gen !== this.#generation || interrupted()) return false;
    }
    if (run.epoch % measureEvery(this.#s) === 0 || run.epoch >= this.#s.epochs) return this.#measure(run, gen);
    return true;
  }

  /** True (and paused, saying so) when the run has trained the settings' epochs. */
  #atEnd(run: RunLike): boolean {
    if (run.epoch < this.#s.epochs) return false;
    this.#notice =
      run.epoch > this.#s.epochs
        ? `The run has trained ${run.epoch} epochs, more than the ${this.#s.epochs} now set: raise “Epochs” to train further, or Reset.`
        : `Reached ${this.#s.epochs} epochs: raise “Epochs” to train further, or Reset.`;
    this.#set("paused");
    return true;
  }

  /** The training loop: epochs until the end, a pause, or a discarded run. */
  async #train(run: RunLike, gen: number): Promise<void> {
    const paused = () => this.#state !== "running";
    while (!paused() && gen === this.#generation) {
      const measuredBefore = this.#points.length;
      if (!(await this.#epoch(run, gen, paused))) return;
      if (this.#points.length !== measuredBefore) this.#hooks.changed();
      if (run.epoch >= this.#s.epochs) {
        this.#set("paused");
        return;
      }
      await this.#hooks.scheduler.nextTask();
    }
  }
}
