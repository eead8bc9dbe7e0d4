/**
 * An Astro integration that checks committed, generated files before a build: the build never
 * trains or computes, so a stale, missing or corrupt output stops `astro build` with the message
 * `verify` throws (it names the exact command to run); `astro dev` only warns.
 */
export function verifyBeforeBuild(name: string, verify: () => Promise<unknown[]>, ok: (count: number) => string) {
  return {
    name,
    hooks: {
      "astro:config:setup": async ({ command, logger }: { command: string; logger: { warn(m: string): void; info(m: string): void } }) => {
        try {
          logger.info(ok((await verify()).length));
        } catch (e) {
          if (command === "build") throw e;
          logger.warn((e as Error).message);
        }
      },
    },
  };
}
