/**
 * The Content-Security-Policy as built: one <meta http-equiv> per page (the page list
 * comes from the build), before anything it governs; no source but the site itself;
 * hashes for exactly the inline styles, scripts and style attributes the page has;
 * no inline event handlers; 'wasm-unsafe-eval' only on a page that opts in.
 */
import { describe, expect, inject, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSite } from "../support/build-site.ts";
import { builtPages } from "../support/built-pages.ts";
import { sha256Source, startTags as tags, styleAttributeValues } from "../../src/build/csp-style-hashes.ts";

const dist = inject("distDir");
const base = inject("base");
const pages = await builtPages(dist);

type Policy = Map<string, string[]>;

function policyOf(html: string): { policy: Policy; at: number } {
  const metas = [...html.matchAll(/<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"\s*\/?>/gi)];
  if (metas.length !== 1) throw new Error(`expected one CSP <meta>, found ${metas.length}`);
  const policy: Policy = new Map();
  for (const part of metas[0][1].replace(/&#39;/g, "'").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    if (policy.has(name)) throw new Error(`directive ${name} appears twice`);
    policy.set(name, sources);
  }
  return { policy, at: metas[0].index };
}

const inlineBodies = (html: string, tag: "script" | "style") =>
  [...html.matchAll(new RegExp(`<${tag}\\b(?![^>]*\\ssrc=)[^>]*>([\\s\\S]*?)</${tag}>`, "gi"))].map((m) => m[1]);

const quoted = (hash: string) => `'${hash}'`;

describe("Content-Security-Policy as built", () => {
  it("is on every built page, once, before any stylesheet, style or script", async () => {
    expect(pages.map((p) => p.file)).toContain("404.html");
    for (const { file } of pages) {
      const html = await readFile(join(dist, file), "utf8");
      const { at } = policyOf(html);
      const first = html.search(/<link[^>]+rel="stylesheet"|<style\b|<script\b/i);
      if (first >= 0) expect(at, file).toBeLessThan(first);
      expect(at, file).toBeLessThan(html.indexOf("</head>"));
    }
  });

  it("names no other origin, nothing inline by 'unsafe-…', no eval, and 'wasm-unsafe-eval' exactly on the pages with the live trainer", async () => {
    for (const { file } of pages) {
      const html = await readFile(join(dist, file), "utf8");
      const { policy } = policyOf(html);
      // The live trainer runs tfjs' WebAssembly backend; its component places <AllowWasm />.
      const runsWasm = html.includes("<vg-trainer");
      expect(policy.get("script-src")?.includes("'wasm-unsafe-eval'"), `${file}: 'wasm-unsafe-eval' ${runsWasm ? "present" : "absent"}`).toBe(runsWasm);
      expect(policy.get("default-src"), file).toEqual(["'none'"]);
      for (const d of ["script-src", "connect-src", "img-src", "worker-src", "manifest-src"]) expect(policy.get(d)?.[0], `${file} ${d}`).toBe("'self'");
      expect(policy.get("base-uri"), file).toEqual(["'none'"]);
      expect(policy.get("form-action"), file).toEqual(["'none'"]);
      for (const [name, sources] of policy) {
        for (const s of sources) {
          const allowed =
            s === "'self'" || s === "'none'" || /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(s) ||
            (name === "style-src-attr" && s === "'unsafe-hashes'") || (name === "font-src" && s === "data:") ||
            (name === "script-src" && s === "'wasm-unsafe-eval'" && runsWasm);
          expect(allowed, `${file}: ${name} ${s}`).toBe(true);
        }
      }
      // A <meta> policy cannot carry these: Chromium ignores them there and logs an error.
      for (const d of ["frame-ancestors", "report-uri", "report-to", "sandbox"]) expect(policy.has(d), `${file} ${d}`).toBe(false);
    }
  });

  it("allows exactly the inline scripts, styles and style attributes each page has", async () => {
    for (const { file } of pages) {
      const html = await readFile(join(dist, file), "utf8");
      const { policy } = policyOf(html);
      for (const body of inlineBodies(html, "script")) expect(policy.get("script-src"), file).toContain(quoted(sha256Source(body)));
      for (const body of inlineBodies(html, "style")) expect(policy.get("style-src"), file).toContain(quoted(sha256Source(body)));
      const values = styleAttributeValues(html);
      const attr = policy.get("style-src-attr");
      if (values.length === 0) {
        expect(attr, `${file} has no style attribute, so no style-src-attr`).toBeUndefined();
        continue;
      }
      expect(attr?.[0], file).toBe("'unsafe-hashes'");
      expect(new Set(attr!.slice(1)), file).toEqual(new Set(values.map((v) => quoted(sha256Source(v)))));
    }
  });

  it("hashes a style attribute as the browser reads it, entities decoded", () => {
    expect(styleAttributeValues(`<span style="height:1em;font-family:&quot;KaTeX&quot;">x</span><i data-x=">" style='top:-2.55em'></i><script>s = '<b style="color:red">'</script>`)).toEqual([
      'height:1em;font-family:"KaTeX"',
      "top:-2.55em",
    ]);
    // Known vector: sha256 of the empty string.
    expect(sha256Source("")).toBe("sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("has no inline event handler (on…= attribute) on any page", async () => {
    const found: string[] = [];
    for (const { file } of pages) {
      for (const t of tags(await readFile(join(dist, file), "utf8"))) {
        for (const [name] of t.attrs) if (/^on[a-z]+$/.test(name)) found.push(`${file}: <${t.name} ${name}=…>`);
      }
    }
    expect(found).toEqual([]);
    // The reader above does see handlers where they are.
    expect(tags(`<p>x</p><button type="button" onclick="go()">Go</button><script>a = "<b onload=x>"</script>`).flatMap((t) => t.attrs.map(([n]) => n))).toEqual(["type", "onclick"]);
  });
});

describe("WebAssembly opt-in", () => {
  it("adds 'wasm-unsafe-eval' to the page that places <AllowWasm />, and to no other", async () => {
    const r = await buildSite({ VG_LESSONS_DIR: "tests/fixtures/wasm-opt-in", BASE_PATH: base });
    expect(r.code, r.output).toBe(0);
    const scriptSrc = async (file: string) => policyOf(await readFile(join(r.outDir, file), "utf8")).policy.get("script-src")!;
    const wasm = await scriptSrc("runs-wasm/index.html");
    expect(wasm).toContain("'wasm-unsafe-eval'");
    expect(wasm[0]).toBe("'self'");
    expect(wasm).not.toContain("'unsafe-eval'");
    for (const file of ["plain/index.html", "index.html", "404.html"]) expect(await scriptSrc(file), file).not.toContain("'wasm-unsafe-eval'");
  });
});
