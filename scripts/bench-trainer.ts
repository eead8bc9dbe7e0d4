/**
 * `npm run bench:trainer`: the live trainer <vg-trainer> in Chromium on the built
 * site, against its targets. Builds the site under /vanishing-gradients/ (or reuses --dist), serves it
 * as GitHub Pages does (gzip; scripts/bench/site.ts), opens /learning-speed/ with
 * `#vg?trainer.preset=nielsen-4-hidden&trainer.backend=B&trainer.epochs=N`, presses Start and waits
 * until the trainer pauses at epoch N. Measured:
 *
 *   - time from pressing Start to epoch N, and from the epoch-0 point (tfjs, the digits and the first
 *     measurement loaded) to epoch N: the training alone (target ≤ 10 s for 500 full-batch epochs of
 *     1,000 digits, scaled linearly for another --epochs);
 *   - the longest main-thread task while training, three ways: PerformanceObserver "longtask" entries
 *     (Chromium reports tasks of 50 ms and more), the longest gap between requestAnimationFrame callbacks
 *     less one frame (16.7 ms), and the longest delay of a MessageChannel probe posted every 10 ms (how
 *     long a reader's click would wait); target < 50 ms. The training window starts with the first task
 *     after the one that drew the epoch-0 point; the long tasks before it (evaluating tfjs, starting
 *     wasm, building the run, measuring epoch 0) are listed and held to the same target, apart;
 *   - bytes downloaded after pressing Start, by kind (JS, wasm, data), as transferred (the server sends
 *     gzip, as GitHub Pages does): target ≤ 700 KB (716,800 B) in all;
 *   - JavaScript before interaction on the lesson, gzip (scripts/bench/page-weight.ts, the code of the
 *     budget test): target ≤ 30 KB (30,720 B).
 *
 * The figures are printed with their targets, the ratio figure/target and a verdict; with --runs N, each
 * run and the median. A benchmark, not a test: exits 0 whatever the figures; 1 if the build, the browser or
 * the trainer fails; 2 on bad arguments.
 */
import { benchDist, BENCH_BASE, parseCli } from "./bench/cli.ts";
import type { Browser, Response } from "playwright-core";
import { launchBrowser } from "./bench/chromium.ts";
import { blockForeign, classify, JS_BUDGET_GZIP, measurePage, type Kind } from "./bench/page-weight.ts";
import { servePages, type Served } from "./bench/site.ts";

const BASE = BENCH_BASE;
const PAGE = "learning-speed/";
const PRESET = "nielsen-4-hidden";
const BACKENDS = ["wasm", "cpu", "auto"] as const;
const TARGET_MS_PER_500 = 10_000;
const TARGET_TASK_MS = 50;
const TARGET_BYTES = 700 * 1024;
const FRAME_MS = 1000 / 60;
const USAGE = `Usage: npm run bench:trainer -- [--epochs N] [--backend wasm|cpu|auto] [--runs N] [--dist DIR] [--help]
  --epochs N       train the ${PRESET} preset for N epochs, 1–2000 (default 500; the time target scales with N)
  --backend B      wasm (default), cpu, or auto (WebGL if the browser offers it, else wasm, else cpu)
  --runs N         repeat the training N times, each in a fresh browser context (cold cache), and print the median (default 1)
  --dist DIR       reuse a build made with BASE_PATH=${BASE} instead of building`;

const { opts, usageError } = parseCli("bench:trainer", USAGE, {
  epochs: { type: "string", default: "500" },
  backend: { type: "string", default: "wasm" },
  runs: { type: "string", default: "1" },
  dist: { type: "string" },
  help: { type: "boolean", default: false },
});
const wholeIn = (flag: string, v: string, lo: number, hi: number): number => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < lo || n > hi) usageError(`--${flag} must be a whole number from ${lo} to ${hi}, not "${v}"`);
  return n;
};
const EPOCHS = wholeIn("epochs", opts.epochs, 1, 2000);
const RUNS = wholeIn("runs", opts.runs, 1, 100);
if (!(BACKENDS as readonly string[]).includes(opts.backend)) usageError(`--backend must be one of ${BACKENDS.join(", ")}, not "${opts.backend}"`);
const BACKEND = opts.backend as (typeof BACKENDS)[number];
const TARGET_MS = (TARGET_MS_PER_500 * EPOCHS) / 500;

/** What the page measures in one run (all times in ms, performance.now() of the page). */
interface InPage {
  start: number;
  /** When the epoch-0 point was first drawn. */
  epoch0: number;
  /** When the first task after the one that drew the epoch-0 point began: the training window starts here. */
  trainStart: number;
  end: number;
  backend: string | null;
  status: string;
  epochs: number[];
  /** Long tasks (≥ 50 ms): [startTime, duration]. */
  longtasks: [number, number][];
  /** rAF callback times. */
  frames: number[];
  /** MessageChannel probes: [posted at, delay until handled]. */
  probes: [number, number][];
  error: string | null;
}

interface Fetched {
  path: string;
  kind: Kind;
  /** Response body as transferred (gzip where the server compressed it). */
  wire: number;
  at: number;
}

interface RunResult {
  page: InPage;
  fetched: Fetched[];
}

/** Runs in the page (serialised by playwright): presses Start and resolves when the trainer pauses at epoch `n`. */
function trainInPage(arg: { n: number; timeoutMs: number }): Promise<InPage> {
  type El = HTMLElement & { points: { epoch: number }[]; state: string; backend: string | null };
  const t = document.querySelector("vg-trainer") as El;
  const r: InPage = { start: 0, epoch0: NaN, trainStart: NaN, end: NaN, backend: null, status: "", epochs: [], longtasks: [], frames: [], probes: [], error: null };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) r.longtasks.push([e.startTime, e.duration]);
  });
  observer.observe({ type: "longtask", buffered: false });
  let done = false;
  const frame = (now: number) => {
    r.frames.push(now);
    if (!done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const channel = new MessageChannel();
  let posted = 0;
  channel.port1.onmessage = () => {
    const now = performance.now();
    r.probes.push([posted, now - posted]);
    if (!done) setTimeout(probe, 10);
  };
  const probe = () => {
    posted = performance.now();
    channel.port2.postMessage(0);
  };
  probe();
  return new Promise<InPage>((resolve) => {
    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      observer.disconnect();
      t.removeEventListener("vg-drawn", onDrawn);
      r.error = error;
      r.backend = t.backend;
      r.status = t.querySelector('[data-role="status"]')?.textContent ?? "";
      r.epochs = t.points.map((p) => p.epoch);
      channel.port1.close();
      resolve(r);
    };
    const onDrawn = () => {
      const now = performance.now();
      const state = t.state;
      if (state === "failed") return finish(`the trainer failed: ${t.querySelector('[data-role="status"]')?.textContent ?? ""}`);
      const points = t.points;
      if (Number.isNaN(r.epoch0) && points.length > 0) {
        r.epoch0 = now;
        const next = new MessageChannel();
        next.port1.onmessage = () => {
          r.trainStart = performance.now();
          next.port1.close();
        };
        next.port2.postMessage(0);
      }
      if (state === "paused" && points.at(-1)?.epoch === arg.n) {
        r.end = now;
        finish(null);
      }
    };
    t.addEventListener("vg-drawn", onDrawn);
    setTimeout(() => finish(`no epoch ${arg.n} within ${arg.timeoutMs / 1000} s (state ${t.state}, last epoch ${t.points.at(-1)?.epoch ?? "none"})`), arg.timeoutMs);
    r.start = performance.now();
    const button = t.querySelector<HTMLButtonElement>('button[data-act="start"]');
    if (!button) return finish("no Start button");
    button.click();
  });
}

async function oneRun(browser: Browser, site: Served): Promise<RunResult> {
  const url = `${site.url}${PAGE}#vg?trainer.preset=${PRESET}&trainer.backend=${BACKEND}&trainer.epochs=${EPOCHS}`;
  const origin = new URL(site.url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const foreign: string[] = [];
  try {
    await blockForeign(context, origin, foreign);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status() ?? "?"}`);
    // The trainer's module loads when the reader nears it (src/islands/islands.ts).
    await page.locator("vg-trainer").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => customElements.get("vg-trainer") !== undefined && !(document.querySelector('vg-trainer [data-role="controls"]') as HTMLElement).hidden);
    const startedAt = Date.now();
    const responses: Promise<Fetched | null>[] = [];
    page.on("response", (res) => responses.push(fetched(res, site.url, startedAt)));
    const inPage = await page.evaluate(trainInPage, { n: EPOCHS, timeoutMs: Math.max(120_000, 60 * TARGET_MS) });
    await page.waitForLoadState("networkidle");
    if (inPage.error) throw new Error(`${inPage.error}${errors.length ? `; page errors: ${errors.join(" | ")}` : ""}`);
    if (foreign.length) throw new Error(`requests to another origin: ${foreign.join(", ")}`);
    return { page: inPage, fetched: (await Promise.all(responses)).filter((f): f is Fetched => f !== null) };
  } finally {
    await context.close();
  }
}

async function fetched(res: Response, siteUrl: string, startedAt: number): Promise<Fetched | null> {
  const u = res.url();
  if (u.startsWith("data:")) return null;
  const base = new URL(siteUrl).pathname;
  const pathname = new URL(u).pathname;
  const path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  await res.finished().catch(() => null);
  const sizes = await res.request().sizes().catch(() => null);
  const type = (await res.headerValue("content-type").catch(() => null)) ?? "";
  return { path, kind: classify(path, type, res.request().resourceType()), wire: sizes?.responseBodySize ?? 0, at: Date.now() - startedAt };
}

// ---------------------------------------------------------------------------------------------
// Figures.

interface Figures {
  startToEnd: number;
  epoch0ToEnd: number;
  startToEpoch0: number;
  longtaskTrain: number;
  longtaskLoad: number;
  longtaskCount: number;
  /** Long tasks before the training window: [ms after Start, duration]. */
  loadTasks: [number, number][];
  rafGap: number;
  probeDelay: number;
  probeP99: number;
  bytes: Record<string, number>;
  bytesAll: number;
  files: Fetched[];
  backend: string;
  status: string;
}

const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function figures(r: RunResult): Figures {
  const p = r.page;
  // Long tasks: before the training window (loading tfjs, the digits, building the run, measuring epoch 0,
  // the first epoch's slice: the task that drew the epoch-0 point) and in it.
  const train = p.longtasks.filter(([s]) => s >= p.trainStart - 1 && s <= p.end);
  const load = p.longtasks.filter(([s]) => s < p.trainStart - 1);
  const frames = p.frames.filter((f) => f >= p.trainStart && f <= p.end);
  const gaps = frames.slice(1).map((f, i) => f - frames[i] - FRAME_MS);
  const probes = p.probes.filter(([at]) => at >= p.trainStart && at <= p.end).map(([, d]) => d);
  const bytes: Record<string, number> = { js: 0, wasm: 0, data: 0, other: 0 };
  for (const f of r.fetched) bytes[f.kind in bytes ? f.kind : "other"] += f.wire;
  return {
    startToEnd: p.end - p.start,
    epoch0ToEnd: p.end - p.epoch0,
    startToEpoch0: p.epoch0 - p.start,
    loadTasks: load.map(([s, d]) => [s - p.start, d] as [number, number]),
    longtaskTrain: max(train.map(([, d]) => d)),
    longtaskCount: train.length,
    longtaskLoad: max(load.map(([, d]) => d)),
    rafGap: Math.max(0, max(gaps)),
    probeDelay: max(probes),
    probeP99: quantile(probes, 0.99),
    bytes,
    bytesAll: Object.values(bytes).reduce((a, b) => a + b, 0),
    files: r.fetched,
    backend: p.backend ?? "none",
    status: p.status,
  };
}

const ms = (v: number) => `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function table(rows: Array<{ name: string; value: number; show: (v: number) => string; target: number | null; targetText: string; strict?: boolean }>): void {
  console.log(`${pad("figure", 58)}${lpad("measured", 12)}${lpad("target", 14)}${lpad("ratio", 8)}  verdict`);
  for (const r of rows) {
    const ratio = r.target === null ? "" : (r.value / r.target).toFixed(2);
    const ok = r.target === null ? "" : (r.strict ? r.value < r.target : r.value <= r.target) ? "ok" : "MISSED";
    console.log(`${pad(r.name, 58)}${lpad(r.show(r.value), 12)}${lpad(r.targetText, 14)}${lpad(ratio, 8)}  ${ok}`);
  }
}

let dist = opts.dist;
let site: Served | null = null;
let browser: Browser | null = null;
try {
  dist = await benchDist("bench:trainer", dist, usageError);
  site = await servePages(dist, BASE);
  browser = await launchBrowser();
  console.log(`Chromium ${browser.version()}; /${PAGE}, preset ${PRESET}, backend ${BACKEND}, ${EPOCHS} epochs, ${RUNS} run(s), each in a fresh context (cold cache), served with gzip`);

  const weight = await measurePage(browser, PAGE, { siteUrl: site.url });
  const jsBefore = weight.totals.js;
  console.log(`\nJavaScript before interaction on /${PAGE}: ${kb(jsBefore)} gzip in ${weight.resources.filter((r) => r.kind === "js").length} file(s)`);
  for (const r of weight.resources.filter((x) => x.kind === "js").sort((a, b) => b.gzip - a.gzip)) console.log(`  ${pad(r.path, 72)}${lpad(String(r.gzip), 8)} B gzip`);

  const all: Figures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const f = figures(await oneRun(browser, site));
    all.push(f);
    console.log(
      `\nrun ${i + 1}: backend ${f.backend}; Start → epoch ${EPOCHS} ${ms(f.startToEnd)} (loading to the epoch-0 point ${ms(f.startToEpoch0)}, then training ${ms(f.epoch0ToEnd)}, ` +
        `${((EPOCHS * 1000) / f.epoch0ToEnd).toFixed(0)} epochs/s); longest task while training: longtask ${f.longtaskCount ? ms(f.longtaskTrain) : "none ≥ 50 ms"}, ` +
        `rAF gap ${ms(f.rafGap)}, probe delay ${ms(f.probeDelay)} (p99 ${ms(f.probeP99)}); Start to epoch 0: longest longtask ${ms(f.longtaskLoad)}; ` +
        `after Start ${kb(f.bytesAll)} transferred (JS ${kb(f.bytes.js)}, wasm ${kb(f.bytes.wasm)}, data ${kb(f.bytes.data)}, other ${kb(f.bytes.other)})`,
    );
    console.log(`  long tasks before the training window (ms after Start: duration): ${f.loadTasks.map(([s, d]) => `${s.toFixed(0)}: ${d.toFixed(0)}`).join(", ") || "none"}; status: ${f.status}`);
  }
  console.log(`\nDownloaded after pressing Start (run 1), as transferred:`);
  for (const f of [...all[0].files].sort((a, b) => b.wire - a.wire)) console.log(`  ${pad(f.path, 72)}${pad(f.kind, 6)}${lpad(String(f.wire), 9)} B  at ${f.at} ms`);

  const m = (k: keyof Figures) => median(all.map((f) => f[k] as number));
  const mb = (k: string) => median(all.map((f) => f.bytes[k]));
  console.log(`\nSummary${RUNS > 1 ? ` (median of ${RUNS} runs)` : ""}: backend ${all.map((f) => f.backend).join(", ")}`);
  table([
    { name: `Start → epoch ${EPOCHS}`, value: m("startToEnd"), show: ms, target: null, targetText: "" },
    { name: `epoch-0 point → epoch ${EPOCHS} (training)`, value: m("epoch0ToEnd"), show: ms, target: TARGET_MS, targetText: `≤ ${ms(TARGET_MS)}` },
    { name: "longest task while training (longtask entries)", value: m("longtaskTrain"), show: ms, target: TARGET_TASK_MS, targetText: `< ${TARGET_TASK_MS} ms`, strict: true },
    { name: "longest task while training (rAF gap − 16.7 ms)", value: m("rafGap"), show: ms, target: TARGET_TASK_MS, targetText: `< ${TARGET_TASK_MS} ms`, strict: true },
    { name: "longest task while training (MessageChannel probe delay)", value: m("probeDelay"), show: ms, target: TARGET_TASK_MS, targetText: `< ${TARGET_TASK_MS} ms`, strict: true },
    { name: "longest task from Start to the epoch-0 point (longtask)", value: m("longtaskLoad"), show: ms, target: TARGET_TASK_MS, targetText: `< ${TARGET_TASK_MS} ms`, strict: true },
    { name: "downloaded after Start: JS", value: mb("js"), show: kb, target: null, targetText: "" },
    { name: "downloaded after Start: wasm", value: mb("wasm"), show: kb, target: null, targetText: "" },
    { name: "downloaded after Start: data", value: mb("data"), show: kb, target: null, targetText: "" },
    { name: "downloaded after Start: in all (as transferred, gzip)", value: m("bytesAll"), show: kb, target: TARGET_BYTES, targetText: `≤ ${kb(TARGET_BYTES)}` },
    { name: `JavaScript before interaction on /${PAGE} (gzip)`, value: jsBefore, show: kb, target: JS_BUDGET_GZIP, targetText: `≤ ${kb(JS_BUDGET_GZIP)}` },
  ]);
} catch (e) {
  process.stderr.write(`bench:trainer: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await site?.close();
}
