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

/**
 * The finite number at `path`; anything else throws, naming the field and `source` (the file it
 * came from, as a reader of the error would look for it).
 */
export function numberAt(obj: unknown, path: string, source: string): number {
  const value = valueAt(obj, path);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`the field "${path}" of ${source} is ${value === undefined ? "missing" : `not a number (${JSON.stringify(value)})`}`);
  }
  return value;
}
