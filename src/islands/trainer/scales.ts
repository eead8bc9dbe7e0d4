/**
 * The live trainer's numbers in words and its axes' scales (DOM-free; figure.ts draws with them):
 * two significant figures as the learning-speed lesson writes them, norms under the log floor, and
 * the epoch and log axes' ends and ticks.
 */
import { percent, powerOfTen, sig } from "../../lib/draw/format.ts";
import { niceCeil } from "../../lib/draw/svg.ts";

/** Smallest value a log axis shows: zeros, denormals and anything below it are drawn at it, and labelled "below 10⁻¹²". */
export const FLOOR = 1e-12;

// Numbers in words (src/lib/draw/format.ts): two significant figures as the learning-speed lesson writes them.
// sig and percent are re-exported for the trainer's figure and the through-time view.
export { percent, sig };

/** A norm as a label says it: "below 10⁻¹²" under the floor (zeros included). */
export const norm = (v: number) => (Number.isNaN(v) ? "not a number" : v < FLOOR ? `below ${powerOfTen(FLOOR)}` : sig(v));

// Scales.

/** The end of the epoch axis: maxEpoch, or a round number at or above the last epoch once it is passed. */
export function epochAxisEnd(points: readonly { epoch: number }[], maxEpoch: number): number {
  const end = Math.max(1, maxEpoch);
  const last = points.reduce((m, p) => Math.max(m, p.epoch), 0);
  return last > end ? niceCeil(last) : end;
}

/** A value on a log axis: at least FLOOR; NaN and ±∞ are gaps (NaN). */
export const clampLog = (v: number) => (Number.isFinite(v) ? Math.max(FLOOR, v) : NaN);
const pow10 = (e: number) => Number(`1e${e}`);

/** Whole decades around the values (at least one); [10⁻³, 1] with none. */
export function logDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return [1e-3, 1];
  const a = Math.floor(Math.log10(Math.min(...finite)) + 1e-9);
  let b = Math.ceil(Math.log10(Math.max(...finite)) - 1e-9);
  if (b <= a) b = a + 1;
  return [pow10(a), pow10(b)];
}

export function decadeTicks([lo, hi]: [number, number]): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 5));
  const out: number[] = [];
  for (let e = a; e <= b; e += step) out.push(pow10(e));
  return out;
}

