/**
 * The Cholesky factor of a symmetric positive definite n × n matrix (row-major): the
 * lower-triangular L with L·Lᵀ = A, and the solve of L·Lᵀ·c = b. Used by the ridge
 * decoders (src/lib/analysis/ridge.ts) and the null-space split of a first layer
 * (src/lib/analysis/null-space.ts); each caller words its own refusal. DOM-free.
 */

/**
 * Returns L (n × n, row-major, zeros above the diagonal). A pivot that is not above
 * `tolerance` times its diagonal entry (0: not positive) is refused: `refuse(j, pivot)`
 * gives the error to throw, in the caller's words.
 */
export function choleskyFactor(a: ArrayLike<number>, n: number, refuse: (j: number, pivot: number) => Error, tolerance = 0): Float64Array {
  if (a.length !== n * n) throw new Error(`cholesky: ${a.length} values for a ${n} × ${n} matrix`);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const diag = a[j * n + j];
    let pivot = diag;
    for (let m = 0; m < j; m++) pivot -= l[j * n + m] ** 2;
    if (!(pivot > tolerance * diag)) throw refuse(j, pivot);
    const ljj = Math.sqrt(pivot);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let m = 0; m < j; m++) s -= l[i * n + m] * l[j * n + m];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·c = b for c, given the Cholesky factor L (n × n, row-major). */
export function choleskySolve(l: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const n = b.length;
  if (l.length !== n * n) throw new Error(`cholesky solve: a ${Math.sqrt(l.length)}-square factor for ${n} values`);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const c = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * c[k];
    c[i] = s / l[i * n + i];
  }
  return c;
}
