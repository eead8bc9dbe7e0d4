/**
 * The optimiser's path on the plane of a run's own training: where each logged snapshot lies between
 * the initial and the final network, first layer against the rest. DOM-free.
 *
 * θ₀ is the initial network, θ_f the final one, Δ = θ_f − θ₀. Δ is split into Δ₁ (the first weight
 * layer's weights AND biases) and Δ₊ (every other layer's weights and biases). Δ₁ and Δ₊ live on
 * disjoint coordinates, so they are orthogonal, and the orthogonal projection of a snapshot θ_t onto
 * the plane θ₀ + αΔ₁ + βΔ₊ has, with d = θ_t − θ₀ split the same way,
 *   α_t = ⟨d₁, Δ₁⟩ / ‖Δ₁‖²,   β_t = ⟨d₊, Δ₊⟩ / ‖Δ₊‖²,
 * and θ_t lies offPlane_t = √(‖d₁ − α_t Δ₁‖² + ‖d₊ − β_t Δ₊‖²) from that plane (Euclidean distance).
 * A part that did not move at all (‖Δ₁‖ = 0, e.g. a frozen first layer; or ‖Δ₊‖ = 0) spans no
 * direction: its coordinate is 0 at every snapshot and its whole d counts towards offPlane.
 *
 * Everything is computed in float64 (the float32 parameters convert exactly). θ₀ is (0, 0, 0) and
 * θ_f is (1, 1, 0) exactly: there d = Δ term by term, so ⟨d, Δ⟩ and ‖Δ‖² are the same sums.
 *
 * Only the weights W and biases b of NetworkParams take part. A batch-normalised run's γ and β (and
 * its running statistics) are left out: they are not in NetworkParams.
 */
import { relativeChange } from "./network.ts";
import type { PlanePath } from "../schemas/run-log.ts";

/** A network's parameters as any numeric arrays (NetworkParams, or a float64 copy of one). */
export interface Params {
  sizes: readonly number[];
  /** weights[l]: row-major [sizes[l] × sizes[l+1]]. */
  weights: readonly ArrayLike<number>[];
  biases: readonly ArrayLike<number>[];
}

export interface PlanePoint {
  alpha: number;
  beta: number;
  offPlane: number;
}

/** The `path` field of a run's log.json, as the run-log schema types it (src/lib/schemas/run-log.ts). */
export type { PlanePath };

/** Throws unless `p` has the layer shapes of `sizes`; `what` names it in the message. */
function checkShape(p: Params, sizes: readonly number[], what: string): void {
  const s = `[${sizes.join(", ")}]`;
  if (p.sizes.length !== sizes.length || p.sizes.some((n, i) => n !== sizes[i])) {
    throw new Error(`plane path: ${what} has sizes [${p.sizes.join(", ")}] but the initial network has ${s}`);
  }
  const layers = sizes.length - 1;
  if (p.weights.length !== layers || p.biases.length !== layers) {
    throw new Error(`plane path: ${what} has ${p.weights.length} weight and ${p.biases.length} bias arrays, but sizes ${s} need ${layers} of each`);
  }
  for (let l = 0; l < layers; l++) {
    if (p.weights[l].length !== sizes[l] * sizes[l + 1]) {
      throw new Error(`plane path: ${what}'s weights of layer ${l + 1} have ${p.weights[l].length} values, but sizes ${s} need ${sizes[l]} × ${sizes[l + 1]} = ${sizes[l] * sizes[l + 1]}`);
    }
    if (p.biases[l].length !== sizes[l + 1]) {
      throw new Error(`plane path: ${what}'s biases of layer ${l + 1} have ${p.biases[l].length} values, but sizes ${s} need ${sizes[l + 1]}`);
    }
    for (const [name, a] of [["weights", p.weights[l]], ["biases", p.biases[l]]] as const) {
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i])) throw new Error(`plane path: ${what}'s ${name} of layer ${l + 1} hold ${a[i]} at index ${i}`);
      }
    }
  }
}

/** The arrays of part 1 (layer 1's weights and biases) or part + (all other layers'), in a fixed order. */
function parts(p: Params): [ArrayLike<number>[], ArrayLike<number>[]] {
  const first = [p.weights[0], p.biases[0]];
  const rest: ArrayLike<number>[] = [];
  for (let l = 1; l < p.weights.length; l++) rest.push(p.weights[l], p.biases[l]);
  return [first, rest];
}

/** Σ over one part of (t − o)·(f − o), with o the initial arrays; t = f gives ‖Δ‖². */
function dot(o: ArrayLike<number>[], t: ArrayLike<number>[], f: ArrayLike<number>[]): number {
  let s = 0;
  for (let k = 0; k < o.length; k++) {
    const ok = o[k], tk = t[k], fk = f[k];
    for (let i = 0; i < ok.length; i++) s += (tk[i] - ok[i]) * (fk[i] - ok[i]);
  }
  return s;
}

/** Σ over one part of ((t − o) − c·(f − o))²: the squared distance of d from c·Δ. */
function residual(o: ArrayLike<number>[], t: ArrayLike<number>[], f: ArrayLike<number>[], c: number): number {
  let s = 0;
  for (let k = 0; k < o.length; k++) {
    const ok = o[k], tk = t[k], fk = f[k];
    for (let i = 0; i < ok.length; i++) {
      const r = tk[i] - ok[i] - c * (fk[i] - ok[i]);
      s += r * r;
    }
  }
  return s;
}

/** Σ of squares over one part. */
function squares(a: ArrayLike<number>[]): number {
  let s = 0;
  for (const x of a) for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** (α, β, offPlane) of θ_t on the plane θ₀ + αΔ₁ + βΔ₊ with Δ = θ_f − θ₀ (see the module comment). */
export function planeProjection(theta0: Params, thetaF: Params, thetaT: Params): PlanePoint {
  checkShape(theta0, theta0.sizes, "the initial network");
  checkShape(thetaF, theta0.sizes, "the final network");
  checkShape(thetaT, theta0.sizes, "the snapshot");
  return project(parts(theta0), parts(thetaF), parts(thetaT));
}

type Parts = [ArrayLike<number>[], ArrayLike<number>[]];

function project(o: Parts, f: Parts, t: Parts, norms?: [number, number]): PlanePoint {
  const [n1, nRest] = norms ?? [dot(o[0], f[0], f[0]), dot(o[1], f[1], f[1])];
  const alpha = n1 === 0 ? 0 : dot(o[0], t[0], f[0]) / n1;
  const beta = nRest === 0 ? 0 : dot(o[1], t[1], f[1]) / nRest;
  const offPlane = Math.sqrt(residual(o[0], t[0], f[0], alpha) + residual(o[1], t[1], f[1], beta));
  return { alpha, beta, offPlane };
}

/**
 * The whole path: epoch 0 (θ₀ itself), then each snapshot in order (epochs positive and increasing,
 * as a log records them; the last is normally the final network, which lands on (1, 1, 0)).
 * Shapes that do not match θ₀, or non-finite values, throw naming the snapshot's epoch.
 */
export function planePath(theta0: Params, thetaF: Params, snapshots: readonly { epoch: number; params: Params }[]): PlanePath {
  checkShape(theta0, theta0.sizes, "the initial network");
  if (theta0.sizes.length < 2) throw new Error(`plane path: the initial network has sizes [${theta0.sizes.join(", ")}], no weight layer`);
  checkShape(thetaF, theta0.sizes, "the final network");
  let previous = 0;
  for (const s of snapshots) {
    if (!Number.isInteger(s.epoch) || s.epoch <= previous) {
      throw new Error(`plane path: snapshot epochs must be whole numbers above 0, increasing; got ${s.epoch} after ${previous}`);
    }
    checkShape(s.params, theta0.sizes, `the snapshot at epoch ${s.epoch}`);
    previous = s.epoch;
  }
  const o = parts(theta0);
  const f = parts(thetaF);
  const norms: [number, number] = [dot(o[0], f[0], f[0]), dot(o[1], f[1], f[1])];
  const path: PlanePath = {
    epochs: [],
    alpha: [],
    beta: [],
    offPlane: [],
    norms: {
      delta1: Math.sqrt(norms[0]),
      deltaRest: Math.sqrt(norms[1]),
      initial1: Math.sqrt(squares(o[0])),
      initialRest: Math.sqrt(squares(o[1])),
    },
    firstLayerMove: relativeChange(theta0.weights[0], thetaF.weights[0]),
  };
  for (const { epoch, params } of [{ epoch: 0, params: theta0 }, ...snapshots]) {
    const p = project(o, f, parts(params), norms);
    path.epochs.push(epoch);
    path.alpha.push(p.alpha);
    path.beta.push(p.beta);
    path.offPlane.push(p.offPlane);
  }
  return path;
}

/** A float64 copy of a network's parameters (snapshots taken while training keep their values). */
export function float64Copy(p: Params): Params {
  return { sizes: [...p.sizes], weights: p.weights.map((w) => Float64Array.from(w)), biases: p.biases.map((b) => Float64Array.from(b)) };
}
