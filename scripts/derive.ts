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
} from "./derived/store.ts";

const USAGE = `Usage: npm run derive -- [options]

Recomputes the derived data (scripts/derived/loaders/<id>.ts) whose loader or
inputs changed, and writes each atomically into public/derived/<id>/.

Options:
  --only ID        compute only this loader (repeat, or separate ids with commas)
  --force          compute even if the output is up to date
  --check          compute nothing: list ok/stale per loader, exit 1 if any is stale
  --loaders DIR    read loaders from DIR (default: scripts/derived/loaders)
  --out DIR        write outputs into DIR (default: public/derived)
  --help           show this text

The repository root is VG_ROOT when set (tests use a temporary root).
`;

const { opts: args, usageError } = parseCli("derive", USAGE, {
  only: { type: "string", multiple: true },
  force: { type: "boolean", default: false },
  check: { type: "boolean", default: false },
  loaders: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", default: false },
});
const loadersDir = args.loaders ? resolve(args.loaders) : LOADERS_DIR;
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
  const todo = chosen.filter((_, i) => args.force || !states[i].ok);
  for (const l of chosen) if (!todo.includes(l)) console.log(`derive: ${l.id} is up to date (skipped)`);
  if (todo.length === 0) {
    console.log("derive: nothing to compute");
    return 0;
  }
  let failed = 0;
  const started = performance.now();
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

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`derive: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
