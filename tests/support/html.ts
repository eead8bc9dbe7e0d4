/** Small, dependency-free readers for the built HTML (good enough for our own output). */
import { readdir } from "node:fs/promises";
import { join } from "node:path";

export async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** Every URL in href, src and srcset attributes. */
export function urlsIn(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)=(?:"([^"]*)"|'([^']*)')/g)) urls.push(m[1] ?? m[2]);
  for (const m of html.matchAll(/\ssrcset=(?:"([^"]*)"|'([^']*)')/g)) {
    for (const part of (m[1] ?? m[2]).split(",")) urls.push(part.trim().split(/\s+/)[0]);
  }
  return urls.map((u) => u.replace(/&amp;/g, "&"));
}

/** Visible text: no scripts, styles, TeX annotations or tags. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<annotation[\s\S]*?<\/annotation>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
