/**
 * Checks of the site built under a non-root base (tests/support/global-setup.ts):
 * pages, links, math and failure on bad frontmatter.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile, readdir, stat } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { filesUnder, urlsIn, visibleText } from "../support/html.ts";
import { buildSite, ROOT } from "../support/build-site.ts";
import { measured, num } from "../../src/lib/draw/svg.ts";

const dist = inject("distDir");
const base = inject("base");
const repo = inject("repositoryUrl");

async function lessonsInContent() {
  const dir = join(ROOT, "content/lessons");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".mdx"));
  const out = [];
  for (const f of files) {
    const text = await readFile(join(dir, f), "utf8");
    const draft = /^draft:\s*true\s*$/m.test(text.split(/^---$/m)[1] ?? "");
    out.push({ slug: f.replace(/\.mdx$/, ""), file: f, draft });
  }
  return out;
}

async function exists(p: string) {
  return stat(p).then((s) => s.isFile(), () => false);
}

describe("built site", () => {
  it("has a page for every lesson in content/lessons, and the home and 404 pages", async () => {
    const lessons = await lessonsInContent();
    expect(lessons.length).toBeGreaterThanOrEqual(2);
    for (const l of lessons.filter((l) => !l.draft)) {
      expect(await exists(join(dist, l.slug, "index.html")), `${l.file} has no page`).toBe(true);
    }
    expect(await exists(join(dist, "index.html"))).toBe(true);
    expect(await exists(join(dist, "404.html"))).toBe(true);
  });

  it("resolves every internal href and src under the base path", async () => {
    const pages = await filesUnder(dist, ".html");
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = await readFile(page, "utf8");
      for (const raw of urlsIn(html)) {
        const url = raw.split("#")[0].split("?")[0];
        if (url === "" || /^[a-z]+:/i.test(url) || url.startsWith("//")) continue;
        let target: string;
        if (url.startsWith("/")) {
          if (!url.startsWith(base)) {
            broken.push(`${relative(dist, page)}: ${raw} is outside ${base}`);
            continue;
          }
          target = join(dist, url.slice(base.length));
        } else {
          target = join(dirname(page), url);
        }
        checked++;
        if (!(await exists(target)) && !(await exists(join(target, "index.html")))) broken.push(`${relative(dist, page)}: ${raw}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it("points canonical links at the configured site and base", async () => {
    const html = await readFile(join(dist, "small-gradient/index.html"), "utf8");
    expect(html).toContain(`<link rel="canonical" href="https://example-owner.github.io${base}small-gradient/">`);
  });

  it("renders all math at build time: no raw TeX, no KaTeX errors, no math JavaScript", async () => {
    for (const page of await filesUnder(dist, ".html")) {
      const html = await readFile(page, "utf8");
      const text = visibleText(html);
      expect(text, `${relative(dist, page)} has raw $…$`).not.toMatch(/\$[^$\s][^$]*\$/);
      expect(text, `${relative(dist, page)} has $$`).not.toContain("$$");
      expect(text, `${relative(dist, page)} has a TeX command`).not.toMatch(/\\(?:frac|sigma|partial|cdot|left|right|begin|mathrm)\b/);
      expect(html).not.toContain("katex-error");
    }
    const unstable = await readFile(join(dist, "unstable-gradients/index.html"), "utf8");
    expect((unstable.match(/class="katex-display"/g) ?? []).length).toBeGreaterThan(3);
    expect((unstable.match(/class="katex"/g) ?? []).length).toBeGreaterThan(20);
    for (const js of await filesUnder(dist, ".js")) {
      expect(await readFile(js, "utf8"), relative(dist, js)).not.toMatch(/katex/i);
    }
  });

  it("styles the math with the stylesheet of the KaTeX that rendered it: every KaTeX class in the HTML has a rule (a formula's pieces stay on one line)", async () => {
    // rehype-katex renders with its own KaTeX; a stylesheet from another version names other classes
    // (0.19 has .katex-base where 0.16 writes .base), and inline math then breaks inside a formula.
    const css = (await Promise.all((await filesUnder(dist, ".css")).map((f) => readFile(f, "utf8")))).join("\n");
    const html = await readFile(join(dist, "flat-here/index.html"), "utf8");
    const katexHtml = [...html.matchAll(/<span class="katex-html"[\s\S]*?<\/span><\/span><\/span>/g)].map((m) => m[0]).join("");
    const classes = new Set([...katexHtml.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1].split(/\s+/)));
    expect(classes.has("base")).toBe(true);
    for (const c of ["base", "strut", "vlist-t", "vlist-r", "msupsub", "mathnormal", "mspace", "sizing"]) {
      expect(classes.has(c), c).toBe(true);
      expect(css, `.katex .${c}`).toMatch(new RegExp(`\\.katex \\.${c}[{,:.\\s]`));
    }
    expect(css).toMatch(/\.katex \.base\{[^}]*white-space:nowrap/);
  });

  it("ships KaTeX fonts as woff2 only", async () => {
    const assets = await readdir(join(dist, "_astro"));
    expect(assets.filter((f) => f.startsWith("KaTeX_") && f.endsWith(".woff2")).length).toBeGreaterThan(10);
    expect(assets.filter((f) => /\.(woff|ttf|eot)$/.test(f))).toEqual([]);
    for (const css of await filesUnder(dist, ".css")) {
      expect(await readFile(css, "utf8")).not.toMatch(/\.(?:woff|ttf)\)/);
    }
  });

  it("links each lesson to its source file for editing, in the configured repository", async () => {
    for (const l of (await lessonsInContent()).filter((l) => !l.draft)) {
      const html = await readFile(join(dist, l.slug, "index.html"), "utf8");
      expect(html).toContain(`href="${repo}/edit/main/content/lessons/${l.file}"`);
    }
  });

  it("lists the lessons on the home page in frontmatter order, with previous/next links between them", async () => {
    const lessons = [];
    for (const l of (await lessonsInContent()).filter((l) => !l.draft)) {
      const text = await readFile(join(ROOT, "content/lessons", l.file), "utf8");
      const order = Number(/^order:\s*(\d+)/m.exec(text)![1]);
      lessons.push({ ...l, order });
    }
    lessons.sort((a, b) => a.order - b.order);
    const home = await readFile(join(dist, "index.html"), "utf8");
    const positions = lessons.map((l) => home.indexOf(`href="${base}${l.slug}/"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (let i = 0; i < lessons.length; i++) {
      const html = await readFile(join(dist, lessons[i].slug, "index.html"), "utf8");
      if (i > 0) expect(html).toMatch(new RegExp(`rel="prev"[^>]*href="${base}${lessons[i - 1].slug}/"`));
      else expect(html).not.toContain('rel="prev"');
      if (i < lessons.length - 1) expect(html).toMatch(new RegExp(`rel="next"[^>]*href="${base}${lessons[i + 1].slug}/"`));
      else expect(html).not.toContain('rel="next"');
    }
  });

  it("loads nothing from another origin (only plain links may leave the site)", async () => {
    for (const page of await filesUnder(dist, ".html")) {
      const html = await readFile(page, "utf8");
      const loaded = [...html.matchAll(/<(?:script|img|link|source|iframe|video|audio|object|embed)\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((tag) => !/rel="canonical"/.test(tag))
        .filter((tag) => /\s(?:src|href)="(?:https?:)?\/\//.test(tag));
      expect(loaded, relative(dist, page)).toEqual([]);
    }
    for (const css of await filesUnder(dist, ".css")) {
      expect(await readFile(css, "utf8")).not.toMatch(/url\((?:["']?)(?:https?:)?\/\//);
    }
  });
});

describe("numbers from run logs", () => {
  it("are read from public/runs/<run>/log.json at build time", async () => {
    const log = JSON.parse(await readFile(join(ROOT, "public/runs/nielsen-3-hidden/log.json"), "utf8"));
    const html = await readFile(join(dist, "unstable-gradients/index.html"), "utf8");
    for (let l = 0; l < 3; l++) {
      expect(html).toContain(`data-run="nielsen-3-hidden" data-at="initial.gradNorms[${l}]">${num(log.initial.gradNorms[l], 3)}</span>`);
    }
  });

  it("show exactly the logged value on every page, a fraction given as a percentage multiplied by 100", async () => {
    const { valueAt } = await import("../../src/lib/schemas/field-path.ts");
    const shown: string[] = [];
    let percents = 0;
    for (const page of await filesUnder(dist, ".html")) {
      for (const [, run, at, text] of (await readFile(page, "utf8")).matchAll(/<span class="num" data-run="([^"]+)" data-at="([^"]+)">([^<]*)<\/span>/g)) {
        const value = valueAt(JSON.parse(await readFile(join(ROOT, "public/runs", run, "log.json"), "utf8")), at) as number;
        const percent = text.endsWith("%");
        if (percent) percents++;
        // Whatever digits the lesson asked for, the text is the value (×100 for a percentage) written with them.
        // Whole counts are written with thousands separators (svg.ts measured()).
        const candidates = [0, 1, 2, 3, 4, 5, 6].map((d) => (percent ? `${num(value * 100, d)}%` : measured(value, d)));
        expect(candidates, `${relative(dist, page)}: ${run} ${at} = ${value} shown as "${text}"`).toContain(text);
        shown.push(`${run} ${at}`);
      }
    }
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(percents, "no <RunValue percent> on any page: this check needs one").toBeGreaterThan(0);
  });
});

describe("bad frontmatter", () => {
  it("fails the build with a message naming the file and the field", async () => {
    const r = await buildSite({ VG_LESSONS_DIR: "tests/fixtures/bad-frontmatter", BASE_PATH: base });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("tests/fixtures/bad-frontmatter/broken-lesson.mdx: the frontmatter (between the --- lines at the top) is not valid:");
    expect(r.output).toContain('  - field "order": Invalid input: expected number, received string');
  });
});

describe("a number cited from a run log", () => {
  it("that does not exist fails the build, naming the page, the run and the field", async () => {
    const r = await buildSite({ VG_LESSONS_DIR: "tests/fixtures/bad-run-value", BASE_PATH: base });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('/missing-field/: <RunValue run="nielsen-3-hidden" at="initial.noSuchField">: the field "initial.noSuchField" of public/runs/nielsen-3-hidden/log.json is missing');
  });
});

describe("stale training runs", () => {
  it("fail the build with the exact command to run, and the build trains nothing", async () => {
    const r = await buildSite({ BASE_PATH: base, VG_RUNS_DIR: "/nonexistent/vg-runs" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("Training runs are not up to date:");
    expect(r.output).toContain("public/runs/nielsen-3-hidden has never been trained (no manifest.json)");
    // One command naming every committed experiment (a fork's own included), read from content/experiments.
    const command = r.output.match(/npm run pretrain -- (--only \S+ ?)+/)![0];
    const ids = readdirSync(join(ROOT, "content/experiments")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    expect(command.split("--only").slice(1).map((s) => s.trim()).sort()).toEqual(ids.sort());
  });
});
