/**
 * Where a V8 CPU profile's time went, by the code that ran: wasm (every wasm function, tfjs-wasm's kernels and
 * XNNPACK), tfjs-core (the engine and its op layer), tfjs-wasm's JavaScript (the kernels' wrappers), the
 * trainer (src/lib), the garbage collector and the rest (the benchmark's own code, V8's and Node's).
 * `npm run bench:kernels` prints these shares for the answers table's epochs: they bound what a trainer that
 * skipped tfjs' engine could save.
 */
export const ORIGINS = ["wasm", "tfjs-core", "tfjs-wasm JS", "trainer", "GC", "other"] as const;
export type Origin = (typeof ORIGINS)[number];

/** The parts of a Profiler.Profile (node:inspector) that are read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The code a profile node's frame belongs to. */
export function originOf(frame: { functionName: string; url: string }): Origin {
  const { url, functionName } = frame;
  if (url.startsWith("wasm://") || functionName.startsWith("wasm-function[")) return "wasm";
  if (url.includes("/@tensorflow/tfjs-core/")) return "tfjs-core";
  if (url.includes("/@tensorflow/tfjs-backend-wasm/")) return "tfjs-wasm JS";
  if (url.includes("/src/lib/")) return "trainer";
  if (functionName === "(garbage collector)") return "GC";
  return "other";
}

/** Each origin's share of the profile's sampled time (0 to 1, summing to 1; all 0 for a profile without samples). */
export function profileShares(profile: CpuProfile): Record<Origin, number> {
  const origin = new Map(profile.nodes.map((n) => [n.id, originOf(n.callFrame)]));
  const time = Object.fromEntries(ORIGINS.map((o) => [o, 0])) as Record<Origin, number>;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length !== deltas.length) throw new Error(`a CPU profile with ${samples.length} samples and ${deltas.length} time deltas`);
  let total = 0;
  samples.forEach((id, i) => {
    const o = origin.get(id);
    if (o === undefined) throw new Error(`a CPU profile sample names node ${id}, which the profile does not have`);
    time[o] += deltas[i];
    total += deltas[i];
  });
  if (total > 0) for (const o of ORIGINS) time[o] /= total;
  return time;
}
