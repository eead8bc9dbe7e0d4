/**
 * What the live trainer says, DOM-free: the plan (what Start will train), the status line (which
 * backend trains and why), the readout (the latest measurement), the chart note and captions, and
 * the weight tiles' colour scale and text. The element writes these strings into the page; unit
 * tests read them against hand-made settings and points (tests/unit/trainer-view.test.ts).
 */
import { sig, type TrainerChartOptions, type TrainerPoint } from "./figure.ts";
import type { SessionState } from "./session.ts";
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

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const count = (n: number) => n.toLocaleString("en");

/** The charts' options for these settings. */
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
}

/** Which backend trains and why; before the first Start, what Start will load. */
export function statusText(o: StatusInput): string {
  if (o.state === "loading") return "Loading tfjs and the digits…";
  const notice = o.notice ? `${o.notice} ` : "";
  const s = o.settings;
  if (o.engine && o.state !== "idle") {
    const preset = o.presets.find((x) => x.id === s.preset);
    const fewer = preset && preset.shippedTrain > TRAIN_DIGITS ? ` The committed run trained on ${count(preset.shippedTrain)} digits; here ${count(TRAIN_DIGITS)}.` : "";
    return `${notice}${o.engine.reason}${fewer}`;
  }
  const how = s.backend === "auto" ? "on WebGL if this browser offers it, else on WebAssembly, else in plain JavaScript" : `on ${BACKEND_TEXT[s.backend]}`;
  const loads = o.loadedOnce ? "" : ` The first Start loads tfjs (about 250 KB compressed) and ${count(TRAIN_DIGITS)} training and ${count(TEST_DIGITS)} test digits (about 320 KB).`;
  return `${notice}Start or Step trains ${how}.${loads}`;
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
    `Epoch ${p.epoch} of ${s.epochs}: train ${pct(p.trainAccuracy)}, test ${pct(p.testAccuracy)}, cost ${sig(p.cost, 3)}. ` +
    `${name} per hidden layer: ${hidden.map((g) => sig(g)).join(", ")}.${spread}`
  );
}

/** The line above the charts: what they show. */
export function chartNote(s: TrainerSettings, trained: boolean, committedNote: string | null): string {
  if (committedNote !== null) return committedNote;
  return trained
    ? `Live: your network ${architectureText(s)}, trained here on ${count(TRAIN_DIGITS)} digits and tested on ${count(TEST_DIGITS)}.`
    : `Live: press Start or Step to train ${architectureText(s)} here.`;
}

export const speedCaption = (s: TrainerSettings) =>
  `How fast each hidden layer learns: ${s.batchNorm ? "‖∂C₀/∂W‖ (with batch normalisation the biases' gradient is 0)" : "‖∂C/∂b‖"} (log scale)`;

/** The initial weights' colour scale: colours saturate at 2.5 × their root mean square. */
export function weightScale(w: Float32Array): number {
  let sq = 0;
  for (let i = 0; i < w.length; i++) sq += w[i] * w[i];
  return 2.5 * Math.sqrt(sq / w.length);
}

/** The weight tiles in words (also their canvas's text alternative). */
export function tilesText(s: TrainerSettings, epoch: number, scale: number, moved: number): string {
  const n1 = s.layers[0];
  const head = `The ${n1} first-layer weight vectors, one 28×28 tile per hidden neuron (blue negative, red positive, white 0; colours saturate at ±${sig(scale)}). `;
  if (s.frozen.includes(1)) return `${head}The first layer is frozen: these never change.`;
  if (epoch === 0) return `${head}These are the initial weights.`;
  return `${head}After ${epoch} epochs they have moved ${sig(100 * moved)}% from the initial weights (‖W − W₀‖/‖W₀‖).`;
}
