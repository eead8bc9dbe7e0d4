/**
 * What the "through time" demo says, DOM-free: numbers in words, the log floor, which run each chart
 * shows (the live run, or before training the committed run of the settings) and which is drawn faint,
 * the note that says what the faint lines are, the readout and the status line.
 */
import { percent, powerOfTen, sig } from "../../lib/draw/format.ts";
import type { Committed, TimeEntry } from "./committed.ts";
import { runId, settingsText, type ThroughTimeSettings } from "./settings.ts";

/**
 * Smallest value the gradient chart's log axis shows: zeros (float32 underflow) and anything below are
 * drawn at it. The committed runs reach 3 × 10⁻²³ (tanh RNN, T = 100), so the trainer's 10⁻¹² would hide the fade.
 */
export const FLOOR = 1e-30;
/** A norm on the log axis: at least FLOOR; NaN and ±∞ are gaps. */
export const clampNorm = (v: number) => (Number.isFinite(v) ? Math.max(FLOOR, v) : NaN);
export const normText = (v: number) => (Number.isNaN(v) ? "not a number" : v < FLOOR ? `below ${powerOfTen(FLOOR)}` : sig(v));
/** An accuracy (0..1) in percent for the y axis, clamped to 0..100; NaN a gap. */
export const pct = (v: number) => (Number.isFinite(v) ? 100 * Math.min(1, Math.max(0, v)) : NaN);
export const percentText = (v: number) => percent(v, 1);
const SUB: Record<string, string> = { "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉" };
/** ‖∂C/∂hₜ‖ for a step t, with t as subscript digits and a word joiner after the slash, so that the formula never breaks across lines. */
export const gradAt = (t: number) => `‖∂C/\u2060∂h${[...String(t)].map((c) => SUB[c]).join("")}‖`;

export type RunState = "idle" | "loading" | "running" | "paused" | "stepping" | "done" | "failed";

export interface ChartsChoice {
  /** Entries drawn in full. */
  shown: readonly TimeEntry[];
  /** Entries drawn faint behind them. */
  ghost: readonly TimeEntry[];
  /** One sentence: what the charts show, and what the faint lines are. */
  note: string;
}

/**
 * Which run the charts draw: with live entries, the live run in full and the committed seed-1 run of the
 * same cell, T and init faint behind it; before training, the committed run in full. With clipping off
 * there is no committed run of these settings, so the clipped one is drawn faint as a reference, before
 * and after training, and the note says so. `committed` undefined: nothing asked for yet.
 */
export function chartsChoice(s: ThroughTimeSettings, live: readonly TimeEntry[], committed: Committed | undefined): ChartsChoice {
  const id = runId(s);
  const log = committed && committed !== "loading" && !("failed" in committed) ? committed : null;
  const entries = log?.entries ?? [];
  const about = `the committed run ${id} (seed 1, ${entries.length ? `measured at epochs ${entries.map((e) => e.epoch).join(", ")}` : "trained by npm run pretrain"})`;
  const failed = committed && committed !== "loading" && "failed" in committed ? committed.failed : null;
  const missing = committed === "loading" ? ` Loading the committed run ${id}…` : failed !== null ? ` The committed run ${id} could not be loaded (${failed}), so only the live run is drawn.` : "";
  const noClip = s.clip ? "" : "There is no committed run without clipping. ";
  if (!live.length) {
    if (!log) return { shown: [], ghost: [], note: `${noClip}${missing.trim() || `Nothing trained yet for ${settingsText(s)}.`}` };
    // Without clipping the committed run is not these settings' run: only a faint reference.
    if (!s.clip) return { shown: [], ghost: entries, note: `${noClip}Faint, for reference: ${about}, the same settings with gradients clipped at norm 1.` };
    return { shown: entries, ghost: [], note: `Shown until you train: ${about}.` };
  }
  if (!log) return { shown: live, ghost: [], note: `${noClip}${missing.trim()}`.trim() };
  const faint = s.clip
    ? `Faint behind the live run: ${about}, trained with these settings by the same code.`
    : `Faint behind the live run, for reference: ${about}, the same settings with gradients clipped at norm 1.`;
  return { shown: live, ghost: entries, note: `${noClip}${faint}` };
}

/** The readout under the controls: where the live run is, its accuracies, the gradient at both ends, and the last epoch's gradient norm before clipping. */
export function readout(live: readonly TimeEntry[], s: ThroughTimeSettings, maxEpoch: number, clipNorm: number | null): string {
  const last = live.at(-1);
  if (!last) return `${settingsText(s, clipNorm)}: not trained yet.`;
  const g = last.hiddenGradNorms;
  const head = `Epoch ${last.epoch} of ${maxEpoch}: test accuracy ${percentText(last.testAccuracy)}, training ${percentText(last.trainAccuracy)}; ${gradAt(0)}\u00a0= ${normText(g[0])}, ${gradAt(g.length - 1)}\u00a0= ${normText(g[g.length - 1])}.`;
  const n = last.gradNormBeforeClip;
  if (!n) return `${head} No step taken yet.`;
  const clipped = s.clip && clipNorm !== null ? (n.max > clipNorm ? `; steps above\u00a0${clipNorm} were clipped to\u00a0${clipNorm}` : `; none above\u00a0${clipNorm}, so none was clipped`) : "; no clipping";
  return `${head} Gradient norm before clipping in epoch ${last.epoch}: mean ${sig(n.mean)}, max ${sig(n.max)}${clipped}.`;
}

/** The status line: what is happening, and on which backend. */
export function statusText(o: { state: RunState; backendReason: string | null; notice: string }): string {
  const where = o.backendReason ? ` ${o.backendReason}` : "";
  const notice = o.notice ? `${o.notice} ` : "";
  switch (o.state) {
    case "idle":
      return `${notice}Press Start or Step to train in your browser (tfjs and its WebAssembly file load then).`.trim();
    case "loading":
      return `${notice}Loading tfjs and building the network…`;
    case "running":
      return `${notice}Training…${where}`;
    case "stepping":
      return `${notice}Training one epoch…${where}`;
    case "paused":
      return `${notice}Paused.${where}`;
    case "done":
      return `${notice}Done: the committed runs train this many epochs; Reset to train again.${where}`;
    case "failed":
      return notice.trim();
  }
}

/** Why this backend trains, said by the page: the trainer's reason (backend.ts), with where it runs and why not WebGL. */
export function backendSentence(name: string, reason: string): string {
  const where = "in a Web Worker (a background thread, so the page stays responsive)";
  if (name === "wasm") {
    return `${reason.replace(/, as chosen\.$/, "")} ${where}: the backend the committed runs were trained on. WebGL is not tried: a 16-unit cell is many tiny operations, where the GPU's cost per operation outweighs its speed.`;
  }
  return `${reason.replace(/\.$/, "")} (${where}).`;
}
