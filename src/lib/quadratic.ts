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
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`η must be a positive number, got ${eta}`);
  return { x: 1 - 2 * eta * a, y: 1 - 2 * eta };
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
