/**
 * src/lib is grouped by concept, and each folder's README is its contract: the README lists the folder's
 * files and the folders it may import from; imports only point down (the "may import" graph has no
 * cycle); at most 8 files at the top, at most 10 in a folder; and tests/unit/lib mirrors the folders.
 * Read from the files themselves: the imports are every static `from "…"` and dynamic `import("…")`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();
const LIB = join(ROOT, "src/lib");

/** Every folder under src/lib ("" for the top), as paths relative to it. */
const folders = ["", ...readdirSync(LIB, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => relative(LIB, join(e.parentPath, e.name)))].sort();
const tsFiles = (folder: string) => readdirSync(join(LIB, folder)).filter((f) => f.endsWith(".ts") && statSync(join(LIB, folder, f)).isFile()).sort();

/** The backticked names on the README line that starts with `label:`. */
function listed(folder: string, label: string): string[] {
  const text = readFileSync(join(LIB, folder, "README.md"), "utf8");
  const line = text.split("\n").find((l) => l.startsWith(`${label}:`));
  if (line === undefined) throw new Error(`src/lib/${folder}${folder ? "/" : ""}README.md has no "${label}:" line`);
  return [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** Relative imports of a file, resolved to paths relative to src/lib ("../x" when outside it). */
function imports(file: string): string[] {
  const text = readFileSync(join(LIB, file), "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(LIB, resolve(dirname(join(LIB, file)), s)));
}

/** The folder an import target belongs to, or the top-level file's own name. */
const unitOf = (target: string) => (dirname(target) === "." ? target : dirname(target));

/** What `folder` may import: folders ("nets/") and top-level files ("rng.ts"), as its README says. */
const mayImport = (folder: string) => listed(folder, "May import").map((n) => n.replace(/\/$/, ""));

describe("src/lib by concept", () => {
  it("has at most 8 files at the top and at most 10 in any folder", () => {
    expect(tsFiles("").length).toBeLessThanOrEqual(8);
    for (const f of folders.filter(Boolean)) expect(tsFiles(f).length, f).toBeLessThanOrEqual(10);
  });

  it("every folder has a README whose file list is the folder's files", () => {
    for (const f of folders) {
      expect(existsSync(join(LIB, f, "README.md")), `src/lib/${f} has no README.md`).toBe(true);
      expect(listed(f, "Files").sort(), `src/lib/${f}/README.md "Files:"`).toEqual(tsFiles(f));
    }
  });

  it("every import that leaves a folder goes where its README allows", () => {
    const offences: string[] = [];
    for (const f of folders) {
      const allowed = f === "" ? [] : mayImport(f);
      for (const file of tsFiles(f)) {
        for (const target of imports(join(f, file))) {
          if (target.startsWith("..")) {
            offences.push(`src/lib/${join(f, file)} imports ${relative(ROOT, join(LIB, target))}, outside src/lib`);
            continue;
          }
          if (f === "") {
            offences.push(`src/lib/${file} imports ${target}: the top-level files import nothing`);
            continue;
          }
          const unit = unitOf(target);
          if (unit === f) continue;
          if (!allowed.includes(unit)) offences.push(`src/lib/${join(f, file)} imports ${target}, but src/lib/${f}/README.md does not allow ${unit}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("imports only point down: the folders' allowed imports have no cycle", () => {
    const graph = new Map(folders.filter(Boolean).map((f) => [f, mayImport(f).filter((u) => !u.endsWith(".ts"))]));
    for (const [f, targets] of graph) for (const t of targets) expect(graph.has(t), `${f} may import ${t}, which is not a folder`).toBe(true);
    const state = new Map<string, "visiting" | "done">();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "visiting") throw new Error(`a cycle: ${[...path, f].join(" → ")}`);
      state.set(f, "visiting");
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, "done");
    };
    for (const f of graph.keys()) visit(f, []);
  });

  it("tests/unit/lib mirrors the folders", () => {
    const testDirs = ["", ...readdirSync(join(ROOT, "tests/unit/lib"), { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => relative(join(ROOT, "tests/unit/lib"), join(e.parentPath, e.name)))].sort();
    expect(testDirs).toEqual(folders);
  });
});
