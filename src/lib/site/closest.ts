/**
 * "Did you mean …?" for a misspelt name (a config key, a run id): the candidate nearest to a word.
 *
 * Nearness is the optimal-string-alignment distance (insertions, deletions, substitutions and
 * swaps of two neighbouring characters each cost 1), compared without regard to case. A candidate
 * counts when it is within a third of the word's length (at least 1): "epoch" → "epochs",
 * "optimiser" → "optimizer", "nielsen-3-hiden" → "nielsen-3-hidden". Failing that, a candidate that
 * starts with the word, or that the word starts with, counts when the shorter of the two has at least
 * 4 characters ("frozen" → "frozenLayers"). Ties go to the earlier candidate.
 */

/** Optimal-string-alignment distance between a and b (case as given). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  // Three rows: two back (for a swap), one back, and the current one.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** The largest distance at which a candidate still counts as a misspelling of `word`. */
export const allowedDistance = (word: string): number => Math.max(1, Math.floor(word.length / 3));

/** The candidate nearest to `word` (see the file comment), or null when none is near enough. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  if (!w) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best !== null && bestDistance <= allowedDistance(w)) return best;
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (Math.min(l.length, w.length) >= 4 && (l.startsWith(w) || w.startsWith(l))) return c;
  }
  return null;
}
