import type { z } from "zod";
import { closest } from "../site/closest.ts";

/** Reading values out of a run's log.json (or any derived JSON) by a path like "initial.gradNorms[0]", "epochs[-1].testAccuracy" or "experiments.nielsen-3-hidden.ratio.min". */
export function valueAt(obj: unknown, path: string): unknown {
  // Keys may hold hyphens after their first character (experiment ids such as nielsen-3-hidden).
  if (!/^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[-?\d+\])*$/.test(path)) {
    throw new Error(`"${path}" is not a field path like initial.gradNorms[0]`);
  }
  const parts = path.match(/[^.[\]]+|\[-?\d+\]/g)!;
  let cur: unknown = obj;
  for (const raw of parts) {
    if (cur === null || cur === undefined) return undefined;
    const index = /^\[(-?\d+)\]$/.exec(raw);
    if (index) {
      if (!Array.isArray(cur)) return undefined;
      const i = Number(index[1]);
      cur = cur.at(i);
    } else {
      cur = (cur as Record<string, unknown>)[raw];
    }
  }
  return cur;
}

/** At most this many field names are listed when a path finds nothing. */
const LISTED = 24;

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? `a list of ${v.length}` : typeof v === "object" ? "an object" : `a ${typeof v}`);

/**
 * What a reader needs when `path` finds nothing in `obj`: what exists at the deepest part of the
 * path that does exist ("final has trainAccuracy, testAccuracy, … — did you mean "final.testAccuracy"?",
 * "initial.gradNorms has 4 entries, [0] to [3] (or [-4] to [-1] from the end)"); undefined when the
 * path finds something.
 */
export function missingAt(obj: unknown, path: string): string | undefined {
  valueAt(obj, path); // the same refusal of a malformed path
  const parts = path.match(/[^.[\]]+|\[-?\d+\]/g)!;
  let cur: unknown = obj;
  let here = "";
  for (const raw of parts) {
    const index = /^\[(-?\d+)\]$/.exec(raw);
    const name = here || "the top level";
    if (index) {
      if (!Array.isArray(cur)) return `${name} is ${kindOf(cur)}, not a list`;
      if (cur.at(Number(index[1])) === undefined) {
        const n = cur.length;
        return n === 0 ? `${name} is an empty list` : `${name} has ${n} ${n === 1 ? "entry" : "entries"}, [0] to [${n - 1}] (or [-${n}] to [-1] from the end)`;
      }
      cur = cur.at(Number(index[1]));
    } else {
      if (cur === null || typeof cur !== "object" || Array.isArray(cur)) {
        const hint = Array.isArray(cur) ? `: index it, as in ${here}[0]` : "";
        return `${name} is ${kindOf(cur)}, not an object with fields${hint}`;
      }
      if (!Object.hasOwn(cur, raw) || (cur as Record<string, unknown>)[raw] === undefined) {
        const keys = Object.keys(cur);
        if (!keys.length) return `${name} has no fields`;
        const more = keys.length > LISTED ? ` and ${keys.length - LISTED} more` : "";
        const near = closest(raw, keys);
        const meant = near ? ` — did you mean "${here ? `${here}.${near}` : near}"?` : "";
        return `${name} has ${keys.slice(0, LISTED).join(", ")}${more}${meant}`;
      }
      cur = (cur as Record<string, unknown>)[raw];
    }
    here += index ? raw : here ? `.${raw}` : raw;
  }
  return undefined;
}

/**
 * The finite number at `path`; anything else throws, naming the field and `source` (the file it
 * came from, as a reader of the error would look for it). A missing field's message says what
 * exists at the deepest part of the path that does (missingAt).
 */
export function numberAt(obj: unknown, path: string, source: string): number {
  const value = valueAt(obj, path);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const missing = value === undefined ? `missing: ${missingAt(obj, path) ?? "it is undefined"}` : `not a number (${JSON.stringify(value)})`;
    throw new Error(`the field "${path}" of ${source} is ${missing}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// A zod schema's first complaint about a committed file, as one sentence naming the file and the field.

/** "epochs[2].testAccuracy" for the path ["epochs", 2, "testAccuracy"]. */
export const fieldName = (path: readonly PropertyKey[]) =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("") || "(top level)";

const valueOn = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), json);

const KINDS: Record<string, string> = { number: "a number", string: "a string", array: "a list", object: "an object", int: "a whole number" };

/** Longest quote of a value in a message; a longer one is cut and says what it is ("… (a list of 784)"). */
export const QUOTE_LIMIT = 80;

/** A value as a message quotes it: its JSON, cut at QUOTE_LIMIT characters (a list of 784 sensitivities would fill a screen). */
export function quoted(v: unknown): string {
  const s = JSON.stringify(v);
  const chars = s === undefined ? [] : Array.from(s); // by code point: a cut never splits a character
  if (s === undefined || chars.length <= QUOTE_LIMIT) return String(s);
  return `${chars.slice(0, QUOTE_LIMIT).join("")}… (${kindOf(v)})`;
}

/** One zod issue as a sentence about the field in `file`. */
export function issueText(issue: z.core.$ZodIssue, json: unknown, file: string): string {
  const name = fieldName(issue.path);
  const value = valueOn(json, issue.path);
  const head = `the field "${name}" of ${file}`;
  if (issue.code === "unrecognized_keys") return `${head} has the unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (value === undefined) return `${head} is missing`;
  if (issue.code === "invalid_type") return `${head} is not ${KINDS[issue.expected] ?? issue.expected} (${quoted(value)})`;
  if (issue.code === "too_small" || issue.code === "too_big") {
    const bound = outOfBounds(issue, value);
    if (bound) return `${head} ${bound}`;
  }
  return `${head} is not valid (${quoted(value)}): ${issue.message}`;
}

/**
 * A value past a schema's bound, in the house's words ("is 0, not above 0", "has 1 entry, fewer than its
 * least 2"); undefined where the schema gave its own words (kept, as the general sentence quotes them) or
 * asked for an exact length.
 */
function outOfBounds(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string | undefined {
  if (!/^Too (small|big):/.test(issue.message) || issue.exact) return undefined;
  const small = issue.code === "too_small";
  const limit = String(small ? issue.minimum : issue.maximum);
  // A list's or a string's length bound is inclusive in zod; only a number's may be strict (.positive(), .lt()).
  if (Array.isArray(value)) {
    if (value.length === 0) return "is an empty list";
    return `has ${value.length} ${value.length === 1 ? "entry" : "entries"}, ${small ? "fewer than its least" : "more than its most"} ${limit}`;
  }
  if (typeof value === "string") {
    if (value === "") return "is empty";
    return `is ${quoted(value)}, ${small ? "shorter than its least" : "longer than its most"} ${limit} character${limit === "1" ? "" : "s"}`;
  }
  const inclusive = issue.inclusive !== false;
  if (inclusive) return `is ${quoted(value)}, ${small ? "below its least" : "above its greatest"} value ${limit}`;
  return `is ${quoted(value)}, not ${small ? "above" : "below"} ${limit}`;
}

/** `json` checked by `schema`; the first problem throws as issueText says it. */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, file: string): z.infer<S> {
  const r = schema.safeParse(json);
  if (!r.success) throw new Error(issueText(r.error.issues[0], json, file));
  return r.data;
}
