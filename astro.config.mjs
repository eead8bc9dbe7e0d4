// @ts-check
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { deployTarget } from "./src/lib/site/deploy.ts";
import { rehypeBaseLinks } from "./src/build/rehype-base-links.ts";
import { katexWoff2Only } from "./src/build/katex-woff2.ts";
import { katexSubsetIntegration } from "./src/build/katex-subset.ts";
import { verifyRunsIntegration } from "./src/build/verify-runs-integration.ts";
import { verifyDerivedIntegration } from "./src/build/verify-derived-integration.ts";

function gitRemote() {
  try {
    return execFileSync("git", ["config", "--get", "remote.origin.url"], { encoding: "utf8" });
  } catch {
    return undefined;
  }
}

const remote = gitRemote();
// Pages read the same target (src/lib/site/site.ts): hand them the remote found here.
if (remote && !process.env.VG_GIT_REMOTE) process.env.VG_GIT_REMOTE = remote;
const outDir = process.env.VG_OUT_DIR || "./dist";
const cacheDir = process.env.VG_CACHE_DIR || "./node_modules/.astro";
// `astro preview` serves the folder under the base it was built with, so that a fork's
// `GITHUB_REPOSITORY=you/repo npm run build && npm run preview` shows the site as Pages will
// (the variable reaches only the build): the build leaves its target in the cache folder.
const BUILT_TARGET = join(cacheDir, "vg-built-target.json");
const builtTarget = () => {
  try {
    const t = JSON.parse(readFileSync(BUILT_TARGET, "utf8"));
    return t.outDir === resolve(outDir) ? { site: t.site, base: t.base } : null;
  } catch {
    return null;
  }
};
const target = (process.argv.includes("preview") && builtTarget()) || deployTarget(process.env, remote);
const rememberTarget = {
  name: "vg:built-target",
  hooks: {
    "astro:build:done": () => {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(BUILT_TARGET, JSON.stringify({ site: target.site, base: target.base, outDir: resolve(outDir) }));
    },
  },
};

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  site: target.site,
  base: target.base,
  trailingSlash: "ignore",
  // Stylesheets are files, never inline <style>: Astro's CSP does not hash the styles of components
  // placed inside MDX lessons (propagated through the content collection), so inlined ones were blocked.
  build: { format: "directory", inlineStylesheets: "never" },
  outDir,
  // Separate caches let the tests build fixtures beside the real site.
  cacheDir,
  // Astro 7's default Markdown compiler (Sätteri) runs no remark/rehype plugins:
  // math goes through the unified processor, which MDX inherits.
  markdown: {
    // Prism marks code with classes (coloured by src/styles/global.css); Shiki's default writes inline
    // style="…" attributes, which this site's CSP would have to allow (Astro warns about it on every build).
    syntaxHighlight: "prism",
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [rehypeKatex, [rehypeBaseLinks, { base: target.base }]],
    }),
  },
  // katexSubsetIntegration: after the build, every KaTeX font keeps only the characters the pages draw with it.
  integrations: [verifyRunsIntegration(), verifyDerivedIntegration(), mdx(), katexSubsetIntegration(), rememberTarget],
  // Content-Security-Policy as a <meta http-equiv> on every page (GitHub Pages sends no headers).
  // Astro adds script-src and style-src with the hashes of the page's inline scripts and styles;
  // src/layouts/Base.astro adds style-src-attr for the page's style="…" attributes (KaTeX), and a
  // page that runs WebAssembly opts in to 'wasm-unsafe-eval' with <AllowWasm /> (README, "Security").
  // A <meta> CSP cannot carry frame-ancestors, report-uri, report-to or sandbox: browsers ignore them there.
  security: {
    csp: {
      algorithm: "SHA-256",
      directives: [
        "default-src 'none'",
        "connect-src 'self'",
        "img-src 'self'",
        // Fonts are files, never data: URLs (vite.build.assetsInlineLimit below).
        "font-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
      ],
      // Named explicitly: a page that adds a source (AllowWasm) would otherwise lose 'self'.
      scriptDirective: { resources: ["'self'"] },
    },
  },
  vite: {
    plugins: [katexWoff2Only()],
    // Module workers (lesson 7's <vg-through-time> trains in one): ES output keeps the worker's dynamic
    // imports (tfjs backends) as separate chunks instead of inlining every backend into one file.
    worker: { format: "es" },
    build: {
      // No font inlined into the render-blocking stylesheet as a data: URL (KaTeX_Size3 is under Vite's 4 KB
      // limit): every page would pay for it before its first paint, used or not, and src/build/katex-subset.ts
      // subsets font files only.
      assetsInlineLimit: (file) => (file.endsWith(".woff2") ? false : undefined),
      rolldownOptions: {
        // Astro marks each MDX lesson's asset module with "use astro:head-inject", a directive of its own that
        // it reads before bundling; Rolldown then warns, once per lesson, that it may not keep it
        // (withastro/astro#18087, open). Nothing a lesson author can act on: dropped here, every other warning kept.
        onwarn(warning, warn) {
          if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes("astro:head-inject")) return;
          warn(warning);
        },
      },
    },
  },
});
