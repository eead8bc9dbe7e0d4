/**
 * What every demo's custom element shares. The server renders the figure for the
 * default settings and the controls (hidden); a demo then
 *   - finds its parts once (setup), reads its settings from its attributes and
 *     any state saved in the URL fragment (readState), reveals the controls and draws;
 *   - redraws on input, saves its settings in the URL fragment (save), and fires
 *     `vg-drawn` after every redraw (drawn);
 *   - re-reads its state when the reader opens a link that carries it;
 *   - a demo that needs data fetches it once, when the reader first reaches for it
 *     (loadOnce), and in place of its controls says what went wrong if that fails
 *     (showFailure).
 * Subclasses hold the settings and the drawing; they have no math of their own.
 */
import { onStateLink, saveState, savedState } from "./url-state.ts";
import type { StateRecord } from "../lib/site/hash-state.ts";

export abstract class DemoElement extends HTMLElement {
  /** Name of this demo's settings in the URL fragment when the page sets no state-id. */
  protected abstract readonly defaultStateId: string;
  #isSetUp = false;
  #stopLinks = () => {};
  #loading: Promise<void> | null = null;
  #failed = false;

  /** Finds parts and adds listeners; runs once, however often the element is moved. */
  protected abstract setup(): void;
  /** Settings from the attributes, overridden by any saved in the URL fragment; moves the controls to match. */
  protected abstract readState(): void;
  /** Redraws; continuous: a slider or a drag is still moving (text readouts then follow shortly). */
  protected abstract draw(continuous?: boolean): void;

  connectedCallback(): void {
    if (!this.#isSetUp) {
      this.setup();
      this.#isSetUp = true;
    }
    this.readState();
    this.#stopLinks = onStateLink(this.stateId, () => {
      this.readState();
      this.draw();
    });
    this.byRole<HTMLElement>("controls").hidden = false;
    this.draw();
  }

  disconnectedCallback(): void {
    this.#stopLinks();
  }

  /** The name this demo's settings use in the URL fragment. */
  get stateId(): string {
    return this.getAttribute("state-id") || this.defaultStateId;
  }

  /** The element with this data-role inside the demo; a missing one is a wiring error. */
  protected byRole<T extends Element>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`<${this.localName}> is missing its [data-role="${role}"] element`);
    return el;
  }

  /** The state saved for this demo in the URL fragment, if any. */
  protected saved(): StateRecord | undefined {
    return savedState(this.stateId);
  }

  protected save(record: StateRecord): void {
    saveState(this.stateId, record);
  }

  /** Writes an output's text only when it changed: every text change costs a text layout. */
  protected show(out: HTMLOutputElement | null, text: string): void {
    if (out && out.value !== text) out.value = text;
  }

  /** Whether showFailure ran: the demo shows what the site built and computes nothing more. */
  protected get failed(): boolean {
    return this.#failed;
  }

  /**
   * Runs `load` on the first call only; later calls return the same promise. Meanwhile the
   * status element says `loading`; when `load` resolves the status is emptied and the demo
   * redraws. If `load` (or that redraw) throws, `fail` gets the error's message.
   */
  protected loadOnce(loading: string, load: () => Promise<void>, fail: (reason: string) => void): Promise<void> {
    this.#loading ??= (async () => {
      const status = this.byRole<HTMLElement>("status");
      status.textContent = loading;
      try {
        await load();
        status.textContent = "";
        this.draw();
      } catch (e) {
        fail((e as Error).message);
      }
    })();
    return this.#loading;
  }

  /**
   * What went wrong, in place of the controls: marks the demo failed (data-state="failed"),
   * hides the elements with the given data-roles that it has, makes the status element an
   * alert that says `message`, and fires `vg-drawn` with { failed: reason }.
   */
  protected showFailure(reason: string, message: string, hide: readonly string[]): void {
    this.#failed = true;
    this.dataset.state = "failed";
    for (const role of hide) {
      const el = this.querySelector<HTMLElement>(`[data-role="${role}"]`);
      if (el) el.hidden = true;
    }
    const status = this.byRole<HTMLElement>("status");
    status.setAttribute("role", "alert");
    status.textContent = message;
    this.drawn({ failed: reason });
  }

  protected drawn(detail: object): void {
    this.dispatchEvent(new CustomEvent("vg-drawn", { detail }));
  }
}
