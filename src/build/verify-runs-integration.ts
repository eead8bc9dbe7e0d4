/**
 * Before a build, every committed training run is checked against its config and the training code
 * (a stale one stops the build). Then, once per build, never as an error: a warning for each run
 * folder that has no config any more, and a note for each experiment the live trainer cannot run
 * (it is left out of <TrainerDemo>'s presets; its config can say `"preset": false` to silence this).
 */
import { EXPERIMENTS_DIR, RUNS_DIR, loadExperiments, orphanRunWarnings, verifyRuns } from "../../scripts/runs/store.ts";
import { presetNote } from "../islands/trainer/settings.ts";
import { closest } from "../lib/site/closest.ts";
import { verifyBeforeBuild } from "./verify-before-build.ts";

interface Logger {
  warn(m: string): void;
  info(m: string): void;
}

/** The build's notes and warnings about the experiments and their runs (none when all is well). */
export async function runNotes(runsDir = RUNS_DIR, experimentsDir = EXPERIMENTS_DIR): Promise<{ warnings: string[]; notes: string[] }> {
  const experiments = await loadExperiments(experimentsDir);
  return {
    warnings: await orphanRunWarnings(experiments, runsDir, experimentsDir),
    notes: experiments.flatMap((e) => presetNote(e.file, e.experiment) ?? []),
  };
}

export function verifyRunsIntegration() {
  const runsDir = () => process.env.VG_RUNS_DIR || RUNS_DIR;
  const verify = verifyBeforeBuild("vg:verify-runs", () => verifyRuns({ runsDir: runsDir(), suggest: closest }), (n) => `${n} training runs match their configs and the training code`);
  const setup = verify.hooks["astro:config:setup"];
  return {
    name: verify.name,
    hooks: {
      "astro:config:setup": async (options: { command: string; logger: Logger }) => {
        await setup(options);
        let found: Awaited<ReturnType<typeof runNotes>>;
        try {
          found = await runNotes(runsDir());
        } catch {
          return; // a config that does not load: verifyRuns has already said so
        }
        for (const w of found.warnings) options.logger.warn(w);
        for (const n of found.notes) options.logger.info(n);
      },
    },
  };
}
