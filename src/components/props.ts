/**
 * The props of every component a lesson can place: type, range, default and a one-line
 * description each. The ranges are the islands' own (src/islands/<demo>/settings.ts RANGES and
 * DEFAULTS), read here, never retyped, so a value the build accepts is a value the demo draws.
 * prop-check.ts checks a component's props against its entry at build time;
 * docs/teaching-with-this-course.md lists them from COMPONENT_PROPS (a test keeps the two equal).
 */
import { withDemoState } from "../lib/site/hash-state.ts";
import { optimizerKinds } from "../lib/toy-math/optimizers.ts";
import { CHART_KINDS } from "../figures/learning-speed.ts";
import * as chain from "../islands/chain/settings.ts";
import * as collision from "../islands/collision/settings.ts";
import * as contour from "../islands/contour/settings.ts";
import * as descent from "../islands/descent-1d/settings.ts";
import * as pixels from "../islands/pixels/settings.ts";
import * as plane from "../islands/plane/settings.ts";
import * as plateau from "../islands/plateau/settings.ts";

export type PropType =
  /** A finite number (`min`–`max`; off `step` is snapped, with a warning). */
  | "number"
  /** A whole number (`min`–`max`). */
  | "integer"
  | "boolean"
  /** Text; one of `values` when given. */
  | "string"
  /** A list of numbers, each in `min`–`max`, at most `maxLength` of them. */
  | "number[]"
  | "string[]"
  /** A run id: public/runs/<id>/log.json must exist. */
  | "run"
  /** A list of run ids, at least `minLength`. */
  | "run[]"
  /** An experiment id: content/experiments/<id>.json must exist. */
  | "experiment"
  /** A file under public/derived, as "<loader id>/<file>". */
  | "derived-file"
  /** SVG markup (a string starting with <svg). */
  | "svg"
  /** A build-time object or list of objects, checked by the component that draws it. */
  | "object"
  | "object[]";

export interface PropSpec {
  type: PropType;
  /** One line: what the prop does. */
  doc: string;
  required?: boolean;
  /** The value used when the prop is not given (absent for required props and props without one). */
  default?: unknown;
  min?: number;
  max?: number;
  /** The demo snaps values to multiples of this; a value off the grid is used snapped, with a warning. */
  step?: number;
  /** Shown on a log-scale slider. */
  scale?: "log";
  /** A bound known only when the build reads the demo's data (checkProps' `limits`), in words. */
  bound?: string;
  values?: readonly string[];
  minLength?: number;
  maxLength?: number;
  /** Further rule: the reason a value is refused, or undefined. */
  rule?: { doc: string; check(value: unknown): string | undefined };
}

export type ComponentSpec = Readonly<Record<string, PropSpec>>;

/** Decimal places a number may be shown with (digits={…} of RunValue, Num, …). */
export const DIGITS = { min: 0, max: 15 } as const;

const stateIdRule: PropSpec["rule"] = {
  doc: "kebab-case: a lowercase letter, then lowercase letters, digits and hyphens; unique on the page",
  check(v) {
    try {
      withDemoState("", String(v), {});
      return undefined;
    } catch {
      return `stateId must be kebab-case (a lowercase letter, then lowercase letters, digits and hyphens), not ${JSON.stringify(v)}`;
    }
  },
};

const caption = (doc = "The caption under the figure, saying what the reader should look for."): PropSpec => ({ type: "string", required: true, doc });
const stateId = (value: string): PropSpec => ({
  type: "string",
  default: value,
  rule: stateIdRule,
  doc: "The name of this demo's settings in the page address (#vg?<stateId>.x=…); unique on the page.",
});
const digits = (value: number): PropSpec => ({ type: "integer", min: DIGITS.min, max: DIGITS.max, default: value, doc: "Decimal places shown." });
const percent: PropSpec = { type: "boolean", default: false, doc: "Show a fraction as a percentage (×100, with %)." };
const at = (file: string): PropSpec => ({
  type: "string",
  required: true,
  doc: `The path of the number in ${file}, such as initial.gradNorms[0] (epochs[-1] counts from the end).`,
});
const logRange = (r: { min: number; max: number }) => ({ min: 10 ** r.min, max: 10 ** r.max, scale: "log" as const });
const sample = "the last position in the shipped sample of test digits";

export const COMPONENT_PROPS = {
  DescentDemo: {
    caption: caption(),
    stateId: stateId("descent"),
    start: { type: "number", min: descent.RANGES.start.min, max: descent.RANGES.start.max, default: descent.DEFAULTS.start, doc: "Where descent starts, on the x axis." },
    eta: { type: "number", ...logRange(descent.RANGES.logEta), default: descent.DEFAULTS.eta, doc: "The learning rate η." },
    steps: { type: "integer", min: descent.RANGES.steps.min, max: descent.RANGES.steps.max, default: descent.DEFAULTS.steps, doc: "How many steps of descent are drawn." },
  },
  ContourDemo: {
    caption: caption(),
    stateId: stateId("bowl"),
    a: { type: "number", ...logRange(contour.RANGES.logA), default: contour.DEFAULTS.a, doc: "The bowl's steepness along x: C(x, y) = a·x² + y²." },
    eta: { type: "number", ...logRange(contour.RANGES.logEta), default: contour.DEFAULTS.eta, doc: "The learning rate η." },
    steps: { type: "integer", min: contour.RANGES.steps.min, max: contour.RANGES.steps.max, default: contour.DEFAULTS.steps, doc: "How many steps are drawn." },
    optimizer: { type: "string", values: optimizerKinds, default: contour.DEFAULTS.optimizer, doc: "The optimizer that takes the steps." },
    x0: { type: "number", min: contour.RANGES.x0.min, max: contour.RANGES.x0.max, default: contour.DEFAULTS.x0, doc: "The start's x (the reader can drag it)." },
    y0: { type: "number", min: contour.RANGES.y0.min, max: contour.RANGES.y0.max, default: contour.DEFAULTS.y0, doc: "The start's y." },
    showGradient: { type: "boolean", default: contour.DEFAULTS.showGradient, doc: "Draw the gradient arrow at the start." },
  },
  PlateauDemo: {
    caption: caption(),
    stateId: stateId("plateau"),
    optimizer: { type: "string", values: optimizerKinds, default: plateau.DEFAULTS.optimizer, doc: "The optimizer that takes the steps." },
    eta: { type: "number", ...logRange(plateau.RANGES.logEta), default: plateau.DEFAULTS.eta, doc: "The learning rate η." },
    steps: { type: "integer", min: plateau.RANGES.steps.min, max: plateau.RANGES.steps.max, default: plateau.DEFAULTS.steps, doc: "How many steps are drawn." },
    y0: { type: "number", min: plateau.RANGES.y0.min, max: plateau.RANGES.y0.max, default: plateau.DEFAULTS.y0, doc: "The start along y (x starts at 1)." },
  },
  ChainDemo: {
    caption: caption(),
    stateId: stateId("chain"),
    w: { type: "number[]", min: chain.RANGES.w.min, max: chain.RANGES.w.max, maxLength: chain.LAYERS, default: chain.DEFAULTS.w, doc: "The weights w₁ … w₄ (fewer keep the rest of the default draw, seed 9 of N(0, 1))." },
    b: { type: "number[]", min: chain.RANGES.b.min, max: chain.RANGES.b.max, maxLength: chain.LAYERS, default: chain.DEFAULTS.b, doc: "The biases b₁ … b₄ (fewer keep the rest of the default draw)." },
    x: { type: "number", min: chain.RANGES.x.min, max: chain.RANGES.x.max, default: chain.DEFAULTS.x, doc: "The input x." },
  },
  PixelsDemo: {
    caption: caption(),
    stateId: stateId("pixels"),
    digit: { type: "integer", min: 0, bound: sample, default: pixels.DEFAULTS.digit, doc: "Which shipped test digit is shown (its 0-based position in the sample)." },
    threshold: { type: "number", ...pixels.RANGES.threshold, default: pixels.DEFAULTS.threshold, doc: "A pixel is red when every one of its outgoing weights is smaller than this." },
    unlucky: { type: "number", ...pixels.RANGES.unlucky, default: pixels.DEFAULTS.unlucky, doc: "The share of pixels an unlucky initialisation gives tiny outgoing weights." },
    influence: { type: "number", ...pixels.RANGES.influence, default: pixels.DEFAULTS.influence, doc: "The influence map paints red below this share of the shipped layer's median influence." },
    showInfluence: { type: "boolean", default: true, doc: "Show the measured influence map and its slider." },
    showDraw: { type: "boolean", default: true, doc: "Show the drawing pad." },
  },
  CollisionDemo: {
    caption: caption(),
    stateId: stateId("collision"),
    source: { type: "integer", min: 0, bound: sample, default: collision.DEFAULTS.source, doc: "The test digit the change starts from (0-based position in the sample)." },
    target: { type: "integer", min: 0, bound: sample, default: collision.DEFAULTS.target, doc: "The test digit the change heads for." },
    t: { type: "number", ...collision.RANGES.t, default: collision.DEFAULTS.t, doc: "How much of the invisible change is added: source + t·v." },
  },
  PlaneDemo: {
    caption: caption(),
    stateId: stateId("plane"),
    run: { type: "run", required: true, doc: "The run whose training plane is drawn (one the loss-plane loader computed)." },
    alpha: { type: "number", ...plane.RANGES.alpha, default: plane.DEFAULTS.alpha, doc: "The point's α: 0 the first layer's initial weights, 1 its trained ones." },
    beta: { type: "number", ...plane.RANGES.beta, default: plane.DEFAULTS.beta, doc: "The point's β: 0 the other layers' initial weights, 1 their trained ones." },
  },
  TrainerDemo: {
    caption: caption(),
    stateId: stateId("trainer"),
    preset: { type: "experiment", default: "nielsen-4-hidden", doc: "The experiment whose settings the trainer starts with; its committed run is drawn until the reader trains." },
  },
  ThroughTimeDemo: {
    caption: caption(),
    stateId: stateId("through-time"),
  },
  PlotFigure: {
    chart: { type: "string", values: CHART_KINDS, required: true, doc: "Which chart: grad-norms and weight-change take run, accuracy takes runs (and labels), ratio takes runs or points." },
    caption: caption(),
    run: { type: "run", doc: "The run (grad-norms, weight-change)." },
    runs: { type: "run[]", minLength: 1, doc: "The runs, one line or point each (accuracy, ratio)." },
    labels: { type: "string[]", doc: "The lines' labels, one per run (accuracy; default: each run's title)." },
    points: { type: "object[]", doc: "The ratio chart's points, {depth, mean, min, max, shipped?} each (instead of runs)." },
  },
  FixesFigure: {
    kind: { type: "string", values: ["profile", "table"], required: true, doc: "profile: the per-layer gradient chart; table: spreads and accuracies." },
    caption: caption(),
  },
  ThroughTimeFigure: {
    kind: { type: "string", values: ["profile", "accuracy", "cliff", "step"], required: true, doc: "profile: ‖∂C/∂hₜ‖ against t at the start; accuracy: final accuracy against T with the seed spread; cliff: cost and gradient norm along W = s·W₀; step: one step from the wall, with and without clipping." },
    caption: caption(),
  },
  DistancesFigure: { caption: caption() },
  CollidingPair: { caption: caption("The caption under the pair; the largest activation difference is appended.") },
  StaticFigure: {
    svg: { type: "svg", required: true, doc: "The figure as SVG markup drawn at build time, with its own text alternative." },
    caption: caption(),
  },
  NielsenTable: {},
  AnswersTable: {},
  AllowWasm: {},
  Num: {
    value: { type: "number", required: true, doc: "The number, computed where the lesson is built." },
    digits: digits(2),
  },
  RunValue: {
    run: { type: "run", required: true, doc: "The run whose log the number comes from (public/runs/<run>/log.json)." },
    at: at("the run's log.json"),
    digits: digits(3),
    percent,
  },
  SameRunValue: {
    runs: { type: "run[]", required: true, minLength: 2, doc: "The runs the sentence says agree; the build fails when they print differently." },
    at: at("each run's log.json"),
    digits: digits(3),
    percent,
  },
  DerivedValue: {
    file: { type: "derived-file", required: true, doc: "The data loader's file, under public/derived (invisible-pixels/facts.json)." },
    at: at("the file"),
    digits: digits(3),
    percent,
  },
  AnswerValue: {
    row: { type: "string", required: true, doc: "The id of a row of public/derived/answers/answers.json (all-trained, …)." },
    at: at("the row"),
    digits: digits(1),
    percent,
  },
  NumbersTable: {
    table: { type: "object", doc: "One table { caption, columns, rows } (or tables)." },
    tables: { type: "object[]", doc: "Several tables, folded together." },
  },
  Sources: {
    sources: { type: "object[]", required: true, doc: "The lesson's sources, { title, url, note? } each." },
  },
} as const satisfies Record<string, ComponentSpec>;

export type ComponentName = keyof typeof COMPONENT_PROPS;
