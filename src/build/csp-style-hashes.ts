/**
 * The Content-Security-Policy hashes of a page's style="…" attributes.
 *
 * KaTeX writes its layout into style attributes (heights, margins, vertical alignment),
 * and a CSP with style hashes blocks every style attribute it does not allow by name.
 * CSP Level 3 allows attributes by hash only together with 'unsafe-hashes' in
 * style-src-attr (Chromium enforces exactly that); the hash is over the attribute's
 * value as the browser reads it, so entities are decoded first.
 */
import { createHash } from "node:crypto";

const NAMED: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", nbsp: "\u00a0" };

/** An HTML attribute value with its character references decoded (the ones an HTML serializer writes). */
export function decodeAttribute(value: string): string {
  return value.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z]+));/g, (whole, dec, hex, name) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED[name] ?? whole;
  });
}

export interface Tag {
  name: string;
  /** Attribute names (lower case) and raw values, in order. */
  attrs: [string, string][];
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;

/** The start tags of an HTML document, with their attributes (the bodies of <script> and <style> are skipped). */
export function startTags(html: string): Tag[] {
  const out: Tag[] = [];
  const stripped = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/gi, "$1$3");
  for (const m of stripped.matchAll(TAG)) {
    const attrs: [string, string][] = [];
    for (const a of m[2].matchAll(ATTR)) attrs.push([a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ""]);
    out.push({ name: m[1].toLowerCase(), attrs });
  }
  return out;
}

/** Every distinct style attribute value in the HTML, as the browser reads it. */
export function styleAttributeValues(html: string): string[] {
  const values = new Set<string>();
  for (const t of startTags(html)) for (const [name, value] of t.attrs) if (name === "style") values.add(decodeAttribute(value));
  return [...values].sort();
}

export function sha256Source(value: string): `sha256-${string}` {
  return `sha256-${createHash("sha256").update(value, "utf8").digest("base64")}`;
}

/** CSP sources (without quotes) that allow exactly the style attributes in this HTML. */
export function styleAttributeHashes(html: string): `sha256-${string}`[] {
  return styleAttributeValues(html).map(sha256Source);
}
