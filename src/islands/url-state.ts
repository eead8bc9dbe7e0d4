/**
 * Browser side of the shareable demo state (src/lib/site/hash-state.ts). Demos save
 * their settings on every change, but the URL is rewritten at most once every
 * WRITE_DELAY_MS: history.replaceState costs about half a millisecond, too much
 * to pay on every frame of a drag.
 */
import { parseHash, withDemoState, type StateRecord } from "../lib/site/hash-state.ts";

export const WRITE_DELAY_MS = 150;
const pending = new Map<string, StateRecord>();
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  timer = null;
  let hash = location.hash;
  for (const [id, record] of pending) hash = withDemoState(hash, id, record);
  pending.clear();
  history.replaceState(history.state, "", hash || location.pathname + location.search);
}

/** Records a demo's settings; the URL fragment follows shortly. */
export function saveState(id: string, record: StateRecord): void {
  pending.set(id, record);
  timer ??= setTimeout(flush, WRITE_DELAY_MS);
}

/** The settings saved for a demo in the current URL fragment, if any. */
export function savedState(id: string): StateRecord | undefined {
  return parseHash(location.hash).get(id);
}

/** Calls back when the reader opens a link (or edits the URL) that carries this demo's state. */
export function onStateLink(id: string, callback: () => void): () => void {
  const listener = () => {
    if (parseHash(location.hash).has(id)) callback();
  };
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}
