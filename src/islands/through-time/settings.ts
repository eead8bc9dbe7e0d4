/**
 * The settings of the "through time" demo (<vg-through-time>, lesson 7): which cell, how far to
 * remember, which recurrent initialisation, clipping on or off; their defaults, their parsing from
 * the URL fragment, the committed run each names, and the RecurrentRunSpec the live run trains.
 * DOM-free, shared by the build (src/components/ThroughTimeDemo.astro) and the browser.
 *
 * The committed runs are content/experiments/through-time-{rnn,lstm,gru,rnn-orthogonal,rnn-identity}-
 * t{5,10,20,50,100}-s{1,2,3}.json. The live run trains exactly the seed-1 config of the chosen
 * settings (the build reads it and passes its spec to the element), with clip = null when clipping
 * is off.
 */
import type { RecurrentRunSpec } from "../../lib/recurrent/training/recurrent-run.ts";
import type { StateRecord } from "../../lib/site/hash-state.ts";

export const CELLS = ["rnn", "lstm", "gru"] as const;
export type CellChoice = (typeof CELLS)[number];
export const DISTANCES = [5, 10, 20, 50, 100] as const;
export type Distance = (typeof DISTANCES)[number];
export const INITS = ["uniform", "orthogonal", "identity"] as const;
export type InitChoice = (typeof INITS)[number];

export interface ThroughTimeSettings {
  cell: CellChoice;
  T: Distance;
  init: InitChoice;
  clip: boolean;
}

export const DEFAULTS: ThroughTimeSettings = { cell: "rnn", T: 20, init: "uniform", clip: true };
/** The seed the live run trains with (the committed runs have seeds 1, 2 and 3). */
export const LIVE_SEED = 1;

export const CELL_TEXT: Record<CellChoice, string> = { rnn: "tanh RNN", lstm: "LSTM", gru: "GRU" };
export const INIT_TEXT: Record<InitChoice, string> = { uniform: "uniform U(−1/√H, 1/√H)", orthogonal: "orthogonal", identity: "identity" };

/** Whether an initialisation is offered for a cell: orthogonal and identity only for the tanh RNN, as in the committed runs. */
export const initOffered = (cell: CellChoice, init: InitChoice) => init === "uniform" || cell === "rnn";

const pick = <T extends string | number>(list: readonly T[], raw: unknown, fallback: T): T => {
  const hit = list.find((v) => String(v) === String(raw ?? "").trim());
  return hit ?? fallback;
};

/**
 * Settings from the URL fragment's record (or attributes): each missing or unknown value falls back to
 * `start`'s (by default DEFAULTS), and an initialisation the cell does not offer becomes "uniform".
 */
export function parseSettings(raw: Partial<Record<string, string | null | undefined>>, start: ThroughTimeSettings = DEFAULTS): ThroughTimeSettings {
  const cell = pick(CELLS, raw.cell, start.cell);
  const T = pick(DISTANCES, raw.T, start.T);
  const init = pick(INITS, raw.init, start.init);
  const clipRaw = String(raw.clip ?? "").trim();
  const clip = clipRaw === "on" ? true : clipRaw === "off" ? false : start.clip;
  return { cell, T, init: initOffered(cell, init) ? init : "uniform", clip };
}

/** The settings as the URL fragment keeps them. */
export const toRecord = (s: ThroughTimeSettings): StateRecord => ({ cell: s.cell, T: String(s.T), init: s.init, clip: s.clip ? "on" : "off" });

/** The committed run the settings name (seed 1 by default): through-time-<cell>[-<init>]-t<T>-s<seed>; the uniform init has no suffix. */
export function runId(s: Pick<ThroughTimeSettings, "cell" | "T" | "init">, seed = LIVE_SEED): string {
  if (!initOffered(s.cell, s.init)) throw new RangeError(`src/islands/through-time/settings.ts: runId: the ${s.init} initialisation has no committed run for the ${CELL_TEXT[s.cell]}; only the tanh RNN has orthogonal and identity runs`);
  return `through-time-${s.cell}${s.init === "uniform" ? "" : `-${s.init}`}-t${s.T}-s${seed}`;
}

/** Every seed-1 run id the demo can name (25: 3 cells × 5 distances, and the RNN's 2 other inits × 5). */
export function allRunIds(): string[] {
  const out: string[] = [];
  for (const cell of CELLS) for (const init of INITS) for (const T of DISTANCES) if (initOffered(cell, init)) out.push(runId({ cell, T, init }));
  return out;
}

/** What the build passes to the element for each run id: the spec it trains and its epochs. */
export interface CommittedConfig {
  spec: RecurrentRunSpec;
  epochs: number;
}

/** The spec the live run trains for the settings: the committed config's, with clip null when clipping is off. */
export function liveSpec(s: ThroughTimeSettings, configs: Readonly<Record<string, CommittedConfig>>): RecurrentRunSpec {
  const id = runId(s);
  const c = configs[id];
  if (!c) throw new Error(`there is no config content/experiments/${id}.json for ${CELL_TEXT[s.cell]}, T = ${s.T}, ${s.init} init; add it (and run npm run pretrain) or pick other settings`);
  return { ...c.spec, clip: s.clip ? c.spec.clip : null };
}

/** The settings in words: "LSTM, T = 10, uniform U(−1/√H, 1/√H) init, clipped at norm 1". */
export function settingsText(s: ThroughTimeSettings, clipNorm: number | null = 1): string {
  return `${CELL_TEXT[s.cell]}, T = ${s.T}, ${INIT_TEXT[s.init]} init, ${s.clip ? `clipped at norm ${clipNorm ?? 1}` : "no clipping"}`;
}
