/**
 * scripts/atomic-folder.ts, the one write-and-swap store of runs and derived data: a write stopped at
 * each stage (as a kill would stop it) leaves the previous folder, or a recoverable one, never a mix.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recoverInterrupted, writeFolderAtomically, type WriteStage } from "../../scripts/atomic-folder.ts";

const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "vg-atomic-"));
  mkdirSync(join(dir, "x"));
  writeFileSync(join(dir, "x", "a.txt"), "old");
  return dir;
};
const read = (dir: string) => readFileSync(join(dir, "x", "a.txt"), "utf8");
const stopAt = (stage: WriteStage) => (s: WriteStage) => {
  if (s === stage) throw new Error(`killed at ${s}`);
};
const write = (dir: string, reached?: (s: WriteStage) => void) =>
  writeFolderAtomically(dir, "x", { "a.txt": "new", "sub/b.txt": "b" }, (_tmp, hashes) => ({ files: hashes }), reached);

describe("writeFolderAtomically", () => {
  it("writes the files, hashed as written and sorted by name, with the manifest", async () => {
    const dir = fresh();
    const manifest = await write(dir);
    expect(manifest).toEqual({ files: { "a.txt": hex("new"), "sub/b.txt": hex("b") } });
    expect(JSON.parse(readFileSync(join(dir, "x", "manifest.json"), "utf8"))).toEqual(manifest);
    expect(read(dir)).toBe("new");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it.each(["temp-files", "temp-complete"] as const)("stopped at %s: the old folder stays and the temp folder goes", async (stage) => {
    const dir = fresh();
    await expect(write(dir, stopAt(stage))).rejects.toThrow(`killed at ${stage}`);
    expect(read(dir)).toBe("old");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it("a refusal by verify writes nothing", async () => {
    const dir = fresh();
    await expect(writeFolderAtomically(dir, "x", { "a.txt": "bad" }, () => {
      throw new Error("does not verify");
    })).rejects.toThrow("does not verify");
    expect(read(dir)).toBe("old");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it("stopped with the old folder aside: recovery puts it back and drops the temp folder", async () => {
    const dir = fresh();
    await expect(write(dir, stopAt("old-aside"))).rejects.toThrow("killed at old-aside");
    expect(existsSync(join(dir, "x"))).toBe(false);
    const notes = await recoverInterrupted(dir);
    expect(notes).toEqual([`restored x from an interrupted write`, `removed an abandoned temporary folder .tmp-x-${process.pid}`]);
    expect(read(dir)).toBe("old");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it("stopped after the new folder is in: recovery keeps the new one and removes the old", async () => {
    const dir = fresh();
    await expect(write(dir, stopAt("new-in"))).rejects.toThrow("killed at new-in");
    expect(await recoverInterrupted(dir)).toEqual([]);
    expect(read(dir)).toBe("new");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it("recovery removes the temp folder a killed write leaves (a kill runs no cleanup) and keeps the output", async () => {
    const dir = fresh();
    mkdirSync(join(dir, ".tmp-x-999", "sub"), { recursive: true });
    writeFileSync(join(dir, ".tmp-x-999", "a.txt"), "half");
    expect(await recoverInterrupted(dir)).toEqual(["removed an abandoned temporary folder .tmp-x-999"]);
    expect(read(dir)).toBe("old");
    expect(readdirSync(dir)).toEqual(["x"]);
  });

  it("refuses a manifest passed in as a file", async () => {
    await expect(writeFolderAtomically(fresh(), "x", { "manifest.json": "{}" }, () => ({}))).rejects.toThrow("x: manifest.json is written by the store, not passed in");
  });
});
