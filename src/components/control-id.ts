/**
 * Ids for a demo's controls, unique on the page that renders them: a slider's <label for>
 * and <output for> need its id, and one page can hold two demos with the same controls.
 * Counted per page render (keyed by its Request), so a page's ids do not depend on what
 * else the build rendered before it.
 */
const perPage = new WeakMap<object, Map<string, number>>();

/** `base` the first time a page asks for it, then `base-2`, `base-3`, … */
export function controlId(page: object, base: string): string {
  let seen = perPage.get(page);
  if (!seen) perPage.set(page, (seen = new Map()));
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}
