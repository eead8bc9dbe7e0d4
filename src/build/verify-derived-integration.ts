/**
 * Astro integration: before a build, check every derived asset in public/derived/
 * against its loader and inputs (scripts/derived/store.ts). The build never
 * computes; a stale, missing or corrupt output stops it with the exact command
 * to run. (`astro dev` only warns.) Loaders are not imported here: the hash is
 * recomputed from the input list their manifest recorded.
 */
import { verifyDerived } from "../../scripts/derived/store.ts";

export function verifyDerivedIntegration() {
  return {
    name: "vg:verify-derived",
    hooks: {
      "astro:config:setup": async ({ command, logger }: { command: string; logger: { warn(m: string): void; info(m: string): void } }) => {
        const outDir = process.env.VG_DERIVED_DIR;
        try {
          const ok = await verifyDerived(outDir ? { outDir } : {});
          logger.info(`${ok.length} derived data folder(s) match their loaders and inputs`);
        } catch (e) {
          if (command === "build") throw e;
          logger.warn((e as Error).message);
        }
      },
    },
  };
}
