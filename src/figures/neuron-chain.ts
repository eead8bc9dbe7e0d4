/** Static diagram: four one-neuron layers in a row, then the cost. */
export function neuronChainSvg(): string {
  const W = 640;
  const H = 120;
  const xs = [90, 230, 370, 510];
  let s = `<svg viewBox="0 0 ${W} ${H}" class="figure-svg chain-diagram" font-size="13" role="img" aria-label="A chain of four neurons, each adding its own bias (b1 to b4). The input x feeds neuron 1 through weight w1; neuron 1 feeds neuron 2 through weight w2, neuron 2 feeds neuron 3 through w3, neuron 3 feeds neuron 4 through w4, and the output a4 of neuron 4 goes into the cost C.">`;
  // Labels sit in em above the edges, so they keep clear of them at any font size.
  s += `<text x="14" y="60" dy="0.35em">x</text><line x1="26" y1="60" x2="${xs[0] - 26}" y2="60" class="edge"/><text x="${(26 + xs[0] - 26) / 2}" y="60" dy="-0.4em" text-anchor="middle">w₁</text>`;
  xs.forEach((cx, i) => {
    s += `<circle cx="${cx}" cy="60" r="26" class="neuron"/><text x="${cx}" y="60" dy="0.35em" text-anchor="middle">b${"₁₂₃₄"[i]}</text>`;
    const next = xs[i + 1];
    if (next) {
      s += `<line x1="${cx + 26}" y1="60" x2="${next - 26}" y2="60" class="edge"/>`;
      s += `<text x="${(cx + next) / 2}" y="60" dy="-0.4em" text-anchor="middle">w${"₂₃₄"[i]}</text>`;
    }
  });
  s += `<line x1="${xs[3] + 26}" y1="60" x2="600" y2="60" class="edge"/><text x="${(xs[3] + 600) / 2}" y="60" dy="-0.4em" text-anchor="middle">a₄</text><text x="606" y="60" dy="0.35em">C</text>`;
  return s + `</svg>`;
}
