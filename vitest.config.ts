import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        test: { name: "scripts", include: ["tests/scripts/**/*.test.ts"], environment: "node", testTimeout: 120_000, fileParallelism: false },
      },
      {
        test: {
          name: "site",
          include: ["tests/build/**/*.test.ts", "tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          // A demo upgrades when its module script has run; on a loaded two-core machine that can take
          // seconds, so polls (for "the controls are shown", "the readout says…") wait up to 15 s.
          expect: { poll: { timeout: 15_000 } },
          hookTimeout: 120_000,
          // Two cores: one Chromium at a time keeps the browser tests steady.
          fileParallelism: false,
        },
      },
    ],
  },
});
