/**
 * A preset's committed run in the browser (src/islands/trainer/committed.ts), with a fake getter
 * serving a hand-written log and manifest: fetched once, checked against its sha256, turned into
 * points; a missing or corrupt file leaves "failed" (the trainer then draws only the live run).
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { CommittedRuns, loadCommitted, pointsFromLog } from "../../../../src/islands/trainer/committed.ts";

const LOG = {
  initial: { trainAccuracy: 0.1, testAccuracy: 0.11, cost: 2.3, gradNorms: [0.01, 0.1] },
  epochs: [{ epoch: 5, trainAccuracy: 0.5, testAccuracy: 0.45, cost: 1.2, gradNorms: [0.02, 0.2], weightChange: [0.3, 0.4], weightGradNorms: [0.05, 0.5] }],
};
const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function site(files: Record<string, Uint8Array>) {
  const asked: string[] = [];
  return {
    asked,
    get: async (path: string) => {
      asked.push(path);
      const f = files[path];
      if (!f) throw new Error("HTTP 404");
      return f;
    },
  };
}
const good = () => {
  const log = bytes(LOG);
  return site({ "runs/x/log.json": log, "runs/x/manifest.json": bytes({ files: { "log.json": sha(log) } }) });
};

describe("committed runs in the browser", () => {
  it("a log becomes points: its initial snapshot at epoch 0 with no change, then its entries", async () => {
    const points = await loadCommitted(good().get, "x");
    expect(points).toEqual([
      { epoch: 0, trainAccuracy: 0.1, testAccuracy: 0.11, cost: 2.3, gradNorms: [0.01, 0.1], weightChange: [0, 0] },
      { epoch: 5, trainAccuracy: 0.5, testAccuracy: 0.45, cost: 1.2, gradNorms: [0.02, 0.2], weightChange: [0.3, 0.4], weightGradNorms: [0.05, 0.5] },
    ]);
  });

  it("a bad field names itself and the file", () => {
    expect(() => pointsFromLog({ ...LOG, epochs: [{ ...LOG.epochs[0], cost: "high" }] }, "runs/x/log.json")).toThrow('the field "epochs.0.cost" of runs/x/log.json is not valid ("high")');
    expect(() => pointsFromLog({ initial: LOG.initial }, "runs/x/log.json")).toThrow('the field "epochs" of runs/x/log.json is missing');
  });

  it("CommittedRuns fetches a preset's run once, says 'loading' meanwhile and calls back when it is in", async () => {
    const s = good();
    let calls = 0;
    let done!: () => void;
    const arrived = new Promise<void>((r) => (done = r));
    const runs = new CommittedRuns(s.get, () => (calls++, done()));
    expect(runs.has("x")).toBe(false);
    expect(runs.get("x")).toBe("loading");
    expect(runs.get("x")).toBe("loading");
    await arrived;
    expect(calls).toBe(1);
    expect((runs.get("x") as unknown[]).length).toBe(2);
    expect(s.asked.filter((p) => p === "runs/x/log.json")).toHaveLength(1);
  });

  it("a corrupt or missing log leaves it failed, with the reason", async () => {
    const log = bytes(LOG);
    const corrupt = site({ "runs/x/log.json": log, "runs/x/manifest.json": bytes({ files: { "log.json": sha(bytes({})) } }) });
    await expect(loadCommitted(corrupt.get, "x")).rejects.toThrow("runs/x/log.json does not match its sha256 in runs/x/manifest.json");
    for (const s of [corrupt, site({})]) {
      let done!: () => void;
      const arrived = new Promise<void>((r) => (done = r));
      const runs = new CommittedRuns(s.get, () => done());
      runs.get("x");
      await arrived;
      expect(runs.get("x")).toHaveProperty("failed");
    }
  });
});
