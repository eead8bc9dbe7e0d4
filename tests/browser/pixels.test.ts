/**
 * The invisible-pixels island: the static first view, the threshold and unlucky
 * controls, browsing by keyboard, "can you tell?", a drawn digit, and a corrupt
 * or missing weights file (a message in place of the demo; the page still works).
 * Expected values come from the same files through src/ (read here with node:fs); the answers
 * on a blanked digit, the map's red count and the fetch count have oracles of their own
 * (tests/support/pixels-raw.ts: the files read by hand and a plain forward pass; counted requests).
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { demosUpgraded, openPage, setControl, sharedBrowser, watchedPage, faultFile } from "../support/browser.ts";
import { publicPixelData } from "../../src/components/pixel-data.ts";
import { aDigit, influenceLabel, summary } from "../../src/islands/pixels/figure.ts";
import { parseSettings } from "../../src/islands/pixels/settings.ts";
import { digitView, influenceValues, influenceView, liveMedian } from "../../src/islands/pixels/view.ts";
import { unluckyPixels } from "../../src/lib/analysis/pixels.ts";
import { rawAnswer, rawFacts, rawModel, rawRed, rawSample } from "../support/pixels-raw.ts";

const url = inject("baseUrl") + "invisible-pixels/";
const origin = new URL(url).origin;
const browser = sharedBrowser();
const { data } = await publicPixelData();

const demo = (page: Page, id: string) => page.locator(`vg-pixels[state-id="${id}"]`);
const role = (page: Page, id: string, r: string) => demo(page, id).locator(`[data-role="${r}"]`);
const readout = (page: Page, id: string) => role(page, id, "readout").textContent();
const redCount = (page: Page, id: string) => role(page, id, "seen-leaves").evaluate((g) => (g.querySelector("path.red")!.getAttribute("d")!.match(/M/g) ?? []).length);
const expected = (raw: Parameters<typeof parseSettings>[0]) => {
  const s = parseSettings(raw, data.count);
  return { s, v: digitView(data, s) };
};

const open = (options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) => openPage(browser(), url, options);

describe("<vg-pixels>", () => {
  it("without JavaScript shows the first digit, its red pixels, both reconstructions and the influence map, and hides the controls", async () => {
    const w = await open({ javaScriptEnabled: false });
    for (const [id, raw] of [["answer", { unlucky: 0.25, threshold: 0.02 }], ["measured", {}]] as const) {
      const { s, v } = expected(raw);
      await expect(readout(w.page, id)).resolves.toBe(summary(v, data.count, s.digit));
      await expect(redCount(w.page, id)).resolves.toBe(v.redCount);
      await expect(role(w.page, id, "controls").isVisible()).resolves.toBe(false);
      for (const p of ["original", "seen", "random", "trained"]) await expect(role(w.page, id, `panel-${p}`).locator("svg").isVisible()).resolves.toBe(true);
    }
    await expect(role(w.page, "measured", "influence-map").locator("svg").first().isVisible()).resolves.toBe(true);
    await expect(role(w.page, "measured", "legend").isVisible()).resolves.toBe(true);
    await expect(role(w.page, "measured", "draw").isVisible()).resolves.toBe(false);
    await w.page.context().close();
  });

  it("loads nothing heavy before the reader touches it, then the threshold and unlucky sliders change the red count as computed", async () => {
    const w = await open();
    const requests: string[] = [];
    w.page.on("request", (r) => requests.push(r.url()));
    await expect(role(w.page, "answer", "controls").isVisible()).resolves.toBe(true);
    expect(requests.filter((u) => /runs\/|derived\//.test(u))).toEqual([]);

    await setControl(role(w.page, "answer", "unlucky"), 0.5);
    const half = expected({ unlucky: 0.5, threshold: 0.02 }).v;
    await expect.poll(() => redCount(w.page, "answer")).toBe(half.redCount);
    await expect.poll(() => readout(w.page, "answer")).toBe(summary(half, data.count, 0));
    expect(half.redCount).toBeGreaterThan(expected({ unlucky: 0.25, threshold: 0.02 }).v.redCount);

    // The shipped layer: nothing is red until the threshold passes the smallest "largest weight".
    await setControl(role(w.page, "measured", "threshold"), 0.06);
    const raised = expected({ threshold: 0.06 }).v;
    expect(raised.redCount).toBeGreaterThan(0);
    await expect.poll(() => redCount(w.page, "measured")).toBe(raised.redCount);
    await expect(role(w.page, "measured", "threshold-out").textContent()).resolves.toBe("0.060");
    await expect(w.page.waitForFunction(() => location.hash.includes("measured.threshold=0.06"))).resolves.toBeTruthy();

    // The measured view: the influence slider moves its own red mask, output and text alternative.
    const influence = role(w.page, "measured", "influence");
    await setControl(influence, 0.9);
    const iv = influenceView(influenceValues(data, 0), data.alwaysZero, 0.9, liveMedian(influenceValues(data, 0), data.alwaysZero));
    const mapRed = () => role(w.page, "measured", "influence-leaves").evaluate((g) => (g.querySelector("path.red")!.getAttribute("d")!.match(/M/g) ?? []).length);
    await expect.poll(mapRed).toBe(iv.redCount);
    await expect(influence.getAttribute("aria-valuetext")).resolves.toBe("90%");
    await expect(role(w.page, "measured", "influence-out").textContent()).resolves.toBe("90%");
    await expect.poll(() => role(w.page, "measured", "influence-readout").textContent()).toContain(influenceLabel(iv, 0.9));
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.page.context().close();
  });

  it("browses digits by keyboard and plays “can you tell?”", async () => {
    const w = await open();
    const next = demo(w.page, "measured").getByRole("button", { name: "Next digit" });
    await next.focus();
    await w.page.keyboard.press("Enter");
    const second = expected({ digit: 1 });
    await expect.poll(() => readout(w.page, "measured")).toBe(summary(second.v, data.count, 1));
    await w.page.keyboard.press("ArrowRight");
    await expect.poll(() => role(w.page, "measured", "digit-out").textContent()).toBe(`3 of ${data.count}`);
    await w.page.keyboard.press("ArrowLeft");
    await expect.poll(() => role(w.page, "measured", "digit-out").textContent()).toBe(`2 of ${data.count}`);

    await demo(w.page, "measured").getByRole("button", { name: "Can you tell? Hide the label" }).press("Enter");
    await expect.poll(() => role(w.page, "measured", "quiz").isVisible()).toBe(true);
    await expect(role(w.page, "measured", "label-text").textContent()).resolves.toBe("hidden");
    await expect(readout(w.page, "measured")).resolves.not.toContain(aDigit(second.v.label));
    const guess = (second.v.label + 1) % 10;
    await demo(w.page, "measured").locator(`button[data-act="guess"][data-digit="${guess}"]`).press("Space");
    await expect
      .poll(() => role(w.page, "measured", "quiz-result").textContent())
      .toBe(`You said ${guess}. It is ${aDigit(second.v.label)}. Given the same blanked digit, the trained network says ${second.v.answers.trained.digit}; the frozen-first-layer network says ${second.v.answers.frozen.digit}.`);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("gives a drawn digit its red overlay, reconstructions and both networks' answers (keyboard: the sample button; pointer: a stroke)", async () => {
    const w = await open();
    const d = demo(w.page, "measured");
    await d.getByRole("button", { name: "Put the current test digit on the pad" }).press("Enter");
    const first = expected({}).v;
    await expect.poll(() => role(w.page, "measured", "mine-readout").textContent(), { timeout: 15_000 }).toContain(`Trained network: ${first.answers.trained.digit} (`);
    await expect(role(w.page, "measured", "mine").isVisible()).resolves.toBe(true);

    await d.getByRole("button", { name: "Clear the pad" }).click();
    await expect.poll(() => role(w.page, "measured", "mine").isVisible()).toBe(false);
    const pad = role(w.page, "measured", "pad");
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    // A "1": one vertical stroke down the middle of the pad.
    await w.page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
    await w.page.mouse.down();
    for (let t = 0.2; t <= 0.8; t += 0.05) await w.page.mouse.move(box.x + box.width / 2, box.y + box.height * t);
    await w.page.mouse.up();
    await expect.poll(() => role(w.page, "measured", "mine-readout").textContent()).toMatch(/^Your digit covers \d+ pixels.*Trained network: \d \(output/);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  // The oracle: the shipped files read by hand, the red pixels and the blanked digit computed here.
  const raw = { trained: rawModel("runs/full-3-hidden/model-final"), frozen: rawModel("runs/frozen-first-layer/model-final"), random: rawModel("runs/frozen-first-layer/model-initial")[0], sample: rawSample() };
  const rawView = (unlucky: number, k: number) => {
    const red = rawRed(raw.random, unluckyPixels(unlucky, 1), 0.02);
    const x = raw.sample.image(k).map((v, i) => (red[i] ? 0 : v));
    return { red, trained: rawAnswer(raw.trained, x).digit, frozen: rawAnswer(raw.frozen, x).digit, label: raw.sample.labels[k] };
  };

  it("answers the digit the reader is shown: the unlucky share blanks pixels and the networks' answers follow", async () => {
    const w = await open();
    // Digit 1 of the sample: the shipped layer's answers on the whole digit, then on the half-blanked one.
    const whole = rawView(0, 0);
    const half = rawView(0.5, 0);
    expect([half.trained, half.frozen]).not.toEqual([whole.trained, whole.frozen]);
    const answers = (t: number, f: number, input: string) => async () => {
      const text = (await readout(w.page, "answer"))!;
      return text.includes(input) && text.includes(`Trained network: ${t} (`) && text.includes(`frozen-first-layer network: ${f} (`);
    };
    await setControl(role(w.page, "answer", "unlucky"), 0);
    await expect.poll(answers(whole.trained, whole.frozen, "given the whole digit"), { timeout: 15_000 }).toBe(true);
    await setControl(role(w.page, "answer", "unlucky"), 0.5);
    await expect.poll(answers(half.trained, half.frozen, `given the digit as the red panel shows it, with its ${half.red.reduce((a, b) => a + b, 0)} red pixels blanked`)).toBe(true);

    // "Can you tell?": the networks answer the blanked digit the reader guesses, and after the guess the readout tells all.
    await demo(w.page, "answer").getByRole("button", { name: "Can you tell? Hide the label" }).click();
    await expect.poll(() => readout(w.page, "answer")).toContain("hidden until you guess");
    const guess = (half.label + 1) % 10;
    await demo(w.page, "answer").locator(`button[data-act="guess"][data-digit="${guess}"]`).click();
    await expect
      .poll(() => role(w.page, "answer", "quiz-result").textContent())
      .toBe(`You said ${guess}. It is ${aDigit(half.label)}. Given the same blanked digit, the trained network says ${half.trained}; the frozen-first-layer network says ${half.frozen}.`);
    await expect.poll(() => readout(w.page, "answer")).not.toContain("hidden");
    await expect(readout(w.page, "answer")).resolves.toContain(`Trained network: ${half.trained} (`);
    await expect(role(w.page, "answer", "label-text").textContent()).resolves.toBe(aDigit(half.label));
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("at a 90% unlucky share the influence map flags the panels' red pixels that are ever inked, and its colour scale shows the map's maximum", async () => {
    const w = await open();
    await setControl(role(w.page, "answer", "unlucky"), 0.9);
    const red = rawView(0.9, 0).red;
    const zero = new Set(rawFacts().alwaysZero);
    const live = red.reduce((s, r, i) => s + (r && !zero.has(i) ? 1 : 0), 0);
    const panel = red.reduce((a, b) => a + b, 0);
    expect(live).toBeGreaterThan(500);
    await expect.poll(() => redCount(w.page, "answer"), { timeout: 15_000 }).toBe(panel);
    const mapRed = () => role(w.page, "answer", "influence-leaves").evaluate((g) => (g.querySelector("path.red")!.getAttribute("d")!.match(/M/g) ?? []).length);
    await expect.poll(mapRed).toBe(live);
    await expect.poll(() => role(w.page, "answer", "influence-readout").textContent()).toContain(`The weight rule above paints the same ${live} of the pixels that are ever inked red.`);
    // The legend's maximum is the darkest pixel's value as the map's text states it.
    const text = (await role(w.page, "answer", "influence-readout").textContent())!;
    const max = text.match(/to dark blue \(([\d.]+), the most influential pixel\)/)![1];
    await expect(role(w.page, "answer", "legend-max").textContent()).resolves.toBe(max);
    await expect(role(w.page, "answer", "legend").locator("svg").getAttribute("aria-label")).resolves.toContain(`dark blue for ${max}`);
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it("the two demos on the page fetch each file once between them", async () => {
    const w = await open();
    const requests: string[] = [];
    w.page.on("request", (r) => {
      if (/\/(runs|derived)\//.test(r.url())) requests.push(r.url());
    });
    for (const id of ["answer", "measured"]) {
      await role(w.page, id, "threshold").focus();
      await setControl(role(w.page, id, "threshold"), 0.06);
      await expect.poll(() => role(w.page, id, "status").textContent(), { timeout: 15_000 }).toBe("");
      await expect.poll(() => redCount(w.page, id)).toBe(expected({ threshold: 0.06, unlucky: id === "answer" ? 0.25 : 0 }).v.redCount);
    }
    await w.page.waitForLoadState("networkidle");
    const pixelFiles = requests.filter((u) => !/collision/.test(u));
    expect(pixelFiles.length).toBeGreaterThanOrEqual(9);
    const counts = new Map<string, number>();
    for (const u of pixelFiles) counts.set(u, (counts.get(u) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    await w.page.context().close();
  });

  it("keeps “‹ Previous”, “1 of 302” and “Next ›” on one line each, side by side, at 1280 and 360 px", async () => {
    for (const width of [1280, 360]) {
      const w = await open({ viewport: { width, height: 900 } });
      const lines = await role(w.page, "measured", "browse").evaluate((g) =>
        [...g.children].map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          const box = el.getBoundingClientRect();
          return { text: el.textContent, lines: tops.size, top: box.top, bottom: box.bottom, right: box.right, parentRight: g.getBoundingClientRect().right };
        }),
      );
      expect(lines.map((l) => l.text)).toEqual(["‹ Previous", `1 of ${data.count}`, "Next ›"]);
      for (const l of lines) {
        expect(l.lines, `${l.text} at ${width} px`).toBe(1);
        expect(l.right, `${l.text} inside its row at ${width} px`).toBeLessThanOrEqual(l.parentRight + 0.5);
      }
      // Side by side: the three boxes overlap vertically.
      expect(Math.max(...lines.map((l) => l.top))).toBeLessThan(Math.min(...lines.map((l) => l.bottom)));
      await w.page.context().close();
    }
  });

  for (const [what, file, fault, message] of [
    ["a corrupt weights file", "runs/full-3-hidden/model-final/group1-shard1of1.bin", "corrupt", "runs/full-3-hidden/model-final/group1-shard1of1.bin does not match its sha256 in runs/full-3-hidden/manifest.json"],
    ["a missing weights file", "runs/frozen-first-layer/model-initial/group1-shard1of1.bin", "missing", "could not load runs/frozen-first-layer/model-initial/group1-shard1of1.bin: HTTP 404"],
  ] as const) {
    it(`shows a message in place of the demo for ${what}, and the rest of the page works`, async () => {
      const w = await watchedPage(browser(), origin);
      await faultFile(w.page, file, fault);
      await w.page.goto(url, { waitUntil: "networkidle" });
      await demosUpgraded(w.page);
      await setControl(role(w.page, "measured", "threshold"), 0.06);
      const status = role(w.page, "measured", "status");
      await expect.poll(() => status.textContent()).toContain(message);
      await expect(status.getAttribute("role")).resolves.toBe("alert");
      await expect(role(w.page, "measured", "controls").isVisible()).resolves.toBe(false);
      // The static figures stay, and so does everything else on the page.
      await expect(role(w.page, "measured", "panel-seen").locator("svg").isVisible()).resolves.toBe(true);
      await expect(w.page.locator("main h2").first().isVisible()).resolves.toBe(true);
      await expect(w.page.locator("table.answers").isVisible()).resolves.toBe(true);
      expect(w.errors.filter((e) => !e.includes("404"))).toEqual([]);
      await w.page.context().close();
    });
  }
});
