/**
 * scripts/bench-kernels.ts's command line: usage, and bad flags exit 2 before any backend starts or anything
 * is measured (the benchmark itself is not in npm test).
 */
import { describe } from "vitest";
import { runScript, usageTests } from "../support/script-cli.ts";

const USAGE = "Usage: npm run bench:kernels -- [--epochs N] [--seconds S] [--together 1,10,30] [--help]";

describe("bench:kernels command line", () => {
  usageTests((...args) => runScript("bench-kernels.ts", args), USAGE, ["--epochs N", "--seconds S", "--together L"], [
    [["--bogus"], "bench:kernels: Unknown option '--bogus'"],
    [["--epochs"], "bench:kernels: Option '--epochs <value>' argument missing"],
    [["extra"], "bench:kernels: Unexpected argument 'extra'"],
    [["--epochs", "0"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "0"'],
    [["--epochs", "1.5"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "1.5"'],
    [["--epochs", "21"], 'bench:kernels: --epochs must be a whole number from 1 to 20, not "21"'],
    [["--seconds", "0"], 'bench:kernels: --seconds must be a number above 0 and at most 60, not "0"'],
    [["--seconds", " "], 'bench:kernels: --seconds must be a number above 0 and at most 60, not " "'],
    [["--seconds", "fast"], 'bench:kernels: --seconds must be a number above 0 and at most 60, not "fast"'],
    [["--together", "10,"], 'bench:kernels: --together must be whole numbers of networks from 1 to 1000, not "10,"'],
    [["--together", "0"], 'bench:kernels: --together must be whole numbers of networks from 1 to 1000, not "0"'],
  ]);
});
