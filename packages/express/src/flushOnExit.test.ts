import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agent, request } from "./testing/request";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";

const appFile = fileURLToPath(new URL("./testing/flushOnExitApp.mjs", import.meta.url));
let ingest: Awaited<ReturnType<typeof startStubIngest>>;
const children: ChildProcess[] = [];
beforeAll(async () => {
  ingest = await startStubIngest();
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
afterAll(async () => {
  agent.destroy();
  await ingest.close();
});

/** Starts the app in a child process; resolves with its URL and a log of its JSON lines. */
async function startApp(env: Record<string, string>, arg = "") {
  const child = spawn(process.execPath, [appFile, arg], { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\n")) !== -1) {
        const line = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (line.port) resolve(line.port);
      }
    });
    child.on("exit", () => reject(new Error("app exited before listening")));
  });
  return { child, url: `http://127.0.0.1:${port}`, lines, exited };
}

async function sendQueued(url: string, n: number, path = "/") {
  // A browser's first visits: each one is minted (no cookie, browser signals).
  for (let i = 0; i < n; i++) await request(`${url}${path}?n=${i}`, { headers: { connection: "close", "sec-fetch-site": "none" } });
}

describe("flushOnExit", () => {
  it("SIGTERM with events queued: everything is delivered, then the process ends by that signal", async () => {
    const { child, url, exited } = await startApp({ INGEST_URL: ingest.url });
    const before = ingest.events.length;
    await sendQueued(url, 25);
    expect(ingest.events.length).toBe(before); // still queued: flushAt 1000, interval 10 min
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
    const delivered = ingest.events.slice(before);
    expect(delivered.map((e) => (e.properties as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(delivered.every((e) => typeof e.anonymous_id === "string" && /^u_[0-9a-f]{32}$/.test(e.anonymous_id))).toBe(true);
  });

  it("by default (no flushAt, no flushOnExit): events wait in batches of 50, and SIGTERM delivers them before the process ends by it", async () => {
    const { child, url, exited } = await startApp({ INGEST_URL: ingest.url }, "defaults");
    const before = ingest.events.length;
    await sendQueued(url, 25);
    expect(ingest.events.length).toBe(before); // still queued: 25 < flushAt 50, interval 10 min
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
    const delivered = ingest.events.slice(before);
    expect(delivered.map((e) => (e.properties as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("several middlewares with flushOnExit (also from the CJS copy): one flush of every client (a shared one once), then the process ends by SIGTERM", async () => {
    const { child, url, exited, lines } = await startApp({ INGEST_URL: ingest.url }, "two-mounts");
    const before = ingest.events.length;
    await sendQueued(url, 10, "/app");
    await sendQueued(url, 10, "/api");
    await sendQueued(url, 5, "/shared");
    await sendQueued(url, 5, "/cjs");
    expect(ingest.events.length).toBe(before); // all still queued
    child.kill("SIGTERM");
    // Each middleware's listener used to defer to the other's: the process never ended.
    const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running 3 s after SIGTERM"), 3000))]);
    expect(outcome).toEqual({ code: null, signal: "SIGTERM" });
    const delivered = ingest.events.slice(before).map((e) => e.properties as { n: number; mount: string });
    const sorted = (mount: string) => delivered.filter((p) => p.mount === mount).map((p) => p.n).sort((a, b) => a - b);
    expect(sorted("/app")).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(sorted("/api")).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(sorted("/shared")).toEqual(Array.from({ length: 5 }, (_, i) => i));
    expect(sorted("/cjs")).toEqual(Array.from({ length: 5 }, (_, i) => i));
    expect(delivered).toHaveLength(30);
    expect(lines.filter((l) => l.sharedFlush)).toHaveLength(1);
  });

  it("with an app listener of its own, flushes but never exits the process", async () => {
    const { child, url, exited, lines } = await startApp({ INGEST_URL: ingest.url }, "own-listener");
    const before = ingest.events.length;
    await sendQueued(url, 10);
    child.kill("SIGTERM");
    await ingest.waitFor(before + 10);
    await new Promise((r) => setTimeout(r, 400));
    expect(lines).toContainEqual({ appHandler: true });
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    expect((await request(`${url}/?n=99`, { headers: { connection: "close" } })).status).toBe(200);
    child.kill("SIGKILL");
    await exited;
  });

  it("a flush that cannot finish is cut off at timeoutMs", async () => {
    // An ingest that accepts connections and never answers.
    const blackhole = createServer(() => {});
    await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
    try {
      const { child, url, exited } = await startApp({
        INGEST_URL: `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}`,
        FLUSH_TIMEOUT_MS: "300",
      });
      await sendQueued(url, 3);
      const t0 = Date.now();
      child.kill("SIGTERM");
      expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(5000);
    } finally {
      blackhole.closeAllConnections();
      await new Promise((r) => blackhole.close(r));
    }
  });
});
