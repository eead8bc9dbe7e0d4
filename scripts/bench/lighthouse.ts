/**
 * Lighthouse (the npm package, pinned at 12.2.3) for `npm run bench:pages`, over a
 * Chromium started by scripts/bench/chromium.ts (not chrome-launcher, whose
 * default flags reach for the network). Lighthouse's default config: a phone
 * (Moto G Power sized screen) with simulated slow-4G throttling and a CPU 4×
 * slower than the machine running it.
 */
import { writeFile } from "node:fs/promises";
import lighthouse from "lighthouse";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LostPoints {
  category: Category;
  id: string;
  title: string;
  /** 0–1, or null for an audit that only informs. */
  score: number | null;
  /** What the audit shows as its value (for example "2.1 s"). */
  display: string;
}

export interface LighthouseResult {
  url: string;
  /** 0–100 per category; null when Lighthouse could not score it. */
  scores: Record<Category, number | null>;
  /** The audits that cost points (weight > 0, score < 1), worst first. */
  lost: LostPoints[];
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
  warnings: string[];
  runtimeError: string | null;
  /** Lighthouse's measure of this machine's speed (a typical desktop scores about 1000–2000). */
  benchmarkIndex: number;
  cpuSlowdown: number;
  /** Audits Lighthouse could not run (id: message); they weigh nothing in the scores. */
  errored: string[];
  ms: number;
}

export interface AuditOptions {
  /** Write the full report (JSON) here. */
  reportPath?: string;
  /** Lighthouse's CPU slowdown (default 4, meant for a machine whose benchmark index is about 1000 or more). */
  cpuSlowdown?: number;
}

/** Lighthouse's own threshold: below it, "the tested device appears to have a slower CPU than Lighthouse expects". */
export const SLOW_HOST_BENCHMARK_INDEX = 1000;

/** One Lighthouse run (mobile, simulated throttling) over an already open Chromium. */
export async function audit(url: string, port: number, options: AuditOptions = {}): Promise<LighthouseResult> {
  const started = performance.now();
  const result = await lighthouse(url, {
    port,
    hostname: "127.0.0.1",
    output: "json",
    logLevel: "error",
    onlyCategories: [...CATEGORIES],
    maxWaitForLoad: 30_000,
    ...(options.cpuSlowdown === undefined ? {} : { throttling: { cpuSlowdownMultiplier: options.cpuSlowdown } as never }),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr;
  if (options.reportPath) await writeFile(options.reportPath, typeof result.report === "string" ? result.report : JSON.stringify(lhr));
  const scores = {} as Record<Category, number | null>;
  const lost: LostPoints[] = [];
  for (const category of CATEGORIES) {
    const c = lhr.categories[category];
    scores[category] = c && c.score !== null ? Math.round(c.score * 100) : null;
    for (const ref of c?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
      if (a.scoreDisplayMode === "notApplicable" || a.scoreDisplayMode === "manual" || a.scoreDisplayMode === "informative") continue;
      lost.push({ category, id: ref.id, title: a.title, score: a.score, display: a.displayValue ?? "" });
    }
  }
  lost.sort((a, b) => (a.score ?? 1) - (b.score ?? 1));
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    url,
    scores,
    lost,
    metrics: {
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      si: metric("speed-index"),
    },
    warnings: lhr.runWarnings,
    runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    cpuSlowdown: lhr.configSettings.throttling.cpuSlowdownMultiplier ?? NaN,
    errored: Object.values(lhr.audits)
      .filter((a) => a.scoreDisplayMode === "error")
      .map((a) => `${a.id}: ${(a.errorMessage ?? "").split("\n")[0]}`),
    ms: performance.now() - started,
  };
}
