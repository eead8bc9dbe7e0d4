/**
 * What the browser tests of <vg-trainer> share: opening a page with the trainer's settings in the URL
 * fragment (under the demo's state id), and reading its parts and what the element reports.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { openPage } from "./browser.ts";
import type { TrainerPoint } from "../../src/islands/trainer/figure.ts";

export type TrainerState = "idle" | "loading" | "running" | "paused" | "stepping" | "failed";
export interface TrainerEl extends HTMLElement {
  points: TrainerPoint[];
  backend: "webgl" | "wasm" | "cpu" | null;
  state: TrainerState;
  settings: Record<string, unknown>;
}

/** Helpers for the trainer at `url` whose settings live under `stateId` in the fragment. */
export function trainerOn(browser: () => Browser, url: string, stateId: string) {
  /** The page with settings in the fragment: `{ backend: "wasm", epochs: 10 }`. */
  const at = (settings: Record<string, string | number>) =>
    `${url}#vg?${Object.entries(settings).map(([k, v]) => `${stateId}.${k}=${v}`).join("&")}`;
  const trainer = (page: Page) => page.locator("vg-trainer");
  const role = (page: Page, r: string) => trainer(page).locator(`[data-role="${r}"]`);
  const points = (page: Page) => trainer(page).evaluate((e) => (e as TrainerEl).points);
  return {
    at,
    open: (settings: Record<string, string | number>) => openPage(browser(), at(settings)),
    trainer,
    role,
    button: (page: Page, act: "start" | "step" | "reset") => trainer(page).locator(`button[data-act="${act}"]`),
    points,
    epochs: async (page: Page) => (await points(page)).map((p) => p.epoch),
    lastEpoch: async (page: Page) => (await points(page)).at(-1)?.epoch ?? -1,
    state: (page: Page) => trainer(page).evaluate((e) => (e as TrainerEl).state),
    settings: (page: Page) => trainer(page).evaluate((e) => (e as TrainerEl).settings),
    text: async (l: Locator) => (await l.textContent()) ?? "",
    label: (page: Page, chart: string) => role(page, `chart-${chart}`).locator("svg").getAttribute("aria-label"),
  };
}
