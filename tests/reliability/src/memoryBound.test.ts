import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { report } from "./report";

it("1 000 000 track() calls against a stalled server: RSS stays bounded by the queue cap and every drop is reported", () => {
  const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(new URL("./memoryBound.child.mjs", import.meta.url))], { encoding: "utf8", timeout: 120_000 });
  expect(child.status, child.stderr).toBe(0);
  const r = JSON.parse(child.stdout.trim().split("\n").pop()!);
  report("memoryBound", r);
  // The default cap holds 100 000 events; up to 4 requests of ≤ 1000 are stuck in flight.
  expect(r.queued).toBe(100_000);
  const stuck = r.calls - r.queued - r.dropped;
  expect(stuck).toBeGreaterThan(0);
  expect(stuck).toBeLessThanOrEqual(r.inFlight * 1000);
  expect(r.reported).toBe(r.dropped);
  // What stays live after GC is the capped queue (~100 000 × ~350 B), not a million
  // events' worth. RSS also carries garbage the GC has not reclaimed yet, so its peak
  // wobbles run to run (180–340 MB here); it stays far below an uncapped queue's.
  expect(r.heapLiveMB).toBeLessThan(100);
  expect(r.rssPeakMB - r.rssStartMB).toBeLessThan(500);
});
