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
