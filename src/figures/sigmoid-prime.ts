/** Static figure: σ'(z) and its maximum 1/4 at z = 0. */
import { sigmoidPrime } from "../lib/toy-math/sigmoid.ts";
import { axes, fmt, num, pathData, scaleLinear, ticks } from "../lib/draw/svg.ts";

export function sigmoidPrimeSvg(): string {
  const W = 640;
  const H = 290;
  // Room for text at the largest font the figure gets (about 24 units on a phone: src/styles/global.css).
  const M = { top: 36, right: 16, bottom: 68, left: 52 };
  const x = scaleLinear([-8, 8], [M.left, W - M.right]);
  const y = scaleLinear([0, 0.3], [H - M.bottom, M.top]);
  const pts: [number, number][] = [];
  for (let i = 0; i <= 320; i++) {
    const z = -8 + (16 * i) / 320;
    pts.push([x(z), y(sigmoidPrime(z))]);
  }
  const peak = `<line x1="${fmt(x(-8))}" x2="${fmt(x(8))}" y1="${fmt(y(0.25))}" y2="${fmt(y(0.25))}" class="ref"/>` +
    `<circle cx="${fmt(x(0))}" cy="${fmt(y(0.25))}" r="5" class="start"/>` +
    `<text x="${fmt(x(0.4))}" y="${fmt(y(0.25))}" dy="-0.4em">σ′(0) = 1/4</text>`;
  return (
    `<svg viewBox="0 0 ${W} ${H}" class="figure-svg" font-size="13" role="img" aria-label="The derivative of the sigmoid, σ′(z), is a bell-shaped curve: largest at z = 0, where it equals 1/4, and close to 0 once |z| exceeds about 5.">` +
    axes({ x, y, xTicks: ticks(-8, 8, 8), yTicks: ticks(0, 0.3, 3), xLabel: "weighted input z", yLabel: "σ′(z)", yFormat: (v) => num(v, 1) }) +
    `<path d="${pathData(pts)}" class="curve"/>` +
    peak +
    `</svg>`
  );
}
