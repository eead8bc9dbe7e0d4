/**
 * A committed JSON file for a schema's tests: read from the repository as it is, and copies of it with
 * one change, so that each test can name the field it breaks and the exact message the parser must give.
 */
import { readFileSync } from "node:fs";

const ROOT = new URL("../..", import.meta.url).pathname;

export interface CommittedFile {
  /** The file as committed (parse it, never mutate it). */
  raw: any;
  /** A deep copy of the file with `edit` applied. */
  changed(edit: (copy: any) => void): unknown;
  /** The first complaint of the parser about `json`, or "parsed". */
  check(json: unknown): string;
  /** The first complaint of the parser about the file with `edit` applied, or "parsed". */
  message(edit: (copy: any) => void): string;
}

/** `path` (repo-relative) and what `parse` says of it and of its changed copies. */
export function committedFile(path: string, parse: (json: unknown) => unknown): CommittedFile {
  const raw = JSON.parse(readFileSync(ROOT + path, "utf8"));
  const changed = (edit: (copy: any) => void) => {
    const copy = structuredClone(raw);
    edit(copy);
    return copy;
  };
  const check = (json: unknown) => {
    try {
      parse(json);
    } catch (e) {
      return (e as Error).message;
    }
    return "parsed";
  };
  return { raw, changed, check, message: (edit) => check(changed(edit)) };
}
