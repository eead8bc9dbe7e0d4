/**
 * The static file server for the built site (scripts/bench/site.ts serveDist), mounted under the base
 * path as GitHub Pages would serve it: /base/x/ → dist/x/index.html, unknown paths → 404.html;
 * uncompressed (the page-weight tests gzip what they count themselves; bench:pages serves gzip).
 */
import type { Served } from "../../scripts/bench/site.ts";

export { serveDist } from "../../scripts/bench/site.ts";
export type RunningServer = Served;
