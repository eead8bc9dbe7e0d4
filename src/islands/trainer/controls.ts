/**
 * The live trainer's controls: what a control's new value asks of the settings (patchFor, DOM-free),
 * and moving every control to show the settings (showSettings, on the element's own markup from
 * src/components/TrainerDemo.astro). A control is named by its data-role; a freeze box by
 * "freeze:<layer>". A menu shows short labels (a menu cannot wrap); the full text of its choice
 * (the formula, the fallback order, the preset's title) is the output beside it ("<role>-text").
 */
import {
  BACKEND_TEXT,
  BATCHES,
  CUSTOM,
  INIT_TEXT,
  OPTIMIZER_TEXT,
  TRAIN_DIGITS,
  WIDTHS,
  architectureText,
  etaText,
  snapBatch,
  type TrainerSettings,
} from "./settings.ts";
import type { SessionState } from "./session.ts";

/**
 * The change a control's value asks for, or null when it asks for none (an unfinished number,
 * "Your own settings", the "mixed" width, a role the trainer does not know). Values are the
 * control's own: a select's or a number field's text, a range's position, a checkbox's state.
 */
export function patchFor(role: string, value: string | boolean, s: TrainerSettings): Partial<TrainerSettings> | null {
  if (typeof value === "boolean") {
    if (role === "batchnorm") return { batchNorm: value };
    if (role === "residual") return { residual: value };
    const layer = /^freeze:(\d+)$/.exec(role);
    if (!layer) return null;
    const frozen = new Set(s.frozen);
    if (value) frozen.add(Number(layer[1]));
    else frozen.delete(Number(layer[1]));
    return { frozen: [...frozen].sort((a, b) => a - b) };
  }
  // Every complete number takes effect at once (arrow keys, the spinner, typing); an empty or
  // unreadable field waits for the reader to finish.
  const n = value.trim() === "" ? NaN : Number(value);
  switch (role) {
    case "preset":
      return value === CUSTOM ? null : { preset: value };
    case "seed":
      return Number.isFinite(n) ? { seed: n } : null;
    case "epochs":
      return Number.isFinite(n) ? { epochs: n } : null;
    case "eta":
      return Number.isFinite(n) ? { eta: 10 ** n } : null;
    case "lambda":
      return Number.isFinite(n) ? { lambda: n } : null;
    case "batch": {
      const b = BATCHES[Math.round(n)];
      return b === undefined ? null : { batch: b };
    }
    case "depth": {
      // Deeper: new layers copy the last one's width; shallower: the first ones stay.
      if (!Number.isInteger(n) || n < 1) return null;
      const ls = s.layers;
      return { layers: Array.from({ length: n }, (_, i) => ls[Math.min(i, ls.length - 1)]) };
    }
    case "width":
      return Number.isFinite(n) ? { layers: s.layers.map(() => n) } : null;
    case "activation":
      return { activation: value as TrainerSettings["activation"] };
    case "init":
      return { init: value as TrainerSettings["init"] };
    case "optimizer":
      return { optimizer: value as TrainerSettings["optimizer"] };
    case "backend":
      return { backend: value as TrainerSettings["backend"] };
    default:
      return null;
  }
}

/** A control's role for patchFor ("freeze:<layer>" for a freeze box), its value, and whether it acts on `input` (else on `change`). */
export function controlOf(el: EventTarget | null): { role: string; value: string | boolean; onInput: boolean } | null {
  if (el instanceof HTMLSelectElement && el.dataset.role) return { role: el.dataset.role, value: el.value, onInput: false };
  if (!(el instanceof HTMLInputElement) || !el.dataset.role) return null;
  if (el.type === "checkbox") return { role: el.dataset.role === "freeze" ? `freeze:${el.dataset.layer}` : el.dataset.role, value: el.checked, onInput: false };
  return { role: el.dataset.role, value: el.value, onInput: true };
}

/** The text a number field shows when the reader leaves it: the value that holds. */
export const heldNumber = (role: string, s: TrainerSettings): string | null => (role === "seed" || role === "epochs" ? String(s[role]) : null);

const batchText = (b: number) => (b >= TRAIN_DIGITS ? `${b} (full batch)` : String(b));

/** The bar's epoch counter: "Epoch E of N" once trained to epoch E (0: the initial weights measured), else "Not trained". */
export const epochText = (epoch: number | null, s: TrainerSettings): string =>
  epoch === null ? "Not trained" : epoch > s.epochs ? `Epoch ${epoch} (${s.epochs} set)` : `Epoch ${epoch} of ${s.epochs}`;

/** The full text of a preset's choice: its title (the option's data-title), or what "Your own settings" means. */
export const CUSTOM_TEXT = "Your own settings: they match no committed run";

/**
 * Moves every control of `root` to show `s`, the Start button to show the state, the epoch counter
 * to show `epoch` (the last measured epoch; null before any), and each menu's full-text output its choice.
 */
export function showSettings(root: HTMLElement, s: TrainerSettings, state: SessionState, trained: boolean, epoch: number | null = null): void {
  const q = <T extends Element>(role: string) => root.querySelector<T>(`[data-role="${role}"]`);
  const setSelect = (role: string, v: string) => {
    const el = q<HTMLSelectElement>(role);
    if (el && el.value !== v) el.value = v;
  };
  const setOutput = (role: string, text: string) => {
    const out = q<HTMLOutputElement>(role);
    if (out && out.value !== text) out.value = text;
  };
  setSelect("preset", s.preset);
  setSelect("depth", String(s.layers.length));
  const width = q<HTMLSelectElement>("width");
  if (width) {
    const uniform = s.layers.every((w) => w === s.layers[0]) && (WIDTHS as readonly number[]).includes(s.layers[0]);
    let mixed = width.querySelector<HTMLOptionElement>('option[value="mixed"]');
    if (!uniform) {
      if (!mixed) {
        mixed = document.createElement("option");
        mixed.value = "mixed";
        width.append(mixed);
      }
      mixed.textContent = s.layers.join(", ");
    } else mixed?.remove();
    const v = uniform ? String(s.layers[0]) : "mixed";
    if (width.value !== v) width.value = v;
  }
  setSelect("activation", s.activation);
  setSelect("init", s.init);
  setSelect("backend", s.backend);
  setSelect("optimizer", s.optimizer);
  const bn = q<HTMLInputElement>("batchnorm");
  if (bn) bn.checked = s.batchNorm;
  const res = q<HTMLInputElement>("residual");
  if (res) res.checked = s.residual;
  for (const box of root.querySelectorAll<HTMLInputElement>('input[data-role="freeze"]')) {
    const layer = Number(box.dataset.layer);
    const exists = layer <= s.layers.length + 1;
    const label = box.closest("label");
    if (label) label.hidden = !exists;
    box.checked = exists && s.frozen.includes(layer);
  }
  const range = (role: string, value: number, text: string) => {
    const el = q<HTMLInputElement>(role);
    if (el && Number(el.value) !== value) el.value = String(value);
    el?.setAttribute("aria-valuetext", text);
    setOutput(`${role}-out`, text);
  };
  range("eta", Math.log10(s.eta), etaText(s.eta));
  range("lambda", s.lambda, String(s.lambda));
  range("batch", BATCHES.indexOf(snapBatch(s.batch) as (typeof BATCHES)[number]), batchText(s.batch));
  for (const role of ["seed", "epochs"] as const) {
    const el = q<HTMLInputElement>(role);
    if (el && el !== document.activeElement && Number(el.value) !== s[role]) el.value = String(s[role]);
  }
  setOutput("arch-out", architectureText(s));
  setOutput("init-text", INIT_TEXT[s.init]);
  setOutput("optimizer-text", OPTIMIZER_TEXT[s.optimizer]);
  setOutput("backend-text", BACKEND_TEXT[s.backend]);
  const preset = q<HTMLSelectElement>("preset")?.selectedOptions[0];
  if (preset) setOutput("preset-text", preset.dataset.title ?? preset.textContent ?? "");
  setOutput("epoch-out", epochText(epoch, s));
  const start = q<HTMLButtonElement>("start-button");
  if (start) {
    const running = state === "running";
    const label = running ? "Pause" : trained ? "Continue" : "Start";
    if (start.textContent !== label) start.textContent = label;
    start.setAttribute("aria-pressed", String(running));
    // At the last epoch there is nothing to continue: the button says so (it stays focusable, since a
    // disabled button drops the keyboard focus; pressing it says how to train further).
    start.setAttribute("aria-disabled", String(!running && epoch !== null && epoch >= s.epochs));
  }
}
