/**
 * `npm run pretrain`: trains every experiment in content/experiments/ whose
 * config or training code changed since its run in public/runs/ was written,
 * and skips the rest — a data loader with declared outputs, cached by hash.
 */
import { parseCli } from "./cli.ts";
import { fork, type ChildProcess } from "node:child_process";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { BACKENDS, type BackendName } from "./runs/backend.ts";
import type { Progress } from "./runs/train-experiment.ts";
import { checkRun, codeVersion, dataHash, loadExperiments, orphanRunWarnings, recoverInterrupted, RUNS_DIR, ROOT, EXPERIMENTS_DIR, SHIPPED_SOURCE, type ExperimentFile } from "./runs/store.ts";
import { runContext, trainRun, type ContextOptions } from "./runs/pretrain-run.ts";
import type { FromWorker, ToWorker } from "./runs/pretrain-worker.ts";
import { presetGridWarnings, presetNote } from "../src/islands/trainer/settings.ts";
import { closest } from "../src/lib/site/closest.ts";
import { loadShippedDigits, loadIdxDir } from "./mnist-source.ts";
import type { Digits } from "../src/lib/mnist/digits.ts";

const USAGE = `Usage: npm run pretrain -- [options]

Trains the experiments in content/experiments/ whose config or training code
changed, and writes each run atomically into public/runs/<id>/.

Options:
  --only ID          train only this experiment (repeat, or separate ids with commas)
  --force            train even if the committed run is up to date
  --backend NAME     auto | wasm | cpu | webgpu (default: wasm; auto says what it picked and why)
  --mnist-dir DIR    train on the standard MNIST IDX files in DIR instead of public/data/mnist-10k.bin.gz
  --experiments DIR  read configs from DIR (default: content/experiments)
  --out DIR          write runs into DIR (default: public/runs)
  --jobs N           train in N processes at once (default: the number of cores, at most the number
                     of runs to train); 1 trains every run in this process, one after another.
                     The files are the same whatever N is; only the timings in manifest.json differ
  --check            train nothing: list the state of every run, exit 1 if any is stale
                     (a run folder without a config is a warning, not a failure)
  --help             show this text

Whatever it trains, it warns about each run folder in the output folder that has no config, and
about each value of an experiment that the live trainer's controls cannot show exactly (and says
what the trainer's preset uses), and notes each experiment the live trainer cannot run.
`;

const { opts: args, usageError } = parseCli("pretrain", USAGE, {
  only: { type: "string", multiple: true },
  force: { type: "boolean", default: false },
  backend: { type: "string", default: "wasm" },
  "mnist-dir": { type: "string" },
  experiments: { type: "string" },
  out: { type: "string" },
  check: { type: "boolean", default: false },
  jobs: { type: "string" },
  help: { type: "boolean", default: false },
});
const backendName = args.backend as BackendName;
if (!BACKENDS.includes(backendName)) usageError(`unknown backend "${args.backend}" (expected one of ${BACKENDS.join(", ")})`);

const requestedJobs = args.jobs === undefined ? availableParallelism() : /^[1-9]\d*$/.test(args.jobs) ? Number(args.jobs) : usageError(`--jobs must be a whole number of processes, 1 or more (got "${args.jobs}")`);

const experimentsDir = args.experiments ? resolve(args.experiments) : EXPERIMENTS_DIR;
const runsDir = args.out ? resolve(args.out) : RUNS_DIR;
const show = (p: string) => relative(ROOT, p) || p;

async function main(): Promise<number> {
  for (const note of await recoverInterrupted(runsDir)) console.log(`pretrain: ${note}`);
  const all = await loadExperiments(experimentsDir, closest);
  const only = (args.only ?? []).flatMap((o: string) => o.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const id of only) {
    if (!all.some((e) => e.id === id)) {
      const near = closest(id, all.map((e) => e.id));
      usageError(`no experiment "${id}" in ${show(experimentsDir)}${near ? ` — did you mean "${near}"?` : ""} (have: ${all.map((e) => e.id).join(", ")})`);
    }
  }
  const chosen = only.length ? all.filter((e) => only.includes(e.id)) : all;
  // Nothing here stops a run: what the live trainer makes of each experiment, and runs without a config.
  for (const e of chosen) {
    const note = presetNote(e.file, e.experiment);
    if (note) console.warn(`pretrain: note: ${note}`);
    for (const w of presetGridWarnings(e.file, e.experiment)) console.warn(`pretrain: warning: ${w}`);
  }
  for (const w of await orphanRunWarnings(all, runsDir, experimentsDir)) console.warn(`pretrain: warning: ${w}`);
  const code = await codeVersion();
  // The shipped digits are decoded once: for the staleness check and, if needed, for training.
  const shippedDigits = await loadShippedDigits().catch(() => undefined);
  const shipped = shippedDigits && dataHash(shippedDigits);
  const states = await Promise.all(chosen.map((e) => checkRun(e, code, runsDir, shipped)));

  if (args.check) {
    for (const s of states) console.log(s.ok ? `  ok     ${s.id}` : `  stale  ${s.id} ${s.reason}`);
    return states.every((s) => s.ok) ? 0 : 1;
  }
  const todo = chosen.filter((_, i) => args.force || !states[i].ok);
  for (const e of chosen) if (!todo.includes(e)) console.log(`pretrain: ${e.id} is up to date (skipped)`);
  if (todo.length === 0) {
    console.log("pretrain: nothing to train");
    return 0;
  }

  const jobs = Math.min(requestedJobs, todo.length);
  const options: ContextOptions = { backend: backendName, mnistDir: args["mnist-dir"], code, runsDir, shippedDigits };
  const started = performance.now();
  if (jobs === 1) {
    const ctx = await runContext(options);
    console.log(`pretrain: backend ${ctx.backend.reason}`);
    console.log(dataLine(ctx.digits, ctx.source));
    for (const e of todo) {
      try {
        console.log(await trainRun(ctx, e, progressPrinter(e.id, process.stdout.isTTY && !process.env.CI)));
      } catch (err) {
        throw new RunFailed(e, err as Error, 0);
      }
    }
  } else {
    await trainInWorkers(todo, jobs, options);
  }
  console.log(`pretrain: ${todo.length} experiment(s) trained in ${((performance.now() - started) / 1000).toFixed(1)} s${jobs > 1 ? ` by ${jobs} processes` : ""}`);
  return 0;
}

const dataLine = (digits: Digits, source: string) =>
  `pretrain: data ${source} (${digits.trainCount} train / ${digits.count - digits.trainCount} test), ${availableParallelism()} cores`;

/** A run that threw: pretrain stops, naming the experiment's file; the runs written before it are kept. */
class RunFailed extends Error {
  constructor(e: ExperimentFile, cause: Error, stopped: number) {
    super(
      `training ${e.file} failed: ${cause.message}\n` +
        `pretrain: stopped${stopped ? ` ${stopped} other run(s) in progress, whose folders are as they were` : ""}; the runs written before it are kept`,
    );
  }
}

/**
 * --jobs N: N child processes (scripts/runs/pretrain-worker.ts), each handed the next run in `todo`
 * when it finishes one. The first failure stops every child: a child killed in the middle of a write
 * leaves a temp folder (or its previous run renamed aside), which recoverInterrupted puts right
 * before pretrain exits, so every run folder is either as it was or the complete new run.
 */
async function trainInWorkers(todo: ExperimentFile[], jobs: number, options: ContextOptions): Promise<void> {
  const { shippedDigits, ...sent } = options;
  const digits = options.mnistDir ? await loadIdxDir(options.mnistDir) : (shippedDigits ?? (await loadShippedDigits()));
  const live = process.stdout.isTTY && !process.env.CI;
  const workerFile = fileURLToPath(new URL("./runs/pretrain-worker.ts", import.meta.url));
  const children: ChildProcess[] = [];
  let next = 0;
  let toldBackend = false;
  let failure: Error | undefined;
  let pending = todo.length;
  const running = new Map<ChildProcess, ExperimentFile>();

  // Children handed no more work: they exit when their channel closes.
  const released = new Set<ChildProcess>();
  await new Promise<void>((resolveAll) => {
    const release = (child: ChildProcess) => {
      running.delete(child);
      released.add(child);
      if (child.connected) child.disconnect();
    };
    const fail = (e: ExperimentFile | undefined, err: Error) => {
      if (failure) return;
      const others = [...running.values()].filter((r) => r !== e).length;
      failure = e ? new RunFailed(e, err, others) : err;
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      resolveAll();
    };
    const give = (child: ChildProcess) => {
      if (next >= todo.length) return release(child);
      const e = todo[next++];
      running.set(child, e);
      child.send({ type: "run", run: e } satisfies ToWorker);
    };
    for (let i = 0; i < jobs; i++) {
      // The parent's stdout and stderr: a child's own writes (a warning from tfjs) are whole lines.
      const child = fork(workerFile, [], { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
      children.push(child);
      child.on("message", (m: FromWorker) => {
        if (failure) return;
        if (m.type === "ready") {
          if (!toldBackend) {
            toldBackend = true;
            console.log(`pretrain: backend ${m.backend}`);
            console.log(dataLine(digits, options.mnistDir ? `idx:${options.mnistDir}` : SHIPPED_SOURCE));
          }
          give(child);
        } else if (m.type === "epoch") {
          // On a terminal a live bar per process would overwrite the others': only the finished runs are shown.
          if (!live) progressPrinter(m.id, false)(m.progress);
        } else if (m.type === "done") {
          console.log(m.line);
          if (--pending === 0) {
            release(child);
            return resolveAll();
          }
          give(child);
        } else {
          fail(running.get(child), new Error(m.message));
        }
      });
      child.on("exit", (code, signal) => {
        if (failure || released.has(child)) return;
        const how = `its process (scripts/runs/pretrain-worker.ts) exited with ${signal ?? `code ${code}`}`;
        const e = running.get(child);
        fail(e, e ? new Error(how) : new Error(`a training process ${how.slice(4)} before it was given a run`));
      });
      child.send({ type: "init", options: sent } satisfies ToWorker);
    }
  });
  await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((ok) => c.once("exit", ok)))));
  if (failure) {
    for (const note of await recoverInterrupted(runsDir)) console.log(`pretrain: ${note}`);
    throw failure;
  }
}

/** A live bar on a terminal (`live`); one plain line per epoch elsewhere (CI logs). */
function progressPrinter(id: string, live: boolean) {
  return (p: Progress) => {
    const eta = p.epoch > 0 ? (p.elapsed / p.epoch) * (p.epochs - p.epoch) : 0;
    const acc = `${(p.testAccuracy * 100).toFixed(1)}%`;
    if (live) {
      const width = 24;
      const filled = Math.round((p.epoch / p.epochs) * width);
      const line = `${id.padEnd(20)} ${"█".repeat(filled)}${"░".repeat(width - filled)} epoch ${p.epoch}/${p.epochs}  test ${acc}  ETA ${eta.toFixed(0)} s`;
      process.stdout.write(`\r${line}\x1b[K${p.epoch === p.epochs ? "\n" : ""}`);
    } else {
      console.log(`${id} epoch ${p.epoch}/${p.epochs} test accuracy ${acc} elapsed ${p.elapsed.toFixed(1)} s ETA ${eta.toFixed(0)} s`);
    }
  };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`pretrain: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
