/**
 * docs/teaching-with-this-course.md stays true: its lesson template builds as a lesson (every import
 * resolving, every component accepting the props the template gives it), its log.json table lists
 * exactly the fields the committed logs have, and the README links to it.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, ROOT } from "../support/build-site.ts";
import { COMPONENT_PROPS, type PropSpec } from "../../src/components/props.ts";

const GUIDE = "docs/teaching-with-this-course.md";
const guide = await readFile(join(ROOT, GUIDE), "utf8");

/** The text between <!-- name:start --> and <!-- name:end -->. */
function section(name: string): string {
  const m = guide.match(new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`));
  if (!m) throw new Error(`${GUIDE} has no ${name} section`);
  return m[1];
}

/** Components the layout and other components place; a lesson never does. */
const INTERNAL = ["Sources", "NumbersTable"];

const shown = (v: unknown) => (typeof v === "number" ? String(+v.toPrecision(6)) : JSON.stringify(v));

/** What a value of this prop may be, in words. */
function allowed(p: PropSpec): string {
  const parts: string[] = [];
  if (p.values) parts.push(`one of ${p.values.map((v) => `\`${v}\``).join(", ")}`);
  if (p.min !== undefined && (p.max !== undefined || p.bound)) parts.push(`${shown(p.min)} to ${p.max !== undefined ? shown(p.max) : p.bound}`);
  else if (p.min !== undefined) parts.push(`at least ${shown(p.min)}`);
  if (p.step !== undefined) parts.push(`in steps of ${shown(p.step)}`);
  if (p.scale === "log") parts.push("log scale");
  if (p.minLength !== undefined) parts.push(`at least ${p.minLength}`);
  if (p.maxLength !== undefined) parts.push(`at most ${p.maxLength}`);
  if (p.rule) parts.push(p.rule.doc);
  return parts.join("; ") || "—";
}

/** The guide's component section, as COMPONENT_PROPS (what the build checks) says it. */
export function propsSection(): string {
  const out: string[] = [];
  for (const [name, props] of Object.entries(COMPONENT_PROPS)) {
    if (INTERNAL.includes(name)) continue;
    out.push(`### \`<${name}>\``, "");
    const entries = Object.entries(props as Record<string, PropSpec>);
    if (!entries.length) {
      out.push("No props.", "");
      continue;
    }
    out.push("| prop | type | allowed | default | what it does |", "| --- | --- | --- | --- | --- |");
    for (const [prop, p] of entries) {
      const def = p.required ? "required" : p.default === undefined ? "—" : `\`${shown(p.default)}\``;
      out.push(`| \`${prop}\` | ${p.type} | ${allowed(p).replace(/\|/g, "\\|")} | ${def} | ${p.doc.replace(/\|/g, "\\|")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

// A lesson folder two levels below the root, as content/lessons is, so the template's imports resolve as written.
const lessonsDir = join(ROOT, "tests/.teaching-guide-lessons");
afterAll(() => rm(lessonsDir, { recursive: true, force: true }));

describe(GUIDE, () => {
  it("is linked from the README", async () => {
    expect(await readFile(join(ROOT, "README.md"), "utf8")).toContain(`](${GUIDE})`);
  });

  it("its lesson template builds, and shows what it says it shows", async () => {
    const template = section("template").match(/^```mdx\n([\s\S]*?)^```$/m)![1];
    // Every component a lesson can place is imported.
    for (const name of Object.keys(COMPONENT_PROPS).filter((n) => !INTERNAL.includes(n))) {
      expect(template, `the template imports ${name}`).toContain(`import ${name} from "../../src/components/${name}.astro";`);
    }
    await rm(lessonsDir, { recursive: true, force: true });
    await mkdir(lessonsDir, { recursive: true });
    await writeFile(join(lessonsDir, "from-the-template.mdx"), template);
    const r = await buildSite({ VG_LESSONS_DIR: "tests/.teaching-guide-lessons", BASE_PATH: "/my-fork/" });
    expect(r.code, r.output).toBe(0);
    const html = await readFile(join(r.outDir, "from-the-template/index.html"), "utf8");
    expect(html).toContain("<h1");
    expect(html).toContain("Why the first layer learns last");
    expect(html).toContain("<vg-chain");
    expect(html).toMatch(/class="katex"/);
    // The lesson link went through the fork's base path.
    expect(html).toContain('href="/my-fork/unstable-gradients/"');
    // The two cited numbers are the log's, as the raw file has them.
    const log = JSON.parse(await readFile(join(ROOT, "public/runs/nielsen-3-hidden/log.json"), "utf8"));
    for (const v of [log.initial.gradNorms[0], log.initial.gradNorms[2]]) expect(html).toContain(`>${v.toFixed(3)}<`);
  }, 180_000);

  it("lists every component a lesson can place with the props, ranges and defaults the build checks", async () => {
    const expected = propsSection();
    if (process.env.VG_WRITE_GUIDE) {
      await writeFile(join(ROOT, GUIDE), guide.replace(/(<!-- props:start -->\n)[\s\S]*?(<!-- props:end -->)/, `$1${expected}\n$2`));
    }
    // Out of date: VG_WRITE_GUIDE=1 npx vitest run --project site tests/build/teaching-guide.test.ts rewrites the section.
    expect(section("props")).toBe(`${expected}\n`);
  });

  it("its log.json table lists exactly the fields the committed logs have", async () => {
    const documented = [...section("log-fields").matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
    const found = new Set<string>();
    const walk = (o: unknown, p: string) => {
      if (Array.isArray(o) && o.length && typeof o[0] === "object") for (const x of o) walk(x, `${p}[i]`);
      else if (o && typeof o === "object" && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) walk(v, p ? `${p}.${k}` : k);
      else found.add(p);
    };
    for (const id of await readdir(join(ROOT, "public/runs"))) walk(JSON.parse(await readFile(join(ROOT, "public/runs", id, "log.json"), "utf8")), "");
    expect(documented).toEqual([...found].sort());
  });
});
