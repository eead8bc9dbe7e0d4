/**
 * Astro integration: before a build, check every committed training run against
 * its config and the training code. The build never trains; a stale or corrupt
 * run stops it with the exact command to run. (`astro dev` only warns.)
 */
import { verifyRuns } from "../../scripts/runs/store.ts";

export function verifyRunsIntegration() {
  return {
    name: "vg:verify-runs",
    hooks: {
      "astro:config:setup": async ({ command, logger }: { command: string; logger: { warn(m: string): void; info(m: string): void } }) => {
        const runsDir = process.env.VG_RUNS_DIR;
        try {
          const ok = await verifyRuns(runsDir ? { runsDir } : {});
          logger.info(`${ok.length} training runs match their configs and the training code`);
        } catch (e) {
          if (command === "build") throw e;
          logger.warn((e as Error).message);
        }
      },
    },
  };
}
