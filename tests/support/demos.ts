/** Drives every demo on a page through its controls, so that whatever a redraw writes is exercised. */
import type { Locator, Page } from "playwright-core";
import { setControl } from "./browser.ts";

/** Waits until the browser has dispatched what the last actions queued (events, violation reports). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
}

/**
 * Moves each control of one demo to its ends, through each menu option, toggles
 * each checkbox, presses each button and nudges every keyboard handle (role=slider
 * that is not an <input>). Returns how many things it touched.
 */
export async function exerciseDemo(demo: Locator): Promise<number> {
  let touched = 0;
  const controls = demo.locator('[data-role$="controls"]');
  // Only controls that are shown: a demo hides those that do not apply (the trainer's freeze boxes beyond its depth).
  const ranges = controls.locator('input[type="range"]:visible');
  for (let i = 0; i < (await ranges.count()); i++) {
    const r = ranges.nth(i);
    const [min, max] = await r.evaluate((el: HTMLInputElement) => [el.min, el.max]);
    await setControl(r, max);
    await setControl(r, min);
    touched++;
  }
  const selects = controls.locator("select");
  for (let i = 0; i < (await selects.count()); i++) {
    const s = selects.nth(i);
    const values = await s.evaluate((el: HTMLSelectElement) => [...el.options].map((o) => o.value));
    for (const v of [...values.slice(1), values[0]]) await setControl(s, v);
    touched++;
  }
  const boxes = controls.locator('input[type="checkbox"]:visible');
  for (let i = 0; i < (await boxes.count()); i++) {
    const b = boxes.nth(i);
    const checked = await b.isChecked();
    await setControl(b, !checked);
    await setControl(b, checked);
    touched++;
  }
  const buttons = controls.locator("button");
  for (let i = 0; i < (await buttons.count()); i++) {
    await buttons.nth(i).click();
    touched++;
  }
  const handles = demo.locator('[role="slider"]:not(input)');
  for (let i = 0; i < (await handles.count()); i++) {
    await handles.nth(i).focus();
    await handles.nth(i).press("ArrowLeft");
    await handles.nth(i).press("ArrowUp");
    touched++;
  }
  return touched;
}
