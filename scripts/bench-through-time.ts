/**
 * `npm run bench:through-time`: the live "through time" demo <vg-through-time> in
 * Chromium on the built site, as bench-trainer.ts measures the live trainer. Builds the site under
 * /vanishing-gradients/ (or reuses --dist), serves it as GitHub Pages does (gzip; scripts/bench/site.ts),
 * and for each cell (tanh RNN, LSTM, GRU) at T = 20 and T = 100 opens /through-time/ with
 * `#vg?through-time.cell=C&through-time.T=T`, presses Start, waits for --epochs epochs and pauses.
 * Measured:
 *   - seconds per epoch (training and measuring, in the worker) and each mini-batch step's time, in ms:
 *     a step over 50 ms is why training runs in a Web Worker rather than in slices on the page;
 *   - the longest main-thread task while training: PerformanceObserver "longtask" entries (Chromium
 *     reports tasks of 50 ms and more) and the longest delay of a MessageChannel probe posted every 10 ms;
 *     target < 50 ms;
 *   - bytes downloaded after pressing Start (JS, wasm, data), as transferred (gzip);
 *   - JavaScript before interaction on the page, gzip (scripts/bench/page-weight.ts, the code of the
 *     budget test): target ≤ 30 KB.
 * The lesson must place <ThroughTimeDemo /> on /through-time/. A benchmark, not a test: exits 0 whatever
 * the figures; 1 if the build, the browser or the demo fails; 2 on bad arguments.
 */
import type { Browser } from "playwright-core";
import { benchDist, BENCH_BASE, parseCli } from "./bench/cli.ts";
import { launchBrowser } from "./bench/chromium.ts";
import { blockForeign, classify, JS_BUDGET_GZIP, measurePage } from "./bench/page-weight.ts";
import { servePages, type Served } from "./bench/site.ts";

const PAGE = "through-time/";
const CELLS = ["rnn", "lstm", "gru"] as const;
const DISTANCES = [20, 100] as const;
const TARGET_TASK_MS = 50;
const USAGE = `Usage: npm run bench:through-time -- [--epochs N] [--dist DIR] [--help]
  --epochs N   epochs to train per setting, 1–12 (default 2)
  --dist DIR   reuse a build made with BASE_PATH=${BENCH_BASE} instead of building`;

const { opts, usageError } = parseCli("bench:through-time", USAGE, {
  epochs: { type: "string", default: "2" },
  dist: { type: "string" },
  help: { type: "boolean", default: false },
});
const EPOCHS = Number(opts.epochs);
if (!Number.isInteger(EPOCHS) || EPOCHS < 1 || EPOCHS > 12) usageError(`--epochs must be a whole number from 1 to 12, not "${opts.epochs}"`);

interface InPage {
  error: string | null;
  backend: string | null;
  epochMs: number[];
  stepsMs: number[];
  longtasks: number[];
  probeMax: number;
  /** Scripts the page fetched after Start (the worker's among them), gzip bytes from Resource Timing: Playwright does not report a worker's own script. */
  scripts: [string, number][];
}

/** Runs in the page: presses Start, records each epoch's timing, pauses after `n` epochs. */
function trainInPage(arg: { n: number; timeoutMs: number }): Promise<InPage> {
  type El = HTMLElement & { entries: { epoch: number }[]; state: string; backend: string | null; timing: { epochMs: number | null; stepsMs: number[] } };
  const t = document.querySelector("vg-through-time") as El;
  const r: InPage = { error: null, backend: null, epochMs: [], stepsMs: [], longtasks: [], probeMax: 0, scripts: [] };
  const startedAt = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) r.longtasks.push(e.duration);
  });
  observer.observe({ type: "longtask", buffered: false });
  let done = false;
  const channel = new MessageChannel();
  let posted = 0;
  let training = false;
  channel.port1.onmessage = () => {
    if (training) r.probeMax = Math.max(r.probeMax, performance.now() - posted);
    if (!done) setTimeout(probe, 10);
  };
  const probe = () => {
    posted = performance.now();
    channel.port2.postMessage(0);
  };
  probe();
  let seen = 0;
  return new Promise<InPage>((resolve) => {
    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      observer.disconnect();
      channel.port1.close();
      r.error = error;
      r.backend = t.backend;
      for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
        if (e.startTime >= startedAt && /\.m?js$/.test(new URL(e.name).pathname)) r.scripts.push([new URL(e.name).pathname, e.encodedBodySize]);
      }
      resolve(r);
    };
    t.addEventListener("vg-drawn", () => {
      if (t.state === "failed") return finish(`the demo failed: ${t.querySelector('[data-role="status"]')?.textContent ?? ""}`);
      const e = t.entries;
      if (e.length === 1) training = true;
      if (e.length - 1 > seen) {
        seen = e.length - 1;
        const timing = t.timing;
        if (timing.epochMs !== null) r.epochMs.push(timing.epochMs);
        r.stepsMs.push(...timing.stepsMs);
        if (seen >= arg.n) {
          t.querySelector<HTMLButtonElement>('button[data-act="start"]')!.click();
          finish(null);
        }
      }
    });
    setTimeout(() => finish(`no epoch ${arg.n} within ${arg.timeoutMs / 1000} s (state ${t.state})`), arg.timeoutMs);
    t.querySelector<HTMLButtonElement>('button[data-act="start"]')!.click();
  });
}

async function oneSetting(browser: Browser, site: Served, cell: string, T: number): Promise<InPage & { bytes: Record<string, number> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const foreign: string[] = [];
  try {
    await blockForeign(context, new URL(site.url).origin, foreign);
    const page = await context.newPage();
    await page.goto(`${site.url}${PAGE}#vg?through-time.cell=${cell}&through-time.T=${T}`, { waitUntil: "networkidle" });
    // The demo's module loads when the reader nears it (src/islands/islands.ts).
    await page.locator("vg-through-time").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => customElements.get("vg-through-time") !== undefined && !(document.querySelector('vg-through-time [data-role="controls"]') as HTMLElement).hidden);
    const bytes: Record<string, number> = { js: 0, wasm: 0, data: 0, weights: 0, other: 0 };
    const seen = new Set<string>();
    const pending: Promise<void>[] = [];
    page.on("response", (res) =>
      pending.push(
        (async () => {
          await res.finished().catch(() => null);
          const sizes = await res.request().sizes().catch(() => null);
          const path = new URL(res.url()).pathname.slice(new URL(site.url).pathname.length);
          const kind = classify(path, (await res.headerValue("content-type").catch(() => null)) ?? "", res.request().resourceType());
          seen.add(new URL(res.url()).pathname);
          bytes[kind in bytes ? kind : "other"] += sizes?.responseBodySize ?? 0;
        })(),
      ),
    );
    const r = await page.evaluate(trainInPage, { n: EPOCHS, timeoutMs: 300_000 });
    await page.waitForLoadState("networkidle");
    await Promise.all(pending);
    if (r.error) throw new Error(r.error);
    // A worker's own script is not a Playwright response: it comes from the page's Resource Timing.
    for (const [path, b] of r.scripts) if (!seen.has(path)) bytes.js += b;
    if (foreign.length) throw new Error(`requests to another origin: ${foreign.join(", ")}`);
    return { ...r, bytes };
  } finally {
    await context.close();
  }
}

const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

let site: Served | null = null;
let browser: Browser | null = null;
try {
  const dist = await benchDist("bench:through-time", opts.dist, usageError);
  site = await servePages(dist, BENCH_BASE);
  browser = await launchBrowser();
  console.log(`Chromium ${browser.version()}; /${PAGE}, ${EPOCHS} epoch(s) per setting, each in a fresh context (cold cache), served with gzip`);
  const weight = await measurePage(browser, PAGE, { siteUrl: site.url });
  if (weight.status !== 200) throw new Error(`/${PAGE}: HTTP ${weight.status} (does a lesson place <ThroughTimeDemo />?)`);
  const jsBefore = weight.totals.js;
  const heavy = weight.resources.filter((r) => r.heavy).map((r) => `${r.path} (${r.heavy})`);
  console.log(`JavaScript before interaction: ${kb(jsBefore)} gzip (target ≤ ${kb(JS_BUDGET_GZIP)}: ${jsBefore <= JS_BUDGET_GZIP ? "ok" : "MISSED"}); heavy modules before interaction: ${heavy.join(", ") || "none"}\n`);
  console.log(`${"setting".padEnd(14)}${"s/epoch".padStart(9)}${"step mean".padStart(11)}${"step max".padStart(10)}${"longtask".padStart(10)}${"probe".padStart(9)}  after Start (JS, wasm, data+runs)  backend`);
  let worstTask = 0;
  let worstProbe = 0;
  for (const T of DISTANCES) {
    for (const cell of CELLS) {
      const r = await oneSetting(browser, site, cell, T);
      const task = max(r.longtasks);
      worstTask = Math.max(worstTask, task);
      worstProbe = Math.max(worstProbe, r.probeMax);
      const all = Object.values(r.bytes).reduce((a, b) => a + b, 0);
      console.log(
        `${`${cell} T=${T}`.padEnd(14)}${(mean(r.epochMs) / 1000).toFixed(2).padStart(9)}${`${mean(r.stepsMs).toFixed(1)} ms`.padStart(11)}${`${max(r.stepsMs).toFixed(1)} ms`.padStart(10)}` +
          `${(r.longtasks.length ? `${task.toFixed(0)} ms` : "none").padStart(10)}${`${r.probeMax.toFixed(1)} ms`.padStart(9)}  ${kb(all)} (${kb(r.bytes.js)}, ${kb(r.bytes.wasm)}, ${kb(r.bytes.data + r.bytes.weights)})  ${r.backend}`,
      );
    }
  }
  console.log(`\nlongest main-thread task while training: ${worstTask ? `${worstTask.toFixed(0)} ms (longtask)` : "none ≥ 50 ms (longtask)"}, probe delay ${worstProbe.toFixed(1)} ms; target < ${TARGET_TASK_MS} ms: ${worstTask < TARGET_TASK_MS && worstProbe < TARGET_TASK_MS ? "ok" : "MISSED"}`);
} catch (e) {
  process.stderr.write(`bench:through-time: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await site?.close();
}
