/**
 * The schema of public/derived/loss-plane/planes.json (src/lib/schemas/derived/loss-plane.ts): the
 * committed file parses; a missing field, a wrong type, an unknown key and each check that holds
 * the file together fail with their exact message, naming the file and the field.
 */
import { committedFile } from "../../../../support/committed-file.ts";
import { describe, expect, it } from "vitest";
import { PLANES_FILE, PLANE_CORNERS, parsePlanesFile, type PlanesFile } from "../../../../../src/lib/schemas/derived/loss-plane.ts";

const file = committedFile("public/derived/loss-plane/planes.json", parsePlanesFile);
const committed = file.raw;
const RUN = "nielsen-3-hidden";

/** The committed file with one change. */
const changed = (edit: (f: PlanesFile & Record<string, any>) => void): unknown => file.changed(edit);
const message = file.check;

describe("planes.json", () => {
  it("the committed file parses: a 61 × 61 grid and a plane for each run, filed under its own id", () => {
    const f = parsePlanesFile(committed);
    expect(PLANES_FILE).toBe("public/derived/loss-plane/planes.json");
    expect(f.grid.alpha).toHaveLength(61);
    expect(Object.keys(f.planes).sort()).toEqual(["full-3-hidden", "nielsen-2-hidden", "nielsen-3-hidden"]);
    for (const [id, p] of Object.entries(f.planes)) {
      expect(p.run).toBe(id);
      expect(p.cost).toHaveLength(61 * 61);
      expect(Object.keys(p.corners)).toEqual([...PLANE_CORNERS]);
    }
    // A file named otherwise (a fixture) is named so in the messages.
    expect(() => parsePlanesFile({}, "tests/fixtures/planes.json")).toThrow(new Error('the field "grid" of tests/fixtures/planes.json is missing'));
  });

  it("a missing field, a wrong type and an unknown key name the field", () => {
    expect(message(changed((f) => delete (f.planes[RUN].norms as Partial<PlanesFile["planes"][string]["norms"]>).initialW1))).toBe(`the field "planes.${RUN}.norms.initialW1" of ${PLANES_FILE} is missing`);
    expect(message(changed((f) => ((f.planes[RUN] as any).trainDigits = "1000")))).toBe(`the field "planes.${RUN}.trainDigits" of ${PLANES_FILE} is not a number ("1000")`);
    expect(message(changed((f) => ((f.planes[RUN] as any).cost[7] = null)))).toBe(`the field "planes.${RUN}.cost[7]" of ${PLANES_FILE} is not a number (null)`);
    expect(message(changed((f) => ((f.planes[RUN] as any).extra = 1)))).toBe(`the field "planes.${RUN}" of ${PLANES_FILE} has the unknown key "extra"`);
  });

  it("each grid axis has at least two values, evenly spaced and increasing", () => {
    expect(message(changed((f) => (f.grid.beta = [0])))).toBe(`the field "grid.beta.length" of ${PLANES_FILE} is not valid (1): a grid axis needs at least two values`);
    expect(message(changed((f) => (f.grid.alpha[5] += 0.01)))).toBe(
      `the field "grid.alpha[5]" of ${PLANES_FILE} is not valid (-0.115): a grid axis must be evenly spaced and increasing: from -0.25 to 1.25 in steps of 0.025, this value should be -0.125`,
    );
    expect(message(changed((f) => f.grid.alpha.reverse()))).toBe(`the field "grid.alpha[60]" of ${PLANES_FILE} is not valid (-0.25): a grid axis must increase, and its last value is not above its first (1.25)`);
  });

  it("cost and accuracy have one value per grid point", () => {
    expect(message(changed((f) => f.planes[RUN].cost.pop()))).toBe(`the field "planes.${RUN}.cost.length" of ${PLANES_FILE} is not valid (3720): the grid has 61 × 61 = 3721 points, one cost value each`);
    expect(message(changed((f) => f.planes[RUN].accuracy.push(0.5)))).toBe(`the field "planes.${RUN}.accuracy.length" of ${PLANES_FILE} is not valid (3722): the grid has 61 × 61 = 3721 points, one accuracy value each`);
  });

  it("each plane has the four corners and the slopes there", () => {
    expect(message(changed((f) => delete (f.planes[RUN].corners as Record<string, unknown>)["0,1"]))).toBe(`the field "planes.${RUN}.corners.0,1" of ${PLANES_FILE} is missing`);
    expect(message(changed((f) => delete (f.planes[RUN].slopes as Record<string, unknown>)["1,1"]))).toBe(`the field "planes.${RUN}.slopes.1,1" of ${PLANES_FILE} is missing`);
  });

  it("the cost range is not empty, and a plane's run is its key", () => {
    expect(message(changed((f) => (f.planes[RUN].range.costMax = f.planes[RUN].range.costMin)))).toBe(
      `the field "planes.${RUN}.range.costMax" of ${PLANES_FILE} is not valid (3.22871): the cost range is empty: costMax must exceed costMin (3.22871)`,
    );
    expect(message(changed((f) => (f.planes[RUN].run = "full-3-hidden")))).toBe(
      `the field "planes.${RUN}.run" of ${PLANES_FILE} is not valid ("full-3-hidden"): a plane's run must be the key it is filed under, "${RUN}"`,
    );
  });
});
