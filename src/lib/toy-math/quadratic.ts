/**
 * Two-dimensional costs for the gradient-geometry demos, with the closed forms
 * the demos and the tests rely on. Pure functions: no DOM, no Node.
 *
 * 1. The stretched bowl C(x, y) = a x² + y² (a > 0). Its Hessian is constant and
 *    diagonal, diag(2a, 2), so plain gradient descent acts on each coordinate
 *    separately: x ← (1 − 2ηa) x and y ← (1 − 2η) y.
 * 2. A plateau: a long, almost flat stretch along y that drops into a well, with
 *    a true minimum, so that descent can finish (see plateauCost).
 */

/** A 2-D cost in (x, y) form; optimizers.ts turns it into the n-D form with asVectorCost. */
export interface Cost2D {
  value(x: number, y: number): number;
  gradient(x: number, y: number): [number, number];
  /** Diagonal of the Hessian, constant or evaluated at (x, y). */
  hessianDiagonal?: [number, number] | ((x: number, y: number) => [number, number]);
  /** Where the minimum is (for readouts, convergence and tests). */
  minimum?: [number, number];
}

export interface Quadratic2D extends Cost2D {
  a: number;
  /** (2a, 2): constant, the Hessian of a x² + y². */
  hessianDiagonal: [number, number];
  minimum: [number, number];
}

function positive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a positive number, got ${v}`);
}

/** C(x, y) = a x² + y², minimum 0 at the origin. Default a = 100 (condition number 100). */
export function quadratic(a = 100): Quadratic2D {
  positive("a", a);
  return {
    a,
    value: (x, y) => a * x * x + y * y,
    gradient: (x, y) => [2 * a * x, 2 * y],
    hessianDiagonal: [2 * a, 2],
    minimum: [0, 0],
  };
}

/**
 * Supremum of the learning rates for which plain GD converges on a x² + y²:
 * the per-step factors are 1 − 2ηa (along x) and 1 − 2η (along y), and both
 * must lie strictly inside (−1, 1), so η < 1/a and η < 1, i.e. η < 1/max(a, 1).
 * The bound itself is excluded: at η = 1/a the x-coordinate flips sign forever.
 */
export function stabilityBound(a: number): number {
  positive("a", a);
  return 1 / Math.max(a, 1);
}

/** Per-step factors of plain GD on a x² + y²: x_k = (1 − 2ηa)^k x_0, y_k = (1 − 2η)^k y_0. */
export function contractionFactors(a: number, eta: number): { x: number; y: number } {
  positive("a", a);
  positiveEta(eta);
  return { x: 1 - 2 * eta * a, y: 1 - 2 * eta };
}

function positiveEta(eta: number): void {
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`η must be a positive number, got ${eta}`);
}

/**
 * The learning rate at which plain GD on a x² + y² contracts fastest. The slower
 * coordinate shrinks by max(|1 − 2ηa|, |1 − 2η|) per step; as η grows, |1 − 2η|
 * falls and, past η = 1/(2a), |1 − 2ηa| rises, so the maximum is smallest where the
 * two are equal with opposite signs: 1 − 2η = −(1 − 2ηa), i.e. η = 1/(a + 1).
 * (For a < 1 the roles swap and the same η comes out.)
 */
export function fastestLearningRate(a: number): number {
  positive("a", a);
  return 1 / (a + 1);
}

/**
 * max(|1 − 2ηa|, |1 − 2η|): how much plain GD on a x² + y² shrinks the slower
 * coordinate per step (above 1: how much the faster-growing one grows).
 */
export function gdRate(a: number, eta: number): number {
  const f = contractionFactors(a, eta);
  return Math.max(Math.abs(f.x), Math.abs(f.y));
}

/** Two factors' sizes count as equal within this relative tolerance (rounding in 1 − 2ηa). */
const SAME = 1e-12;

/**
 * Which coordinate plain GD on a x² + y² shrinks more slowly (or grows faster):
 * the one whose factor is larger in size; "both" when |1 − 2ηa| = |1 − 2η| (a = 1,
 * or η = 1/(a + 1)). For a > 1 it is y (the flat direction) for η < 1/(a + 1) and
 * x (the steep one, swinging from side to side) for η > 1/(a + 1).
 */
export function slowerCoordinate(a: number, eta: number): "x" | "y" | "both" {
  const f = contractionFactors(a, eta);
  const fx = Math.abs(f.x);
  const fy = Math.abs(f.y);
  if (Math.abs(fx - fy) <= SAME * Math.max(1, fx, fy)) return "both";
  return fx > fy ? "x" : "y";
}

/** The condition number of a x² + y²: the ratio of its curvatures 2a and 2, largest over smallest. */
export function conditionNumber(a: number): number {
  positive("a", a);
  return Math.max(a, 1 / a);
}

function atLeastOne(name: string, v: number): void {
  if (!(v >= 1) || !Number.isFinite(v)) throw new RangeError(`${name} must be a number ≥ 1, got ${v}`);
}

/**
 * (κ − 1)/(κ + 1): plain GD's best per-step rate on a quadratic with condition
 * number κ, reached at η = 2/(λ_max + λ_min) (on a x² + y², η = 1/(a + 1)).
 */
export function bestGdRate(kappa: number): number {
  atLeastOne("κ", kappa);
  return (kappa - 1) / (kappa + 1);
}

/** (√κ − 1)/(√κ + 1): heavy-ball momentum's best per-step rate, with η and μ tuned to the quadratic (Polyak). */
export function bestMomentumRate(kappa: number): number {
  atLeastOne("κ", kappa);
  const r = Math.sqrt(kappa);
  return (r - 1) / (r + 1);
}

/**
 * The heavy-ball settings that reach bestMomentumRate on a x² + y² (curvatures
 * λ = 2a and 2): η = 4/(√λ_max + √λ_min)² and μ = ((√κ − 1)/(√κ + 1))².
 */
export function bestMomentumSettings(a: number): { eta: number; momentum: number } {
  positive("a", a);
  const eta = 4 / (Math.sqrt(2 * a) + Math.sqrt(2)) ** 2;
  return { eta, momentum: bestMomentumRate(conditionNumber(a)) ** 2 };
}

/**
 * Per-step rate of heavy-ball momentum (v ← μv − η∇C, x ← x + v) on a x² + y²:
 * along a direction of curvature h the pair (x_k, x_{k−1}) is multiplied by the
 * matrix [[1 + μ − ηh, −μ], [1, 0]], whose eigenvalues solve λ² − (1 + μ − ηh) λ + μ = 0;
 * the rate is the largest |λ| over h = 2a and h = 2. Their product is μ, so it is
 * never below √μ.
 */
export function momentumRate(a: number, eta: number, momentum: number): number {
  positive("a", a);
  positiveEta(eta);
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`μ must be in [0, 1), got ${momentum}`);
  let worst = 0;
  for (const h of [2 * a, 2]) {
    const t = 1 + momentum - eta * h;
    const disc = t * t - 4 * momentum;
    const size = disc < 0 ? Math.sqrt(momentum) : Math.max(Math.abs(t + Math.sqrt(disc)), Math.abs(t - Math.sqrt(disc))) / 2;
    worst = Math.max(worst, size);
  }
  return worst;
}

/** How many steps a per-step factor `rate` (0 < rate < 1) needs to shrink a distance `by` times: ⌈ln(by) / ln(1/rate)⌉. */
export function stepsToShrink(rate: number, by: number): number {
  if (!(rate > 0 && rate < 1)) throw new RangeError(`rate must be in (0, 1), got ${rate}`);
  if (!(by > 1) || !Number.isFinite(by)) throw new RangeError(`by must be a number > 1, got ${by}`);
  return Math.ceil(Math.log(by) / -Math.log(rate) - 1e-9);
}

/** Round down to two significant digits (so a level never exceeds maxCost). */
function niceFloor(v: number): number {
  const unit = 10 ** (Math.floor(Math.log10(v)) - 1);
  return +(Math.floor(v / unit + 1e-9) * unit).toPrecision(12);
}

/**
 * Up to `count` contour levels in (0, maxCost], ascending. They are spaced so that
 * the ellipses are evenly spaced (level_i ∝ i², i = 1 … count, the largest being
 * maxCost), then rounded down to two significant digits; duplicates after
 * rounding are dropped. The levels do not depend on a (every semi-axis scales
 * with √level); a is taken, and checked, so callers pass the same cost throughout.
 */
export function contourLevels(a: number, count: number, maxCost: number): number[] {
  positive("a", a);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number ≥ 1, got ${count}`);
  positive("maxCost", maxCost);
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const level = niceFloor(maxCost * (i / count) ** 2);
    if (level > 0 && level !== out.at(-1)) out.push(level);
  }
  return out;
}

/**
 * `points` points on the level set a x² + y² = level: the ellipse with
 * semi-axes √(level/a) along x and √level along y, starting at (√(level/a), 0)
 * and going anticlockwise. The first point is not repeated at the end: close
 * the SVG path with Z.
 */
export function contourEllipse(a: number, level: number, points = 96): [number, number][] {
  positive("a", a);
  if (!(level >= 0) || !Number.isFinite(level)) throw new RangeError(`level must be a non-negative number, got ${level}`);
  if (!Number.isInteger(points) || points < 3) throw new RangeError(`points must be a whole number ≥ 3, got ${points}`);
  const rx = Math.sqrt(level / a);
  const ry = Math.sqrt(level);
  const out: [number, number][] = [];
  for (let i = 0; i < points; i++) {
    const t = (2 * Math.PI * i) / points;
    out.push([rx * Math.cos(t), ry * Math.sin(t)]);
  }
  return out;
}

export interface PlateauParams {
  /** Curvature coefficient along x (the a in a x²). */
  a: number;
  /** Height h of the plateau above the minimum. */
  height: number;
  /** Position m of the minimum along y. */
  centre: number;
  /** Width s of the well around the minimum. */
  width: number;
  /** Coefficient t of the gentle bowl t (y − m)² that tilts the plateau towards the well. */
  tilt: number;
}

export const defaultPlateau: PlateauParams = { a: 1, height: 1, centre: 6, width: 1, tilt: 5e-5 };

/** The documented start for the plateau demo: on the plateau, six well-widths from the minimum. */
export const plateauStart: [number, number] = [1, 0];

export interface Plateau2D extends Cost2D {
  params: PlateauParams;
  hessianDiagonal: (x: number, y: number) => [number, number];
  minimum: [number, number];
}

/**
 * C(x, y) = a x² + h [1 − exp(−(y − m)² / 2s²)] + t (y − m)²
 *
 * The 2-D version of the 1-D well in descent1d.ts. Along y: a plateau at height
 * ≈ h, almost flat (the Gaussian's slope dies off as exp(−d²/2s²) with the
 * distance d = y − m), tilted very gently towards the well by t (y − m)², then
 * a drop of height h into a narrow well of width s. Every term is minimal at
 * (0, m), so the minimum is exactly (0, m) with C = 0, and it is the only
 * stationary point (the y-slope is d (h e^{−d²/2s²}/s² + 2t), zero only at d = 0).
 *
 * Gradient: ∂C/∂x = 2a x,  ∂C/∂y = d (h/s²) e^{−d²/2s²} + 2t d.
 * Hessian diagonal: 2a and (h/s²) e^{−d²/2s²} (1 − d²/s²) + 2t; the second is
 * negative on the shoulders of the well (non-convex), ≈ 2t on the plateau.
 *
 * With the defaults, at plateauStart = (1, 0): |∂C/∂y| = 6·(e^{−18} + 1e-4) ≈ 6.0e-4.
 */
export function plateauCost(params: Partial<PlateauParams> = {}): Plateau2D {
  const p: PlateauParams = { ...defaultPlateau, ...params };
  positive("a", p.a);
  positive("height", p.height);
  if (!Number.isFinite(p.centre)) throw new RangeError(`centre must be finite, got ${p.centre}`);
  positive("width", p.width);
  if (!(p.tilt >= 0) || !Number.isFinite(p.tilt)) throw new RangeError(`tilt must be a non-negative number, got ${p.tilt}`);
  const { a, height: h, centre: m, width: s, tilt: t } = p;
  const s2 = s * s;
  const bump = (d: number) => Math.exp((-d * d) / (2 * s2));
  return {
    params: p,
    value: (x, y) => {
      const d = y - m;
      return a * x * x + h * (1 - bump(d)) + t * d * d;
    },
    gradient: (x, y) => {
      const d = y - m;
      return [2 * a * x, d * ((h / s2) * bump(d) + 2 * t)];
    },
    hessianDiagonal: (_x, y) => {
      const d = y - m;
      return [2 * a, (h / s2) * bump(d) * (1 - (d * d) / s2) + 2 * t];
    },
    minimum: [0, m],
  };
}
