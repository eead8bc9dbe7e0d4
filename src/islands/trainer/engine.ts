/**
 * What the live trainer's session runs on in the page: the task scheduler (a new task through a
 * MessageChannel, without setTimeout's 4 ms clamp) and the engine loader, which on the first Start
 * loads tfjs with a backend (backend.ts), the trainer's digits (data.ts, checked by sha256; once) and
 * the shared training code (src/lib/training/training-run.ts, the code that trained the committed runs).
 */
import { fetchGetter } from "../verified-files.ts";
import type { Engine, Scheduler } from "./session.ts";
import type { TrainerData } from "./data.ts";
import type { BackendChoice } from "./settings.ts";

const channel = typeof MessageChannel === "function" ? new MessageChannel() : null;
const waiting: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

export const pageScheduler: Scheduler = {
  nextTask: () =>
    new Promise((resolve) => {
      if (!channel) return void setTimeout(resolve, 0);
      waiting.push(resolve);
      channel.port2.postMessage(0);
    }),
  now: () => performance.now(),
};

/** A loader of engines for the site at `base`: each call loads the chosen backend; the digits load once. */
export function engineLoader(base: string): (choice: BackendChoice) => Promise<Engine> {
  let data: Promise<TrainerData> | null = null;
  return async (choice) => {
    const [{ pickBackend }, { loadTrainerData }, { TrainingRun }] = await Promise.all([import("./backend.ts"), import("./data.ts"), import("../../lib/training/training-run.ts")]);
    data ??= loadTrainerData(fetchGetter(base));
    data.catch(() => (data = null));
    const [picked, digits] = await Promise.all([pickBackend(choice), data]);
    return { backend: picked.name, reason: picked.reason, run: (spec) => new TrainingRun(picked.tf, spec, digits.train, digits.test) };
  };
}
