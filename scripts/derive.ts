/**
 * `npm run derive`: recomputes every derived asset (scripts/derived/loaders/<id>.ts
 * → public/derived/<id>/) whose loader or inputs changed since it was written, and
 * skips the rest. The build never computes; it checks (src/build/verify-derived-integration.ts).
 */
import { parseCli } from "./cli.ts";
import { join, resolve } from "node:path";
import {
  checkDerived,
  importLoader,
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
import { readFileSync } from "node:fs";

const USAGE = `Usage: npm run derive -- [options]

Recomputes the derived data (scripts/derived/loaders/<id>.ts) whose loader or
inputs changed, and writes each atomically into public/derived/<id>/.

Options:
  --only ID        compute only this loader (repeat, or separate ids with commas)
  --force          compute even if the output is up to date
  --check          compute nothing: list ok/stale per loader, exit 1 if any is stale
  --jobs N         compute up to N loaders at once, each in its own process (default 1); a loader
                   that reads another's output (public/derived/<id>/…) starts after it is written
  --loaders DIR    read loaders from DIR (default: scripts/derived/loaders)
  --out DIR        write outputs into DIR (default: public/derived)
  --help           show this text

The repository root is VG_ROOT when set (tests use a temporary root).
`;

const { opts: args, usageError } = parseCli("derive", USAGE, {
  only: { type: "string", multiple: true },
  force: { type: "boolean", default: false },
  check: { type: "boolean", default: false },
  jobs: { type: "string", default: "1" },
  loaders: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", default: false },
});
const loadersDir = args.loaders ? resolve(args.loaders) : LOADERS_DIR;
const jobs = Number(args.jobs);
if (!Number.isInteger(jobs) || jobs < 1) usageError(`--jobs must be a whole number of processes, at least 1 (got "${args.jobs}")`);
const outDir = args.out ? resolve(args.out) : DERIVED_DIR;
const show = (p: string) => repoPath(ROOT, p);

async function main(): Promise<number> {
  const all = await listLoaders(loadersDir);
  const only = (args.only ?? []).flatMap((o: string) => o.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const id of only) {
    if (!all.some((l) => l.id === id)) usageError(`no loader "${id}" in ${show(loadersDir)} (have: ${all.map((l) => l.id).join(", ") || "none"})`);
  }
  if (!args.check) for (const note of await recoverInterrupted(outDir)) console.log(`derive: ${note}`);
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
  if (jobs > 1 && todo.length > 1) {
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
      const outputs = await loader.run({ root: ROOT, log: (m) => console.log(`${l.id}: ${m}`) });
      const durationSeconds = +((performance.now() - t0) / 1000).toFixed(2);
      const manifest = await writeDerived(l.id, outputs, { inputsHash: hash, generatedAt: new Date().toISOString(), durationSeconds, inputs: [...loader.inputs] }, outDir);
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

/**
 * The loaders `todo` computed by up to `jobs` child processes, each `derive --only <id> --force` (the same
 * code as one process, so the outputs are the same files). A loader whose inputs include another
 * loader's output folder waits until that one is written; among the loaders ready to start, the one
 * that took longest last time goes first, so the longest does not start last. Returns the failures.
 */
async function inParallel(todo: readonly LoaderFile[], modules: ReadonlyMap<string, DerivedLoader>): Promise<number> {
  const needs = new Map(todo.map((l) => [l.id, readsFrom(l, todo, modules)]));
  const lastSeconds = (id: string) => {
    try {
      return Number(JSON.parse(readFileSync(join(outDir, id, "manifest.json"), "utf8")).durationSeconds) || 0;
    } catch {
      return 0;
    }
  };
  const waiting = [...todo].sort((a, b) => lastSeconds(b.id) - lastSeconds(a.id));
  const done = new Set<string>();
  let failed = 0;
  let running = 0;
  return new Promise((resolveAll) => {
    const next = () => {
      while (running < jobs) {
        const i = waiting.findIndex((l) => needs.get(l.id)!.every((n) => done.has(n)));
        if (i < 0) break;
        const [l] = waiting.splice(i, 1);
        running++;
        const argv = [process.argv[1], "--only", l.id, "--force", "--loaders", loadersDir, "--out", outDir];
        const child = spawn(process.execPath, argv, { stdio: "inherit", env: process.env });
        child.on("exit", (code) => {
          running--;
          if (code === 0) done.add(l.id);
          else {
            failed++;
            // What needed it cannot be computed from a missing or stale input.
            for (let k = waiting.length - 1; k >= 0; k--) {
              if (needs.get(waiting[k].id)!.includes(l.id)) {
                process.stderr.write(`derive: ${waiting[k].id} not computed: it reads ${l.id}'s output, which failed\n`);
                waiting.splice(k, 1);
                failed++;
              }
            }
          }
          next();
        });
      }
      if (running === 0) {
        for (const w of waiting) process.stderr.write(`derive: ${w.id} not computed: it waits for ${needs.get(w.id)!.filter((n) => !done.has(n)).join(", ")}\n`);
        resolveAll(failed + waiting.length);
      }
    };
    next();
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`derive: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
