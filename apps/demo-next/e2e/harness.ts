import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { freePort } from "@millimetric-internal/test-support/freePort";

export const appDir = fileURLToPath(new URL("..", import.meta.url));
export const artifacts = join(appDir, "test-artifacts");

/** The demo's .env: the development keys the local ingest server must accept. */
export function demoEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(appDir, ".env"), "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export interface Stack {
  ingest: IngestServer;
  appUrl: string;
  /** What `next build` printed, route table included (also in test-artifacts/next-build.log). */
  buildOutput: string;
  browser: Browser;
  /** A fresh browser profile (no cookies, no storage), optionally with an init script. */
  context(init?: () => void): Promise<BrowserContext>;
  /** GET /v1/query with the read key. */
  query(params: Record<string, string>): Promise<QueriedEvent[]>;
  /** Polls /v1/query until `until` holds (the browser SDK batches every 2 s). */
  waitFor(params: Record<string, string>, until: (events: QueriedEvent[]) => boolean, ms?: number): Promise<QueriedEvent[]>;
  close(): Promise<void>;
}

/**
 * `next build` of the demo, pointed at `browserHost`: a static page renders its layout at
 * build time, so the browser host it hands the provider is the one the build saw.
 */
function buildApp(browserHost: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [join(appDir, "../../node_modules/next/dist/bin/next"), "build"], {
      cwd: appDir,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", MILLIMETRIC_BROWSER_HOST: browserHost },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    build.stdout!.on("data", (d) => (out += d));
    build.stderr!.on("data", (d) => (out += d));
    build.once("error", reject);
    build.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`next build failed (exit ${code}):\n${out}`))));
  });
}

/**
 * The real stack on loopback: the ingest server (fresh database, the demo's keys), the
 * demo built for it and run under `next start`, and Debian's Chromium through playwright-core.
 */
export async function startStack(): Promise<Stack> {
  const env = demoEnv();
  const dir = mkdtempSync(join(tmpdir(), "mm-e2e-"));
  const ingest = await startIngest({
    port: 0,
    dbPath: join(dir, "db.sqlite"),
    keys: { publishable: env.NEXT_PUBLIC_MILLIMETRIC_KEY, secret: env.MILLIMETRIC_SECRET_KEY, read: env.MILLIMETRIC_READ_KEY },
  });
  mkdirSync(artifacts, { recursive: true });
  const buildOutput = await buildApp(ingest.url).catch(async (err) => {
    await ingest.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  writeFileSync(join(artifacts, "next-build.log"), buildOutput);
  const port = await freePort();
  const next: ChildProcess = spawn(process.execPath, [join(appDir, "../../node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", MILLIMETRIC_HOST: ingest.url, MILLIMETRIC_BROWSER_HOST: ingest.url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  next.stdout!.on("data", (d) => (log += d));
  next.stderr!.on("data", (d) => (log += d));
  const appUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${appUrl}/option-c`)).ok) break;
    } catch {}
    if (i > 300 || next.exitCode !== null) throw new Error(`next start did not come up:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const query = async (params: Record<string, string>) => {
    const res = await fetch(`${ingest.url}/v1/query?${new URLSearchParams({ limit: "1000", ...params })}`, { headers: { authorization: `Bearer ${env.MILLIMETRIC_READ_KEY}` } });
    if (!res.ok) throw new Error(`query ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { events: QueriedEvent[] }).events;
  };
  return {
    ingest,
    appUrl,
    buildOutput,
    browser,
    async context(init) {
      const ctx = await browser.newContext({ baseURL: appUrl });
      if (init) await ctx.addInitScript(init);
      return ctx;
    },
    query,
    async waitFor(params, until, ms = 10_000) {
      const end = Date.now() + ms;
      for (;;) {
        const events = await query(params);
        if (until(events)) return events;
        if (Date.now() > end) throw new Error(`waited ${ms} ms for ${JSON.stringify(params)}; got ${JSON.stringify(events.map((e) => [e.event, e.source, e.path, e.anonymous_id]))}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close() {
      await browser.close();
      next.kill("SIGTERM");
      await new Promise((r) => (next.exitCode !== null ? r(null) : next.once("exit", r)));
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
