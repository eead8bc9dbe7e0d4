/**
 * A lesson's mistakes in what it gives a component stop the build with one line that names the
 * lesson file, the component, the prop and the value, and says what to write instead
 * (src/components/prop-check.ts; the unit tests cover each rule). Each fixture under
 * tests/fixtures/props-* is a one-lesson site built on its own.
 */
import { describe, expect, it } from "vitest";
import { buildSite } from "../support/build-site.ts";

const build = (fixture: string) => buildSite({ VG_LESSONS_DIR: `tests/fixtures/${fixture}`, BASE_PATH: "/vg/" });

describe("a component's props in a lesson", () => {
  // Fixture, and the one line its build must stop with (written out whole: the rules' own text is not reused).
  it.each([
    ["props-out-of-range", "tests/fixtures/props-out-of-range/steep-bowl.mdx, page /vg/steep-bowl/: <ContourDemo a={5000}>: a is 5000, out of range: it must be from 1 to 1000"],
    ["props-misspelt", 'tests/fixtures/props-misspelt/misspelt-prop.mdx, page /vg/misspelt-prop/: <ContourDemo optimiser="adam">: ContourDemo has no prop "optimiser" — did you mean "optimizer"? It takes: caption, stateId, a, eta, steps, optimizer, x0, y0, showGradient'],
    ["props-run-typo", 'tests/fixtures/props-run-typo/run-typo.mdx, page /vg/run-typo/: <RunValue run="nielsen-3-hiden">: there is no run "nielsen-3-hiden" — did you mean "nielsen-3-hidden"?'],
    ["props-missing-field", 'tests/fixtures/props-missing-field/past-last-layer.mdx, page /vg/past-last-layer/: <RunValue run="nielsen-3-hidden" at="initial.gradNorms[7]">: the field "initial.gradNorms[7]" of public/runs/nielsen-3-hidden/log.json is missing: initial.gradNorms has 4 entries, [0] to [3] (or [-4] to [-1] from the end)'],
  ])("%s: the build stops, naming the lesson file, the component, the prop and the fix", async (fixture, line) => {
    const r = await build(fixture);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`${line}\n`);
    // A run-id typo is answered with the run meant, never with a command to train the typo.
    expect(r.output).not.toContain("--only nielsen-3-hiden");
  });

  it("between a slider's steps build, with a warning that names the lesson file and the value used", async () => {
    const r = await build("props-snapped");
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain("warning: tests/fixtures/props-snapped/between-steps.mdx, page /vg/between-steps/: <PixelsDemo threshold={0.021}>: threshold is 0.021, between the demo's steps of 0.002: the demo uses 0.022\n");
  });
});
