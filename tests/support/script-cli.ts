/**
 * Running a script of scripts/ as its npm command runs it, and the command-line contract every script keeps
 * (scripts/cli.ts): --help prints the usage, each flag on a line of its own, and exits 0; a bad argument prints
 * its reason and the usage on stderr, nothing on stdout, and exits 2 before anything is built or measured.
 */
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** `node scripts/<script> …args` from the repository root. */
export function runScript(script: string, args: readonly string[], timeout = 60_000) {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", script), ...args], { cwd: ROOT, encoding: "utf8", timeout });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * The two tests of that contract, inside the caller's describe: `flags` as the usage lists them, `refusals` each
 * arguments and the reason they print.
 */
export function usageTests(run: (...args: string[]) => ReturnType<typeof runScript>, usage: string, flags: readonly string[], refusals: readonly (readonly [readonly string[], string])[]): void {
  it("--help prints the usage and exits 0", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain(usage);
    for (const flag of flags) expect(r.out).toContain(`\n  ${flag}`);
  });

  it.each(refusals)("%j prints the reason and the usage, and exits 2", (args, reason) => {
    const r = run(...args);
    expect(r.err).toContain(reason);
    expect(r.err).toContain(usage);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
  });
}
