// @ts-check
import { execFileSync } from "node:child_process";
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { deployTarget } from "./src/lib/deploy.ts";
import { rehypeBaseLinks } from "./src/build/rehype-base-links.ts";
import { katexWoff2Only } from "./src/build/katex-woff2.ts";
import { verifyRunsIntegration } from "./src/build/verify-runs-integration.ts";

function gitRemote() {
  try {
    return execFileSync("git", ["config", "--get", "remote.origin.url"], { encoding: "utf8" });
  } catch {
    return undefined;
  }
}

const remote = gitRemote();
// Pages read the same target (src/lib/site.ts): hand them the remote found here.
if (remote && !process.env.VG_GIT_REMOTE) process.env.VG_GIT_REMOTE = remote;
const target = deployTarget(process.env, remote);

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  site: target.site,
  base: target.base,
  trailingSlash: "ignore",
  build: { format: "directory" },
  outDir: process.env.VG_OUT_DIR || "./dist",
  // Separate caches let the tests build fixtures beside the real site.
  cacheDir: process.env.VG_CACHE_DIR || "./node_modules/.astro",
  // Astro 7's default Markdown compiler (Sätteri) runs no remark/rehype plugins:
  // math goes through the unified processor, which MDX inherits.
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [rehypeKatex, [rehypeBaseLinks, { base: target.base }]],
    }),
  },
  integrations: [verifyRunsIntegration(), mdx()],
  vite: {
    plugins: [katexWoff2Only()],
  },
});
