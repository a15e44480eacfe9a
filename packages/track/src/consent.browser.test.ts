// @vitest-environment node
// Consent and beforeSend in a real browser (Debian's Chromium through playwright-core)
// against the real ingest server (@millimetric/ingest, SQLite in memory) on 127.0.0.1:
// what the visitor's choice and the app's hook leave in the store, read back through the
// ingest's query API, and every request the page makes to /v1/batch.
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

let ingest: IngestServer;
let site: Server;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every POST the page sent to the ingest's /v1/batch, with the events in it. */
let posts: string[][];

/** The page's view of the SDK, built from dist the way an app bundles it. */
type Sdk = typeof import("./index");
declare global {
  interface Window {
    sdk: Sdk;
    reported: string[];
  }
}

async function stored(params: Record<string, string> = {}): Promise<QueriedEvent[]> {
  const res = await fetch(`${ingest.url}/v1/query?${new URLSearchParams({ limit: "1000", ...params })}`, {
    headers: { authorization: `Bearer ${ingest.keys.read}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: QueriedEvent[] }).events.reverse(); // oldest first
}

/** Waits until the store holds an event named `name` (bounded; the failure lists what arrived). */
async function storedEvent(name: string): Promise<QueriedEvent> {
  await expect.poll(async () => (await stored({ event: name })).length, { timeout: 20_000 }).toBeGreaterThan(0);
  return (await stored({ event: name }))[0]!;
}

/** Gives timers and requests time to run, to show that something did NOT happen. */
const quiet = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // env: {} so the shell's MILLIMETRIC_* variables cannot choose keys or limits.
  ingest = await startIngest({ port: 0, host: "127.0.0.1", dbPath: ":memory:", rateLimits: false, env: {} });
  const bundle = await build({
    stdin: { contents: `import * as sdk from "@millimetric/track"; window.sdk = sdk; window.reported = [];`, resolveDir: pkg },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    alias: { "@millimetric/track": pkg },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  // Any path is the same page, so tests can put a token in the URL.
  site = createServer((req, res) => {
    if (req.url === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>shop</title><script src="/sdk.js"></script>`);
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => site?.close(r));
  await ingest?.close();
});

beforeEach(async () => {
  context = await browser.newContext(); // a fresh visitor: no cookie, no localStorage
  page = await context.newPage();
  posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().startsWith(ingest.url + "/v1/batch")) {
      posts.push((JSON.parse(request.postData()!) as { events: Array<{ event: string }> }).events.map((e) => e.event));
    }
  });
});
afterEach(() => context?.close());

/** Loads `path` and starts the SDK there; `configure` (page-side code) runs first when given. */
async function open(path: string, configure?: () => void) {
  await page.goto(origin + path);
  if (configure) await page.evaluate(configure);
  await page.evaluate(
    ({ key, host }) => window.sdk.init({ key, host, flushIntervalMs: 200 }),
    { key: ingest.keys.publishable, host: ingest.url },
  );
}

describe("consent in Chromium", () => {
  it("after optOut() nothing is sent, on this page or the next; after optIn() events are sent again", async () => {
    await open("/consent");
    await page.evaluate(() => window.sdk.track("before_opt_out"));
    await page.evaluate(() => window.sdk.flush());
    const before = await storedEvent("before_opt_out");
    expect(before.source).toBe("browser");

    // Opting out: the cookie every server adapter reads, and silence from the browser.
    await page.evaluate(() => window.sdk.optOut());
    const optOut = (await context.cookies()).find((c) => c.name === "mm_optout");
    expect(optOut).toMatchObject({ value: "1", path: "/", sameSite: "Lax", httpOnly: false, secure: false }); // http: no Secure
    expect(optOut!.expires * 1000 - Date.now()).toBeGreaterThan(364 * 86_400_000);
    expect(await page.evaluate(() => [window.sdk.isOptedOut(), window.sdk.getAnonymousId(), localStorage.getItem("mm_aid")])).toEqual([true, undefined, null]);
    const sentBefore = posts.length;
    expect(posts.flat()).toContain("before_opt_out"); // the request watcher sees the SDK's batches
    await page.evaluate(() => {
      window.sdk.track("while_opted_out");
      history.pushState(null, "", "/consent/next");
    });
    await page.evaluate(() => window.sdk.flush());
    // The next page load: init finds the cookie and starts nothing, not even a $pageview.
    await open("/consent/reloaded");
    await page.evaluate(() => window.sdk.track("while_opted_out"));
    await quiet();
    expect(posts.length).toBe(sentBefore);
    expect(await stored({ event: "while_opted_out" })).toEqual([]);
    expect((await stored({ event: "$pageview" })).map((e) => e.path)).not.toContain("/consent/reloaded");

    // Opting in again: the cookie goes, the SDK starts on this page with a fresh id.
    await page.evaluate(() => window.sdk.optIn());
    expect((await context.cookies()).map((c) => c.name)).not.toContain("mm_optout");
    await page.evaluate(() => window.sdk.track("after_opt_in"));
    await page.evaluate(() => window.sdk.flush());
    const after = await storedEvent("after_opt_in");
    expect(after.anonymous_id).toMatch(/^u_[0-9a-f]{32}$/);
    expect(after.anonymous_id).not.toBe(before.anonymous_id);
    expect((await stored({ anonymous_id: after.anonymous_id! })).map((e) => [e.event, e.path])).toEqual([
      ["$pageview", "/consent/reloaded"],
      ["after_opt_in", "/consent/reloaded"],
    ]);
    expect(await stored({ event: "while_opted_out" })).toEqual([]);
  });
});

describe("beforeSend in Chromium", () => {
  it("a hook that redacts a token from the URL: the store holds the redacted URL only", async () => {
    await open("/reset-password?token=s3cr3t-t0ken&step=2", () =>
      window.sdk.configure({ beforeSend: (event) => ({ ...event, url: event.url?.replace(/([?&]token=)[^&#]*/, "$1redacted") }) }),
    );
    await page.evaluate(() => window.sdk.track("reset_viewed"));
    await page.evaluate(() => window.sdk.flush());
    const event = await storedEvent("reset_viewed");
    expect(event.url).toBe(`${origin}/reset-password?token=redacted&step=2`);
    const visitor = await stored({ anonymous_id: event.anonymous_id! });
    expect(visitor.map((e) => e.event)).toEqual(["$pageview", "reset_viewed"]);
    expect(JSON.stringify(visitor)).not.toContain("s3cr3t");
  });

  it("a hook that throws drops only that event, reports it, and track() goes on", async () => {
    await open("/throwing-hook", () =>
      window.sdk.configure({
        beforeSend: (event) => {
          if (event.event === "boom") throw new Error("hook bug");
          return event;
        },
        onError: (error) => void window.reported.push(error.code),
      }),
    );
    const threw = await page.evaluate(() => {
      try {
        window.sdk.track("before_boom");
        window.sdk.track("boom");
        window.sdk.track("after_boom");
        return false;
      } catch {
        return true;
      }
    });
    expect(threw).toBe(false);
    await page.evaluate(() => window.sdk.flush());
    const after = await storedEvent("after_boom");
    expect((await stored({ anonymous_id: after.anonymous_id! })).map((e) => e.event)).toEqual(["$pageview", "before_boom", "after_boom"]);
    expect(await stored({ event: "boom" })).toEqual([]);
    expect(await page.evaluate(() => window.reported)).toEqual(["before_send_failed"]);
  });
});
