/**
 * From a committed experiment (content/experiments/<id>.json) to a live-trainer preset (DOM-free; the
 * build and the pretrain script use it, settings.ts re-exports it): which experiments the trainer can
 * run (presetRefusal, and the build's note for the others), the preset's settings (presetOf), and what
 * a preset keeps of values its controls cannot show (presetGridWarnings).
 */
import type { AnyExperiment, Experiment, RecurrentExperiment } from "../../lib/schemas/experiment.ts";
import type { InitScheme } from "../../lib/nets/network.ts";
import { BATCHES, INITS, INIT_SCHEMES, MAX_DEPTH, MAX_WIDTH, RANGES, TRAIN_DIGITS, etaText, snapEta, type InitChoice, type Preset } from "./settings.ts";

const initOf = (i: InitScheme): InitChoice | null =>
  INITS.find((c) => INIT_SCHEMES[c].weights === i.weights && INIT_SCHEMES[c].biases === i.biases) ?? null;

// Not schemas/experiment.ts's isRecurrent: this file reaches the page, and that module brings zod with it.
const recurrent = (e: AnyExperiment): e is RecurrentExperiment => (e as { kind?: unknown }).kind === "recurrent";

/** Why the live trainer cannot run experiment `e` as a preset, or null when it can. */
export function presetRefusal(e: AnyExperiment): string | null {
  if (recurrent(e)) {
    return `it is a recurrent experiment ("kind": "recurrent", cell "${e.cell}", T ${e.task.T}) and the trainer trains feed-forward networks on digits; lesson 7's own island trains recurrent cells`;
  }
  if (!initOf(e.init)) {
    const offered = INITS.map((c) => `${INIT_SCHEMES[c].weights}/${INIT_SCHEMES[c].biases}`).join(", ");
    return `its initialisation ${JSON.stringify(e.init)} is not one the trainer offers (weights/biases: ${offered})`;
  }
  if (e.cost !== "cross-entropy") return `the trainer uses the cross-entropy cost, not ${e.cost}`;
  const depth = e.architecture.length - 2;
  if (depth < 1 || depth > MAX_DEPTH) return `the trainer offers 1–${MAX_DEPTH} hidden layers, not ${depth}`;
  if (e.epochs < RANGES.epochs.min) return `the trainer trains at least ${RANGES.epochs.min} epoch, not ${e.epochs}`;
  return null;
}

/**
 * The build's note for an experiment that is not a preset although its config does not say
 * `"preset": false`, or null (a preset, or one left out on purpose).
 */
export function presetNote(file: string, e: AnyExperiment): string | null {
  // A recurrent experiment is never a preset, by its kind: no note for each of them.
  if (recurrent(e)) return null;
  const why = e.preset ? presetRefusal(e) : null;
  return why && `${file} is not a live-trainer preset: ${why} (add "preset": false to the config to leave it out without this note)`;
}

/** The trainer's settings for a committed experiment; throws the reason when it cannot be one. */
export function presetOf(id: string, e: AnyExperiment): Preset {
  const why = presetRefusal(e);
  if (why || recurrent(e)) throw new Error(`experiment ${id}: ${why}`);
  const init = initOf(e.init)!;
  const layers = e.architecture.slice(1, -1);
  return {
    id,
    title: e.title,
    shippedTrain: e.data.train,
    shippedTest: e.data.test,
    settings: {
      preset: id,
      layers,
      activation: e.activation,
      init,
      frozen: [...e.frozenLayers],
      eta: e.optimizer.eta,
      lambda: e.optimizer.lambda,
      batch: Math.min(e.optimizer.batchSize, TRAIN_DIGITS),
      seed: e.seed,
      epochs: e.epochs,
      optimizer: e.optimizer.kind,
      batchNorm: e.batchNorm,
      residual: e.residual,
      backend: "auto",
    },
  };
}

/**
 * What a preset does with each value of its experiment that the controls cannot show exactly:
 * one line per value, naming the file, the setting and the value, and what the live trainer's
 * preset trains and shows instead. Empty for an experiment that is not a preset, or whose values
 * all lie on the controls' grids. The preset keeps every exact value (so it trains what the
 * committed run trained), except a mini-batch larger than the trainer's 1,000 training digits.
 */
export function presetGridWarnings(file: string, e: AnyExperiment): string[] {
  if (recurrent(e) || !e.preset || presetRefusal(e)) return [];
  const out: string[] = [];
  const warn = (setting: string, value: string | number, problem: string, preset: string) => out.push(`${file}: ${setting} ${value} ${problem}: the live trainer's preset ${preset}`);
  const custom = "(custom settings)";
  const { eta, lambda, batchSize } = e.optimizer;
  if (snapEta(eta) !== eta) {
    const { min, max } = RANGES.logEta;
    const where = eta < 10 ** min || eta > 10 ** max ? `is outside the live trainer's η slider (${10 ** min}–${10 ** max})` : `is between two steps of the live trainer's η slider (the nearest is ${snapEta(eta)})`;
    const shown = etaText(eta) === String(eta) ? "" : ` (its readout shows ${etaText(eta)})`;
    warn("optimizer.eta", eta, where, `keeps η = ${eta}${shown}; moving the slider puts η on a step ${custom}`);
  }
  const l = RANGES.lambda;
  if (lambda > l.max || Math.round(lambda / l.step) * l.step !== lambda) {
    const where = lambda > l.max ? `is outside the live trainer's λ slider (${l.min}–${l.max})` : `is between two steps of the live trainer's λ slider (steps of ${l.step}; the nearest is ${Math.round(lambda / l.step) * l.step})`;
    warn("optimizer.lambda", lambda, where, `keeps λ = ${lambda}; moving the slider puts λ on a step ${custom}`);
  }
  if (batchSize > TRAIN_DIGITS) {
    warn("optimizer.batchSize", batchSize, `is more than the live trainer's ${TRAIN_DIGITS} training digits`, `trains full batches of ${TRAIN_DIGITS} instead (its charts show the committed run, batches of ${batchSize}, until the reader trains)`);
  } else if (!(BATCHES as readonly number[]).includes(batchSize)) {
    warn("optimizer.batchSize", batchSize, `is not one of the live trainer's mini-batch sizes (${BATCHES.join(", ")})`, `keeps mini-batches of ${batchSize}; moving the slider picks an offered size ${custom}`);
  }
  const layers = e.architecture.slice(1, -1);
  if (layers.some((w) => w > MAX_WIDTH)) {
    warn("architecture", `[${e.architecture.join(", ")}]`, `has a hidden layer wider than the live trainer's ${MAX_WIDTH}`, `keeps [${e.architecture.join(", ")}]; changing the depth or width caps every layer at ${MAX_WIDTH} ${custom}`);
  }
  const { seed: sr, epochs: er } = RANGES;
  if (e.seed < sr.min || e.seed > sr.max) {
    warn("seed", e.seed, `is outside the live trainer's seed field (${sr.min}–${sr.max})`, `keeps seed ${e.seed}; a seed typed there is kept within ${sr.min}–${sr.max} ${custom}`);
  }
  if (e.epochs > er.max) {
    warn("epochs", e.epochs, `is more than the live trainer's epochs field allows (${er.min}–${er.max})`, `keeps ${e.epochs} epochs; a number typed there is kept within ${er.min}–${er.max}`);
  }
  return out;
}
