/**
 * scripts/bench/profile-shares.ts: a V8 CPU profile's time by the code that ran, on a profile made by hand
 * (the shares below are worked out from its samples, not by the module).
 */
import { describe, expect, it } from "vitest";
import { originOf, profileShares, type CpuProfile } from "../../scripts/bench/profile-shares.ts";

const at = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url } });
const NODES = [
  at(1, "(root)", ""),
  at(2, "wasm-function[400]", "wasm://wasm/0019ea4a"),
  at(3, "Engine.runKernelFunc", "file:///r/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js"),
  at(4, "batchMatMul", "file:///r/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js"),
  at(5, "fillTransposed", "file:///r/src/lib/training/tf-kernels.ts"),
  at(6, "(garbage collector)", ""),
  at(7, "perCall", "file:///r/scripts/bench-kernels.ts"),
];

describe("a CPU profile's time by code", () => {
  it("names the origin of each kind of frame", () => {
    expect(NODES.map((n) => originOf(n.callFrame))).toEqual(["other", "wasm", "tfjs-core", "tfjs-wasm JS", "trainer", "GC", "other"]);
    // A wasm function is wasm whatever its url says (V8 names some only by index).
    expect(originOf({ functionName: "wasm-function[12]", url: "" })).toBe("wasm");
  });

  it("shares the sampled time by origin, each sample weighted by its time delta", () => {
    // wasm 3 + 5 = 8, tfjs-core 4, tfjs-wasm JS 2, trainer 3, GC 1, other (root 1 + bench 1) 2: 20 µs in all.
    const profile: CpuProfile = { nodes: NODES, samples: [2, 3, 2, 4, 5, 6, 1, 7], timeDeltas: [3, 4, 5, 2, 3, 1, 1, 1] };
    expect(profileShares(profile)).toEqual({ wasm: 0.4, "tfjs-core": 0.2, "tfjs-wasm JS": 0.1, trainer: 0.15, GC: 0.05, other: 0.1 });
  });

  it("gives every origin 0 for a profile without samples", () => {
    expect(Object.values(profileShares({ nodes: NODES }))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("refuses a profile whose samples and deltas disagree, or that names a node it does not have", () => {
    expect(() => profileShares({ nodes: NODES, samples: [2, 3], timeDeltas: [1] })).toThrow(new Error("a CPU profile with 2 samples and 1 time deltas"));
    expect(() => profileShares({ nodes: NODES, samples: [9], timeDeltas: [1] })).toThrow(new Error("a CPU profile sample names node 9, which the profile does not have"));
  });
});
