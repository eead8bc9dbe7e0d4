/**
 * Everything the collision demo shows for one setting (DOM-free: the build renders
 * the first view with it, the island every later one). The change d = target − source
 * is split by the random first layer into v, the part it cannot see (Wᵀv = 0), and
 * the rest; the demo shows x(t) = source + t·v and both layers' 30 activations of
 * source and x(t). All in float64 on the shipped (dequantised) weights.
 */
import { nullSpaceProjector, norm, type NullSpaceSplit } from "../../lib/analysis/null-space.ts";
import { activations, type FirstLayer } from "../../lib/analysis/pixels.ts";
import type { CollisionData } from "./data.ts";
import type { CollisionSettings } from "./settings.ts";

export const PIXELS = 784;

export interface DigitRef {
  /** Position in the shipped sample. */
  position: number;
  label: number;
  testIndex: number;
  image: Float64Array;
}

export interface LayerChange {
  source: Float64Array;
  changed: Float64Array;
  /** max_j |a_j(x(t)) − a_j(source)|, and the unit j (0-based) where it is reached. */
  maxChange: number;
  unit: number;
}

export interface CollisionView {
  source: DigitRef;
  target: DigitRef;
  t: number;
  /** x(t) = source + t·v. */
  changed: Float64Array;
  /** ‖d‖ = ‖target − source‖, ‖v‖, and how far x(t) is from the source, ‖t·v‖. */
  norms: { d: number; v: number; moved: number };
  /** Smallest and largest pixel value of x(t). */
  range: [number, number];
  random: LayerChange;
  trained: LayerChange;
}

/** The shipped digit at a sample position as 784 values in [0, 1]. */
export function digitImage(data: Pick<CollisionData, "pixels">, k: number): Float64Array {
  return Float64Array.from(data.pixels.subarray(k * PIXELS, (k + 1) * PIXELS), (v) => v / 255);
}

function digit(data: CollisionData, k: number): DigitRef {
  if (!(Number.isInteger(k) && k >= 0 && k < data.count)) throw new Error(`collision: digit ${k} is not in the sample of ${data.count}`);
  return { position: k, label: data.labels[k], testIndex: data.testIndices[k], image: digitImage(data, k) };
}

const projectors = new WeakMap<FirstLayer, (d: ArrayLike<number>) => NullSpaceSplit>();

/** d = target − source and its split by the random layer (the factorisation of WᵀW is made once per layer). */
export function collisionChange(data: CollisionData, source: number, target: number): { d: Float64Array; v: Float64Array } {
  let project = projectors.get(data.random);
  if (!project) {
    project = nullSpaceProjector(data.random);
    projectors.set(data.random, project);
  }
  const a = digitImage(data, source);
  const b = digitImage(data, target);
  const d = b.map((v, i) => v - a[i]);
  return { d, v: project(d).v };
}

function layerChange(layer: FirstLayer, source: Float64Array, x: Float64Array): LayerChange {
  const a = activations(layer, source);
  const b = activations(layer, x);
  let maxChange = 0;
  let unit = 0;
  for (let j = 0; j < a.length; j++) {
    const c = Math.abs(b[j] - a[j]);
    if (c > maxChange) {
      maxChange = c;
      unit = j;
    }
  }
  return { source: a, changed: b, maxChange, unit };
}

export function collisionView(data: CollisionData, s: CollisionSettings, change = collisionChange(data, s.source, s.target)): CollisionView {
  const source = digit(data, s.source);
  const target = digit(data, s.target);
  const changed = source.image.map((x, i) => x + s.t * change.v[i]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of changed) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const nv = norm(change.v);
  return {
    source,
    target,
    t: s.t,
    changed,
    norms: { d: norm(change.d), v: nv, moved: s.t * nv },
    range: [lo, hi],
    random: layerChange(data.random, source.image, changed),
    trained: layerChange(data.trained, source.image, changed),
  };
}
