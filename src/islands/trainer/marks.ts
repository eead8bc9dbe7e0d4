/**
 * Marks of what to look for on the live trainer's charts (src/islands/trainer/figure.ts draws
 * them): the at-chance plateau on the accuracy chart and the slowest hidden layer on the speed
 * chart. Flat leaves, as the rest of the chart (src/islands/patch.ts). DOM-free.
 */
import { CHANCE_MARGIN, chancePlateau, type ChancePlateau } from "../../lib/analysis/chance.ts";
import { esc, fmt, type Scale } from "../../lib/draw/svg.ts";

/** Text widths at a phone's font size, in em, from the legend's "one answer" (10 characters, about 5.1 em). */
const PLATEAU_TEXT_EM = 4.7; // "at chance"
const SLOWEST_TEXT_EM = 3.7; // "slowest"

/**
 * The opening at-chance stretch the accuracy chart marks: of the live points when there are any,
 * else of the committed run. Null without a one-answer level, when the first point is already above
 * chance, or when the stretch is a single point (every untrained net starts at chance: nothing to see).
 */
export function plateauOf(live: readonly { epoch: number; testAccuracy: number }[], committed: readonly { epoch: number; testAccuracy: number }[] | undefined, oneAnswer: number | undefined): ChancePlateau | null {
  if (oneAnswer === undefined) return null;
  const p = chancePlateau(live.length ? live : (committed ?? []), oneAnswer);
  return p && p.to > p.from ? p : null;
}

/** A faint band over the plateau's epochs, the whole plot high, and "at chance" inside it when it fits. */
export function plateauLeaves(p: ChancePlateau, x: Scale, top: number, bottom: number, em: number): string {
  const [x0, x1] = [x(p.from), x(p.to)];
  let s = `<rect x="${fmt(x0)}" y="${fmt(top)}" width="${fmt(x1 - x0)}" height="${fmt(bottom - top)}" class="plateau"/>`;
  if (x1 - x0 >= PLATEAU_TEXT_EM * em + 8) s += `<text x="${fmt(x0 + 4)}" y="${fmt(top + 4)}" dy="0.8em" class="plateau-label">at chance</text>`;
  return s;
}

/** The accuracy chart's sentence about the plateau. */
export function plateauSentence(p: ChancePlateau): string {
  return ` Test accuracy sat at chance (within ${Math.round(CHANCE_MARGIN * 100)} points of one answer) from epoch ${p.from} to epoch ${p.to}${p.leftAt === null ? " and still does" : ""}.`;
}

/** The hidden layer (1-based) with the smallest finite value, the first of equals; null with fewer than two hidden layers or no finite value. */
export function slowestLayer(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let best: number | null = null;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && (best === null || v < values[best - 1])) best = i + 1;
  });
  return best;
}

/**
 * "slowest", in the class `colour` (the layer's colour), beside the end of layer l's line at (cx, cy): below it (the slowest line is the lowest,
 * and a falling line comes from above-left), or above it near the plot's bottom; ending at the dot, or
 * starting there near the plot's left edge, so that the text stays inside the plot (clear of the y axis's labels) at a phone's font size.
 */
export function slowestLeaf(l: number, colour: string, cx: number, cy: number, plot: { left: number; bottom: number }, em: number): string {
  const below = cy + 6 + em <= plot.bottom;
  // Ending at the dot only where the text clears the y axis's tick labels (left of the plot).
  const anchor = cx - 6 - SLOWEST_TEXT_EM * em >= plot.left ? "end" : "start";
  const X = anchor === "end" ? cx - 6 : cx + 6;
  return `<text x="${fmt(X)}" y="${fmt(below ? cy + 6 : cy - 6)}" dy="${below ? "0.8em" : "0"}" text-anchor="${anchor}" class="slowest ${esc(colour)}" data-layer="${l}">slowest</text>`;
}
