/** The logistic sigmoid and the quantities the unstable-gradient lessons are built on. */

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** σ'(z) = σ(z)(1 − σ(z)); its maximum is σ'(0) = 1/4. */
export function sigmoidPrime(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/**
 * Width of the interval of inputs a for which one sigmoid factor does not shrink
 * the gradient, i.e. |w σ'(w a + b)| ≥ 1. Zero when |w| ≤ 4, because σ' ≤ 1/4.
 * Closed form (Nielsen, ch. 5, problem): (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1).
 */
export function inputWindowWidth(w: number): number {
  const aw = Math.abs(w);
  if (!(aw > 4)) return 0;
  const s = Math.sqrt(1 - 4 / aw);
  return (2 / aw) * Math.log((aw * (1 + s)) / 2 - 1);
}

/** Golden-section search for the |w| that makes the input window widest. */
export function widestInputWindow(lo = 4, hi = 30, tol = 1e-10): { w: number; width: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  while (b - a > tol) {
    if (inputWindowWidth(c) > inputWindowWidth(d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  const w = (a + b) / 2;
  return { w, width: inputWindowWidth(w) };
}

/** Bias that puts a neuron with weight w and input a exactly at z = 0 (the top of σ'). */
export function biasForZeroInput(w: number, a: number): number {
  return -w * a;
}
