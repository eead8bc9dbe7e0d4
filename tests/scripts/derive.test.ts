/**
 * `npm run derive` on a temporary root (VG_ROOT) with tiny fixture loaders: it
 * computes, skips what is up to date, recomputes when an input or the loader
 * changes, reports with --check, rejects bad flags and ids with usage and exit 2,
 * keeps the previous output when a loader throws or a write is killed, and the
 * build's verification names a corrupted file and the command that fixes it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkDerived,
  inputsHash,
  listLoaders,
  localImports,
  partResult,
  recoverInterrupted,
  sha256,
  verifyDerived,
  writeDerived,
  type WriteStage,
} from "../../scripts/derived/store.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCRIPT = join(ROOT, "scripts/derive.ts");
let root: string;

const derive = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, VG_ROOT: root } });

/** A loader that doubles every number in data/numbers.txt (and can be told to fail). */
const TABLE_LOADER = `
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { double } from "../../lib/double.ts";
import type { Nothing } from "../../lib/types-only.ts";
export default {
  description: "doubled numbers",
  inputs: ["data/numbers.txt", "scripts/lib"],
  async run(ctx) {
    const text = await readFile(join(ctx.root, "data/numbers.txt"), "utf8");
    if (text.includes("FAIL")) throw new Error("the fixture was told to fail");
    ctx.log("doubling");
    const nums = text.trim().split(/\\s+/).map(Number).map(double);
    return { "table.json": JSON.stringify(nums) + "\\n", "bytes/raw.bin": new Uint8Array(nums) };
  },
};
`;
const OTHER_LOADER = `
export default {
  description: "a constant",
  inputs: ["data/other.txt"],
  async run() { return { "other.txt": "constant\\n" }; },
};
`;

function write(rel: string, text: string) {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
}
const out = (rel: string) => join(root, "public/derived", rel);
const manifest = (id: string) => JSON.parse(readFileSync(out(`${id}/manifest.json`), "utf8"));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "vg-derive-"));
  write("scripts/derived/loaders/table.ts", TABLE_LOADER);
  write("scripts/derived/loaders/other.ts", OTHER_LOADER);
  write("scripts/lib/double.ts", "export const double = (x: number) => 2 * x;\n");
  write("scripts/lib/types-only.ts", "export type Nothing = never;\n");
  write("data/numbers.txt", "1 2 3\n");
  write("data/other.txt", "x\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("npm run derive", () => {
  it("computes every loader, then skips them while nothing changed", () => {
    const first = derive();
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("derive: computing table (doubled numbers)");
    expect(first.stdout).toContain("table: doubling");
    expect(first.stdout).toContain("derive: 2 of 2 loader(s) computed");
    expect(readFileSync(out("table/table.json"), "utf8")).toBe("[2,4,6]\n");
    expect([...readFileSync(out("table/bytes/raw.bin"))]).toEqual([2, 4, 6]);
    const m = manifest("table");
    expect(m.id).toBe("table");
    expect(m.inputs).toEqual(["data/numbers.txt", "scripts/lib"]);
    expect(m.files).toEqual({ "bytes/raw.bin": sha256(new Uint8Array([2, 4, 6])), "table.json": sha256("[2,4,6]\n") });
    expect(typeof m.generatedAt).toBe("string");
    expect(m.durationSeconds).toBeGreaterThanOrEqual(0);

    const second = derive();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("derive: table is up to date (skipped)");
    expect(second.stdout).toContain("derive: other is up to date (skipped)");
    expect(second.stdout).toContain("derive: nothing to compute");
    expect(manifest("table").generatedAt).toBe(m.generatedAt);
  });

  it("recomputes only the loader whose input, imported module or own file changed", () => {
    expect(derive().status).toBe(0);
    const otherAt = manifest("other").generatedAt;
    write("data/numbers.txt", "5 6\n");
    let r = derive();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("derive: computing table");
    expect(r.stdout).toContain("derive: other is up to date (skipped)");
    expect(readFileSync(out("table/table.json"), "utf8")).toBe("[10,12]\n");
    expect(manifest("other").generatedAt).toBe(otherAt);

    // A file under a directory input.
    write("scripts/lib/double.ts", "export const double = (x: number) => 3 * x;\n");
    r = derive();
    expect(r.stdout).toContain("derive: computing table");
    expect(readFileSync(out("table/table.json"), "utf8")).toBe("[15,18]\n");

    // The loader file itself.
    write("scripts/derived/loaders/other.ts", OTHER_LOADER.replace("constant\\n", "changed\\n"));
    r = derive();
    expect(r.stdout).toContain("derive: computing other");
    expect(r.stdout).toContain("derive: table is up to date (skipped)");
    expect(readFileSync(out("other/other.txt"), "utf8")).toBe("changed\n");
  });

  it("--force recomputes an up-to-date loader; --only limits the work (repeatable and comma-separated)", () => {
    expect(derive("--only", "other").stdout).not.toContain("computing table");
    expect(existsSync(out("table"))).toBe(false);
    const r = derive("--only", "table,other", "--force");
    expect(r.stdout).toContain("derive: computing table");
    expect(r.stdout).toContain("derive: computing other");
    expect(derive("--only", "table", "--only", "other").stdout).toContain("nothing to compute");
  });

  it("--check computes nothing, lists ok and stale, and exits 1 while anything is stale", () => {
    let r = derive("--check");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("  stale  table is missing: it has never been computed (no manifest.json)");
    expect(r.stdout).toContain("Run: npm run derive -- --only other --only table");
    expect(existsSync(out("table"))).toBe(false);

    expect(derive().status).toBe(0);
    r = derive("--check");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("  ok     other\n  ok     table\n");

    write("data/other.txt", "y\n");
    r = derive("--check");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("  ok     table");
    expect(r.stdout).toContain("  stale  other is stale: scripts/derived/loaders/other.ts or one of its inputs changed since it was computed");
    expect(r.stdout).toContain("Run: npm run derive -- --only other\n");
  });

  it("line endings do not matter: CRLF inputs hash like LF ones", async () => {
    const lf = await inputsHash(root, "scripts/derived/loaders/table.ts", ["data/numbers.txt"]);
    write("data/numbers.txt", "1 2 3\r\n");
    expect(await inputsHash(root, "scripts/derived/loaders/table.ts", ["data/numbers.txt"])).toBe(lf);
    write("data/numbers.txt", "1 2 4\n");
    expect(await inputsHash(root, "scripts/derived/loaders/table.ts", ["data/numbers.txt"])).not.toBe(lf);
  });

  it.each([
    [["--frobnicate"], 'derive: Unknown option \'--frobnicate\''],
    [["--only", "nope"], 'derive: no loader "nope" in scripts/derived/loaders (have: other, table)'],
    [["--only", "table,nope"], 'derive: no loader "nope"'],
    [["stray"], "derive: Unexpected argument 'stray'"],
    [["--jobs", "0"], 'derive: --jobs must be a whole number of processes, at least 1 (got "0")'],
    [["--jobs", "two"], 'derive: --jobs must be a whole number of processes, at least 1 (got "two")'],
  ])("%j prints usage to stderr and exits 2", (argv, message) => {
    const r = derive(...argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage: npm run derive -- [options]");
    expect(r.stdout).toBe("");
    expect(existsSync(out("table"))).toBe(false);
  });

  it("uses one process per core unless told otherwise, as pretrain does", () => {
    const cores = availableParallelism();
    const r = derive();
    expect(r.status).toBe(0);
    if (cores > 1) expect(r.stdout).toContain(`derive: 2 of 2 loader(s) computed in`), expect(r.stdout).toContain(`by up to ${cores} processes`);
    else expect(r.stdout).not.toContain("by up to");
    expect(derive("--force", "--jobs", "1").stdout).not.toContain("by up to");
  });

  it("--jobs 2 writes the same files as one process, and a loader that reads another's output waits for it", () => {
    // "echo" copies other's output: it must start only after other is written.
    write(
      "scripts/derived/loaders/echo.ts",
      `import { readFile } from "node:fs/promises";
import { join } from "node:path";
export default {
  description: "other's output, echoed",
  inputs: ["public/derived/other/other.txt"],
  async run(ctx) { return { "echo.txt": "echo " + (await readFile(join(ctx.root, "public/derived/other/other.txt"), "utf8")) }; },
};
`,
    );
    const one = derive("--jobs", "1");
    expect(one.status).toBe(0);
    const files = (id: string) => Object.fromEntries(readdirSync(out(id), { recursive: true }).map(String).filter((f) => f !== "manifest.json" && !f.endsWith("bytes")).map((f) => [f, readFileSync(out(`${id}/${f}`), "utf8")]));
    const first = Object.fromEntries(["table", "other", "echo"].map((id) => [id, [files(id), manifest(id).files]]));
    rmSync(join(root, "public/derived"), { recursive: true, force: true });
    const two = derive("--jobs", "2");
    expect(two.stderr).toBe("");
    expect(two.status).toBe(0);
    expect(two.stdout).toContain("derive: 3 of 3 loader(s) computed");
    expect(two.stdout).toContain("by up to 2 processes");
    expect(readFileSync(out("echo/echo.txt"), "utf8")).toBe("echo constant\n");
    // other is written before echo starts computing.
    expect(two.stdout.indexOf("derive: wrote public/derived/other")).toBeLessThan(two.stdout.indexOf("derive: computing echo"));
    expect(Object.fromEntries(["table", "other", "echo"].map((id) => [id, [files(id), manifest(id).files]]))).toEqual(first);
  });

  it("--jobs 2: a loader that fails leaves its previous output, and what reads it is not computed", () => {
    write("scripts/derived/loaders/echo.ts", `export default { description: "reads table", inputs: ["public/derived/table/table.json"], async run() { return { "e.txt": "e\\n" }; } };\n`);
    write("data/numbers.txt", "FAIL\n");
    const r = derive("--jobs", "2");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("derive: table failed, its previous output is left as it was: the fixture was told to fail");
    expect(r.stderr).toContain("derive: echo not computed: it reads table's output, which failed");
    expect(existsSync(out("echo"))).toBe(false);
    expect(readFileSync(out("other/other.txt"), "utf8")).toBe("constant\n");
  });

  describe("a loader made of parts", () => {
    /** Squares each number of data/parts.txt, one part per number; "FAIL" makes that part throw. */
    const PARTS_LOADER = `
import { readFile } from "node:fs/promises";
import { join } from "node:path";
const words = async (root) => (await readFile(join(root, "data/parts.txt"), "utf8")).trim().split(/\\s+/);
export default {
  description: "squares, one part each",
  inputs: ["data/parts.txt"],
  parts: {
    list: async (ctx) => (await words(ctx.root)).map((w, i) => "n" + i),
    async compute(ctx, name) {
      const w = (await words(ctx.root))[Number(name.slice(1))];
      if (w === "FAIL") throw new Error("part " + name + " was told to fail");
      if (w === "NAN") return { square: NaN };
      ctx.log("squaring " + w);
      return { square: Number(w) ** 2, pid: process.pid };
    },
    async combine(ctx, results) {
      return { "squares.json": JSON.stringify([...results].map(([n, r]) => [n, r.square])) + "\\n", "pids.txt": String(new Set([...results.values()].map((r) => r.pid)).size) + "\\n" };
    },
  },
};
`;
    beforeEach(() => {
      write("scripts/derived/loaders/squares.ts", PARTS_LOADER);
      write("data/parts.txt", "3 1 4 1 5\n");
    });

    it("one process computes the parts in list order and combines them; the manifest keeps each part's seconds", () => {
      const r = derive("--only", "squares", "--jobs", "1");
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(readFileSync(out("squares/squares.json"), "utf8")).toBe('[["n0",9],["n1",1],["n2",16],["n3",1],["n4",25]]\n');
      expect(readFileSync(out("squares/pids.txt"), "utf8")).toBe("1\n");
      expect(r.stdout.indexOf("squares: squaring 3")).toBeLessThan(r.stdout.indexOf("squares: squaring 4"));
      expect(Object.keys(manifest("squares").partSeconds)).toEqual(["n0", "n1", "n2", "n3", "n4"]);
    });

    it("--jobs 2 computes each part in its own process and writes the same result, with what else there is to compute", () => {
      expect(derive("--only", "squares").status).toBe(0);
      const once = readFileSync(out("squares/squares.json"), "utf8");
      rmSync(join(root, "public/derived"), { recursive: true, force: true });
      const r = derive("--jobs", "2");
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(readFileSync(out("squares/squares.json"), "utf8")).toBe(once);
      expect(readFileSync(out("squares/pids.txt"), "utf8")).toBe("5\n");
      expect(r.stdout).toContain("derive: computing squares in 5 parts (squares, one part each)");
      expect(r.stdout).toContain("squares/n2: squaring 4");
      expect(r.stdout).toMatch(/derive: wrote public\/derived\/squares \(2 file\(s\)\) from 5 parts in [\d.]+ s/);
      expect(r.stdout).toContain("derive: 3 of 3 loader(s) computed");
      expect(Object.keys(manifest("squares").partSeconds).sort()).toEqual(["n0", "n1", "n2", "n3", "n4"]);
      expect(readFileSync(out("table/table.json"), "utf8")).toBe("[2,4,6]\n");
      // A loader with parts alone still uses the processes.
      const alone = derive("--only", "squares", "--force", "--jobs", "2");
      expect(alone.status).toBe(0);
      expect(alone.stdout).toContain("from 5 parts");
    });

    it("--jobs 2: a failing part leaves the loader's previous output, says which part, and stops what reads it", () => {
      expect(derive("--only", "squares").status).toBe(0);
      const before = readFileSync(out("squares/manifest.json"), "utf8");
      write("data/parts.txt", "3 FAIL 4\n");
      write("scripts/derived/loaders/echo.ts", `export default { description: "reads squares", inputs: ["public/derived/squares/squares.json"], async run() { return { "e.txt": "e\\n" }; } };\n`);
      const r = derive("--jobs", "2");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("derive: part n1 was told to fail");
      expect(r.stderr).toContain('derive: squares failed, its previous output is left as it was: part "n1" exited with 1');
      expect(r.stderr).toContain("derive: echo not computed: it reads squares's output, which failed");
      expect(readFileSync(out("squares/manifest.json"), "utf8")).toBe(before);
      expect(existsSync(out("echo"))).toBe(false);
    });

    it("refuses a part result that JSON would change, in one process as in many", () => {
      write("data/parts.txt", "2 NAN\n");
      for (const jobs of ["1", "2"]) {
        const r = derive("--only", "squares", "--jobs", jobs);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('squares: part "n1" returned NaN at "square", which JSON cannot carry to another process');
        expect(existsSync(out("squares"))).toBe(false);
      }
    });

    it("partResult hands over what JSON keeps, drops an undefined property as the output's JSON would, and refuses the rest", () => {
      expect(partResult("a", "p", { x: 0.1, y: [1e-300, -0], z: undefined, n: null })).toEqual({ x: 0.1, y: [1e-300, 0], n: null });
      expect(() => partResult("a", "p", { y: [1, Infinity] })).toThrow('a: part "p" returned Infinity at "1", which JSON cannot carry to another process');
      expect(() => partResult("a", "p", { y: [1, undefined] })).toThrow('a: part "p" returned undefined at "1", which JSON cannot carry to another process');
      expect(() => partResult("a", "p", undefined)).toThrow('a: part "p" returned nothing');
    });

    it.each([
      [["--part", "n0"], "derive: --part and --part-out go together"],
      [["--part", "n0", "--part-out", "x.json"], "derive: --part needs exactly one --only ID: the loader the part belongs to"],
      [["--only", "squares", "--part", "n9", "--part-out", "x.json"], 'derive: squares has no part "n9" (have: n0, n1, n2, n3, n4)'],
      [["--only", "table", "--part", "n0", "--part-out", "x.json"], "derive: scripts/derived/loaders/table.ts has no parts (it computes with run)"],
    ])("%j prints usage and exits 2", (argv, message) => {
      const r = derive(...argv);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain("Usage: npm run derive -- [options]");
      expect(r.status).toBe(2);
    });

    it("a loader with both run and parts, or parts without combine, is not a loader", () => {
      write("scripts/derived/loaders/squares.ts", PARTS_LOADER.replace("parts: {", "async run() { return {}; },\n  parts: {"));
      expect(derive("--only", "squares").stderr).toContain("not a derived loader: give run or parts, not both");
      write("scripts/derived/loaders/squares.ts", PARTS_LOADER.replace("async combine(", "async combined("));
      expect(derive("--only", "squares").stderr).toContain("not a derived loader: parts must be an object with the functions list, compute and combine");
    });
  });

  it("--help prints usage to stdout and exits 0", () => {
    const r = derive("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: npm run derive -- [options]");
    expect(r.stdout).toContain("--check");
  });

  it("a loader that throws leaves its previous output intact and the run exits 1", () => {
    expect(derive().status).toBe(0);
    const before = readFileSync(out("table/manifest.json"), "utf8");
    write("data/numbers.txt", "FAIL\n");
    const r = derive();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("derive: table failed, its previous output is left as it was: the fixture was told to fail");
    expect(readFileSync(out("table/manifest.json"), "utf8")).toBe(before);
    expect(readFileSync(out("table/table.json"), "utf8")).toBe("[2,4,6]\n");
    expect(readdirSync(out("")).sort()).toEqual(["other", "table"]);
    expect(derive("--check").stdout).toContain("stale  table");
  });

  it("refuses a loader whose inputs miss a module it imports (type-only imports excepted)", async () => {
    write("scripts/derived/loaders/table.ts", TABLE_LOADER.replace('"scripts/lib"', '"scripts/lib/types-only.ts"'));
    const r = derive("--only", "table");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("scripts/derived/loaders/table.ts imports scripts/lib/double.ts, which its inputs do not list");
    expect(existsSync(out("table"))).toBe(false);
    expect(await localImports(root, "scripts/derived/loaders/table.ts")).toEqual(["scripts/lib/double.ts"]);
  });
});

describe("writing is atomic", () => {
  const meta = { inputsHash: "h", generatedAt: "2026-12-06T00:00:00.000Z", durationSeconds: 0, inputs: [] };
  it.each(["temp-files", "temp-complete", "old-aside", "new-in"] as WriteStage[])("a write killed at %s leaves the old output or the new one, never a mix", async (stage) => {
    const dir = join(root, "public/derived");
    await writeDerived("t", { "a.txt": "old\n" }, meta, dir);
    await expect(
      writeDerived("t", { "a.txt": "new\n", "b.txt": "b\n" }, meta, dir, (s) => {
        if (s === stage) throw new Error("killed");
      }),
    ).rejects.toThrow("killed");
    await recoverInterrupted(dir);
    expect(readdirSync(dir)).toEqual(["t"]);
    const text = readFileSync(join(dir, "t/a.txt"), "utf8");
    const m = JSON.parse(readFileSync(join(dir, "t/manifest.json"), "utf8"));
    expect(m.files["a.txt"]).toBe(sha256(text));
    expect(text).toBe(stage === "new-in" ? "new\n" : "old\n");
  });

  it("a leftover temp folder and a renamed-aside old folder are recovered on the next start", () => {
    expect(derive("--only", "other").status).toBe(0);
    const dir = out("");
    mkdirSync(join(dir, ".tmp-table-123"));
    // As a kill between "old-aside" and "new-in" leaves it:
    renameSync(join(dir, "other"), join(dir, ".old-other-999"));
    const r = derive("--only", "other");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("derive: restored other from an interrupted write");
    expect(r.stdout).toContain("derive: removed an abandoned temporary folder .tmp-table-123");
    expect(r.stdout).toContain("derive: other is up to date (skipped)");
    expect(readdirSync(dir).sort()).toEqual(["other"]);
  });

  it("--jobs 2 runs each loader as a --worker, and recovers interrupted writes once, before any starts", () => {
    write("scripts/derived/loaders/other.ts", `export default { description: "its own command line", inputs: ["data/other.txt"], async run() { return { "argv.txt": process.argv.slice(2).join(" ") + "\\n" }; } };\n`);
    mkdirSync(out(""), { recursive: true });
    mkdirSync(join(out(""), ".tmp-table-123"));
    const r = derive("--jobs", "2");
    expect(r.status).toBe(0);
    expect(r.stdout.match(/removed an abandoned temporary folder \.tmp-table-123/g)).toHaveLength(1);
    expect(readFileSync(out("other/argv.txt"), "utf8")).toContain("--only other --force --worker");
  });

  it("a --jobs worker leaves the other workers' unfinished writes alone (the parent recovered the old ones before it started)", () => {
    expect(derive("--only", "other").status).toBe(0);
    const dir = out("");
    // Another worker in the middle of writing table, and of swapping other in:
    mkdirSync(join(dir, ".tmp-table-123"));
    writeFileSync(join(dir, ".tmp-table-123", "table.json"), "[2]\n");
    renameSync(join(dir, "other"), join(dir, ".old-other-999"));
    const r = derive("--only", "other", "--force", "--worker");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("restored");
    expect(r.stdout).not.toContain("removed an abandoned");
    expect(readdirSync(dir).sort()).toEqual([".old-other-999", ".tmp-table-123", "other"]);
    expect(readFileSync(join(dir, ".tmp-table-123", "table.json"), "utf8")).toBe("[2]\n");
  });

  it("rejects output names that would escape the folder or replace the manifest", async () => {
    const dir = join(root, "public/derived");
    await expect(writeDerived("t", { "../x": "" }, meta, dir)).rejects.toThrow('t: output name "../x" must be a relative path');
    await expect(writeDerived("t", { "manifest.json": "" }, meta, dir)).rejects.toThrow("t: a loader cannot write manifest.json");
  });

  it("refuses to write a manifest its schema refuses, and leaves the previous output whole", async () => {
    const dir = join(root, "public/derived");
    await writeDerived("t", { "a.txt": "old\n" }, meta, dir);
    await expect(writeDerived("t", { "a.txt": "new\n" }, { ...meta, durationSeconds: -1 }, dir)).rejects.toThrow(
      'the field "durationSeconds" of t/manifest.json is -1, below its least value 0',
    );
    await expect(writeDerived("t", {}, meta, dir)).rejects.toThrow('the field "files" of t/manifest.json is not valid ({}): at least one file');
    expect(readdirSync(dir)).toEqual(["t"]);
    expect(readFileSync(join(dir, "t/a.txt"), "utf8")).toBe("old\n");
    expect(JSON.parse(readFileSync(join(dir, "t/manifest.json"), "utf8")).files).toEqual({ "a.txt": sha256("old\n") });
  });
});

describe("the build's verification", () => {
  it("names a corrupted output file and the exact command that fixes it", async () => {
    expect(derive().status).toBe(0);
    await expect(verifyDerived({ root })).resolves.toHaveLength(2);
    writeFileSync(out("table/table.json"), "[2,4,7]\n");
    await expect(verifyDerived({ root })).rejects.toThrow(
      "Derived data is not up to date:\n  public/derived/table is corrupt: table.json does not match its sha256 in manifest.json\nThe build never computes it by itself. Run:\n  npm run derive -- --only table",
    );
    const r = derive("--check");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("stale  table is corrupt: table.json does not match its sha256 in manifest.json");
  });

  it("reports missing, stale and missing-file outputs together, without importing the loaders", async () => {
    expect(derive("--only", "table").status).toBe(0);
    rmSync(out("table/bytes/raw.bin"));
    await expect(verifyDerived({ root })).rejects.toThrow(
      "  public/derived/other is missing: it has never been computed (no manifest.json)\n  public/derived/table is missing bytes/raw.bin\nThe build never computes it by itself. Run:\n  npm run derive -- --only other --only table",
    );
    write("scripts/lib/double.ts", "export const double = (x: number) => x;\n");
    const [, table] = await listLoaders(join(root, "scripts/derived/loaders"));
    expect(await checkDerived(table, { root, outDir: out("") })).toEqual({ id: "table", ok: false, reason: "is stale: scripts/derived/loaders/table.ts or one of its inputs changed since it was computed" });
    writeFileSync(out("table/manifest.json"), "{");
    expect((await checkDerived(table, { root, outDir: out("") })) as unknown).toMatchObject({ ok: false, reason: expect.stringMatching(/^is corrupt: public\/derived\/table\/manifest\.json: not valid JSON \(/) });
    // Valid JSON, not a manifest: its schema names the first bad field.
    writeFileSync(out("table/manifest.json"), JSON.stringify({ id: "table", inputsHash: "h", generatedAt: "2026-12-06T00:00:00.000Z", durationSeconds: 1, inputs: [] }));
    expect(await checkDerived(table, { root, outDir: out("") })).toEqual({ id: "table", ok: false, reason: 'is corrupt: the field "files" of public/derived/table/manifest.json is missing' });
  });
});

describe("the Astro integration", () => {
  it("fails a build and only warns in dev when an output is missing (VG_DERIVED_DIR points at an empty folder)", async () => {
    const { verifyDerivedIntegration } = await import("../../src/build/verify-derived-integration.ts");
    const hook = verifyDerivedIntegration().hooks["astro:config:setup"];
    const before = process.env.VG_DERIVED_DIR;
    process.env.VG_DERIVED_DIR = join(root, "empty");
    try {
      const warnings: string[] = [];
      const logger = { warn: (m: string) => warnings.push(m), info: () => {} };
      await expect(hook({ command: "build", logger })).rejects.toThrow(/is missing: it has never been computed[\s\S]*npm run derive -- --only answers/);
      await hook({ command: "dev", logger });
      expect(warnings.join("\n")).toContain("npm run derive -- --only answers");
    } finally {
      if (before === undefined) delete process.env.VG_DERIVED_DIR;
      else process.env.VG_DERIVED_DIR = before;
    }
  });
});
