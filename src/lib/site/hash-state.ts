/**
 * Shareable demo state in the URL fragment. Several demos can share one page, so
 * each writes its settings under its own id, and the fragment keeps a prefix that
 * heading anchors never use:
 *
 *   #vg?bowl.eta=0.009&bowl.a=100&chain.w1=2.5
 *
 * Any other fragment (#some-heading) is left alone and holds no state.
 */
export const PREFIX = "#vg?";

export type StateRecord = Record<string, string>;

/** All demo states in a fragment, by demo id. */
export function parseHash(hash: string): Map<string, StateRecord> {
  const out = new Map<string, StateRecord>();
  if (!hash.startsWith(PREFIX)) return out;
  for (const [key, value] of new URLSearchParams(hash.slice(PREFIX.length))) {
    const dot = key.indexOf(".");
    if (dot <= 0 || dot === key.length - 1) continue;
    const id = key.slice(0, dot);
    const rec = out.get(id) ?? {};
    rec[key.slice(dot + 1)] = value;
    out.set(id, rec);
  }
  return out;
}

/** The fragment with one demo's state replaced (other demos' states kept, in order). */
export function withDemoState(hash: string, id: string, state: StateRecord): string {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`demo id must be kebab-case, got "${id}"`);
  const all = parseHash(hash);
  all.set(id, state);
  const params = new URLSearchParams();
  for (const [demo, rec] of all) for (const [k, v] of Object.entries(rec)) params.append(`${demo}.${k}`, v);
  const s = params.toString();
  return s ? PREFIX + s : "";
}

/** Short decimal text for a number in a URL (no exponent noise for ordinary values). */
export function shortNumber(v: number, significant = 4): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot put ${v} in a URL`);
  return String(Number(v.toPrecision(significant)));
}
