/**
 * A child process of `npm run pretrain -- --jobs N` (forked by scripts/pretrain.ts): trains the runs
 * its parent sends, one at a time, with scripts/runs/pretrain-run.ts — the code the parent runs
 * itself with --jobs 1 — and says how each went. It never chooses a run: a run it is not sent is
 * never trained here.
 *
 * Messages in:  { type: "init", options }  then  { type: "run", run }  (one at a time)
 * Messages out: { type: "ready", backend }  { type: "epoch", id, progress }  { type: "done", id, line }
 *               { type: "failed", id, message }
 * When its parent goes (finished, failed or killed) it exits: between runs when the IPC channel
 * closes, and during a run at the next epoch — training resolves its promises without giving the
 * event loop a turn, so the channel's closing is not seen until the run ends, and the parent's
 * process id is checked instead (a child whose parent dies is handed to another). A write it had
 * begun is left as a temp folder, which the next pretrain removes (store.ts recoverInterrupted).
 */
import { runContext, trainRun, type ContextOptions, type RunContext } from "./pretrain-run.ts";
import type { ExperimentFile } from "./store.ts";
import type { Progress } from "./train-experiment.ts";

export type ToWorker = { type: "init"; options: ContextOptions } | { type: "run"; run: ExperimentFile };
export type FromWorker =
  | { type: "ready"; backend: string }
  | { type: "epoch"; id: string; progress: Progress }
  | { type: "done"; id: string; line: string }
  | { type: "failed"; id: string; message: string };

if (!process.send) {
  process.stderr.write("pretrain-worker: not a child process of scripts/pretrain.ts (run npm run pretrain -- --jobs N)\n");
  process.exit(2);
}
const send = (m: FromWorker) => process.send!(m);
process.on("disconnect", () => process.exit(1));
const parent = process.ppid;
const orphaned = () => process.ppid !== parent;

let ctx: Promise<RunContext> | undefined;
// Messages are handled in order: a run starts when the one before it has finished.
let queue: Promise<void> = Promise.resolve();

process.on("message", (m: ToWorker) => {
  queue = queue.then(async () => {
    if (m.type === "init") {
      ctx = runContext(m.options);
      try {
        send({ type: "ready", backend: (await ctx).backend.reason });
      } catch (e) {
        send({ type: "failed", id: "", message: (e as Error).message });
      }
      return;
    }
    const id = m.run.id;
    try {
      if (!ctx) throw new Error("pretrain-worker: a run arrived before init");
      const line = await trainRun(await ctx, m.run, (progress) => {
        if (orphaned()) process.exit(1);
        send({ type: "epoch", id, progress });
      });
      send({ type: "done", id, line });
    } catch (e) {
      send({ type: "failed", id, message: (e as Error).message });
    }
  });
});
