/**
 * Every built page is valid HTML by the W3C Nu HTML Checker (vnu-jar, a devDependency; it needs a
 * Java runtime: Debian's default-jre-headless, which .ci/run installs where `java` is missing).
 * Any error or warning fails the test unless it is one of the checker's known quirks below,
 * each matched narrowly and kept with its reason.
 */
import { describe, expect, inject, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { filesUnder } from "../support/html.ts";

const dist = inject("distDir");
const JAR = fileURLToPath(new URL("../../node_modules/vnu-jar/build/dist/vnu.jar", import.meta.url));
const JAVA_PACKAGE = "default-jre-headless";

/** One message of `vnu --format json`. */
export interface VnuMessage {
  type: "error" | "info" | "non-document-error";
  subType?: string;
  url?: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

/** KaTeX's own glyph for the slash of \not (≠ is \not=), drawn from its font's private-use area. */
const KATEX_NOT = "\ue020";

/**
 * The checker's known quirks: a message that is not a fault of the page. `page` is the checked
 * page's HTML, for quirks that need a look at what the message is about.
 */
export const QUIRKS: { why: string; matches: (m: VnuMessage, page: string) => boolean }[] = [
  {
    why:
      "Observable Plot writes font-variant=\"tabular-nums\" on its axes' <g>. SVG 2 takes every CSS font-variant " +
      "value as a presentation attribute and browsers honour it; the checker's SVG schema is SVG 1.1's (normal | small-caps).",
    matches: (m) => m.type === "error" && m.message === "Bad value “tabular-nums” for attribute “font-variant” on element “g”.",
  },
  {
    why:
      "The checker reads the pages from disk: a file: page has an opaque origin, so the CSP meta tag's 'self' matches " +
      "none of the site's own /_astro/ scripts and stylesheets. Served over http they load (tests/browser/csp.test.ts " +
      "checks that, under the same policy). Only same-site paths are forgiven: a resource from another origin still fails.",
    matches: (m) =>
      m.type === "info" &&
      m.subType === "warning" &&
      /^Resource violates Content Security Policy \(meta tag\): external (?:stylesheet|script) “\/(?!\/)[^”]*” blocked by “(?:style|script)-src” directive\.$/.test(m.message),
  },
  {
    why:
      "KaTeX draws the slash of \\not (its ≠ is \\not=) in the HTML half of a formula with a private-use glyph of its own " +
      "font (U+E020); the MathML half that assistive technology reads carries U+0338. Forgiven only while U+E020 is the " +
      "page's one private-use character.",
    matches: (m, page) =>
      m.type === "info" &&
      m.subType === "warning" &&
      m.message.startsWith("Document uses the Unicode Private Use Area(s)") &&
      [...page.matchAll(/[\ue000-\uf8ff]/g)].every((c) => c[0] === KATEX_NOT),
  },
];

/** Messages that fail the build: errors and warnings that no quirk explains (plain info is advice). */
export function faults(messages: VnuMessage[], pageOf: (url: string) => string): VnuMessage[] {
  return messages.filter((m) => {
    if (m.type === "info" && m.subType !== "warning") return false;
    const page = m.url ? pageOf(m.url) : "";
    return !QUIRKS.some((q) => q.matches(m, page));
  });
}

function runVnu(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn("java", ["-jar", JAR, "--format", "json", "--skip-non-html", dir]);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the Nu checker's quirks", () => {
  const page = "<p>plain</p>";
  const warn = (message: string): VnuMessage => ({ type: "info", subType: "warning", url: "file:/x/index.html", message });
  it("forgives each known quirk in its own form only", () => {
    const forgiven: VnuMessage[] = [
      { type: "error", message: "Bad value “tabular-nums” for attribute “font-variant” on element “g”." },
      warn("Resource violates Content Security Policy (meta tag): external stylesheet “/vanishing-gradients/_astro/Base.x1.css” blocked by “style-src” directive."),
      warn("Resource violates Content Security Policy (meta tag): external script “/_astro/ChainDemo.js” blocked by “script-src” directive."),
    ];
    expect(faults(forgiven, () => page)).toEqual([]);
    expect(faults([warn("Document uses the Unicode Private Use Area(s), which should not be used in publicly exchanged documents. (Charmod C073)")], () => `<span>${KATEX_NOT}</span>`)).toEqual([]);
  });

  it("keeps every other error and warning, and near misses of a quirk", () => {
    const kept: VnuMessage[] = [
      { type: "error", message: "The “label” element may contain at most one “button”, “input”, “meter”, “output”, “progress”, “select”, or “textarea” descendant." },
      { type: "error", message: "Bad value “tabular-nums” for attribute “font-variant” on element “text”." },
      { type: "error", message: "Element “mo” not allowed as child of element “msub” in this context. (Suppressing further errors from this subtree.)" },
      { type: "non-document-error", message: "IO error" },
      warn("“label” element with multiple labelable descendants."),
      warn("Resource violates Content Security Policy (meta tag): external script “https://cdn.example.com/x.js” blocked by “script-src” directive."),
      warn("Resource violates Content Security Policy (meta tag): external script “//cdn.example.com/x.js” blocked by “script-src” directive."),
    ];
    expect(faults(kept, () => page)).toEqual(kept);
    const pua = warn("Document uses the Unicode Private Use Area(s), which should not be used in publicly exchanged documents. (Charmod C073)");
    expect(faults([pua], () => `<span>${KATEX_NOT}\ue000</span>`)).toEqual([pua]);
    expect(faults([{ type: "info", message: "Trailing slash on void elements has no effect." }], () => page)).toEqual([]);
  });
});

describe("valid HTML", () => {
  it("has no error or warning from the Nu HTML Checker on any built page, but the known quirks", { timeout: 240_000 }, async () => {
    const java = spawnSync("java", ["-version"], { encoding: "utf8" });
    if (java.error || java.status !== 0) {
      throw new Error(
        `The Nu HTML Checker needs Java and \`java -version\` failed (${java.error?.message ?? java.stderr.trim()}). ` +
          `Install a headless Java runtime: \`apt-get install -y ${JAVA_PACKAGE}\` (.ci/run does so where java is missing).`,
      );
    }
    const { code, stdout, stderr } = await runVnu(dist);
    let messages: VnuMessage[];
    try {
      messages = (JSON.parse(stderr || stdout) as { messages: VnuMessage[] }).messages;
    } catch {
      throw new Error(`vnu.jar (exit ${code}) printed no JSON report:\n${stderr.slice(0, 2000)}${stdout.slice(0, 2000)}`);
    }
    const html = new Map<string, string>();
    for (const m of messages) {
      if (m.url && !html.has(m.url)) html.set(m.url, await readFile(fileURLToPath(m.url), "utf8"));
    }
    const checked = new Set(messages.flatMap((m) => (m.url ? [fileURLToPath(m.url)] : [])));
    const left = faults(messages, (url) => html.get(url) ?? "").map(
      (m) => `${m.url ? relative(dist, fileURLToPath(m.url)) : "(no page)"}:${m.lastLine ?? "?"} ${m.type}${m.subType ? `/${m.subType}` : ""}: ${m.message}${m.extract ? `  «${m.extract.replace(/\s+/g, " ").trim()}»` : ""}`,
    );
    expect(left).toEqual([]);
    // The checker reports nothing for a page it found nothing in, so make sure it read them all: every page
    // links the site's stylesheet under the CSP meta tag, which draws the CSP quirk above.
    const pages = await filesUnder(dist, ".html");
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.filter((p) => !checked.has(p)), "pages the checker said nothing about (not read?)").toEqual([]);
  });
});
