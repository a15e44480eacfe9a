// The long-running defaults when the app configures nothing: app.use(millimetric()) with
// the key in the environment creates track-node's default client batched (flushAt 50).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import express from "express";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { flush, millimetric, track } from "./index";
import { agent, request } from "./testing/request";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";

let ingest: Awaited<ReturnType<typeof startStubIngest>>;
let server: Server;
beforeAll(async () => {
  ingest = await startStubIngest();
});
afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server?.close(r));
  await ingest.close();
  vi.unstubAllEnvs();
});

it("app.use(millimetric()) with the key in the environment: the default client it creates batches (flushAt 50) until flush()", async () => {
  vi.stubEnv("MILLIMETRIC_SECRET_KEY", "sk_test_abcdef12_secretsecretsecret");
  vi.stubEnv("MILLIMETRIC_HOST", ingest.url);
  // No default client yet in this process: the middleware is the one that creates it.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("millimetric.defaultClient")];
  const app = express();
  app.use(millimetric());
  app.get("/", (req, res) => res.send(track({ event: "batched", properties: { n: Number(req.query.n) } })));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const start = Date.now();
  for (let n = 0; n < 10; n++) await request(`${url}/?n=${n}`, { headers: { cookie: "aid=u_returning" } });
  // Sent one by one (flushAt 1), each would arrive within a few ms of its request; batched,
  // nothing leaves before 50 events or the 1 s interval, which starts no sooner than the
  // first track(). Judged by arrival time, not by how long the requests took: on a loaded
  // machine the interval may well have fired by now, and that is not a failure.
  await sleep(300);
  expect(ingest.requests.filter((r) => r.at < start + 900)).toEqual([]);
  await flush();
  expect(ingest.events.map((e) => (e.properties as { n: number }).n)).toEqual(Array.from({ length: 10 }, (_, n) => n));
  // One POST per interval tick that can have elapsed, plus flush()'s (10 with flushAt 1).
  expect(ingest.requests.length).toBeLessThanOrEqual(Math.floor((Date.now() - start) / 1000) + 1);
});
