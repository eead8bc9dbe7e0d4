/**
 * Gradient-based optimisers over an n-dimensional cost given by its gradient:
 * plain gradient descent, heavy-ball momentum, Adam, and a diagonal (Newton-like)
 * preconditioner. Pure functions: no DOM, no Node.
 *
 * Iterates are recorded as x_0 = start, x_1, …, x_steps. A run never returns NaN
 * or Infinity: it stops, as "diverged", before recording an iterate with a
 * non-finite coordinate or one whose magnitude exceeds `bound`.
 */
import type { Cost2D } from "./quadratic.ts";

export interface VectorCost {
  value(p: number[]): number;
  gradient(p: number[]): number[];
  /** Diagonal of the Hessian at p; needed by the "preconditioned" optimiser only. */
  hessianDiagonal?(p: number[]): number[];
  /** Where the minimum is; lets `descend` report arrival by distance. */
  minimum?: number[];
}

export type OptimizerKind = "gd" | "momentum" | "adam" | "preconditioned";
export const optimizerKinds: readonly OptimizerKind[] = ["gd", "momentum", "adam", "preconditioned"];

export interface DescendOptions {
  optimizer: OptimizerKind;
  /** Learning rate η > 0. */
  eta: number;
  /** Number of updates; the run records steps + 1 points unless it diverges. */
  steps: number;
  /** Heavy-ball coefficient μ ∈ [0, 1); default 0.9. */
  momentum?: number;
  /** Adam's β1 ∈ [0, 1); default 0.9. */
  beta1?: number;
  /** Adam's β2 ∈ [0, 1); default 0.999. */
  beta2?: number;
  /** Adam's ε > 0; default 1e-8. */
  epsilon?: number;
  /** Stop as diverged once any |coordinate| exceeds this; default 1e6. */
  bound?: number;
  /** Distance to cost.minimum that counts as arrived; default 1e-2 (as in descent1d). */
  tolerance?: number;
  /** Gradient norm below which a point counts as arrived; default 1e-8. */
  gradientTolerance?: number;
  /** Preconditioner: |h_i| is floored at this before dividing; default 1e-8. */
  hessianFloor?: number;
  /** Stop at the first arrived point instead of running all steps; default false. */
  stopWhenConverged?: boolean;
}

export type DescentStatus = "converged" | "running" | "diverged";

export interface Descent {
  /** x_0 … x_n (n = steps, or fewer if diverged / stopped). */
  points: number[][];
  /** C(x_k) for each point. */
  values: number[];
  /** ∇C(x_k) for each point. */
  gradients: number[][];
  /**
   * "diverged": stopped by the bound; "converged": the last point is arrived
   * (within `tolerance` of cost.minimum, or gradient norm < gradientTolerance);
   * "running": neither.
   */
  status: DescentStatus;
  /** Index k of the first iterate that would have left the bound (= points.length), or null. */
  divergedAt: number | null;
  /** First k at which x_k was arrived, or null (momentum may pass through and come back). */
  arrivedAt: number | null;
}

const fmt = (v: unknown) => (Array.isArray(v) ? `[${v.join(", ")}]` : String(v));

function unitInterval(name: string, v: number): void {
  if (!(v >= 0 && v < 1)) throw new RangeError(`${name} must be in [0, 1), got ${v}`);
}
function positive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a positive number, got ${v}`);
}

/**
 * Run `steps` updates of the chosen optimiser from `start` (g = ∇C(x), all
 * operations per coordinate, t = 1, 2, … the update number):
 *
 * - "gd":        x ← x − η g
 * - "momentum":  v ← μ v − η g;  x ← x + v   (heavy ball, v_0 = 0)
 * - "adam":      m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;
 *                m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  x ← x − η m̂ / (√v̂ + ε)
 * - "preconditioned":  x_i ← x_i − η g_i / (h_i / 2), h = cost.hessianDiagonal(x).
 *   This is what a perfect fix for bad conditioning would do: dividing each
 *   coordinate's gradient by its own curvature rescales every direction to the
 *   curvature of the round bowl x² + y² (whose Hessian is 2·I). On a x² + y² it
 *   is exactly plain GD on x² + y²: both factors are 1 − 2η, it is stable for
 *   η < 1 whatever a is, and η = 1/2 (Newton's full step) lands on the minimum
 *   in one step. Where the cost is not convex |h_i| is used (so the step still
 *   goes downhill), floored at `hessianFloor`.
 */
export function descend(cost: VectorCost, start: number[], opts: DescendOptions): Descent {
  if (!Array.isArray(start) || start.length === 0 || !start.every(Number.isFinite)) {
    throw new RangeError(`start must be a non-empty array of finite numbers, got ${fmt(start)}`);
  }
  const { optimizer, eta, steps } = opts;
  if (!optimizerKinds.includes(optimizer)) {
    throw new RangeError(`unknown optimizer "${optimizer}" (expected gd, momentum, adam or preconditioned)`);
  }
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`η must be a positive number, got ${eta}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${steps}`);
  const mu = opts.momentum ?? 0.9;
  unitInterval("momentum μ", mu);
  const beta1 = opts.beta1 ?? 0.9;
  unitInterval("β1", beta1);
  const beta2 = opts.beta2 ?? 0.999;
  unitInterval("β2", beta2);
  const eps = opts.epsilon ?? 1e-8;
  positive("ε", eps);
  const bound = opts.bound ?? 1e6;
  positive("bound", bound);
  const tol = opts.tolerance ?? 1e-2;
  if (!(tol >= 0)) throw new RangeError(`tolerance must be a non-negative number, got ${tol}`);
  const gtol = opts.gradientTolerance ?? 1e-8;
  if (!(gtol >= 0)) throw new RangeError(`gradientTolerance must be a non-negative number, got ${gtol}`);
  const floor = opts.hessianFloor ?? 1e-8;
  positive("hessianFloor", floor);
  if (optimizer === "preconditioned" && typeof cost.hessianDiagonal !== "function") {
    throw new TypeError("the preconditioned optimizer needs cost.hessianDiagonal");
  }
  const n = start.length;
  if (cost.minimum !== undefined && cost.minimum.length !== n) {
    throw new RangeError(`cost.minimum has length ${cost.minimum.length}, expected ${n}`);
  }

  const points: number[][] = [];
  const values: number[] = [];
  const gradients: number[][] = [];
  // Plain loops, no temporary arrays: this runs once per step, thousands of times per redraw.
  const finite = (v: number[]) => {
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
    return true;
  };
  const arrived = (p: number[], g: number[]) => {
    let gg = 0;
    for (let i = 0; i < g.length; i++) gg += g[i] * g[i];
    if (Math.sqrt(gg) < gtol) return true;
    const m = cost.minimum;
    if (m === undefined) return false;
    let dd = 0;
    for (let i = 0; i < p.length; i++) dd += (p[i] - m[i]) ** 2;
    return Math.sqrt(dd) <= tol;
  };
  const out = (status: DescentStatus, divergedAt: number | null, arrivedAt: number | null): Descent => ({
    points,
    values,
    gradients,
    status,
    divergedAt,
    arrivedAt,
  });

  let x = start.slice();
  const vel = new Array<number>(n).fill(0); // momentum's v, Adam's v
  const m1 = new Array<number>(n).fill(0); // Adam's m
  let arrivedAt: number | null = null;
  let lastArrived = false;

  for (let k = 0; ; k++) {
    const value = cost.value(x);
    const g = cost.gradient(x);
    if (g.length !== n) throw new RangeError(`cost.gradient returned length ${g.length}, expected ${n}`);
    if (!Number.isFinite(value) || !finite(g)) return out("diverged", k, arrivedAt);
    points.push(x);
    values.push(value);
    gradients.push(g.slice());
    lastArrived = arrived(x, g);
    if (lastArrived && arrivedAt === null) arrivedAt = k;
    if (k === steps || (lastArrived && opts.stopWhenConverged)) break;

    const next = x.slice();
    const t = k + 1;
    if (optimizer === "gd") {
      for (let i = 0; i < n; i++) next[i] = x[i] - eta * g[i];
    } else if (optimizer === "momentum") {
      for (let i = 0; i < n; i++) {
        vel[i] = mu * vel[i] - eta * g[i];
        next[i] = x[i] + vel[i];
      }
    } else if (optimizer === "adam") {
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let i = 0; i < n; i++) {
        m1[i] = beta1 * m1[i] + (1 - beta1) * g[i];
        vel[i] = beta2 * vel[i] + (1 - beta2) * g[i] * g[i];
        next[i] = x[i] - (eta * (m1[i] / c1)) / (Math.sqrt(vel[i] / c2) + eps);
      }
    } else {
      const h = cost.hessianDiagonal!(x);
      if (h.length !== n) throw new RangeError(`cost.hessianDiagonal returned length ${h.length}, expected ${n}`);
      for (let i = 0; i < n; i++) next[i] = x[i] - (eta * g[i]) / (Math.max(Math.abs(h[i]), floor) / 2);
    }
    let escaped = false;
    for (let i = 0; i < n; i++) if (!(Math.abs(next[i]) <= bound)) escaped = true;
    if (escaped) return out("diverged", k + 1, arrivedAt);
    x = next;
  }
  return out(lastArrived ? "converged" : "running", null, arrivedAt);
}

/** Adapter: a 2-D cost in (x, y) form (quadratic, plateauCost) as a VectorCost on [x, y]. */
export function asVectorCost(c: Cost2D): VectorCost {
  const hd = c.hessianDiagonal;
  const vc: VectorCost = {
    value: (p) => c.value(p[0], p[1]),
    gradient: (p) => c.gradient(p[0], p[1]),
  };
  if (hd !== undefined) {
    vc.hessianDiagonal = typeof hd === "function" ? (p) => hd(p[0], p[1]) : () => [hd[0], hd[1]];
  }
  if (c.minimum !== undefined) vc.minimum = [c.minimum[0], c.minimum[1]];
  return vc;
}

/**
 * The largest learning rate for which `kind` converges on C = a·x² + y², or null
 * where no fixed bound exists. Each axis is a 1-D quadratic with curvature h
 * (2a along x, 2 along y), so:
 *   gd              x ← (1 − ηh) x                       stable iff ηh < 2       → η < 1/max(a, 1)
 *   momentum (μ)    heavy ball on a quadratic             stable iff ηh < 2(1+μ)  → η < (1+μ)/max(a, 1)
 *   preconditioned  x ← x − η g/(h/2) = (1 − 2η) x        stable iff η < 1, whatever a is
 *   adam            steps of size about η in every direction: no fixed bound (null)
 */
export function quadraticStabilityBound(kind: OptimizerKind, a: number, momentum = 0.9): number | null {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`a must be a positive number, got ${a}`);
  if (kind === "gd") return 1 / Math.max(a, 1);
  if (kind === "momentum") return (1 + momentum) / Math.max(a, 1);
  if (kind === "preconditioned") return 1;
  return null;
}
