/**
 * The demos' text readouts are aria-live regions. While a slider or the drag
 * handle moves continuously, rewriting them on every input would make screen
 * readers announce dozens of half-finished states and would cost a text layout
 * per frame; so during continuous input the text follows LIVE_DELAY_MS after the
 * last change. Discrete actions (a button, a menu, a key on the handle) update it at once.
 */
export const LIVE_DELAY_MS = 120;

const pending = new Map<Element, string>();
let timer: ReturnType<typeof setTimeout> | null = null;

function write(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function flushLiveText(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  for (const [el, text] of pending) write(el, text);
  pending.clear();
}

/** Sets a readout's text, at once or (continuous = true) shortly after the input settles. */
export function setLiveText(el: Element, text: string, continuous: boolean): void {
  if (!continuous) {
    pending.delete(el);
    write(el, text);
    return;
  }
  pending.set(el, text);
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(flushLiveText, LIVE_DELAY_MS);
}
