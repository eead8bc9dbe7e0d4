/**
 * `npm run derive`: recomputes every derived asset (scripts/derived/loaders/<id>.ts
 * → public/derived/<id>/) whose loader or inputs changed since it was written, and
 * skips the rest. The build never computes; it checks (src/build/verify-derived-integration.ts).
 */
import { parseCli } from "./cli.ts";
import { join, resolve } from "node:path";
import {
  checkDerived,
  computeLoader,
  importLoader,
  partResult,
  inputsHash,
  listLoaders,
  recoverInterrupted,
  repoPath,
  uncoveredImports,
  writeDerived,
  DERIVED_DIR,
  LOADERS_DIR,
  ROOT,
  type DerivedLoader,
  type LoaderFile,
} from "./derived/store.ts";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { parseDerivedManifest } from "../src/lib/schemas/manifest.ts";

const USAGE = `Usage: npm run derive -- [options]

Recomputes the derived data (scripts/derived/loaders/<id>.ts) whose loader or
inputs changed, and writes each atomically into public/derived/<id>/.

Options:
  --only ID        compute only this loader (repeat, or separate ids with commas)
  --force          compute even if the output is up to date
  --check          compute nothing: list ok/stale per loader, exit 1 if any is stale
  --jobs N         compute up to N loaders at once, each in its own process (default: the number
                   of cores; 1 computes everything in this process, one loader after another); a loader
                   made of parts (one per study, one per run) spreads them over the processes; a
                   loader that reads another's output (public/derived/<id>/…) starts after it is written
  --loaders DIR    read loaders from DIR (default: scripts/derived/loaders)
  --out DIR        write outputs into DIR (default: public/derived)
  --part NAME      with --only ID and --part-out: compute only this part of the loader and write
                   its result as JSON to --part-out FILE (what --jobs runs in each process)
  --part-out FILE  where --part writes its result
  --worker         what --jobs runs each loader with: leaves other processes' unfinished writes
                   (.tmp-*, .old-* in the output folder) alone, since another worker may be making
                   them; the parent put interrupted ones right before it started any
  --help           show this text

The repository root is VG_ROOT when set (tests use a temporary root).
`;

const { opts: args, usageError } = parseCli("derive", USAGE, {
  only: { type: "string", multiple: true },
  force: { type: "boolean", default: false },
  check: { type: "boolean", default: false },
  jobs: { type: "string" },
  loaders: { type: "string" },
  out: { type: "string" },
  part: { type: "string" },
  "part-out": { type: "string" },
  worker: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
});
const loadersDir = args.loaders ? resolve(args.loaders) : LOADERS_DIR;
const jobs = args.jobs === undefined ? availableParallelism() : Number(args.jobs);
if (!Number.isInteger(jobs) || jobs < 1) usageError(`--jobs must be a whole number of processes, at least 1 (got "${args.jobs}")`);
const outDir = args.out ? resolve(args.out) : DERIVED_DIR;
const show = (p: string) => repoPath(ROOT, p);
if ((args.part === undefined) !== (args["part-out"] === undefined)) usageError("--part and --part-out go together");
if (args.part !== undefined && (args.only?.length !== 1 || args.only[0].includes(","))) usageError("--part needs exactly one --only ID: the loader the part belongs to");

/** `--part`: computes one part of one loader into --part-out (run by --jobs in a child process). */
async function onePart(): Promise<number> {
  const id = args.only![0];
  const l = (await listLoaders(loadersDir)).find((f) => f.id === id);
  if (!l) usageError(`no loader "${id}" in ${show(loadersDir)}`);
  const loader = await importLoader(l!);
  if (!loader.parts) usageError(`${show(l!.file)} has no parts (it computes with run)`);
  const ctx = { root: ROOT, log: (m: string) => console.log(`${id}/${args.part}: ${m}`) };
  const names = await loader.parts!.list(ctx);
  if (!names.includes(args.part!)) usageError(`${id} has no part "${args.part}" (have: ${names.join(", ")})`);
  const result = partResult(id, args.part!, await loader.parts!.compute(ctx, args.part!));
  writeFileSync(resolve(args["part-out"]!), JSON.stringify(result));
  return 0;
}

async function main(): Promise<number> {
  const all = await listLoaders(loadersDir);
  const only = (args.only ?? []).flatMap((o: string) => o.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const id of only) {
    if (!all.some((l) => l.id === id)) usageError(`no loader "${id}" in ${show(loadersDir)} (have: ${all.map((l) => l.id).join(", ") || "none"})`);
  }
  if (!args.check && !args.worker) for (const note of await recoverInterrupted(outDir)) console.log(`derive: ${note}`);
  const chosen = only.length ? all.filter((l) => only.includes(l.id)) : all;
  const modules = new Map<string, DerivedLoader>();
  for (const l of chosen) modules.set(l.id, await importLoader(l));
  const states = await Promise.all(chosen.map((l) => checkDerived(l, { root: ROOT, outDir, inputs: modules.get(l.id)!.inputs })));

  if (args.check) {
    for (const s of states) console.log(s.ok ? `  ok     ${s.id}` : `  stale  ${s.id} ${s.reason}`);
    const stale = states.filter((s) => !s.ok).map((s) => `--only ${s.id}`);
    if (stale.length) console.log(`Run: npm run derive -- ${stale.join(" ")}`);
    return stale.length ? 1 : 0;
  }
  const todo = inDependencyOrder(chosen.filter((_, i) => args.force || !states[i].ok), modules);
  for (const l of chosen) if (!todo.includes(l)) console.log(`derive: ${l.id} is up to date (skipped)`);
  if (todo.length === 0) {
    console.log("derive: nothing to compute");
    return 0;
  }
  let failed = 0;
  const started = performance.now();
  if (jobs > 1 && (todo.length > 1 || todo.some((l) => modules.get(l.id)!.parts))) {
    failed = await inParallel(todo, modules);
    console.log(`derive: ${todo.length - failed} of ${todo.length} loader(s) computed in ${((performance.now() - started) / 1000).toFixed(1)} s by up to ${jobs} processes`);
    return failed ? 1 : 0;
  }
  for (const l of todo) {
    const loader = modules.get(l.id)!;
    const t0 = performance.now();
    try {
      const missing = await uncoveredImports(ROOT, l.file, loader.inputs);
      if (missing.length) throw new Error(`${show(l.file)} imports ${missing.join(", ")}, which its inputs do not list: editing them would not mark the output stale`);
      // Hashed before running: an input edited while the loader runs leaves the output stale, not wrongly fresh.
      const hash = await inputsHash(ROOT, l.file, loader.inputs);
      console.log(`derive: computing ${l.id} (${loader.description})`);
      const { outputs, partSeconds } = await computeLoader(l.id, loader, { root: ROOT, log: (m) => console.log(`${l.id}: ${m}`) });
      const durationSeconds = +((performance.now() - t0) / 1000).toFixed(2);
      const manifest = await writeDerived(l.id, outputs, { inputsHash: hash, generatedAt: new Date().toISOString(), durationSeconds, ...(partSeconds && { partSeconds }), inputs: [...loader.inputs] }, outDir);
      console.log(`derive: wrote ${show(join(outDir, l.id))} (${Object.keys(manifest.files).length} file(s)) in ${durationSeconds.toFixed(1)} s`);
    } catch (e) {
      failed++;
      process.stderr.write(`derive: ${l.id} failed, its previous output is left as it was: ${(e as Error).message}\n`);
    }
  }
  console.log(`derive: ${todo.length - failed} of ${todo.length} loader(s) computed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

/** The loaders another one reads from (an input under public/derived/<id>/), among `todo`. */
function readsFrom(l: LoaderFile, todo: readonly LoaderFile[], modules: ReadonlyMap<string, DerivedLoader>): string[] {
  return todo.map((o) => o.id).filter((other) => other !== l.id && modules.get(l.id)!.inputs.some((i) => i === `public/derived/${other}` || i.startsWith(`public/derived/${other}/`)));
}

/** `todo` with every loader after the ones whose output it reads (otherwise in listing order). */
function inDependencyOrder(todo: readonly LoaderFile[], modules: ReadonlyMap<string, DerivedLoader>): LoaderFile[] {
  const out: LoaderFile[] = [];
  const rest = [...todo];
  while (rest.length) {
    const i = rest.findIndex((l) => readsFrom(l, todo, modules).every((d) => out.some((o) => o.id === d)));
    if (i < 0) throw new Error(`the loaders ${rest.map((l) => l.id).join(", ")} read each other's outputs in a circle: none can go first`);
    out.push(...rest.splice(i, 1));
  }
  return out;
}

/** Seconds a loader (or one of its parts) took when it last ran, from its manifest; 0 if unknown. */
function lastSeconds(id: string, part?: string, parts = 1): number {
  try {
    const path = join(outDir, id, "manifest.json");
    const m = parseDerivedManifest(JSON.parse(readFileSync(path, "utf8")), path);
    if (part !== undefined) return m.partSeconds?.[part] ?? m.durationSeconds / parts;
    return m.durationSeconds;
  } catch {
    return 0;
  }
}

/** One child process's work: a whole loader, or one part of a loader with parts. */
interface Unit {
  loader: LoaderFile;
  part?: string;
  estimate: number;
}

/** A loader with parts while they run: its hash, its parts' result files, which are done. */
interface PartsState {
  hash: Promise<string> | null;
  started: number;
  names: string[];
  files: Map<string, string>;
  seconds: Record<string, number>;
  failed: boolean;
}

/**
 * The loaders `todo` computed by up to `jobs` child processes: a loader without parts as
 * `derive --only <id> --force`, each part of a loader with parts as `derive --only <id> --part <name>`,
 * whose results this process combines and writes (the same code as one process, so the same files).
 * A loader whose inputs include another loader's output folder waits until that one is written; among
 * the units ready to start, the one that took longest last time goes first, so the longest does not
 * start last. Returns the failures.
 */
async function inParallel(todo: readonly LoaderFile[], modules: ReadonlyMap<string, DerivedLoader>): Promise<number> {
  const needs = new Map(todo.map((l) => [l.id, readsFrom(l, todo, modules)]));
  const partsDir = mkdtempSync(join(tmpdir(), "vg-derive-parts-"));
  const parts = new Map<string, PartsState>();
  const units: Unit[] = [];
  let failed = 0;
  for (const l of todo) {
    const loader = modules.get(l.id)!;
    if (!loader.parts) {
      units.push({ loader: l, estimate: lastSeconds(l.id) });
      continue;
    }
    let names: string[];
    try {
      const missing = await uncoveredImports(ROOT, l.file, loader.inputs);
      if (missing.length) throw new Error(`${show(l.file)} imports ${missing.join(", ")}, which its inputs do not list: editing them would not mark the output stale`);
      names = await loader.parts.list({ root: ROOT, log: (m) => console.log(`${l.id}: ${m}`) });
      if (names.length === 0 || new Set(names).size !== names.length) throw new Error(`${show(l.file)}: parts.list must name at least one part, each once (got ${JSON.stringify(names)})`);
    } catch (e) {
      process.stderr.write(`derive: ${l.id} failed, its previous output is left as it was: ${(e as Error).message}\n`);
      failed++;
      continue;
    }
    parts.set(l.id, { hash: null, started: 0, names, files: new Map(), seconds: {}, failed: false });
    for (const name of names) units.push({ loader: l, part: name, estimate: lastSeconds(l.id, name, names.length) });
  }
  const waiting = units.sort((a, b) => b.estimate - a.estimate);
  const done = new Set<string>();
  let running = 0;
  /** Drops what can no longer be computed because `id` failed: its own waiting parts, and every loader that reads it. */
  const fail = (id: string, message?: string) => {
    failed++;
    // A whole loader's process has said why it failed; a part's failure is said here for the loader.
    if (message) process.stderr.write(`derive: ${id} failed, its previous output is left as it was: ${message}\n`);
    const dropped = new Set<string>();
    for (let k = waiting.length - 1; k >= 0; k--) {
      const w = waiting[k];
      if (w.loader.id === id) waiting.splice(k, 1);
      else if (needs.get(w.loader.id)!.includes(id)) {
        if (!dropped.has(w.loader.id)) {
          process.stderr.write(`derive: ${w.loader.id} not computed: it reads ${id}'s output, which failed\n`);
          failed++;
          dropped.add(w.loader.id);
          const st = parts.get(w.loader.id);
          if (st) st.failed = true;
        }
        waiting.splice(k, 1);
      }
    }
  };
  const finishParts = async (l: LoaderFile, st: PartsState) => {
    const loader = modules.get(l.id)!;
    const results = new Map(st.names.map((n) => [n, JSON.parse(readFileSync(st.files.get(n)!, "utf8")) as unknown]));
    const outputs = await loader.parts!.combine({ root: ROOT, log: (m) => console.log(`${l.id}: ${m}`) }, results);
    const durationSeconds = +((performance.now() - st.started) / 1000).toFixed(2);
    const manifest = await writeDerived(l.id, outputs, { inputsHash: await st.hash!, generatedAt: new Date().toISOString(), durationSeconds, partSeconds: st.seconds, inputs: [...loader.inputs] }, outDir);
    console.log(`derive: wrote ${show(join(outDir, l.id))} (${Object.keys(manifest.files).length} file(s)) from ${st.names.length} parts in ${durationSeconds.toFixed(1)} s`);
  };
  return new Promise((resolveAll) => {
    const next = async () => {
      while (running < jobs) {
        const i = waiting.findIndex((u) => needs.get(u.loader.id)!.every((n) => done.has(n)));
        if (i < 0) break;
        const [u] = waiting.splice(i, 1);
        running++;
        const l = u.loader;
        const st = u.part === undefined ? undefined : parts.get(l.id)!;
        let argv = [process.argv[1], "--only", l.id, "--force", "--worker", "--loaders", loadersDir, "--out", outDir];
        if (st) {
          if (!st.hash) {
            // Hashed before the first part runs, as one process does: an input edited meanwhile leaves the output stale.
            st.started = performance.now();
            st.hash = inputsHash(ROOT, l.file, modules.get(l.id)!.inputs);
            await st.hash;
            console.log(`derive: computing ${l.id} in ${st.names.length} parts (${modules.get(l.id)!.description})`);
          }
          const file = join(partsDir, `${l.id}--${st.names.indexOf(u.part!)}.json`);
          st.files.set(u.part!, file);
          argv = [process.argv[1], "--only", l.id, "--part", u.part!, "--part-out", file, "--loaders", loadersDir];
        }
        const t0 = performance.now();
        const child = spawn(process.execPath, argv, { stdio: "inherit", env: process.env });
        child.on("exit", async (code) => {
          // `running` drops only after the results are combined and written, so nothing can conclude meanwhile.
          if (!st) {
            if (code === 0) done.add(l.id);
            else fail(l.id);
          } else if (code !== 0) {
            if (!st.failed) {
              st.failed = true;
              fail(l.id, `part "${u.part}" exited with ${code}`);
            }
          } else {
            st.seconds[u.part!] = +((performance.now() - t0) / 1000).toFixed(2);
            if (!st.failed && Object.keys(st.seconds).length === st.names.length) {
              try {
                await finishParts(l, st);
                done.add(l.id);
              } catch (e) {
                st.failed = true;
                fail(l.id, (e as Error).message);
              }
            }
          }
          running--;
          await next();
        });
      }
      if (running === 0) {
        for (const w of waiting) process.stderr.write(`derive: ${w.loader.id} not computed: it waits for ${needs.get(w.loader.id)!.filter((n) => !done.has(n)).join(", ")}\n`);
        rmSync(partsDir, { recursive: true, force: true });
        resolveAll(failed + new Set(waiting.map((w) => w.loader.id)).size);
      }
    };
    void next();
  });
}

(args.part !== undefined ? onePart() : main()).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`derive: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
