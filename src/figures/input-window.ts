/** Static figure: how wide the range of inputs is for which |w σ'(wa + b)| ≥ 1, as a function of |w|. */
import { inputWindowWidth, widestInputWindow } from "../lib/toy-math/sigmoid.ts";
import { axes, fmt, num, pathData, scaleLinear, ticks } from "../lib/draw/svg.ts";

export function inputWindowSvg(): string {
  const W = 640;
  const H = 290;
  // Room for text at the largest font the figure gets (about 24 units on a phone: src/styles/global.css).
  const M = { top: 36, right: 16, bottom: 68, left: 52 };
  const x = scaleLinear([0, 40], [M.left, W - M.right]);
  const y = scaleLinear([0, 0.6], [H - M.bottom, M.top]);
  const pts: [number, number][] = [];
  for (let i = 0; i <= 400; i++) {
    const w = (40 * i) / 400;
    pts.push([x(w), y(inputWindowWidth(w))]);
  }
  const best = widestInputWindow();
  return (
    `<svg viewBox="0 0 ${W} ${H}" class="figure-svg" font-size="13" role="img" aria-label="Width of the window of inputs for which a sigmoid factor does not shrink the gradient, against the weight |w|. It is zero up to |w| = 4, rises to a maximum of ${num(best.width, 2)} at |w| ≈ ${num(best.w, 1)}, then falls slowly towards zero.">` +
    axes({ x, y, xTicks: ticks(0, 40, 8), yTicks: ticks(0, 0.6, 3), xLabel: "|w|", yLabel: "window width", yFormat: (v) => num(v, 1) }) +
    `<line x1="${fmt(x(4))}" x2="${fmt(x(4))}" y1="${fmt(y(0))}" y2="${fmt(y(0.6))}" class="ref"/>` +
    `<text x="${fmt(x(4))}" y="${fmt(y(0.04))}" dx="0.4em">|w| = 4</text>` +
    `<path d="${pathData(pts)}" class="curve"/>` +
    `<circle cx="${fmt(x(best.w))}" cy="${fmt(y(best.width))}" r="5" class="start"/>` +
    `<text x="${fmt(x(best.w))}" y="${fmt(y(best.width))}" dx="0.6em" dy="-0.5em">widest: ${num(best.width, 2)} at |w| ≈ ${num(best.w, 1)}</text>` +
    `</svg>`
  );
}
