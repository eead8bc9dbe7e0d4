/**
 * Distances between the digits in different representations: what a first layer
 * (or any map f of the pixels) does to the geometry of the test digits. DOM-free,
 * float64 throughout; used by the build-time loader scripts/derived/loaders/distances.ts.
 *
 * Conventions (the loader's JSON and the lessons rely on them):
 *  - Rows: a count × d matrix is row-major, one digit per row.
 *  - Pairs: every pair i < j once, in the "condensed" order (0,1), (0,2) … (0,n−1), (1,2) … ,
 *    at index pairIndex(i, j, n). Squared Euclidean distances, computed directly as
 *    Σ (a_c − b_c)² (no Gram-matrix shortcut: no cancellation, an image and its copy are exactly 0 apart).
 *  - Leave-one-out 1-nearest-neighbour: each digit is classified by the label of the nearest
 *    OTHER digit; among equally near ones the lowest index wins.
 *  - Percentiles are nearest-rank: the p-th percentile of m sorted values is sorted[⌈p·m⌉ − 1]
 *    (the same rule as spread() in pixels.ts).
 *  - The distance ratio of a pair is r = ‖f(x_i) − f(x_j)‖ / ‖x_i − x_j‖, taken over the pairs whose
 *    labels differ; "relative" means divided by the median r, which makes representations of
 *    different scales comparable.
 *
 * Why a random layer spreads the ratios, and by how much (the χ² prediction):
 *  Let G be k × D with iid N(0, σ²) entries and v ≠ 0 a fixed vector in R^D. Each (Gv)_c = Σ_s G_cs v_s
 *  is a sum of independent normals, so (Gv)_c ~ N(0, σ²‖v‖²), and the k coordinates are independent
 *  (different rows of G). Hence ‖Gv‖² / (σ²‖v‖²) = Σ_c ((Gv)_c / (σ‖v‖))² ~ χ²_k, and the ratio
 *  r = ‖Gv‖ / ‖v‖ = σ·√(χ²_k). Its quantiles are σ·√q_p(χ²_k), so relative to the median,
 *    r_p / r_median = √(q_p(χ²_k) / q_0.5(χ²_k)),
 *  free of σ and of D. (Relative to the root mean square σ√k instead it is √(q_p/k); for large k,
 *  χ²_k ≈ N(k, 2k) gives √(q_p/k) ≈ √(1 + z_p √(2/k)) ≈ 1 + z_p/√(2k), z_0.95 = 1.645: the band
 *  narrows like 1/√k.) For a first layer z = Wᵀx + b the bias cancels in a difference,
 *  z_i − z_j = Wᵀ(x_i − x_j), so the linear part of a random layer with W ~ N(0, 1/784) is such a G with
 *  σ² = 1/784: the median ratio is √(q_0.5(χ²_k)/784). The statement is about a random G and one
 *  fixed pair; over the many pairs of one fixed G it holds as far as the pixel differences point in
 *  directions that G treats alike (for directions drawn uniformly at random it is exact up to a
 *  Beta-for-χ² correction of order k/D), which is what the measured spread tests.
 */

/** Index of the pair (i, j), i < j, in the condensed order of n points. */
export function pairIndex(i: number, j: number, n: number): number {
  if (!(Number.isInteger(i) && Number.isInteger(j) && 0 <= i && i < j && j < n)) {
    throw new Error(`pairIndex: need whole numbers 0 ≤ i < j < n, got i = ${i}, j = ${j}, n = ${n}`);
  }
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

function checkMatrix(what: string, x: ArrayLike<number>, n: number, d: number): void {
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`${what}: need at least 2 rows, got ${n}`);
  if (!(Number.isInteger(d) && d >= 1)) throw new Error(`${what}: need at least 1 column, got ${d}`);
  if (x.length < n * d) throw new Error(`${what}: ${x.length} values for ${n} rows of ${d} (${n * d})`);
}

/** Squared Euclidean distances between the rows of an n × d matrix, every pair i < j in condensed order. */
export function pairSquaredDistances(x: ArrayLike<number>, n: number, d: number): Float64Array {
  checkMatrix("pairSquaredDistances", x, n, d);
  const a = x instanceof Float64Array ? x : Float64Array.from({ length: n * d }, (_, i) => x[i]);
  for (let i = 0; i < n * d; i++) if (!Number.isFinite(a[i])) throw new Error(`pairSquaredDistances: value ${i} (row ${Math.floor(i / d)}) is ${a[i]}, not a finite number`);
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = a[oi + c] - a[oj + c];
        s += t * t;
      }
      out[k++] = s;
    }
  }
  return out;
}

function checkPairs(what: string, sq: ArrayLike<number>, n: number): void {
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`${what}: need at least 2 points, got ${n}`);
  if (sq.length !== (n * (n - 1)) / 2) throw new Error(`${what}: ${sq.length} pair distances for ${n} points (${(n * (n - 1)) / 2})`);
}

export interface NearestNeighbour {
  /** Fraction of the points whose nearest other point has the same label. */
  accuracy: number;
  correct: number;
  /** The nearest other point of each point (lowest index among equally near ones). */
  neighbour: Int32Array;
}

/**
 * Leave-one-out 1-nearest-neighbour accuracy from the condensed squared distances: a point is
 * never its own neighbour; ties go to the lowest index. (Each point meets its candidates in
 * increasing index order, first as the j of earlier rows, then as the i of its own row, so a strict
 * "<" keeps the lowest.)
 */
export function leaveOneOutNearest(sq: ArrayLike<number>, n: number, labels: ArrayLike<number>): NearestNeighbour {
  checkPairs("leaveOneOutNearest", sq, n);
  if (labels.length < n) throw new Error(`leaveOneOutNearest: ${labels.length} labels for ${n} points`);
  const best = new Float64Array(n).fill(Infinity);
  const neighbour = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = sq[k++];
      if (d < best[i]) {
        best[i] = d;
        neighbour[i] = j;
      }
      if (d < best[j]) {
        best[j] = d;
        neighbour[j] = i;
      }
    }
  }
  let correct = 0;
  for (let i = 0; i < n; i++) if (labels[neighbour[i]] === labels[i]) correct++;
  return { accuracy: correct / n, correct, neighbour };
}

/**
 * Nearest-rank percentile of values sorted ascending: sorted[⌈p·m⌉ − 1] (p in (0, 1]); the 1e-9
 * keeps a product like 0.05 · 20 = 1.0000000000000002 at rank 1, as exact arithmetic would.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) throw new Error("percentile: no values");
  if (!(p > 0 && p <= 1)) throw new Error(`percentile: p must be in (0, 1], got ${p}`);
  return sorted[Math.min(m - 1, Math.max(0, Math.ceil(p * m - 1e-9) - 1))];
}

/**
 * r = √(featureSq / pixelSq) for every pair with different labels, in condensed order. A pair of
 * different labels at pixel distance 0 has no ratio: it throws, naming the pair.
 */
export function pairRatios(featureSq: ArrayLike<number>, pixelSq: ArrayLike<number>, n: number, labels: ArrayLike<number>): Float64Array {
  checkPairs("pairRatios (features)", featureSq, n);
  checkPairs("pairRatios (pixels)", pixelSq, n);
  if (labels.length < n) throw new Error(`pairRatios: ${labels.length} labels for ${n} points`);
  let count = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (labels[i] !== labels[j]) count++;
  const out = new Float64Array(count);
  let k = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (labels[i] === labels[j]) continue;
      if (!(pixelSq[k] > 0)) throw new Error(`pairRatios: digits ${i} and ${j} have different labels but the same pixels: their ratio is undefined`);
      out[m++] = Math.sqrt(featureSq[k] / pixelSq[k]);
    }
  }
  return out;
}

export interface RatioStats {
  /** Pairs with different labels. */
  pairs: number;
  p5: number;
  p50: number;
  p95: number;
  /** p5 / p50 and p95 / p50: the spread, free of the representation's scale. */
  relative: { p5: number; p95: number };
  /** The pair with the smallest ratio (the lowest pair index among equal ones). */
  closest: { i: number; j: number; ratio: number; relative: number };
  /** Every different-label ratio, ascending (for rankOf). */
  sorted: Float64Array;
}

/** Percentiles of the different-label ratios and the pair with the smallest ratio. */
export function ratioStats(featureSq: ArrayLike<number>, pixelSq: ArrayLike<number>, n: number, labels: ArrayLike<number>): RatioStats {
  const ratios = pairRatios(featureSq, pixelSq, n, labels);
  if (ratios.length === 0) throw new Error("ratioStats: no two points with different labels");
  let closest = { i: -1, j: -1, ratio: Infinity };
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (labels[i] === labels[j]) continue;
      const r = ratios[m++];
      if (r < closest.ratio) closest = { i, j, ratio: r };
    }
  }
  const sorted = ratios.sort();
  const p50 = percentile(sorted, 0.5);
  const p5 = percentile(sorted, 0.05);
  const p95 = percentile(sorted, 0.95);
  return { pairs: sorted.length, p5, p50, p95, relative: { p5: p5 / p50, p95: p95 / p50 }, closest: { ...closest, relative: closest.ratio / p50 }, sorted };
}

/** The fraction of the ascending values that are ≤ v (binary search). */
export function rankOf(sorted: ArrayLike<number>, v: number): number {
  if (sorted.length === 0) throw new Error("rankOf: no values");
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

/** r = ‖f(x_i) − f(x_j)‖ / ‖x_i − x_j‖ of one pair (either order). */
export function pairRatio(featureSq: ArrayLike<number>, pixelSq: ArrayLike<number>, n: number, i: number, j: number): number {
  const k = pairIndex(Math.min(i, j), Math.max(i, j), n);
  return Math.sqrt(featureSq[k] / pixelSq[k]);
}

/** The pair (i < j) of different labels with the smallest squared distance; ties go to the lowest pair index. */
export function closestDifferentPair(sq: ArrayLike<number>, n: number, labels: ArrayLike<number>): { i: number; j: number; distance: number } {
  checkPairs("closestDifferentPair", sq, n);
  let best = { i: -1, j: -1, sq: Infinity };
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (labels[i] !== labels[j] && sq[k] < best.sq) best = { i, j, sq: sq[k] };
    }
  }
  if (best.i < 0) throw new Error("closestDifferentPair: no two points with different labels");
  return { i: best.i, j: best.j, distance: Math.sqrt(best.sq) };
}

// ---------------------------------------------------------------------------------------------
// Principal components.

/**
 * Flips v[offset … offset + len) so that its first entry of (nearly) the largest magnitude is
 * positive: entries within 1e-6 of the largest count as equal, so rounding cannot flip the choice.
 */
function fixSign(v: Float64Array, offset: number, len: number): void {
  let max = 0;
  for (let i = 0; i < len; i++) max = Math.max(max, Math.abs(v[offset + i]));
  let first = 0;
  while (first < len && Math.abs(v[offset + first]) < max * (1 - 1e-6)) first++;
  if (v[offset + first] < 0) for (let i = 0; i < len; i++) v[offset + i] = -v[offset + i];
}

/**
 * Eigenvalues and eigenvectors of a small symmetric n × n matrix (row-major) by cyclic Jacobi
 * rotations. Values descending; vector c is vectors[c·n … (c+1)·n), unit length, its first entry of the
 * largest magnitude positive (fixSign: a fixed sign, so results are reproducible).
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: ${matrix.length} values for a ${n} × ${n} matrix`);
  const a = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = Math.max(Math.abs(a[i * n + j]), Math.abs(a[j * n + i]), 1e-300);
      if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-10 * s) throw new Error(`symmetricEigen: the matrix is not symmetric at (${i}, ${j})`);
    }
  }
  // v: columns are the eigenvectors as rotations accumulate (row-major n × n).
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let norm = 0;
  for (let i = 0; i < n * n; i++) norm += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x] || x - y);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((col, c) => {
    for (let k = 0; k < n; k++) vectors[c * n + k] = v[k * n + col];
    fixSign(vectors, c * n, n);
  });
  return { values, vectors };
}

/** Column means and the covariance (divided by n) of an n × d matrix; zeros are skipped, so sparse images are fast. */
export function covariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`covariance: need at least 1 row, got ${n}`);
  if (x.length < n * d) throw new Error(`covariance: ${x.length} values for ${n} rows of ${d} (${n * d})`);
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    let m = 0;
    for (let c = 0; c < d; c++) {
      const t = x[r * d + c];
      if (t !== 0) {
        idx[m] = c;
        val[m++] = t;
        mean[c] += t;
      }
    }
    for (let a = 0; a < m; a++) {
      const row = idx[a] * d;
      const va = val[a];
      for (let b = a; b < m; b++) cov[row + idx[b]] += va * val[b];
    }
  }
  for (let c = 0; c < d; c++) mean[c] /= n;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j] / n - mean[i] * mean[j];
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return { mean, cov };
}

export interface PrincipalComponents {
  /** The column means of the data the components were fitted to. */
  mean: Float64Array;
  /** k × d, row-major: component c is row c, unit length, signed as by fixSign. */
  components: Float64Array;
  /** The variance along each component (eigenvalues of the covariance), descending. */
  values: Float64Array;
  iterations: number;
  /** The largest relative residual ‖C u − λ u‖ / λ of the returned pairs. */
  residual: number;
}

/** n × d row-major normal draws, seeded (mulberry32 + Box–Muller, as in rng.ts, inlined to stay dependency-free). */
function seededNormals(count: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const th = 2 * Math.PI * rand();
    out[i] = r * Math.cos(th);
    if (i + 1 < count) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** Modified Gram–Schmidt on m vectors of length d (vector-major), in place; a vector that vanishes throws. */
function orthonormalise(q: Float64Array, m: number, d: number): void {
  for (let c = 0; c < m; c++) {
    const oc = c * d;
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < c; b++) {
        const ob = b * d;
        let dot = 0;
        for (let s = 0; s < d; s++) dot += q[ob + s] * q[oc + s];
        for (let s = 0; s < d; s++) q[oc + s] -= dot * q[ob + s];
      }
    }
    let nrm = 0;
    for (let s = 0; s < d; s++) nrm += q[oc + s] ** 2;
    nrm = Math.sqrt(nrm);
    if (!(nrm > 1e-300)) throw new Error(`principalComponents: the subspace lost a dimension (vector ${c}); the data may have fewer than ${m} directions of variance`);
    for (let s = 0; s < d; s++) q[oc + s] /= nrm;
  }
}

/**
 * The top k principal components of an n × d matrix: subspace iteration with Rayleigh–Ritz on the
 * d × d covariance, with a block of k + oversample vectors (capped at d) started from seeded normal
 * draws. Each round: Z = C Q, T = Qᵀ Z, T = Y Θ Yᵀ, Ritz vectors U = Q Y (C U = Z Y), stop when every
 * one of the top k has ‖C u − θ u‖ ≤ tolerance · θ; else Q = orthonormalised Z Y. The block's top k
 * converge like (λ_{m+1} / λ_c)^iterations. Throws if maxIterations pass first.
 */
export function principalComponents(
  x: ArrayLike<number>,
  n: number,
  d: number,
  k: number,
  opts: { seed?: number; oversample?: number; tolerance?: number; maxIterations?: number } = {},
): PrincipalComponents {
  const { seed = 1, oversample = 10, tolerance = 1e-9, maxIterations = 2000 } = opts;
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) throw new Error(`principalComponents: k must be a whole number in 1..${d}, got ${k}`);
  const { mean, cov } = covariance(x, n, d);
  const m = Math.min(d, k + oversample);
  const q = seededNormals(m * d, seed);
  orthonormalise(q, m, d);
  const z = new Float64Array(m * d);
  const u = new Float64Array(m * d);
  const cu = new Float64Array(m * d);
  const t = new Float64Array(m * m);
  for (let it = 1; it <= maxIterations; it++) {
    // Z = C Q (C symmetric: row s of C times q_c).
    for (let c = 0; c < m; c++) {
      const oc = c * d;
      for (let r = 0; r < d; r++) {
        const row = r * d;
        let s = 0;
        for (let p = 0; p < d; p++) s += cov[row + p] * q[oc + p];
        z[oc + r] = s;
      }
    }
    // T = Qᵀ C Q, symmetrised (q_a·C q_b and q_b·C q_a differ by rounding only).
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let s = 0;
        for (let p = 0; p < d; p++) s += q[a * d + p] * z[b * d + p];
        t[a * m + b] = s;
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) t[a * m + b] = t[b * m + a] = (t[a * m + b] + t[b * m + a]) / 2;
    const eig = symmetricEigen(t, m);
    u.fill(0);
    cu.fill(0);
    for (let c = 0; c < m; c++) {
      for (let b = 0; b < m; b++) {
        const y = eig.vectors[c * m + b];
        if (y === 0) continue;
        for (let p = 0; p < d; p++) {
          u[c * d + p] += y * q[b * d + p];
          cu[c * d + p] += y * z[b * d + p];
        }
      }
    }
    let residual = 0;
    for (let c = 0; c < k; c++) {
      const theta = eig.values[c];
      let s = 0;
      for (let p = 0; p < d; p++) s += (cu[c * d + p] - theta * u[c * d + p]) ** 2;
      residual = Math.max(residual, theta > 0 ? Math.sqrt(s) / theta : Infinity);
    }
    if (residual <= tolerance) {
      const components = new Float64Array(k * d);
      components.set(u.subarray(0, k * d));
      for (let c = 0; c < k; c++) fixSign(components, c * d, d);
      return { mean, components, values: eig.values.slice(0, k), iterations: it, residual };
    }
    q.set(cu);
    orthonormalise(q, m, d);
  }
  throw new Error(`principalComponents: the top ${k} components did not converge to a relative residual of ${tolerance} in ${maxIterations} iterations`);
}

/** (x − mean) projected on each component: n × k, row-major. */
export function project(pc: Pick<PrincipalComponents, "mean" | "components">, x: ArrayLike<number>, n: number, d: number): Float64Array {
  if (pc.mean.length !== d) throw new Error(`project: the components are for ${pc.mean.length} values per row, the data has ${d}`);
  if (x.length < n * d) throw new Error(`project: ${x.length} values for ${n} rows of ${d}`);
  const k = pc.components.length / d;
  const out = new Float64Array(n * k);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let p = 0; p < d; p++) row[p] = x[r * d + p] - pc.mean[p];
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += row[p] * pc.components[c * d + p];
      out[r * k + c] = s;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The χ² distribution.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(a) for a > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(a: number): number {
  if (!(a > 0)) throw new Error(`logGamma: a must be > 0, got ${a}`);
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const x = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a): by its power series
 * for x < a + 1, otherwise as 1 − Q(a, x) with Q by its continued fraction (modified Lentz).
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) throw new Error(`regularizedGammaP: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new Error(`regularizedGammaP: x must be ≥ 0, got ${x}`);
  if (x === 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < 10000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return Math.min(1, sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let dd = 1 / b;
  let h = dd;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    dd = an * dd + b;
    if (Math.abs(dd) < tiny) dd = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    dd = 1 / dd;
    const del = dd * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.max(0, 1 - front * h);
}

/** P(χ²_k ≤ x) = P(k/2, x/2). */
export function chiSquareCdf(x: number, k: number): number {
  if (!(k > 0)) throw new Error(`chiSquareCdf: degrees of freedom must be > 0, got ${k}`);
  return x <= 0 ? 0 : regularizedGammaP(k / 2, x / 2);
}

/** The p-quantile of χ²_k: the x with P(χ²_k ≤ x) = p, by bracketing and bisection to float precision. */
export function chiSquareQuantile(p: number, k: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`chiSquareQuantile: p must be in (0, 1), got ${p}`);
  if (!(k > 0)) throw new Error(`chiSquareQuantile: degrees of freedom must be > 0, got ${k}`);
  let lo = 0;
  let hi = Math.max(1, k);
  while (chiSquareCdf(hi, k) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareCdf(mid, k) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface ChiBand {
  /** √(q_p / q_0.5): the p5 and p95 of r relative to its median, for a Gaussian projection to k dimensions. */
  relative: { p5: number; p95: number };
  /** √(q_p / k): the same relative to the root mean square (≈ 1 ± 1.645/√(2k) for large k). */
  overRms: { p5: number; p95: number };
  /** √q_0.5(χ²_k): the median of r in units of σ. */
  median: number;
}

/** What r = ‖Gv‖/‖v‖ of a k × D Gaussian projection (entries N(0, σ²)) spreads like (see the top of this file). */
export function chiBand(k: number): ChiBand {
  const q5 = chiSquareQuantile(0.05, k);
  const q50 = chiSquareQuantile(0.5, k);
  const q95 = chiSquareQuantile(0.95, k);
  return {
    relative: { p5: Math.sqrt(q5 / q50), p95: Math.sqrt(q95 / q50) },
    overRms: { p5: Math.sqrt(q5 / k), p95: Math.sqrt(q95 / k) },
    median: Math.sqrt(q50),
  };
}
