import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { get, pool } from "./http";
import { report } from "./report";
import { startChild } from "./startChild";
import { testIngest } from "./testIngest";

let ingest: Awaited<ReturnType<typeof testIngest>>;
// The published rate limits stay on: the exit flush must pace itself, not meet 429s.
beforeAll(async () => void (ingest = await testIngest({ rateLimits: undefined })));
afterAll(() => ingest.close());

it("SIGTERM with 10 000 events queued in a long-running Express app (flushOnExit): all delivered before exit", async () => {
  const app = await startChild(process.execPath, [fileURLToPath(new URL("../fixtures/expressApp.mjs", import.meta.url))], {
    INGEST_URL: ingest.url,
    INGEST_KEY: ingest.keys.secret,
    NODE_ENV: "production",
  });
  // 10 000 browsers' first visits (no cookie yet; Sec-Fetch-Site lets the middleware mint).
  const ids = await pool(10_000, 64, async (n) => (await get(`${app.url}/queue?n=${n}`, { "sec-fetch-site": "none" })).body);
  expect(new Set(ids).size).toBe(10_000);
  expect(ingest.count("").rows).toBe(0); // all still queued in the app
  const t0 = Date.now();
  const exit = await app.stop("SIGTERM");
  const { rows, distinct } = ingest.count("");
  report("sigtermFlushOnExit", { queued: 10_000, delivered: distinct, rows, exitedBy: exit.signal ?? exit.code, msToExit: Date.now() - t0 });
  expect(exit).toEqual({ code: null, signal: "SIGTERM" });
  expect(rows).toBe(10_000);
  expect(distinct).toBe(10_000);
});
