/**
 * Derived data on disk: public/derived/<id>/ holds the files a loader
 * (scripts/derived/loaders/<id>.ts) computed, plus manifest.json. Like the runs
 * in scripts/runs/store.ts, a derived folder is cached by a hash of what decides
 * it, written atomically (temp folder → manifest → rename aside → rename in) and
 * verified by the build (src/build/verify-derived-integration.ts).
 *
 * The inputs hash is sha256 over the loader file and every input file (a
 * directory input means every file under it), each as its repo-relative path and
 * its contents; text files (valid UTF-8 without NUL bytes) have CRLF turned into
 * LF first, so a Windows checkout agrees. The manifest records the input list, so
 * the build can recompute the hash without importing (and so running) the loader:
 * the list is part of the loader file, which is hashed too, so editing either
 * shows up as stale.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { MANIFEST, sha256, writeFolderAtomically, type WriteStage } from "../atomic-folder.ts";
import { parseDerivedManifest, type DerivedManifest } from "../../src/lib/schemas/manifest.ts";

// VG_ROOT: a temporary root for tests, or a bundled copy of the scripts.
export const ROOT = process.env.VG_ROOT || new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const LOADERS_DIR = join(ROOT, "scripts/derived/loaders");
export const DERIVED_DIR = join(ROOT, "public/derived");

export interface LoaderContext {
  /** Absolute path of the repository root (VG_ROOT when set). */
  root: string;
  /** One plain line of progress. */
  log(message: string): void;
}

export type LoaderOutputs = Record<string, string | Uint8Array>;

/**
 * A loader's work as independent parts (one per study, one per run): `derive --jobs N` computes the
 * parts in separate processes, the longest first, and combines their results in its own; one process
 * computes them in list order. Either way each result passes through JSON (partResult), so both give
 * the same files.
 */
export interface LoaderParts {
  /** The parts' names, in the order combine receives them. Cheap: reads configs, computes nothing. */
  list(ctx: LoaderContext): Promise<string[]>;
  /** One part's result: plain data that JSON keeps exactly (no NaN or ±Infinity, no undefined in an array). */
  compute(ctx: LoaderContext, name: string): Promise<unknown>;
  /** The outputs from every part's result (name → result, in list order). */
  combine(ctx: LoaderContext, results: ReadonlyMap<string, unknown>): Promise<LoaderOutputs>;
}

export interface DerivedLoader {
  description: string;
  /** Repo-relative files whose contents decide the output: configs, data, run folders' files, and every src/lib or scripts file the loader's computation uses (a directory path means every file under it). */
  inputs: string[];
  /** Computes the outputs: file name (may contain '/') → contents. Written to public/derived/<id>/. A loader has run or parts, not both. */
  run?(ctx: LoaderContext): Promise<LoaderOutputs>;
  /** The computation as parts that may run in separate processes (instead of run). */
  parts?: LoaderParts;
}

/** A part's result as another process hands it over: through JSON, refusing what JSON would change. */
export function partResult(id: string, part: string, value: unknown): unknown {
  // An undefined property is dropped by JSON as by the output's own JSON.stringify; in an array it would become null.
  const text = JSON.stringify(value, function (this: unknown, key, v) {
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${id}: part "${part}" returned ${v} at "${key}", which JSON cannot carry to another process`);
    if (v === undefined && Array.isArray(this)) throw new Error(`${id}: part "${part}" returned undefined at "${key}", which JSON cannot carry to another process`);
    return v;
  });
  if (text === undefined) throw new Error(`${id}: part "${part}" returned nothing`);
  return JSON.parse(text);
}

/**
 * Computes a loader in this process: run, or every part in list order and then combine. Returns the
 * outputs and, for a loader with parts, each part's seconds (recorded so `--jobs` can start the longest first).
 */
export async function computeLoader(id: string, loader: DerivedLoader, ctx: LoaderContext): Promise<{ outputs: LoaderOutputs; partSeconds?: Record<string, number> }> {
  if (!loader.parts) return { outputs: await loader.run!(ctx) };
  const results = new Map<string, unknown>();
  const partSeconds: Record<string, number> = {};
  for (const name of await loader.parts.list(ctx)) {
    const t0 = performance.now();
    results.set(name, partResult(id, name, await loader.parts.compute(ctx, name)));
    partSeconds[name] = +((performance.now() - t0) / 1000).toFixed(2);
  }
  return { outputs: await loader.parts.combine(ctx, results), partSeconds };
}

export { MANIFEST };
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export { sha256 };

/** Repo-relative with forward slashes (absolute if outside the root), so hashes agree across machines. */
export function repoPath(root: string, path: string): string {
  const r = relative(root, path);
  if (r.startsWith("..") || isAbsolute(r)) return path.split(sep).join("/");
  return r.split(sep).join("/");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as hashed: text (valid UTF-8, no NUL) with CRLF → LF; anything else unchanged. */
export function normalisedContents(bytes: Uint8Array): Uint8Array | string {
  if (bytes.includes(0)) return bytes;
  try {
    return utf8.decode(bytes).replace(/\r\n/g, "\n");
  } catch {
    return bytes;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Every input file, repo-relative, sorted and without duplicates; throws naming an input that does not exist. */
export async function expandInputs(root: string, inputs: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    const p = resolve(root, input);
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new Error(`input ${input} does not exist`);
    }
    if (s.isDirectory()) for (const f of await filesUnder(p)) files.add(repoPath(root, f));
    else files.add(repoPath(root, p));
  }
  return [...files].sort();
}

/** sha256 over the loader file and every input file (path and normalised contents). */
export async function inputsHash(root: string, loaderFile: string, inputs: readonly string[]): Promise<string> {
  const h = createHash("sha256");
  const add = async (rel: string) => {
    h.update(`${rel}\0`);
    h.update(normalisedContents(new Uint8Array(await readFile(resolve(root, rel)))));
    h.update("\0");
  };
  await add(repoPath(root, resolve(root, loaderFile)));
  for (const f of await expandInputs(root, inputs)) await add(f);
  return h.digest("hex");
}

export interface LoaderFile {
  id: string;
  /** Absolute path of the module. */
  file: string;
}

/** Every <id>.ts in the loaders folder, sorted; a file name that is not a kebab-case id throws. */
export async function listLoaders(dir = LOADERS_DIR): Promise<LoaderFile[]> {
  if (!existsSync(dir)) return [];
  const out: LoaderFile[] = [];
  for (const f of (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort()) {
    const id = basename(f, ".ts");
    if (!ID_PATTERN.test(id)) throw new Error(`${join(dir, f)}: a loader's file name must be a kebab-case id like answers`);
    out.push({ id, file: join(dir, f) });
  }
  return out;
}

/** Imports a loader module and checks that its default export has the DerivedLoader shape. */
export async function importLoader(l: LoaderFile): Promise<DerivedLoader> {
  const mod = (await import(pathToFileURL(l.file).href)) as { default?: Partial<DerivedLoader> };
  const d = mod.default;
  const problems: string[] = [];
  if (!d || typeof d !== "object") problems.push("has no default export object");
  else {
    if (typeof d.description !== "string" || !d.description) problems.push("description must be a non-empty string");
    if (!Array.isArray(d.inputs) || !d.inputs.every((i) => typeof i === "string" && i.length > 0)) problems.push("inputs must be an array of repo-relative paths");
    const p = d.parts as Partial<LoaderParts> | undefined;
    const hasParts = p !== undefined;
    if (hasParts && (typeof p !== "object" || p === null || typeof p.list !== "function" || typeof p.compute !== "function" || typeof p.combine !== "function")) problems.push("parts must be an object with the functions list, compute and combine");
    if (hasParts && d.run !== undefined) problems.push("give run or parts, not both");
    if (!hasParts && typeof d.run !== "function") problems.push("run must be a function (or parts an object with list, compute and combine)");
  }
  if (problems.length) throw new Error(`${l.file}: not a derived loader: ${problems.join("; ")}`);
  return d as DerivedLoader;
}

/**
 * The repo-relative .ts files a module imports for its values, transitively
 * (relative specifiers only; `import type` is erased and skipped). A loader's
 * inputs must cover them, or editing one would not mark its output stale.
 */
export async function localImports(root: string, file: string): Promise<string[]> {
  const seen = new Set<string>();
  const pattern = /(?:^|\n)\s*(import|export)(\s+type\b)?[^"';]*?(?:from\s*)?["'](\.{1,2}\/[^"']+\.ts)["']|import\(\s*["'](\.{1,2}\/[^"']+\.ts)["']\s*\)/g;
  const visit = async (abs: string) => {
    const text = await readFile(abs, "utf8");
    for (const m of text.matchAll(pattern)) {
      if (m[2]) continue;
      const spec = m[3] ?? m[4];
      const target = resolve(dirname(abs), spec);
      const rel = repoPath(root, target);
      if (seen.has(rel) || !existsSync(target)) continue;
      seen.add(rel);
      await visit(target);
    }
  };
  await visit(resolve(root, file));
  return [...seen].sort();
}

/** Local modules the loader imports that none of its inputs cover. */
export async function uncoveredImports(root: string, loaderFile: string, inputs: readonly string[]): Promise<string[]> {
  const covered = (f: string) => inputs.some((i) => {
    const n = i.replace(/\/+$/, "");
    return f === n || f.startsWith(n + "/");
  });
  return (await localImports(root, loaderFile)).filter((f) => !covered(f));
}

// The atomic write-and-swap, shared with the runs (scripts/atomic-folder.ts).
export { recoverInterrupted, type WriteStage } from "../atomic-folder.ts";

/** A safe output name: relative, '/'-separated, no '..', not the manifest. */
function checkName(id: string, name: string): void {
  const parts = name.split("/");
  if (!name || name.startsWith("/") || name.includes("\\") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new Error(`${id}: output name ${JSON.stringify(name)} must be a relative path like table.json or sub/table.json`);
  }
  if (name === MANIFEST) throw new Error(`${id}: a loader cannot write ${MANIFEST}; the store writes it`);
}

/** A derived asset's manifest.json at `path`, read through its schema: throws naming the file (relative to `root`) and the first bad field. */
export async function readDerivedManifest(path: string, root = ROOT): Promise<DerivedManifest> {
  const file = repoPath(root, path);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return parseDerivedManifest(json, file);
}

/**
 * Writes a loader's outputs into a temp folder, hashes them as written, adds
 * manifest.json, then swaps the folder into outDir/<id> with renames. A throw at
 * any point (or a kill) leaves the previous output in place or recoverable.
 */
export async function writeDerived(
  id: string,
  outputs: Record<string, string | Uint8Array>,
  meta: Omit<DerivedManifest, "id" | "files">,
  outDir = DERIVED_DIR,
  reached: (stage: WriteStage) => void | Promise<void> = () => {},
): Promise<DerivedManifest> {
  for (const name of Object.keys(outputs)) checkName(id, name);
  return writeFolderAtomically(outDir, id, outputs, (_tmp, files): DerivedManifest => {
    const manifest: DerivedManifest = { id, ...meta, files };
    // Checked before it is written; written as made (the schema's parse would reorder its keys).
    parseDerivedManifest(manifest, `${id}/${MANIFEST}`);
    return manifest;
  }, reached);
}

export type DerivedState = { id: string; ok: true } | { id: string; ok: false; reason: string };

/**
 * One loader's output against its inputs. `inputs` is the loader's current list
 * (the CLI imports the loader); without it the manifest's recorded list is used
 * (the build, which does not import loaders).
 */
export async function checkDerived(
  loader: LoaderFile,
  opts: { root?: string; outDir?: string; inputs?: readonly string[] } = {},
): Promise<DerivedState> {
  const root = opts.root ?? ROOT;
  const dir = join(opts.outDir ?? DERIVED_DIR, loader.id);
  const id = loader.id;
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return { id, ok: false, reason: "is missing: it has never been computed (no manifest.json)" };
  let m: DerivedManifest;
  try {
    m = await readDerivedManifest(manifestPath, root);
  } catch (e) {
    return { id, ok: false, reason: `is corrupt: ${(e as Error).message}` };
  }
  let hash: string;
  try {
    hash = await inputsHash(root, loader.file, opts.inputs ?? m.inputs);
  } catch (e) {
    return { id, ok: false, reason: `is stale: ${(e as Error).message}` };
  }
  if (hash !== m.inputsHash) return { id, ok: false, reason: `is stale: ${repoPath(root, loader.file)} or one of its inputs changed since it was computed` };
  for (const [name, expected] of Object.entries(m.files)) {
    const path = join(dir, name);
    if (!existsSync(path)) return { id, ok: false, reason: `is missing ${name}` };
    if (sha256(await readFile(path)) !== expected) return { id, ok: false, reason: `is corrupt: ${name} does not match its sha256 in manifest.json` };
  }
  return { id, ok: true };
}

/** Every loader's output; throws one message listing each bad one with the exact command that fixes it. */
export async function verifyDerived(opts: { root?: string; loadersDir?: string; outDir?: string } = {}): Promise<LoaderFile[]> {
  const root = opts.root ?? ROOT;
  const loaders = await listLoaders(opts.loadersDir ?? join(root, "scripts/derived/loaders"));
  const outDir = opts.outDir ?? join(root, "public/derived");
  const states = await Promise.all(loaders.map((l) => checkDerived(l, { root, outDir })));
  const bad = states.filter((s) => !s.ok) as Extract<DerivedState, { ok: false }>[];
  if (bad.length) {
    const lines = bad.map((b) => `  ${repoPath(root, join(outDir, b.id))} ${b.reason}`);
    const only = bad.map((b) => `--only ${b.id}`).join(" ");
    throw new Error(`Derived data is not up to date:\n${lines.join("\n")}\nThe build never computes it by itself. Run:\n  npm run derive -- ${only}`);
  }
  return loaders;
}
