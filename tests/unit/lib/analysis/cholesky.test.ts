import { describe, expect, it } from "vitest";
import { choleskyFactor, choleskySolve } from "../../../../src/lib/analysis/cholesky.ts";

const refuse = (j: number, pivot: number) => new Error(`pivot ${j} is ${pivot}`);

describe("Cholesky factor and solve (shared by ridge.ts and null-space.ts)", () => {
  it("factors [[4, 2], [2, 3]] as L = [[2, 0], [1, √2]] by hand, and solves L·Lᵀ·c = b", () => {
    const l = choleskyFactor([4, 2, 2, 3], 2, refuse);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
    // [[4, 2], [2, 3]]·[1, −1] = [2, −1]
    const c = choleskySolve(l, [2, -1]);
    expect(c[0]).toBeCloseTo(1, 14);
    expect(c[1]).toBeCloseTo(-1, 14);
  });

  it("refuses a pivot that is not positive, or not above tolerance × its diagonal, in the caller's words", () => {
    expect(() => choleskyFactor([1, 1, 1, 1], 2, refuse)).toThrow("pivot 1 is 0");
    // [[1, 1], [1, 1 + 1e-12]]: the second pivot, 1e-12, is positive but below 1e-10 of its diagonal.
    expect(() => choleskyFactor([1, 1, 1, 1 + 1e-12], 2, refuse)).not.toThrow();
    expect(() => choleskyFactor([1, 1, 1, 1 + 1e-12], 2, refuse, 1e-10)).toThrow(/^pivot 1 is /);
    expect(() => choleskyFactor([1, 2, 3], 2, refuse)).toThrow("cholesky: 3 values for a 2 × 2 matrix");
    expect(() => choleskySolve([1, 0, 0, 1], [1, 2, 3])).toThrow("cholesky solve");
  });
});
