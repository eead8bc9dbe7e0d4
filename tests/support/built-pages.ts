/**
 * Every page of the built site, read from the build output (never typed by hand):
 * each *.html file under the dist folder, with the address it is served at under
 * the base path and the status a reader gets. 404.html is what GitHub Pages serves
 * for an unknown address, so it is visited at one.
 */
import { relative } from "node:path";
import { filesUnder } from "./html.ts";

export interface BuiltPage {
  /** The file, relative to the dist folder ("flat-here/index.html"). */
  file: string;
  /** The address relative to the base URL ("flat-here/", "" for the home page). */
  path: string;
  status: number;
}

export const UNKNOWN_ADDRESS = "no-such-page-for-the-gates/";

export async function builtPages(distDir: string): Promise<BuiltPage[]> {
  const files = (await filesUnder(distDir, ".html")).map((f) => relative(distDir, f));
  if (files.length === 0) throw new Error(`no built pages under ${distDir}`);
  return files.map((file) => {
    if (file === "404.html") return { file, path: UNKNOWN_ADDRESS, status: 404 };
    if (file === "index.html") return { file, path: "", status: 200 };
    if (file.endsWith("/index.html")) return { file, path: file.slice(0, -"index.html".length), status: 200 };
    return { file, path: file, status: 200 };
  });
}

/** The custom elements of the demos on a page: vg-* tags in its HTML. */
export function demoTags(html: string): string[] {
  return [...new Set([...html.matchAll(/<(vg-[a-z0-9-]+)[\s>]/g)].map((m) => m[1]))].sort();
}
