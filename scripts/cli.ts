/**
 * The command line of every script (pretrain, derive, the benchmarks): strict flags, `--help`
 * prints the usage and exits 0, and a usage error prints the message and the usage and exits 2.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export interface Cli<O extends ParseArgsOptionsConfig> {
  opts: ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"];
  usageError(message: string): never;
}

/**
 * Parses process.argv against `options` (which include `help`): a bad flag prints `usage` and
 * exits 2; --help prints it and exits 0.
 */
export function parseCli<const O extends ParseArgsOptionsConfig & { help: { type: "boolean" } }>(name: string, usage: string, options: O): Cli<O> {
  const usageError = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n${usage}\n`);
    process.exit(2);
  };
  let opts: Cli<O>["opts"];
  try {
    opts = parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return usageError((e as Error).message);
  }
  if ((opts as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return { opts, usageError };
}
