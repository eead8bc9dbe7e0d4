/**
 * The two field checks every parser of a committed JSON file starts from: an object, a finite
 * number. Each parser says how a bad field is reported (which file, which words): `bad` gets the
 * field's path, its value and what it should have been ("an object", "a number").
 */
export type BadField = (path: string, value: unknown, what: string) => Error;

export function fieldReaders(bad: BadField) {
  const obj = (path: string, v: unknown): Record<string, unknown> => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw bad(path, v, "an object");
    return v as Record<string, unknown>;
  };
  const num = (path: string, v: unknown): number => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, v, "a number");
    return v;
  };
  return { obj, num };
}
