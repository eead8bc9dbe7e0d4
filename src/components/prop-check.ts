/**
 * Build-time checks of the props a lesson gives a component, against its entry in COMPONENT_PROPS
 * (props.ts): an unknown prop, a missing one, a wrong type, a value outside the range the island
 * itself uses, a run, experiment or derived file that does not exist. Each problem is a build error
 * naming the lesson file, the component, the prop and the value, with the fix ("did you mean …?",
 * the allowed range, the command that makes a missing run). A value between a slider's steps is
 * used snapped, with a warning. Node only (the components' frontmatter).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { literal } from "../lib/draw/format.ts";
import { closest } from "../lib/site/closest.ts";
import { COMPONENT_PROPS, type ComponentName, type PropSpec } from "./props.ts";

/** Where the checks look; the same environment variables the build and its tests use. */
export interface Dirs {
  runs: string;
  experiments: string;
  derived: string;
  loaders: string;
  lessons: string;
}

export function defaultDirs(): Dirs {
  const cwd = process.cwd();
  return {
    runs: process.env.VG_RUNS_DIR || join(cwd, "public/runs"),
    experiments: join(cwd, "content/experiments"),
    derived: process.env.VG_DERIVED_DIR || join(cwd, "public/derived"),
    loaders: join(cwd, "scripts/derived/loaders"),
    lessons: process.env.VG_LESSONS_DIR || "content/lessons",
  };
}

const shown = (path: string) => {
  const r = isAbsolute(path) ? relative(process.cwd(), path) : path;
  return (r.startsWith("..") ? path : r).replace(/\\/g, "/").replace(/\/$/, "");
};

const list = (dir: string, keep: (name: string) => boolean) => {
  try {
    return readdirSync(dir).filter(keep).sort();
  } catch {
    return [];
  }
};
const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The lesson file of the lesson `id` (the page's `lesson` param, src/pages/[lesson].astro): the
 * glob loader's id is the slug of the file's path in the lessons folder (src/content.config.ts).
 * Null when no file there has that slug.
 */
export function lessonFile(id: string, lessonsDir: string): string | null {
  if (!id) return null;
  const exact = join(lessonsDir, `${id}.mdx`);
  if (isFile(exact)) return `${shown(lessonsDir)}/${id}.mdx`;
  let files: string[];
  try {
    files = readdirSync(lessonsDir, { recursive: true }).map((f) => String(f).replace(/\\/g, "/"));
  } catch {
    return null;
  }
  const slugOf = (f: string) => f.replace(/\.mdx$/, "").toLowerCase().replace(/\s+/g, "-");
  const file = files.find((f) => f.endsWith(".mdx") && slugOf(f) === id);
  return file ? `${shown(lessonsDir)}/${file}` : null;
}

/**
 * What a build error names first: "content/lessons/flat-here.mdx, page /flat-here/", or the page
 * alone when it is no lesson. The lesson comes from the page's params, not from its URL: the base
 * path is not reliably known inside a component (import.meta.env.BASE_URL follows a BASE_URL
 * variable in the environment, which vitest sets to "/").
 */
export function placeOf(astro: Pick<AstroLike, "url" | "params">, lessonsDir: string = defaultDirs().lessons): string {
  const id = astro.params?.lesson;
  const file = id ? lessonFile(id, lessonsDir) : null;
  return file ? `${file}, page ${astro.url.pathname}` : astro.url.pathname;
}

// ---------------------------------------------------------------------------------------------
// Runs, experiments, derived files

const runIds = (d: Dirs) => list(d.runs, (n) => isFile(join(d.runs, n, "log.json")));
const experimentIds = (d: Dirs) => list(d.experiments, (n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
/** A plain id or file path: no "..", no absolute path, nothing a join could walk out of its folder with. */
const plain = (id: string) => id !== "" && !id.split("/").some((p) => p === "" || p === "." || p === "..");

/** Why `id` names no run, or undefined when public/runs/<id>/log.json exists. */
export function runProblem(id: string, dirs: Dirs = defaultDirs()): string | undefined {
  if (plain(id) && !id.includes("/") && isFile(join(dirs.runs, id, "log.json"))) return undefined;
  const experiments = experimentIds(dirs);
  if (experiments.includes(id)) return `there is no run "${id}" (public/runs/${id}/log.json). Train it with: npm run pretrain -- --only ${id}`;
  const runs = runIds(dirs);
  const near = closest(id, [...new Set([...runs, ...experiments])]);
  if (near) return `there is no run "${id}" — did you mean "${near}"?`;
  return `there is no run "${id}" in public/runs, nor an experiment content/experiments/${id}.json to train it from (runs: ${runs.join(", ") || "none"})`;
}

/** Why `id` names no experiment config, or undefined when content/experiments/<id>.json exists. */
export function experimentProblem(id: string, dirs: Dirs = defaultDirs()): string | undefined {
  const ids = experimentIds(dirs);
  if (ids.includes(id)) return undefined;
  const near = closest(id, ids);
  return `there is no experiment "${id}" in content/experiments${near ? ` — did you mean "${near}"?` : ` (experiments: ${ids.join(", ") || "none"})`}`;
}

/** Why `file` names no file under public/derived, or undefined when it exists. */
export function derivedProblem(file: string, dirs: Dirs = defaultDirs()): string | undefined {
  if (plain(file) && isFile(join(dirs.derived, file))) return undefined;
  const id = file.split("/")[0];
  const loader = plain(id) && isFile(join(dirs.loaders, `${id}.ts`));
  const compute = `there is no derived file public/derived/${file}. Compute it with: npm run derive -- --only ${id}`;
  if (loader && !existsSync(join(dirs.derived, id))) return compute;
  let files: string[] = [];
  try {
    files = readdirSync(dirs.derived, { recursive: true })
      .map((f) => String(f).replace(/\\/g, "/"))
      .filter((f) => f.includes("/") && !f.endsWith("/manifest.json") && isFile(join(dirs.derived, f)));
  } catch {
    /* no derived folder: nothing to suggest */
  }
  const near = closest(file, files);
  if (near) return `there is no derived file public/derived/${file} — did you mean "${near}"?`;
  if (loader) return compute;
  const loaders = list(dirs.loaders, (n) => n.endsWith(".ts")).map((n) => n.slice(0, -3));
  return `there is no derived file public/derived/${file}: files are named <loader>/<file>, and the loaders are ${loaders.join(", ") || "none"}`;
}

/** Why `row` names no row of public/derived/answers/answers.json (whose ids are `ids`), or undefined. */
export function answerRowProblem(row: string, ids: readonly string[]): string | undefined {
  if (ids.includes(row)) return undefined;
  const near = closest(row, ids);
  return `answers.json has no row "${row}"${near ? ` — did you mean "${near}"?` : ""} (rows: ${ids.join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// One prop

/** "The caption …" → "the caption …" after a colon (an acronym such as SVG stays). */
const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
/** Equal but for float rounding: a bound such as 10 ** -4 (0.00009999999999999999) admits 0.0001. */
const roughlyEqual = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
const quote = (v: unknown) => JSON.stringify(v);

/** The prop as a lesson writes it: a="x", a={5}, a. */
export function propText(name: string, v: unknown): string {
  if (v === true) return name;
  if (typeof v === "string") return `${name}=${quote(v.length > 40 ? `${v.slice(0, 39)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || v === null) return `${name}={${String(v)}}`;
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) {
    const text = `[${v.map((x) => quote(x) ?? "undefined").join(", ")}]`;
    return `${name}={${text.length > 60 ? `${text.slice(0, 59)}…]` : text}}`;
  }
  return `${name}={…}`;
}

const describe = (v: unknown) =>
  typeof v === "string" ? `the text ${quote(v)}` : Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;

const WANTS: Record<PropSpec["type"], string> = {
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  string: "text",
  "number[]": "a list of numbers",
  "string[]": "a list of texts",
  run: "a run id",
  "run[]": "a list of run ids",
  experiment: "an experiment id",
  "derived-file": "a file under public/derived",
  svg: "SVG markup",
  object: "an object",
  "object[]": "a list of objects",
};

/** "… takes a number, not the text "100": write a={100}". */
function wrongType(name: string, spec: PropSpec, v: unknown): string {
  let fix = "";
  if (typeof v === "string") {
    const n = v.trim() === "" ? NaN : Number(v);
    if ((spec.type === "number" || spec.type === "integer") && Number.isFinite(n)) fix = `: write ${name}={${n}}`;
    if (spec.type === "boolean" && (v === "true" || v === "false")) fix = `: write ${name}={${v}}`;
  }
  return `${name} takes ${WANTS[spec.type]}, not ${describe(v)}${fix}`;
}

type Limits = Readonly<Record<string, { min?: number; max?: number }>>;

function rangeText(spec: PropSpec, min: number | undefined, max: number | undefined): string {
  const bound = spec.bound && max !== undefined ? ` (${spec.bound})` : "";
  if (min !== undefined && max !== undefined) return `from ${literal(min)} to ${literal(max)}${bound}`;
  if (min !== undefined) return `at least ${literal(min)}`;
  return `at most ${literal(max!)}${bound}`;
}

/** Problems of one number against its range (and step): errors and warnings, each "what: why". */
function numberProblems(label: string, spec: PropSpec, v: number, limit: { min?: number; max?: number } | undefined, out: Problems, tag: string) {
  const min = limit?.min ?? spec.min;
  const max = limit?.max ?? spec.max;
  const whole = spec.type === "integer";
  if (!Number.isFinite(v)) return out.errors.push(`${tag}: ${label} must be a finite number, not ${v}`);
  if (whole && !Number.isInteger(v)) {
    return out.errors.push(`${tag}: ${label} is ${v}: it must be a whole number${min !== undefined || max !== undefined ? ` ${rangeText(spec, min, max)}` : ""}`);
  }
  if ((min !== undefined && v < min && !roughlyEqual(v, min)) || (max !== undefined && v > max && !roughlyEqual(v, max))) {
    return out.errors.push(`${tag}: ${label} is ${v}, out of range: it must be ${rangeText(spec, min, max)}`);
  }
  if (spec.step) {
    const used = Number((Math.round(v / spec.step) * spec.step).toFixed(6));
    if (Math.abs(used - v) > 1e-9) out.warnings.push(`${tag}: ${label} is ${v}, between the demo's steps of ${literal(spec.step)}: the demo uses ${literal(used)}`);
  }
}

export interface Problems {
  errors: string[];
  warnings: string[];
}

export interface CheckOptions {
  /** Bounds known only once the component has read its data (PixelsDemo's digit: the sample's size − 1). */
  limits?: Limits;
  dirs?: Dirs;
  /** stateIds already used on the page. */
  taken?: Set<string>;
}

/** Every problem of `props` for component `name`, each line "<Name prop=value>: what is wrong and the fix". */
export function propProblems(name: ComponentName, props: Readonly<Record<string, unknown>>, options: CheckOptions = {}): Problems {
  const specs: Readonly<Record<string, PropSpec>> = COMPONENT_PROPS[name];
  const dirs = options.dirs ?? defaultDirs();
  const out: Problems = { errors: [], warnings: [] };
  const known = Object.keys(specs);
  for (const [key, v] of Object.entries(props)) {
    // Astro's scoped-style marker, which a parent's template may hand its child components.
    if (key in specs || key.startsWith("data-astro-")) continue;
    const tag = `<${name} ${propText(key, v)}>`;
    if (!known.length) {
      out.errors.push(`${tag}: ${name} takes no props`);
      continue;
    }
    const near = closest(key, known);
    out.errors.push(`${tag}: ${name} has no prop "${key}"${near ? ` — did you mean "${near}"?` : "."} It takes: ${known.join(", ")}`);
  }
  for (const [key, spec] of Object.entries(specs)) {
    const v = props[key];
    const tag = `<${name} ${propText(key, v)}>`;
    if (v === undefined) {
      if (spec.required) out.errors.push(`<${name}>: needs ${key}=${["string", "run", "experiment", "derived-file"].includes(spec.type) ? '"…"' : "{…}"}: ${lower(spec.doc)}`);
      else if (key === "stateId" && typeof spec.default === "string") claimStateId(spec.default, `<${name}>`, options.taken, out);
      continue;
    }
    const bad = () => out.errors.push(`${tag}: ${wrongType(key, spec, v)}`);
    switch (spec.type) {
      case "number":
      case "integer":
        if (typeof v !== "number") bad();
        else numberProblems(key, spec, v, options.limits?.[key], out, tag);
        break;
      case "boolean":
        if (typeof v !== "boolean") bad();
        break;
      case "number[]": {
        if (!Array.isArray(v) || v.some((x) => typeof x !== "number")) {
          bad();
          break;
        }
        if (spec.maxLength !== undefined && v.length > spec.maxLength) out.errors.push(`${tag}: ${key} has ${v.length} entries: it takes at most ${spec.maxLength}`);
        v.forEach((x, i) => numberProblems(`${key}[${i}]`, spec, x, options.limits?.[key], out, tag));
        break;
      }
      case "string[]":
      case "run[]": {
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
          bad();
          break;
        }
        if (spec.minLength !== undefined && v.length < spec.minLength) out.errors.push(`${tag}: ${key} has ${v.length} ${v.length === 1 ? "entry" : "entries"}: it needs at least ${spec.minLength}`);
        if (spec.type === "run[]") for (const id of v) addIf(out, tag, runProblem(id, dirs));
        break;
      }
      case "object":
        if (typeof v !== "object" || v === null || Array.isArray(v)) bad();
        break;
      case "object[]":
        if (!Array.isArray(v) || v.some((x) => typeof x !== "object" || x === null)) bad();
        break;
      default: {
        // string, run, experiment, derived-file, svg: text first.
        if (typeof v !== "string") {
          bad();
          break;
        }
        if (spec.required && !v.trim()) {
          out.errors.push(`${tag}: ${key} is empty: ${lower(spec.doc)}`);
          break;
        }
        if (spec.values && !spec.values.includes(v)) {
          const near = closest(v, spec.values);
          out.errors.push(`${tag}: ${key} is ${quote(v)}: it must be one of ${spec.values.map(quote).join(", ")}${near ? ` — did you mean ${quote(near)}?` : ""}`);
        }
        if (spec.type === "svg" && !v.trimStart().startsWith("<svg")) out.errors.push(`${tag}: ${key} must be SVG markup starting with <svg`);
        if (spec.type === "run") addIf(out, tag, runProblem(v, dirs));
        if (spec.type === "experiment") addIf(out, tag, experimentProblem(v, dirs));
        if (spec.type === "derived-file") addIf(out, tag, derivedProblem(v, dirs));
        const why = spec.rule?.check(v);
        if (why) out.errors.push(`${tag}: ${why}`);
        else if (key === "stateId") claimStateId(v, tag, options.taken, out);
      }
    }
  }
  return out;
}

function addIf(out: Problems, tag: string, problem: string | undefined) {
  if (problem) out.errors.push(`${tag}: ${problem}`);
}

function claimStateId(id: string, tag: string, taken: Set<string> | undefined, out: Problems) {
  if (!taken) return;
  if (taken.has(id)) out.errors.push(`${tag}: stateId "${id}" is already used by another demo on this page: give each demo its own stateId`);
  taken.add(id);
}

// ---------------------------------------------------------------------------------------------
// In a component

/** The part of the Astro global the check reads. */
export interface AstroLike {
  /** A component's Props (an interface, so no index signature: read as a record). */
  props: object;
  url: URL;
  /** The page's route params: a lesson page has `lesson` (src/pages/[lesson].astro). */
  params?: Record<string, string | undefined>;
  request: object;
}

const stateIdsByPage = new WeakMap<object, Set<string>>();

/**
 * Checks a component's props where it renders (`checkProps(Astro, "ContourDemo")`): throws one
 * error with a line per problem, each naming the lesson file, and prints a warning per value
 * that the demo snaps. Returns the place ("content/lessons/x.mdx, page /x/") for the
 * component's own errors.
 */
export function checkProps(astro: AstroLike, name: ComponentName, limits?: Limits, dirs: Dirs = defaultDirs()): string {
  const place = placeOf(astro, dirs.lessons);
  let taken = stateIdsByPage.get(astro.request);
  if (!taken) stateIdsByPage.set(astro.request, (taken = new Set()));
  const { errors, warnings } = propProblems(name, astro.props as Readonly<Record<string, unknown>>, { limits, dirs, taken });
  for (const w of warnings) console.warn(`warning: ${place}: ${w}`);
  if (errors.length) throw new Error(errors.map((e) => `${place}: ${e}`).join("\n"));
  return place;
}
