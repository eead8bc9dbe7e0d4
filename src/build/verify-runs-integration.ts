/** Before a build, every committed training run is checked against its config and the training code. */
import { verifyRuns } from "../../scripts/runs/store.ts";
import { verifyBeforeBuild } from "./verify-before-build.ts";

export function verifyRunsIntegration() {
  return verifyBeforeBuild("vg:verify-runs", () => {
    const runsDir = process.env.VG_RUNS_DIR;
    return verifyRuns(runsDir ? { runsDir } : {});
  }, (n) => `${n} training runs match their configs and the training code`);
}
