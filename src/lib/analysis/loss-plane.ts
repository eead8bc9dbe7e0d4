/**
 * The cost over the plane of a run's own training. With θ₀ the initial and θ_f the final
 * parameters, Δ = θ_f − θ₀ splits into Δ₁ (the first layer's weights and biases) and Δ₊
 * (every other layer's), and
 *
 *   θ(α, β) = θ₀ + α Δ₁ + β Δ₊,     so θ(0, 0) = θ₀ and θ(1, 1) = θ_f.
 *
 * Along α only the first layer moves, along β only the layers above it: the slope of the cost
 * along α is ⟨∇_{θ₁}C, Δ₁⟩, along β ⟨∇_{θ₊}C, Δ₊⟩. Whether a tiny first-layer gradient means
 * that the cost is flat in those directions is read off this plane.
 *
 * Network: weights row-major [n_in × n_out] as in network.ts, z_j = b_j + Σ_i a_i w[i·n_out + j],
 * sigmoid in every layer (the output included), cross-entropy per digit as mlp.ts exampleCost
 * "cross-entropy", C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] with y one-hot, averaged over
 * the digits, with no L2 term (the λ some runs trained with is not part of the plotted cost).
 *
 * The first layer's weighted input is linear in its parameters, so for each digit x
 *   z¹(α) = (x W¹₀ + b¹₀) + α (x ΔW¹ + Δb¹) = base + α·dir,
 * computed once (planeData); a point then costs only the small layers above. DOM-free.
 */
import type { NetworkParams } from "../nets/network.ts";
import type { Experiment } from "../schemas/experiment.ts";

/** The runs whose planes the loss-plane loader computes (public/derived/loss-plane/planes.json). */
export const PLANE_RUNS = ["full-3-hidden", "nielsen-3-hidden", "nielsen-2-hidden"] as const;
export type PlaneRun = (typeof PLANE_RUNS)[number];

/**
 * The grid axis for α and β: 61 points from −0.25 to 1.25 in steps of 0.025, computed as
 * (i − 10)/40 so that 0 (i = 10) and 1 (i = 50) are exact grid points.
 */
export const PLANE_AXIS: readonly number[] = Array.from({ length: 61 }, (_, i) => (i - 10) / 40);

/**
 * public/derived/loss-plane/planes.json and one run's entry in it, as the loss-plane loader writes
 * them and src/figures/loss-plane.ts reads them back: the schema's types
 * (src/lib/schemas/derived/loss-plane.ts). Corners are keyed "α,β": "0,0", "1,0", "0,1", "1,1".
 */
export type { PlaneEntry, PlanesFile } from "../schemas/derived/loss-plane.ts";

/** θ₀ and Δ = θ_f − θ₀ in float64, per weight layer (index 0 is layer 1). */
export interface PlaneNet {
  sizes: number[];
  w0: Float64Array[];
  b0: Float64Array[];
  dw: Float64Array[];
  db: Float64Array[];
}

/**
 * A run's experiment must be what this module computes: sigmoid hidden layers, cross-entropy,
 * no batch normalisation, no residual connections. Throws naming the file and field otherwise.
 */
export function checkPlaneExperiment(exp: Pick<Experiment, "activation" | "cost" | "batchNorm" | "residual">, file: string): void {
  const problems: string[] = [];
  if (exp.activation !== "sigmoid") problems.push(`activation is "${exp.activation}", the loss plane needs "sigmoid"`);
  if (exp.cost !== "cross-entropy") problems.push(`cost is "${exp.cost}", the loss plane needs "cross-entropy"`);
  if (exp.batchNorm) problems.push("batchNorm is true, the loss plane needs a network without batch normalisation");
  if (exp.residual) problems.push("residual is true, the loss plane needs a network without residual connections");
  if (problems.length) throw new Error(`${file}: ${problems.join("; ")}`);
}

/** θ₀ and Δ from a run's initial and final networks; throws when their shapes differ. */
export function planeNet(initial: NetworkParams, final: NetworkParams): PlaneNet {
  const a = initial.sizes;
  const b = final.sizes;
  if (a.length !== b.length || a.some((n, i) => n !== b[i])) {
    throw new Error(`planeNet: the initial network has sizes [${a.join(", ")}], the final [${b.join(", ")}]; they must be the same`);
  }
  if (a.length < 2) throw new Error(`planeNet: sizes [${a.join(", ")}] have no weight layer`);
  const L = a.length - 1;
  const check = (net: NetworkParams, which: string) => {
    if (net.weights.length !== L || net.biases.length !== L) {
      throw new Error(`planeNet: the ${which} network has ${net.weights.length} weight and ${net.biases.length} bias arrays for ${L} layers`);
    }
    for (let l = 0; l < L; l++) {
      if (net.weights[l].length !== a[l] * a[l + 1]) throw new Error(`planeNet: the ${which} network's weights of layer ${l + 1} have ${net.weights[l].length} values, expected ${a[l]}×${a[l + 1]}`);
      if (net.biases[l].length !== a[l + 1]) throw new Error(`planeNet: the ${which} network's biases of layer ${l + 1} have ${net.biases[l].length} values, expected ${a[l + 1]}`);
    }
  };
  check(initial, "initial");
  check(final, "final");
  const diff = (x: ArrayLike<number>, y: ArrayLike<number>) => Float64Array.from(x, (v, i) => y[i] - v);
  return {
    sizes: [...a],
    w0: initial.weights.map((w) => Float64Array.from(w)),
    b0: initial.biases.map((v) => Float64Array.from(v)),
    dw: initial.weights.map((w, l) => diff(w, final.weights[l])),
    db: initial.biases.map((v, l) => diff(v, final.biases[l])),
  };
}

/** Digits prepared for a plane: z¹(α) = base + α·dir per digit (count × n₁ each, row-major). */
export interface PlaneData {
  count: number;
  labels: ArrayLike<number>;
  base: Float64Array;
  dir: Float64Array;
}

/** base = x W¹₀ + b¹₀ and dir = x ΔW¹ + Δb¹ for each of `count` digits (pixels count × n₀, in 0..1). */
export function planeData(net: PlaneNet, pixels: ArrayLike<number>, labels: ArrayLike<number>, count: number): PlaneData {
  const n0 = net.sizes[0];
  const n1 = net.sizes[1];
  if (!Number.isInteger(count) || count < 1) throw new Error(`planeData: count must be a positive whole number, got ${count}`);
  if (pixels.length < count * n0) throw new Error(`planeData: ${pixels.length} pixel values are fewer than ${count} digits × ${n0}`);
  if (labels.length < count) throw new Error(`planeData: ${labels.length} labels are fewer than ${count} digits`);
  const nL = net.sizes[net.sizes.length - 1];
  for (let r = 0; r < count; r++) {
    const y = labels[r];
    if (!Number.isInteger(y) || y < 0 || y >= nL) throw new Error(`planeData: label ${r} is ${y}, expected a whole number in 0..${nL - 1}`);
  }
  const w0 = net.w0[0];
  const dw = net.dw[0];
  const base = new Float64Array(count * n1);
  const dir = new Float64Array(count * n1);
  for (let r = 0; r < count; r++) {
    const o = r * n1;
    for (let j = 0; j < n1; j++) {
      base[o + j] = net.b0[0][j];
      dir[o + j] = net.db[0][j];
    }
    for (let i = 0; i < n0; i++) {
      const x = pixels[r * n0 + i];
      if (x === 0) continue;
      const row = i * n1;
      for (let j = 0; j < n1; j++) {
        base[o + j] += x * w0[row + j];
        dir[o + j] += x * dw[row + j];
      }
    }
  }
  return { count, labels: Int32Array.from({ length: count }, (_, r) => labels[r]), base, dir };
}

export interface PlanePoint {
  /** Mean cross-entropy over the digits. */
  cost: number;
  /** Share of digits whose largest output is the label (the first largest on a tie). */
  accuracy: number;
  /** ∂C/∂α = ⟨∇_{θ₁}C, Δ₁⟩ (0 when slopes are off). */
  dAlpha: number;
  /** ∂C/∂β = ⟨∇_{θ₊}C, Δ₊⟩ (0 when slopes are off). */
  dBeta: number;
}

/** −ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z), without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The layers above the first at β: W^l = W^l₀ + β ΔW^l and b^l likewise (index l − 1; index 0
 * unused), with each W^l also transposed ([n_out × n_in]) so that the forward pass reads rows.
 */
function upperLayers(net: PlaneNet, beta: number): { w: Float64Array[]; wT: Float64Array[]; b: Float64Array[] } {
  const w: Float64Array[] = [new Float64Array(0)];
  const wT: Float64Array[] = [new Float64Array(0)];
  const b: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l < net.w0.length; l++) {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    const wl = Float64Array.from(net.w0[l], (v, i) => v + beta * net.dw[l][i]);
    const t = new Float64Array(wl.length);
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) t[j * nIn + i] = wl[i * nOut + j];
    w.push(wl);
    wT.push(t);
    b.push(Float64Array.from(net.b0[l], (v, i) => v + beta * net.db[l][i]));
  }
  return { w, wT, b };
}

/**
 * Cost, accuracy and (unless opts.slopes is false) the two slopes at θ(α, β), by one forward
 * and one backward pass per digit:
 *   δ^L = a^L − y (sigmoid with cross-entropy),  δ^{l−1} = (W^l δ^l) ⊙ σ'(z^{l−1}),
 *   ∂C/∂α = mean over digits of δ¹ · dir                       (dir = x ΔW¹ + Δb¹),
 *   ∂C/∂β = mean over digits of Σ_{l≥2} δ^l · (a^{l−1} ΔW^l + Δb^l).
 */
export function planePoint(net: PlaneNet, data: PlaneData, alpha: number, beta: number, opts: { slopes?: boolean } = {}): PlanePoint {
  const slopes = opts.slopes !== false;
  const { sizes } = net;
  const L = sizes.length - 1;
  const { w, wT, b } = upperLayers(net, beta);
  const z: Float64Array[] = sizes.slice(1).map((n) => new Float64Array(n));
  const a: Float64Array[] = sizes.slice(1).map((n) => new Float64Array(n));
  const delta: Float64Array[] = sizes.slice(1).map((n) => new Float64Array(n));
  const n1 = sizes[1];
  const nL = sizes[L];
  let cost = 0;
  let correct = 0;
  let dAlpha = 0;
  let dBeta = 0;
  for (let r = 0; r < data.count; r++) {
    const o = r * n1;
    const z1 = z[0];
    for (let j = 0; j < n1; j++) {
      z1[j] = data.base[o + j] + alpha * data.dir[o + j];
      a[0][j] = sigmoid(z1[j]);
    }
    for (let l = 1; l < L; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const prev = a[l - 1];
      const zl = z[l];
      const al = a[l];
      const tl = wT[l];
      const bl = b[l];
      for (let j = 0; j < nOut; j++) {
        const row = j * nIn;
        let s = bl[j];
        for (let i = 0; i < nIn; i++) s += prev[i] * tl[row + i];
        zl[j] = s;
        al[j] = sigmoid(s);
      }
    }
    const label = data.labels[r];
    const zL = z[L - 1];
    let best = 0;
    for (let j = 0; j < nL; j++) {
      cost += j === label ? softplus(-zL[j]) : softplus(zL[j]);
      if (zL[j] > zL[best]) best = j;
    }
    if (best === label) correct++;
    if (!slopes) continue;
    const dL = delta[L - 1];
    for (let j = 0; j < nL; j++) dL[j] = a[L - 1][j] - (j === label ? 1 : 0);
    for (let l = L - 1; l >= 1; l--) {
      // Layer l + 1 (index l): its slope along β, then δ of the layer below.
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const d = delta[l];
      const prev = a[l - 1];
      const dwl = net.dw[l];
      const dbl = net.db[l];
      const wl = w[l];
      const below = delta[l - 1];
      let s = 0;
      for (let j = 0; j < nOut; j++) s += d[j] * dbl[j];
      for (let i = 0; i < nIn; i++) {
        const row = i * nOut;
        let move = 0;
        let back = 0;
        for (let j = 0; j < nOut; j++) {
          move += dwl[row + j] * d[j];
          back += wl[row + j] * d[j];
        }
        s += prev[i] * move;
        below[i] = back * prev[i] * (1 - prev[i]);
      }
      dBeta += s;
    }
    const d1 = delta[0];
    for (let j = 0; j < n1; j++) dAlpha += d1[j] * data.dir[o + j];
  }
  const m = data.count;
  return { cost: cost / m, accuracy: correct / m, dAlpha: slopes ? dAlpha / m : 0, dBeta: slopes ? dBeta / m : 0 };
}

/**
 * Cost and accuracy over a grid, row-major: index j·alphas.length + i holds (alphas[i], betas[j]).
 * Both are measured on `data`, unless `accuracyData` is given: then the cost is on `data` (say the
 * run's training digits) and the accuracy on `accuracyData` (its test digits) — the same as two
 * calls, one per set, keeping the cost of the first and the accuracy of the second.
 *
 * The same numbers as planePoint at each point, computed faster: for a fixed α the second layer's
 * weighted input is linear in β too, z²(α, β) = (a¹(α) W²₀ + b²₀) + β (a¹(α) ΔW² + Δb²), so each
 * α column costs one pass over the second layer and each point only the layers above it.
 */
export function planeGrid(
  net: PlaneNet,
  data: PlaneData,
  alphas: readonly number[],
  betas: readonly number[],
  accuracyData?: PlaneData,
): { cost: Float64Array; accuracy: Float64Array } {
  const nA = alphas.length;
  const cost = new Float64Array(nA * betas.length);
  const accuracy = new Float64Array(nA * betas.length);
  const L = net.sizes.length - 1;
  if (L < 2) {
    betas.forEach((beta, j) =>
      alphas.forEach((alpha, i) => {
        const p = planePoint(net, data, alpha, beta, { slopes: false });
        cost[j * nA + i] = p.cost;
        accuracy[j * nA + i] = accuracyData ? planePoint(net, accuracyData, alpha, beta, { slopes: false }).accuracy : p.accuracy;
      }),
    );
    return { cost, accuracy };
  }
  const ups = betas.map((beta) => upperLayers(net, beta));
  alphas.forEach((alpha, i) => {
    const second = secondLayer(net, data, alpha);
    const secondAcc = accuracyData ? secondLayer(net, accuracyData, alpha) : second;
    betas.forEach((beta, j) => {
      const p = costFromSecond(net, data, second, beta, ups[j]);
      cost[j * nA + i] = p.cost;
      accuracy[j * nA + i] = accuracyData ? costFromSecond(net, accuracyData, secondAcc, beta, ups[j], false).accuracy : p.accuracy;
    });
  });
  return { cost, accuracy };
}

/** z²(α, β) = base + β·dir per digit (count × n₂) at a fixed α. */
function secondLayer(net: PlaneNet, data: PlaneData, alpha: number): { base: Float64Array; dir: Float64Array } {
  const n1 = net.sizes[1];
  const n2 = net.sizes[2];
  const w0 = net.w0[1];
  const dw = net.dw[1];
  const base = new Float64Array(data.count * n2);
  const dir = new Float64Array(data.count * n2);
  const a1 = new Float64Array(n1);
  for (let r = 0; r < data.count; r++) {
    const o1 = r * n1;
    for (let i = 0; i < n1; i++) a1[i] = sigmoid(data.base[o1 + i] + alpha * data.dir[o1 + i]);
    const o2 = r * n2;
    for (let j = 0; j < n2; j++) {
      base[o2 + j] = net.b0[1][j];
      dir[o2 + j] = net.db[1][j];
    }
    for (let i = 0; i < n1; i++) {
      const ai = a1[i];
      const row = i * n2;
      for (let j = 0; j < n2; j++) {
        base[o2 + j] += ai * w0[row + j];
        dir[o2 + j] += ai * dw[row + j];
      }
    }
  }
  return { base, dir };
}

/**
 * Cost and accuracy from the second layer's z = base + β·dir up, with layers ≥ 3 at β (`up`); the cost
 * only when `withCost` (the accuracy digits need none). Digits go through four at a time, sharing each
 * weight read and keeping four independent sums in flight; every digit's sums run in the same order as
 * alone, and the cost adds digit after digit.
 */
function costFromSecond(
  net: PlaneNet,
  data: PlaneData,
  second: { base: Float64Array; dir: Float64Array },
  beta: number,
  up: { wT: Float64Array[]; b: Float64Array[] },
  withCost = true,
): { cost: number; accuracy: number } {
  const { sizes } = net;
  const L = sizes.length - 1;
  const n2 = sizes[2];
  const nL = sizes[L];
  const G = 4;
  // acts[g][l]: digit g's activations of layer l (layer L holds its weighted input z^L).
  const acts: Float64Array[][] = Array.from({ length: G }, () => sizes.map((n) => new Float64Array(n)));
  let cost = 0;
  let correct = 0;
  const { base, dir } = second;
  const last = data.count - 1;
  for (let r = 0; r < data.count; r += G) {
    // Past the last digit the group repeats it; those twins' results are not counted.
    const o0 = r * n2;
    const o1 = Math.min(r + 1, last) * n2;
    const o2 = Math.min(r + 2, last) * n2;
    const o3 = Math.min(r + 3, last) * n2;
    const x0 = acts[0][2];
    const x1 = acts[1][2];
    const x2 = acts[2][2];
    const x3 = acts[3][2];
    for (let j = 0; j < n2; j++) {
      const z0 = base[o0 + j] + beta * dir[o0 + j];
      const z1 = base[o1 + j] + beta * dir[o1 + j];
      const z2 = base[o2 + j] + beta * dir[o2 + j];
      const z3 = base[o3 + j] + beta * dir[o3 + j];
      x0[j] = L === 2 ? z0 : sigmoid(z0);
      x1[j] = L === 2 ? z1 : sigmoid(z1);
      x2[j] = L === 2 ? z2 : sigmoid(z2);
      x3[j] = L === 2 ? z3 : sigmoid(z3);
    }
    for (let l = 3; l <= L; l++) {
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      const p0 = acts[0][l - 1];
      const p1 = acts[1][l - 1];
      const p2 = acts[2][l - 1];
      const p3 = acts[3][l - 1];
      const q0 = acts[0][l];
      const q1 = acts[1][l];
      const q2 = acts[2][l];
      const q3 = acts[3][l];
      const tl = up.wT[l - 1];
      const bl = up.b[l - 1];
      const isLast = l === L;
      for (let j = 0; j < nOut; j++) {
        const row = j * nIn;
        let s0 = bl[j];
        let s1 = s0;
        let s2 = s0;
        let s3 = s0;
        for (let i = 0; i < nIn; i++) {
          const t = tl[row + i];
          s0 += p0[i] * t;
          s1 += p1[i] * t;
          s2 += p2[i] * t;
          s3 += p3[i] * t;
        }
        q0[j] = isLast ? s0 : sigmoid(s0);
        q1[j] = isLast ? s1 : sigmoid(s1);
        q2[j] = isLast ? s2 : sigmoid(s2);
        q3[j] = isLast ? s3 : sigmoid(s3);
      }
    }
    for (let d = 0; d < G && r + d <= last; d++) {
      const zL = acts[d][L];
      const label = data.labels[r + d];
      let best = 0;
      for (let j = 0; j < nL; j++) {
        if (withCost) cost += j === label ? softplus(-zL[j]) : softplus(zL[j]);
        if (zL[j] > zL[best]) best = j;
      }
      if (best === label) correct++;
    }
  }
  return { cost: withCost ? cost / data.count : NaN, accuracy: correct / data.count };
}

function norm(arrays: readonly Float64Array[]): number {
  let s = 0;
  for (const x of arrays) for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** How far training moved: ‖Δ₁‖, ‖Δ₊‖ (weights and biases), ‖W¹₀‖ and ‖ΔW¹‖/‖W¹₀‖ (weights only). */
export function planeNorms(net: PlaneNet): { delta1: number; deltaRest: number; initialW1: number; firstLayerMove: number } {
  const delta1 = norm([net.dw[0], net.db[0]]);
  const deltaRest = norm([...net.dw.slice(1), ...net.db.slice(1)]);
  const initialW1 = norm([net.w0[0]]);
  return { delta1, deltaRest, initialW1, firstLayerMove: initialW1 === 0 ? 0 : norm([net.dw[0]]) / initialW1 };
}
