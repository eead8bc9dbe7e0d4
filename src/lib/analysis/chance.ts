/**
 * "At chance": how a network that has learned nothing scores, and how long a run stays there.
 * DOM-free, shared by the live trainer's charts, its status line and the data loader that measures
 * each preset on the trainer's own digits.
 */

/** Test accuracy at most this far above the one-answer level counts as "at chance" (5 percentage points). */
export const CHANCE_MARGIN = 0.05;

/** The accuracy of always answering the most common label: what a network that learned nothing scores. */
export function oneAnswerShare(labels: ArrayLike<number>): number {
  if (!labels.length) throw new Error("oneAnswerShare: no labels");
  const tally = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) tally.set(labels[i], (tally.get(labels[i]) ?? 0) + 1);
  return Math.max(...tally.values()) / labels.length;
}

export interface ChancePlateau {
  /** The first measured epoch (where the plateau starts). */
  from: number;
  /** The last measured epoch still at chance. */
  to: number;
  /** The first measured epoch above chance, or null while the run is still on the plateau. */
  leftAt: number | null;
}

/**
 * The opening stretch of a run whose test accuracy sits at chance (at most oneAnswer + margin),
 * from its first measured point; null when there are no points or the first is already above it.
 * Points are in epoch order.
 */
export function chancePlateau(points: readonly { epoch: number; testAccuracy: number }[], oneAnswer: number, margin = CHANCE_MARGIN): ChancePlateau | null {
  if (!points.length) return null;
  const at = (p: { testAccuracy: number }) => !(p.testAccuracy > oneAnswer + margin);
  if (!at(points[0])) return null;
  let k = 0;
  while (k + 1 < points.length && at(points[k + 1])) k++;
  return { from: points[0].epoch, to: points[k].epoch, leftAt: k + 1 < points.length ? points[k + 1].epoch : null };
}

export interface Climb {
  /** Epochs the run trained. */
  epochs: number;
  /** The first measured epoch above chance, or null if it never left it. */
  leftAt: number | null;
  /** The first measured epoch from which every later point stays above chance, or null if the last point is at chance. */
  climbsFrom: number | null;
}

/** When a run leaves chance, and when it leaves it for good (a run can leave and fall back). Points in epoch order. */
export function climbOf(points: readonly { epoch: number; testAccuracy: number }[], oneAnswer: number, margin = CHANCE_MARGIN): Climb {
  const above = (p: { testAccuracy: number }) => p.testAccuracy > oneAnswer + margin;
  const first = points.find(above);
  let k = points.length;
  while (k > 0 && above(points[k - 1])) k--;
  return { epochs: points.at(-1)?.epoch ?? 0, leftAt: first?.epoch ?? null, climbsFrom: k < points.length ? points[k].epoch : null };
}
