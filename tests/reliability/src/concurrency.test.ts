import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, pool } from "./http";
import { report } from "./report";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { startChild, type Child } from "./startChild";
import { testIngest } from "./testIngest";

const N = 5000;
const nextDir = fileURLToPath(new URL("../next-fixture", import.meta.url));
const nextBin = fileURLToPath(new URL("../../../node_modules/next/dist/bin/next", import.meta.url));
let ingest: Awaited<ReturnType<typeof testIngest>>;
let express: Child;
let next: Child;

beforeAll(async () => {
  ingest = await testIngest();
  const env = { INGEST_URL: ingest.url, INGEST_KEY: ingest.keys.secret, MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: ingest.url, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync(process.execPath, [nextBin, "build"], { cwd: nextDir, env: { ...process.env, ...env }, stdio: "pipe" });
  [express, next] = await Promise.all([
    startChild(process.execPath, [fileURLToPath(new URL("../fixtures/expressApp.mjs", import.meta.url))], { ...env, FLUSH_AT: "100", FLUSH_INTERVAL_MS: "200" }),
    freePort().then((port) => startChild(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], env, nextDir)),
  ]);
}, 240_000);
afterAll(async () => {
  await Promise.all([express?.stop(), next?.stop()]);
  await ingest.close();
});

/** Every stored event of `name` whose anonymous_id is not the id its request was sent with. */
function misattributed(name: string): { events: number; wrong: number } {
  const rows = ingest.sql<{ anonymous_id: string; properties: string }>("SELECT anonymous_id, properties FROM events WHERE event = ?", name);
  return { events: rows.length, wrong: rows.filter((r) => JSON.parse(r.properties).expect !== r.anonymous_id).length };
}
async function settled(name: string, want: number) {
  for (let i = 0; i < 200 && misattributed(name).events < want; i++) await new Promise((r) => setTimeout(r, 100));
  return misattributed(name);
}

describe(`${N} concurrent requests with distinct ids and random awaits`, () => {
  it("Express: zero events attributed to the wrong request", async () => {
    const t0 = Date.now();
    await pool(N, 500, (i) => get(`${express.url}/work`, { cookie: `aid=u_express_${i}`, "x-expect": `u_express_${i}` }));
    const work = await settled("work", N);
    const done = await settled("work_done", N);
    report("concurrencyExpress", { requests: N, events: work.events + done.events, misattributed: work.wrong + done.wrong, seconds: (Date.now() - t0) / 1000 });
    expect(work).toEqual({ events: N, wrong: 0 });
    expect(done).toEqual({ events: N, wrong: 0 });
  });

  it("Next (route handler, @millimetric/next/server): zero events attributed to the wrong request", async () => {
    const t0 = Date.now();
    const before = misattributed("work").events;
    await pool(N, 200, (i) => get(`${next.url}/api/work`, { cookie: `aid=u_next_${i}`, "x-expect": `u_next_${i}` }));
    const work = await settled("work", before + N);
    const done = await settled("work_done", before + N);
    report("concurrencyNext", { requests: N, events: work.events + done.events - 2 * before, misattributed: work.wrong + done.wrong, seconds: (Date.now() - t0) / 1000 });
    expect(work.events - before).toBe(N);
    expect(work.wrong + done.wrong).toBe(0);
  });
});

it("serverless shape: a Next route handler that returns at once still delivers every event (after-response flush), 200 requests", async () => {
  const t0 = Date.now();
  const statuses = await pool(200, 20, (i) => get(`${next.url}/api/fast`, { cookie: `aid=u_fast_${i}` }, "POST"));
  const answeredMs = Date.now() - t0;
  expect(statuses.every((r) => r.status === 204)).toBe(true);
  const count = () => ingest.sql<{ n: number }>("SELECT COUNT(DISTINCT anonymous_id) AS n FROM events WHERE event = 'fast'")[0]!.n;
  let stored = count();
  for (let i = 0; i < 100 && stored < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    stored = count();
  }
  report("serverlessAfterFlush", { requests: 200, delivered: stored, answeredMs, allStoredMs: Date.now() - t0 });
  expect(stored).toBe(200);
});
