/**
 * One-dimensional gradient descent: the first picture of why a small slope is
 * not evidence that the minimum is near.
 */
export interface Cost1D {
  value(w: number): number;
  slope(w: number): number;
  /** Where the minimum is (for readouts and tests). */
  minimum: number;
}

export interface WellParams {
  /** Position of the minimum. */
  centre: number;
  /** Width of the well around the minimum. */
  width: number;
  /** Curvature of the gentle bowl that tilts the flat stretch towards the well. */
  tilt: number;
}

export const defaultWell: WellParams = { centre: 2, width: 0.8, tilt: 0.001 };

/**
 * C(w) = 1 − exp(−(w − m)² / 2s²) + t (w − m)²: a narrow well at m inside a long,
 * almost flat stretch that tilts very gently towards it.
 */
export function wellCost(p: WellParams = defaultWell): Cost1D {
  const { centre: m, width: s, tilt: t } = p;
  if (!(s > 0)) throw new RangeError(`width must be positive, got ${s}`);
  if (!(t >= 0)) throw new RangeError(`tilt must be non-negative, got ${t}`);
  return {
    minimum: m,
    value: (w) => {
      const d = w - m;
      return 1 - Math.exp((-d * d) / (2 * s * s)) + t * d * d;
    },
    slope: (w) => {
      const d = w - m;
      return (d / (s * s)) * Math.exp((-d * d) / (2 * s * s)) + 2 * t * d;
    },
  };
}

/** C(w) = a (w − m)²: the case with a closed form, used in the tests. */
export function quadraticCost(a: number, m = 0): Cost1D {
  return { minimum: m, value: (w) => a * (w - m) ** 2, slope: (w) => 2 * a * (w - m) };
}

export interface Iterate {
  k: number;
  w: number;
  cost: number;
  slope: number;
}

export type DescentStatus = "converged" | "running" | "diverged";

export interface Descent1D {
  iterates: Iterate[];
  /** "converged" only if the last iterate is within tolerance of the minimum. */
  status: DescentStatus;
  /** First k with |w_k − minimum| ≤ tolerance, or null (the run may have been thrown out again). */
  arrivedAt: number | null;
  /** First k from which every later iterate stays within tolerance, or null. */
  settledAt: number | null;
}

export interface DescendOptions {
  /** Stop as diverged once |w| exceeds this (keeps NaN and Infinity off the screen). */
  bound?: number;
  /** Distance to the minimum that counts as arrived. */
  tolerance?: number;
}

/** w_{k+1} = w_k − η C'(w_k), k = 0 … steps. */
export function descend1d(cost: Cost1D, w0: number, eta: number, steps: number, opts: DescendOptions = {}): Descent1D {
  if (!Number.isFinite(w0)) throw new RangeError(`start must be finite, got ${w0}`);
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`η must be a positive number, got ${eta}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${steps}`);
  const bound = opts.bound ?? 1e6;
  const tol = opts.tolerance ?? 1e-2;
  const iterates: Iterate[] = [];
  let w = w0;
  let arrivedAt: number | null = null;
  const done = (status: "diverged" | "finished"): Descent1D => {
    // Settled: the start of the final run of iterates that all lie within tolerance.
    let settledAt: number | null = null;
    for (let k = iterates.length - 1; k >= 0 && Math.abs(iterates[k].w - cost.minimum) <= tol; k--) settledAt = k;
    if (status === "diverged") return { iterates, status, arrivedAt, settledAt: null };
    return { iterates, status: settledAt !== null ? "converged" : "running", arrivedAt, settledAt };
  };
  for (let k = 0; k <= steps; k++) {
    const slope = cost.slope(w);
    iterates.push({ k, w, cost: cost.value(w), slope });
    if (arrivedAt === null && Math.abs(w - cost.minimum) <= tol) arrivedAt = k;
    if (k === steps) break;
    const next = w - eta * slope;
    if (!Number.isFinite(next) || Math.abs(next) > bound) return done("diverged");
    w = next;
  }
  return done("finished");
}
