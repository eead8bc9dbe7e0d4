/**
 * Page-weight budgets (scripts/bench/page-weight.ts) on every page of the build, measured in Chromium
 * by scripts/bench/page-weight.ts (the same code `npm run bench:pages` prints):
 * no JavaScript before interaction on a page without demos, at most 30 KB gzip on
 * a page with demos, and never tfjs, Plot, wasm, the digits file or run weights.
 * A small fixture site checks that the measurement catches each of these.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sharedBrowser } from "../support/browser.ts";
import { serveDist, type RunningServer } from "../support/static-server.ts";
import { budgetViolations, builtPages, classify, hasDemos, heavyReason, JS_BUDGET_GZIP, measurePage } from "../../scripts/bench/page-weight.ts";

const dist = inject("distDir");
const baseUrl = inject("baseUrl");
const browser = sharedBrowser();
const pages = await builtPages(dist);

describe("page list", () => {
  it("comes from the build: the home page, 404 and the lessons, with and without demos", () => {
    const paths = pages.map((p) => p.path);
    expect(paths[0]).toBe("");
    expect(paths).toContain("404.html");
    expect(paths).toContain("small-gradient/");
    expect(pages.find((p) => p.path === "")?.hasDemos).toBe(false);
    expect(pages.find((p) => p.path === "404.html")?.hasDemos).toBe(false);
    expect(pages.find((p) => p.path === "small-gradient/")?.hasDemos).toBe(true);
  });

  it("a page has demos when its HTML holds a vg-* element", () => {
    expect(hasDemos('<p>x</p><vg-contour class="demo">')).toBe(true);
    expect(hasDemos("<vg-descent-1d>")).toBe(true);
    expect(hasDemos("<p>vg-contour is a demo; &lt;vg-chain&gt;</p><svg-x>")).toBe(false);
  });

  it("classifies what a page downloads", () => {
    expect(classify("_astro/a.B1.js")).toBe("js");
    expect(classify("_astro/Base.css")).toBe("css");
    expect(classify("")).toBe("other");
    expect(classify("", "text/html; charset=utf-8", "document")).toBe("html");
    expect(classify("_astro/KaTeX_Main-Regular.woff2")).toBe("font");
    expect(classify("favicon.svg")).toBe("image");
    expect(classify("data/mnist-10k.bin.gz")).toBe("data");
    expect(classify("runs/x/log.json")).toBe("weights");
    expect(classify("runs/x/model-final/group1-shard1of1.bin")).toBe("weights");
    expect(classify("_astro/tfjs-backend-wasm.wasm")).toBe("wasm");
    expect(classify("_astro/x", "application/wasm")).toBe("wasm");
    expect(heavyReason("data/mnist-10k.bin.gz", "data")).toMatch(/digits/);
    expect(heavyReason("data/README.md", "other")).toBeNull();
    expect(heavyReason("_astro/a.js", "js", Buffer.from('const p="tfjsflags";'))).toBe("tfjs");
    expect(heavyReason("_astro/a.js", "js", Buffer.from('class="plot-d6a7b5"'))).toBe("Observable Plot");
    expect(heavyReason("_astro/a.bin", "data", Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBe("WebAssembly");
    expect(heavyReason("_astro/a.js", "js", Buffer.from("const small = 1;"))).toBeNull();
  });
});

describe("budgets before interaction, every built page", () => {
  it.each(pages.map((p) => [p.path || "(home)", p] as const))("/%s", async (_, p) => {
    const w = await measurePage(browser(), p.path, { siteUrl: baseUrl });
    expect(w.status).toBe(200);
    expect(w.hasDemos).toBe(p.hasDemos);
    expect(w.totals.html).toBeGreaterThan(0);
    expect(w.failed).toEqual([]);
    expect(budgetViolations(w)).toEqual([]);
    // Not blind: a demo page's own script is seen, and counted.
    if (p.hasDemos) expect(w.totals.js).toBeGreaterThan(0);
  });
});

describe("the measurement catches", () => {
  const base = "/fixture/";
  let server: RunningServer;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "vg-budget-"));
    const put = async (path: string, body: string | Buffer) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), body);
    };
    const page = (body: string) => `<!doctype html><html lang="en"><head><title>t</title></head><body>${body}</body></html>`;
    await put("plain/index.html", page("<p>No demo here.</p><script>console.log('hi')</script>"));
    await put("ok/index.html", page('<vg-ok></vg-ok><script type="module" src="/fixture/small.js"></script>'));
    await put("small.js", "customElements.define('vg-ok', class extends HTMLElement {});");
    // Incompressible: about 40 KB gzip, over the 30 KB budget.
    await put("big.js", `/* ${randomBytes(40_000).toString("base64")} */ export const big = 1;`);
    await put("tf.js", 'export const prefix = "tfjsflags";');
    await put("data/digits.bin.gz", randomBytes(2000));
    await put("runs/a/model.bin", randomBytes(1000));
    await put("runs/b/late.json", "{}");
    await put("m.wasm", Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await put(
      "heavy/index.html",
      page(`<vg-heavy></vg-heavy>
        <script type="module" src="/fixture/big.js"></script>
        <script type="module">
          import "/fixture/tf.js";
          fetch("/fixture/data/digits.bin.gz"); fetch("/fixture/runs/a/model.bin"); fetch("/fixture/m.wasm");
        </script>`),
    );
    // Starts only when its element scrolls into view, far below the first screen.
    await put(
      "scroll/index.html",
      page(`<vg-late style="display:block;margin-top:5000px;height:10px"></vg-late>
        <script type="module">
          new IntersectionObserver((e, o) => { if (e[0].isIntersecting) { o.disconnect(); fetch("/fixture/runs/b/late.json"); } })
            .observe(document.querySelector("vg-late"));
        </script>`),
    );
    server = await serveDist(root, base);
  });
  afterAll(() => server?.close());

  it("JavaScript on a page without demos, even a few bytes inline", async () => {
    const w = await measurePage(browser(), "plain/", { siteUrl: server.url });
    expect(w.hasDemos).toBe(false);
    expect(budgetViolations(w)).toEqual([expect.stringMatching(/^loads JavaScript on a page without demos \(budget 0 B\): \d+ B gzip: \(inline script 1\)/)]);
  });

  it("nothing on a demo page that keeps its budget", async () => {
    const w = await measurePage(browser(), "ok/", { siteUrl: server.url });
    expect(w.hasDemos).toBe(true);
    expect(w.resources.map((r) => r.path)).toEqual(["ok/", "small.js"]);
    expect(budgetViolations(w)).toEqual([]);
  });

  it("more than 30 KB of JavaScript, tfjs, the digits file, run weights and wasm", async () => {
    const w = await measurePage(browser(), "heavy/", { siteUrl: server.url });
    expect(w.totals.js).toBeGreaterThan(JS_BUDGET_GZIP);
    expect(w.totals.data).toBe(2000); // already compressed: counted as is
    const v = budgetViolations(w);
    expect(v).toContainEqual(expect.stringMatching(/^loads \d+ B of JavaScript gzip before interaction \(budget 30720 B\): .*big\.js/));
    expect(v).toContainEqual(expect.stringMatching(/^loads tfjs before interaction: tf\.js/));
    expect(v).toContainEqual("loads the digits data file (data/*.bin.gz) before interaction: data/digits.bin.gz (2000 B)");
    expect(v).toContainEqual(expect.stringMatching(/^loads run weights \(runs\/\*\*\) before interaction: runs\/a\/model\.bin/));
    expect(v).toContainEqual(expect.stringMatching(/^loads WebAssembly before interaction: m\.wasm/));
    expect(v).toHaveLength(5);
  });

  it("what starts when the reader scrolls down, without interacting", async () => {
    const w = await measurePage(browser(), "scroll/", { siteUrl: server.url });
    expect(budgetViolations(w)).toEqual([expect.stringMatching(/^loads run weights \(runs\/\*\*\) before interaction: runs\/b\/late\.json/)]);
  });
});
