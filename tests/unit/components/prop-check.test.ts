/**
 * The build-time prop checks (src/components/prop-check.ts) against a small fake repository:
 * exact messages for an unknown prop, a missing or empty one, a wrong type, a value out of the
 * island's range, a value between a slider's steps (a warning), a run, experiment or derived file
 * that does not exist, and the lesson file a page is built from.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerRowProblem, checkProps, derivedProblem, lessonFile, placeOf, propProblems, runProblem, type Dirs } from "../../../src/components/prop-check.ts";

let root: string;
let dirs: Dirs;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vg-props-"));
  dirs = {
    runs: join(root, "public/runs"),
    experiments: join(root, "content/experiments"),
    derived: join(root, "public/derived"),
    loaders: join(root, "scripts/derived/loaders"),
    lessons: join(root, "content/lessons"),
  };
  const file = (path: string, text = "{}") => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  };
  for (const id of ["nielsen-3-hidden", "nielsen-4-hidden", "full-3-hidden"]) {
    file(join(dirs.runs, id, "log.json"));
    file(join(dirs.experiments, `${id}.json`));
  }
  file(join(dirs.experiments, "untrained-net.json"));
  file(join(dirs.runs, "no-log", "manifest.json")); // a folder without log.json is no run
  file(join(dirs.derived, "invisible-pixels/facts.json"));
  file(join(dirs.derived, "invisible-pixels/manifest.json"));
  for (const id of ["invisible-pixels", "distances"]) file(join(dirs.loaders, `${id}.ts`), "");
  file(join(dirs.lessons, "flat-here.mdx"), "");
  file(join(dirs.lessons, "part-two/deep-nets.mdx"), "");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const errors = (name: Parameters<typeof propProblems>[0], props: Record<string, unknown>, limits?: Record<string, { max: number }>) =>
  propProblems(name, props, { dirs, limits }).errors;

describe("an unknown prop", () => {
  it("is an error with the prop the author probably meant, and every prop the component takes", () => {
    expect(errors("ContourDemo", { caption: "c", optimiser: "adam" })).toEqual([
      '<ContourDemo optimiser="adam">: ContourDemo has no prop "optimiser" — did you mean "optimizer"? It takes: caption, stateId, a, eta, steps, optimizer, x0, y0, showGradient',
    ]);
    expect(errors("RunValue", { run: "nielsen-3-hidden", at: "final.cost", digit: 2 })).toEqual([
      '<RunValue digit={2}>: RunValue has no prop "digit" — did you mean "digits"? It takes: run, at, digits, percent',
    ]);
  });
  it("without a near name lists what the component takes; a component without props says so", () => {
    expect(errors("DescentDemo", { caption: "c", colour: "red" })).toEqual([
      '<DescentDemo colour="red">: DescentDemo has no prop "colour". It takes: caption, stateId, start, eta, steps',
    ]);
    expect(errors("NielsenTable", { caption: "Nielsen's table" })).toEqual(['<NielsenTable caption="Nielsen\'s table">: NielsenTable takes no props']);
  });
  it("ignores Astro's scoped-style marker", () => {
    expect(errors("NielsenTable", { "data-astro-cid-abc123": true })).toEqual([]);
  });
});

describe("a value out of the range the island uses", () => {
  it("is an error naming the prop, the value and the range (a log-scale range as the island computes it)", () => {
    expect(errors("ContourDemo", { caption: "c", a: 5000 })).toEqual(["<ContourDemo a={5000}>: a is 5000, out of range: it must be from 1 to 1000"]);
    expect(errors("ContourDemo", { caption: "c", eta: 0.00001 })).toEqual(["<ContourDemo eta={0.00001}>: eta is 0.00001, out of range: it must be from 0.0001 to 1"]);
    expect(errors("PlateauDemo", { caption: "c", eta: 3 })).toEqual(["<PlateauDemo eta={3}>: eta is 3, out of range: it must be from 0.001 to 1.99526"]);
    expect(errors("DescentDemo", { caption: "c", start: -9 })).toEqual(["<DescentDemo start={-9}>: start is -9, out of range: it must be from -8 to 6"]);
  });
  it("checks whole numbers, every entry of a list and the list's length", () => {
    expect(errors("ContourDemo", { caption: "c", steps: 60.5 })).toEqual(["<ContourDemo steps={60.5}>: steps is 60.5: it must be a whole number from 1 to 300"]);
    expect(errors("ChainDemo", { caption: "c", w: [1, 2, 3, 500, 5] })).toEqual([
      "<ChainDemo w={[1, 2, 3, 500, 5]}>: w has 5 entries: it takes at most 4",
      "<ChainDemo w={[1, 2, 3, 500, 5]}>: w[3] is 500, out of range: it must be from -120 to 120",
    ]);
    expect(errors("RunValue", { run: "nielsen-3-hidden", at: "x", digits: 16 })).toEqual(["<RunValue digits={16}>: digits is 16, out of range: it must be from 0 to 15"]);
  });
  it("takes a bound known only from the demo's data (the sample's last digit) from the component", () => {
    expect(errors("PixelsDemo", { caption: "c", digit: 400 }, { digit: { max: 301 } })).toEqual([
      "<PixelsDemo digit={400}>: digit is 400, out of range: it must be from 0 to 301 (the last position in the shipped sample of test digits)",
    ]);
    expect(errors("PixelsDemo", { caption: "c", digit: 301 }, { digit: { max: 301 } })).toEqual([]);
    expect(errors("CollisionDemo", { caption: "c", source: -1 })).toEqual(["<CollisionDemo source={-1}>: source is -1, out of range: it must be at least 0"]);
  });
  it("accepts the ends of the range", () => {
    expect(errors("ContourDemo", { caption: "c", a: 1, eta: 1, steps: 300, x0: -1.2, y0: 2 })).toEqual([]);
    // 10 ** -4 is 0.00009999999999999999 and 10 ** 0.3 is 1.9952623149688795: the decimals an author writes still count.
    expect(errors("ContourDemo", { caption: "c", eta: 0.0001 })).toEqual([]);
    expect(errors("PlateauDemo", { caption: "c", eta: 1.99526231496888 })).toEqual([]);
  });
});

describe("a value between a slider's steps", () => {
  it("is used snapped, with a warning that says the value used", () => {
    expect(propProblems("PixelsDemo", { caption: "c", threshold: 0.021 }, { dirs })).toEqual({
      errors: [],
      warnings: ["<PixelsDemo threshold={0.021}>: threshold is 0.021, between the demo's steps of 0.002: the demo uses 0.022"],
    });
    expect(propProblems("PlaneDemo", { caption: "c", run: "nielsen-3-hidden", alpha: 0.3 }, { dirs }).warnings).toEqual([]);
  });
});

describe("a wrong type", () => {
  it("is an error that shows how to write the value", () => {
    expect(errors("ContourDemo", { caption: "c", a: "100", showGradient: "false" })).toEqual([
      '<ContourDemo a="100">: a takes a number, not the text "100": write a={100}',
      '<ContourDemo showGradient="false">: showGradient takes true or false, not the text "false": write showGradient={false}',
    ]);
    expect(errors("SameRunValue", { runs: "nielsen-3-hidden", at: "x" })).toEqual(['<SameRunValue runs="nielsen-3-hidden">: runs takes a list of run ids, not the text "nielsen-3-hidden"']);
    expect(errors("StaticFigure", { caption: "c", svg: "<div></div>" })).toEqual(['<StaticFigure svg="<div></div>">: svg must be SVG markup starting with <svg']);
  });
  it("an unknown choice is an error listing the choices, with the one meant", () => {
    expect(errors("ContourDemo", { caption: "c", optimizer: "Adam" })).toEqual([
      '<ContourDemo optimizer="Adam">: optimizer is "Adam": it must be one of "gd", "momentum", "adam", "preconditioned" — did you mean "adam"?',
    ]);
    expect(errors("FixesFigure", { caption: "c", kind: "chart" })).toEqual(['<FixesFigure kind="chart">: kind is "chart": it must be one of "profile", "table"']);
  });
});

describe("a missing or empty required prop", () => {
  it("is an error with what the prop is for", () => {
    expect(errors("ContourDemo", {})).toEqual(['<ContourDemo>: needs caption="…": the caption under the figure, saying what the reader should look for.']);
    expect(errors("DistancesFigure", { caption: "  " })).toEqual(['<DistancesFigure caption="  ">: caption is empty: the caption under the figure, saying what the reader should look for.']);
    expect(errors("Num", {})).toEqual(["<Num>: needs value={…}: the number, computed where the lesson is built."]);
  });
});

describe("stateId", () => {
  it("must be kebab-case and unique on the page, counting the demos' defaults", () => {
    expect(errors("ContourDemo", { caption: "c", stateId: "Bowl" })).toEqual([
      '<ContourDemo stateId="Bowl">: stateId must be kebab-case (a lowercase letter, then lowercase letters, digits and hyphens), not "Bowl"',
    ]);
    const taken = new Set<string>();
    expect(propProblems("PixelsDemo", { caption: "c" }, { dirs, taken }).errors).toEqual([]);
    expect(propProblems("PixelsDemo", { caption: "c" }, { dirs, taken }).errors).toEqual([
      '<PixelsDemo>: stateId "pixels" is already used by another demo on this page: give each demo its own stateId',
    ]);
    expect(propProblems("PixelsDemo", { caption: "c", stateId: "answer" }, { dirs, taken }).errors).toEqual([]);
  });
});

describe("a run id", () => {
  it("with a typo is answered with the closest run, not with a command that cannot work", () => {
    expect(errors("RunValue", { run: "nielsen-3-hiden", at: "final.cost" })).toEqual(['<RunValue run="nielsen-3-hiden">: there is no run "nielsen-3-hiden" — did you mean "nielsen-3-hidden"?']);
    expect(errors("SameRunValue", { runs: ["nielsen-3-hidden", "nielsen-4-hiden"], at: "x" })).toEqual([
      '<SameRunValue runs={["nielsen-3-hidden", "nielsen-4-hiden"]}>: there is no run "nielsen-4-hiden" — did you mean "nielsen-4-hidden"?',
    ]);
    expect(errors("PlotFigure", { chart: "grad-norms", caption: "c", run: "full-3-hiden" })).toEqual(['<PlotFigure run="full-3-hiden">: there is no run "full-3-hiden" — did you mean "full-3-hidden"?']);
  });
  it("whose experiment config exists but was never trained gets the command that trains it", () => {
    expect(runProblem("untrained-net", dirs)).toBe('there is no run "untrained-net" (public/runs/untrained-net/log.json). Train it with: npm run pretrain -- --only untrained-net');
  });
  it("far from every run lists the runs (a folder without log.json is no run)", () => {
    expect(runProblem("xyzzy", dirs)).toBe('there is no run "xyzzy" in public/runs, nor an experiment content/experiments/xyzzy.json to train it from (runs: full-3-hidden, nielsen-3-hidden, nielsen-4-hidden)');
    expect(runProblem("no-log", dirs)).toMatch(/^there is no run "no-log" in public\/runs/);
    expect(runProblem("../runs/nielsen-3-hidden", dirs)).toMatch(/^there is no run "\.\.\/runs\/nielsen-3-hidden"/);
  });
  it("of the trainer's preset must name an experiment config", () => {
    expect(errors("TrainerDemo", { caption: "c", preset: "nielsen-4-hiden" })).toEqual([
      '<TrainerDemo preset="nielsen-4-hiden">: there is no experiment "nielsen-4-hiden" in content/experiments — did you mean "nielsen-4-hidden"?',
    ]);
  });
});

describe("a derived file", () => {
  it("with a typo is answered with the closest file the loaders wrote", () => {
    expect(errors("DerivedValue", { file: "invisible-pixels/fact.json", at: "x" })).toEqual([
      '<DerivedValue file="invisible-pixels/fact.json">: there is no derived file public/derived/invisible-pixels/fact.json — did you mean "invisible-pixels/facts.json"?',
    ]);
    expect(derivedProblem("invisible-pixels/facts.json", dirs)).toBeUndefined();
  });
  it("of a loader that has not run gets the command that runs it", () => {
    expect(derivedProblem("distances/distances.json", dirs)).toBe("there is no derived file public/derived/distances/distances.json. Compute it with: npm run derive -- --only distances");
  });
  it("of no loader lists the loaders", () => {
    expect(derivedProblem("nope/x.json", dirs)).toBe("there is no derived file public/derived/nope/x.json: files are named <loader>/<file>, and the loaders are distances, invisible-pixels");
  });
});

describe("an answers row", () => {
  it("that does not exist is answered with the closest row and every row", () => {
    const ids = ["all-trained", "frozen-first-layer-converged", "readout-raw-784"];
    expect(answerRowProblem("all-trainde", ids)).toBe('answers.json has no row "all-trainde" — did you mean "all-trained"? (rows: all-trained, frozen-first-layer-converged, readout-raw-784)');
    expect(answerRowProblem("width-sweep", ids)).toBe('answers.json has no row "width-sweep" (rows: all-trained, frozen-first-layer-converged, readout-raw-784)');
    expect(answerRowProblem("all-trained", ids)).toBeUndefined();
  });
});

describe("the lesson file in errors", () => {
  it("is the lesson the page is built from (its lesson param), whatever the site's base", () => {
    expect(lessonFile("flat-here", "content/lessons")).toBe("content/lessons/flat-here.mdx");
    expect(lessonFile("flat-here", dirs.lessons)).toBe(`${dirs.lessons}/flat-here.mdx`);
    expect(lessonFile("part-two/deep-nets", dirs.lessons)).toBe(`${dirs.lessons}/part-two/deep-nets.mdx`);
    expect(lessonFile("no-such-lesson", dirs.lessons)).toBeNull();
    const page = (pathname: string, params: Record<string, string | undefined>) => ({ url: new URL(`https://x.org${pathname}`), params });
    expect(placeOf(page("/vanishing-gradients/flat-here/", { lesson: "flat-here" }), "content/lessons")).toBe("content/lessons/flat-here.mdx, page /vanishing-gradients/flat-here/");
    expect(placeOf(page("/vanishing-gradients/", {}), "content/lessons")).toBe("/vanishing-gradients/");
  });
  it("starts every error checkProps throws, one line per problem; warnings go to the console", () => {
    const astro = { props: { caption: "c", a: 5000, optimiser: "adam", threshold: 1 }, url: new URL("https://x.org/flat-here/"), params: { lesson: "flat-here" }, request: {} };
    // A lessons folder outside the repository is named by its absolute path; inside, relative to it.
    const place = `${dirs.lessons}/flat-here.mdx, page /flat-here/`;
    expect(() => checkProps(astro, "ContourDemo", undefined, dirs)).toThrow(
      new Error(
        `${place}: <ContourDemo optimiser="adam">: ContourDemo has no prop "optimiser" — did you mean "optimizer"? It takes: caption, stateId, a, eta, steps, optimizer, x0, y0, showGradient\n` +
          `${place}: <ContourDemo threshold={1}>: ContourDemo has no prop "threshold". It takes: caption, stateId, a, eta, steps, optimizer, x0, y0, showGradient\n` +
          `${place}: <ContourDemo a={5000}>: a is 5000, out of range: it must be from 1 to 1000`,
      ),
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const pixels = { props: { caption: "c", influence: 0.255 }, url: new URL("https://x.org/flat-here/"), params: { lesson: "flat-here" }, request: {} };
    expect(checkProps(pixels, "PixelsDemo", { digit: { max: 301 } }, dirs)).toBe(place);
    expect(warn).toHaveBeenCalledWith(`warning: ${place}: <PixelsDemo influence={0.255}>: influence is 0.255, between the demo's steps of 0.01: the demo uses 0.26`);
    warn.mockRestore();
  });
  it("counts stateIds per page render", () => {
    const page = {};
    const demo = (request: object) => ({ props: { caption: "c" }, url: new URL("https://x.org/flat-here/"), params: { lesson: "flat-here" }, request });
    checkProps(demo(page), "ContourDemo", undefined, dirs);
    expect(() => checkProps(demo(page), "ContourDemo", undefined, dirs)).toThrow('stateId "bowl" is already used by another demo on this page');
    expect(() => checkProps(demo({}), "ContourDemo", undefined, dirs)).not.toThrow();
  });
});
