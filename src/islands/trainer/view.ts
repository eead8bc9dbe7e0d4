/**
 * What the live trainer says, DOM-free: the plan (what Start will train), the status line (which
 * backend trains and why), the readout (the latest measurement), the chart note and captions, and
 * the weight tiles' colour scale and text. The element writes these strings into the page; unit
 * tests read them against hand-made settings and points (tests/unit/islands/trainer/view.test.ts).
 */
import {
  accuracyDynamic,
  accuracyLabel,
  changeDynamic,
  changeLabel,
  sig,
  speedDynamic,
  speedLabel,
  type TrainerChartOptions,
  type TrainerPoint,
} from "./figure.ts";
import { measured, percent } from "../../lib/draw/format.ts";
import type { SessionState } from "./session.ts";
import type { Committed } from "./committed.ts";
import type { Climb } from "../../lib/analysis/chance.ts";
import {
  ACTIVATION_TEXT,
  BACKEND_TEXT,
  INIT_TEXT,
  OPTIMIZER_TEXT,
  TEST_DIGITS,
  TRAIN_DIGITS,
  architectureText,
  etaText,
  type Preset,
  type TrainerSettings,
} from "./settings.ts";

const count = (n: number) => measured(n, 0);

/** The live charts' options for these settings. */
export const chartOptions = (s: TrainerSettings, oneAnswer: number): TrainerChartOptions => ({
  maxEpoch: s.epochs,
  layers: s.layers.length + 1,
  oneAnswer,
  measure: s.batchNorm ? "weight" : "bias",
});

/** What an empty chart stands for: the network the next Start trains. */
export function plan(s: TrainerSettings): string {
  const frozen = s.frozen.length ? `, weight layer${s.frozen.length > 1 ? "s" : ""} ${s.frozen.join(", ")} frozen` : "";
  const fixes = [s.batchNorm ? "batch normalisation" : "", s.residual ? "residual connections" : ""].filter(Boolean);
  const extra = (fixes.length ? `, ${fixes.join(" and ")}` : "") + (s.optimizer === "sgd" ? "" : `, ${OPTIMIZER_TEXT[s.optimizer]}`);
  return (
    `Start trains ${architectureText(s)} (${ACTIVATION_TEXT[s.activation]}, ${INIT_TEXT[s.init]}${frozen}${extra}) ` +
    `with η = ${etaText(s.eta)}, λ = ${s.lambda}, mini-batches of ${s.batch}, seed ${s.seed}, for ${s.epochs} epochs, ` +
    (s.backend === "auto" ? "on the fastest backend this browser offers." : `on ${BACKEND_TEXT[s.backend]}.`)
  );
}

export interface StatusInput {
  state: SessionState;
  notice: string;
  settings: TrainerSettings;
  presets: readonly Preset[];
  /** The loaded engine for the current backend choice (null before the first Start or after a switch). */
  engine: { reason: string } | null;
  /** Whether tfjs and the digits were ever loaded (a backend switch loads only the backend again). */
  loadedOnce: boolean;
  /** When the preset's live run leaves chance, measured in advance on the trainer's digits (public/derived/live-presets). */
  climb?: Climb | null;
}

/** First epochs a run may sit at chance before the status line warns that its accuracy climbs late. */
export const SLOW_TO_SHOW = 3;

/** For a preset whose live run sits at chance for more than SLOW_TO_SHOW epochs: when its climb comes (or that it never does). */
export function climbNote(c: Climb | null | undefined): string {
  if (!c || (c.leftAt !== null && c.leftAt <= SLOW_TO_SHOW)) return "";
  const head = `Measured in advance on these ${count(TRAIN_DIGITS)} digits, this preset's test accuracy`;
  if (c.leftAt === null) return `${head} stays at chance for all the preset's ${c.epochs} epochs: what it shows is in the gradients, not the accuracy.`;
  const good = c.climbsFrom !== null && c.climbsFrom !== c.leftAt ? ` and climbs for good from epoch ${c.climbsFrom}` : "";
  return `${head} sits at chance until epoch ${c.leftAt}${good} of the preset's ${c.epochs}.`;
}

/** Which backend trains and why; before the first Start, what Start will load. */
export function statusText(o: StatusInput): string {
  if (o.state === "loading") return "Loading tfjs and the digits…";
  const notice = o.notice ? `${o.notice} ` : "";
  const s = o.settings;
  if (o.engine && o.state !== "idle") {
    const preset = o.presets.find((x) => x.id === s.preset);
    const fewer = preset && preset.shippedTrain > TRAIN_DIGITS ? ` The committed run trained on ${count(preset.shippedTrain)} digits; here ${count(TRAIN_DIGITS)}.` : "";
    return [`${notice}${o.engine.reason}${fewer}`, climbNote(o.climb)].filter(Boolean).join(" ");
  }
  const how = s.backend === "auto" ? "on WebGL if this browser offers it, else on WebAssembly, else in plain JavaScript" : `on ${BACKEND_TEXT[s.backend]}`;
  const loads = o.loadedOnce ? "" : ` The first Start loads tfjs (about 250 KB compressed) and ${count(TRAIN_DIGITS)} training and ${count(TEST_DIGITS)} test digits (about 320 KB).`;
  return [`${notice}Start or Step trains ${how}.${loads}`, climbNote(o.climb)].filter(Boolean).join(" ");
}

/** The latest measurement in words; before any, what is there. */
export function readout(points: readonly TrainerPoint[], s: TrainerSettings, state: SessionState): string {
  const p = points.at(-1);
  if (!p) return state === "loading" ? "Loading…" : `${architectureText(s)}: not trained yet.`;
  // With batch normalisation the biases' gradient is rounding noise: the weights' gradient is the measure.
  const weights = s.batchNorm && p.weightGradNorms;
  const hidden = (weights ? p.weightGradNorms! : p.gradNorms).slice(0, -1);
  const name = weights ? "‖∂C₀/∂W‖" : "‖∂C/∂b‖";
  // The spread, named by its quantity as the fixes lesson's table names it (the last hidden layer's over the first's):
  // ‖∂C/∂b‖ where that is the measure shown, and ‖∂C₀/∂W‖, the table's, whenever it was measured.
  const ratio = (v: readonly number[]) => (v.length > 2 && v[0] > 0 ? sig(v[v.length - 2] / v[0]) : null);
  const spreads = [...(weights ? [] : [["‖∂C/∂b‖", ratio(p.gradNorms)]]), ...(p.weightGradNorms ? [["‖∂C₀/∂W‖", ratio(p.weightGradNorms)]] : [])].filter(
    ([, r]) => r !== null,
  );
  const spread = spreads.length ? ` Spread, the last hidden layer's over the first's: ${spreads.map(([q, r]) => `${q} ${r}×`).join(", ")}.` : "";
  return (
    `Epoch ${p.epoch}${p.epoch > s.epochs ? ` (past the ${s.epochs} now set)` : ` of ${s.epochs}`}: train ${measured(p.trainAccuracy, 1, true)}, test ${measured(p.testAccuracy, 1, true)}, cost ${sig(p.cost, 3)}. ` +
    `${name} per hidden layer: ${hidden.map((g) => sig(g)).join(", ")}.${spread}`
  );
}

export const CHARTS = { speed: [speedDynamic, speedLabel], change: [changeDynamic, changeLabel], accuracy: [accuracyDynamic, accuracyLabel] } as const;
export type ChartRole = keyof typeof CHARTS;
export interface ChartView {
  inner: string;
  label: string;
}


export interface ChartsInput {
  settings: TrainerSettings;
  /** The live run's points (none before Start). */
  points: readonly TrainerPoint[];
  /** The preset the settings train like (null: the reader's own settings). */
  preset: Preset | null;
  /** The server rendered this preset's committed run: while it is not loaded and nothing trained, its charts stay. */
  builtPreset: string;
  committed: Committed | undefined;
  /** One answer's accuracy on the trainer's test digits, and on the committed run's. */
  oneAnswer: number;
  committedOneAnswer: number;
}

/** "Shown until you train: …", as the build writes it for the page's own preset. */
export const committedNote = (p: Preset) =>
  `Shown until you train: the committed run ${p.id} (${p.settings.epochs} epochs on ${count(p.shippedTrain)} training digits, tested on ${count(p.shippedTest)}).`;

/**
 * The three charts and the note above them. Nothing trained: the preset's committed run (null, the
 * server's charts, while that is the page's own preset and its log is not loaded), or the plan of an
 * empty chart. Trained: the live run, with the preset's committed run faint behind it.
 */
export function chartsView(i: ChartsInput): { charts: Record<ChartRole, ChartView>; note: string } | null {
  const { settings: s, points, preset } = i;
  const past = Array.isArray(i.committed) ? (i.committed as readonly TrainerPoint[]) : null;
  if (!points.length && preset?.id === i.builtPreset && !past) return null;
  const o = chartOptions(s, i.oneAnswer);
  const draw = (pts: readonly TrainerPoint[], opts: TrainerChartOptions, extra = "") =>
    Object.fromEntries(Object.entries(CHARTS).map(([role, [inner, label]]) => [role, { inner: inner(pts, opts), label: label(pts, opts) + extra }])) as Record<ChartRole, ChartView>;
  if (!points.length && preset && past) return { charts: draw(past, { ...o, maxEpoch: preset.settings.epochs, oneAnswer: i.committedOneAnswer }), note: committedNote(preset) };
  const charts = draw(points, past && preset ? { ...o, committed: past } : o, points.length ? "" : ` ${plan(s)}`);
  const live = points.length
    ? `Live: your network ${architectureText(s)}, trained here on ${count(TRAIN_DIGITS)} digits and tested on ${count(TEST_DIGITS)}.`
    : `Live: press Start or Step to train ${architectureText(s)} here.`;
  if (!preset) return { charts, note: `${live} Your own settings match no preset, so there is no committed run to draw behind the live one.` };
  if (i.committed === "loading") return { charts, note: `${live} Loading the committed run ${preset.id}…` };
  if (!past) return { charts, note: `${live} The committed run ${preset.id} could not be loaded, so only the live run is drawn.` };
  const steps = preset.shippedTrain / TRAIN_DIGITS;
  const per = steps > 1 ? `, trained on ${count(preset.shippedTrain)} digits: each of its epochs is ${sig(steps)} times as many steps as one here` : "";
  return { charts, note: `${live} Faint behind it: the committed run ${preset.id}${per}.` };
}

export const speedCaption = (s: TrainerSettings) =>
  `How fast each hidden layer learns: ${s.batchNorm ? "‖∂C₀/∂W‖ (with batch normalisation the biases' gradient is 0)" : "‖∂C/∂b‖"} (log scale)`;

/** The initial weights' colour scale: colours saturate at 2.5 × their root mean square. */
export function weightScale(w: Float32Array): number {
  let sq = 0;
  for (let i = 0; i < w.length; i++) sq += w[i] * w[i];
  return 2.5 * Math.sqrt(sq / w.length);
}

/**
 * The weight tiles in words (also their canvas's text alternative): before training the initial
 * weights W₀ on `scale`; after `epoch` epochs the change W − W₀ on `scale` (2.5 × its RMS, or, `floored`,
 * an eighth of the initial weights' RMS when that is larger), and `moved` = ‖W − W₀‖/‖W₀‖.
 */
export function tilesText(s: TrainerSettings, epoch: number, scale: number, moved: number, floored = false): string {
  const n1 = s.layers[0];
  const head = `The ${n1} first-layer weight vectors, one 28×28 tile per hidden neuron.`;
  if (epoch === 0) {
    const then = s.frozen.includes(1) ? "The first layer is frozen: training will not change them." : "Once training starts, the tiles show how far each weight moved instead (W − W₀).";
    return `${head} These are the initial weights W₀ (blue negative, red positive, white 0; colours saturate at ±${sig(scale)}). ${then}`;
  }
  const epochs = `${epoch} epoch${epoch === 1 ? "" : "s"}`;
  if (s.frozen.includes(1) || scale === 0) return `${head} After ${epochs} the first layer has not moved (it is ${s.frozen.includes(1) ? "frozen" : "stuck"}): W − W₀ is 0 everywhere, so every tile is white.`;
  return (
    `${head} They show how far each weight moved in ${epochs}, W − W₀ (red up, blue down, white unmoved; colours saturate at ±${sig(scale)}, ` +
    (floored
      ? "an eighth of the initial weights' root mean square: the layer barely moves, so its tiles stay nearly white). "
      : "2.5 times the root mean square change). ") +
    `In all the layer moved ${percent(moved, { figures: 2 })} of its initial size (‖W − W₀‖/‖W₀‖).`
  );
}
