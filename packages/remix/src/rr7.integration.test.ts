// Builds and serves a React Router v7 framework-mode app (test/fixture) with
// react-router-serve, wired to the real local ingest server, and checks that one visitor
// id flows through Set-Cookie, window.__aid, root-loader and action events, and the
// browser SDK in Chromium.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIngest, type IngestServer, type QueriedEvent } from "@millimetric/ingest";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@millimetric-internal/test-support/freePort";

const fixture = fileURLToPath(new URL("../test/fixture", import.meta.url));
const bin = (pkg: string) => fileURLToPath(import.meta.resolve(`${pkg}/package.json`)).replace(/package\.json$/, "bin.js");
const ID = /^u_[0-9a-f]{32}$/;

let ingest: IngestServer;
const servers: ChildProcess[] = [];
let base: string;
let baseMiddleware: string;
const scratch = mkdtempSync(join(tmpdir(), "mm-remix-"));

function run(cmd: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (out += c));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd.join(" ")} exited ${code}:\n${out}`))));
  });
}

/** Builds the fixture (optionally with route middleware) and serves it with react-router-serve. */
async function buildAndServe(middleware: boolean): Promise<string> {
  const env = { ...process.env, NODE_ENV: "production", MM_FIXTURE_MIDDLEWARE: middleware ? "1" : "0" };
  await run([bin("@react-router/dev"), "build"], { cwd: fixture, env });
  const port = await freePort();
  const server = spawn(process.execPath, [bin("@react-router/serve"), `./${middleware ? "build-middleware" : "build"}/server/index.js`], {
    cwd: fixture,
    env: {
      ...env,
      HOST: "127.0.0.1",
      PORT: String(port),
      MILLIMETRIC_SECRET_KEY: ingest.keys.secret,
      MILLIMETRIC_HOST: ingest.url,
      MILLIMETRIC_PUBLISHABLE_KEY: ingest.keys.publishable,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  servers.push(server);
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 30_000; ; ) {
    try {
      await fetch(`${url}/__manifest?p=/&version=x`);
      return url;
    } catch {
      if (Date.now() > end) throw new Error("react-router-serve did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  ingest = await startIngest({ port: 0, rateLimits: false, dbPath: join(scratch, "events.sqlite") });
  base = await buildAndServe(false);
  baseMiddleware = await buildAndServe(true);
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.kill();
  await ingest?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The ingest's events for one visitor, once `done` holds (polls; the SDK sends in the background). */
async function eventsOf(anonymousId: string, done: (events: QueriedEvent[]) => boolean): Promise<QueriedEvent[]> {
  let events: QueriedEvent[] = [];
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const res = await fetch(`${ingest.url}/v1/query?anonymous_id=${anonymousId}&limit=100`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    events = ((await res.json()) as { events: QueriedEvent[] }).events;
    if (done(events)) return events;
  }
  return events;
}
const names = (events: QueriedEvent[]) => events.map((e) => e.event).sort();

function aidCookies(res: Response): string[] {
  return res.headers.getSetCookie().filter((c) => c.startsWith("aid="));
}
function cookieId(res: Response): string | undefined {
  return aidCookies(res)[0]?.slice(4).split(";")[0];
}
function scriptPayload(html: string): { id: string; minted: boolean } | undefined {
  const m = /<script>window\.__aid=(\{[^<]*\});<\/script>/.exec(html);
  return m ? JSON.parse(m[1]!) : undefined;
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("React Router v7 (framework mode, react-router-serve)", () => {
  it("first visit: Set-Cookie id == window.__aid == root-loader and route-loader events; then an action with the cookie", async () => {
    const first = await fetch(`${base}/`);
    expect(first.status).toBe(200);
    const id = cookieId(first)!;
    expect(id).toMatch(ID);
    expect(aidCookies(first)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(scriptPayload(await first.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(id, (e) => e.length >= 2))).toEqual(["home_loaded", "root_loaded"]);

    const action = await fetch(`${base}/?index`, {
      method: "POST",
      headers: { cookie: `aid=${id}`, "content-type": "application/x-www-form-urlencoded" },
      body: form({ plan: "team" }),
    });
    expect(action.status).toBe(200);
    expect(aidCookies(action)).toEqual([]);
    expect(scriptPayload(await action.text())).toEqual({ id, minted: false });
    const events = await eventsOf(id, (e) => e.some((x) => x.event === "action_submitted"));
    expect(events.find((e) => e.event === "action_submitted")).toMatchObject({ anonymous_id: id, source: "server", properties: { plan: "team" } });
    expect(events.every((e) => e.anonymous_id === id)).toBe(true);
  });

  it("a first-visit form POST: the action and the loaders after it share one minted id", async () => {
    const res = await fetch(`${base}/?index`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ plan: "starter" }),
    });
    expect(res.status).toBe(200);
    const id = cookieId(res)!;
    expect(id).toMatch(ID);
    expect(aidCookies(res)).toHaveLength(1);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    const events = await eventsOf(id, (e) => e.length >= 3);
    expect(names(events)).toEqual(["action_submitted", "home_loaded", "root_loaded"]);
  });

  it("withMillimetric: plain track() in an action, and a first visit's redirect carries the cookie", async () => {
    const res = await fetch(`${base}/signup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ email: "a@example.com" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const id = cookieId(res)!;
    expect(id).toMatch(ID);
    const [signup] = await eventsOf(id, (e) => e.length >= 1);
    expect(signup).toMatchObject({ event: "signup", anonymous_id: id, user_id: "user_42" });
  });

  it("a thrown data() response keeps its status and gets the cookie once", async () => {
    const res = await fetch(`${base}/gone`);
    expect(res.status).toBe(410);
    const id = cookieId(res)!;
    expect(aidCookies(res)).toHaveLength(1);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(id, (e) => e.length >= 2))).toEqual(["gone_loaded", "root_loaded"]);
  });

  it("a hostile cookie is replaced and never reaches the HTML", async () => {
    const payload = "</script><script>alert(1)</script>";
    const res = await fetch(`${base}/`, { headers: { cookie: `aid=${encodeURIComponent(payload)}` } });
    const html = await res.text();
    const id = cookieId(res)!;
    expect(id).toMatch(ID);
    expect(html).not.toContain("alert(1)");
    expect(scriptPayload(html)).toEqual({ id, minted: true });
  });

  it("in Chromium the browser SDK adopts the server's id: its $pageview stitches to the server events", async () => {
    const profile = mkdtempSync(join(scratch, "chromium-"));
    let browser: BrowserContext | undefined;
    try {
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      });
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      const cookie = (await browser.cookies(base)).find((c) => c.name === "aid");
      expect(cookie?.value).toMatch(ID);
      await page.waitForFunction((id) => document.getElementById("browser-aid")?.textContent === id, cookie!.value, { timeout: 15_000 });
      const events = await eventsOf(cookie!.value, (e) => e.some((x) => x.event === "$pageview"));
      expect(events.find((e) => e.event === "$pageview")).toMatchObject({ source: "browser", anonymous_id: cookie!.value });
      expect(names(events.filter((e) => e.source === "server"))).toEqual(["home_loaded", "root_loaded"]);
    } finally {
      await browser?.close();
    }
  }, 60_000);
});

describe("React Router v7 with future.v8_middleware and millimetricMiddleware()", () => {
  it("plain track() in any loader carries the first visit's id; one Set-Cookie", async () => {
    const res = await fetch(`${baseMiddleware}/plain`);
    expect(res.status).toBe(200);
    const id = cookieId(res)!;
    expect(id).toMatch(ID);
    expect(aidCookies(res)).toEqual([`aid=${id}; Path=/; Max-Age=31536000; SameSite=Lax`]);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(id, (e) => e.length >= 2))).toEqual(["plain_loaded", "root_loaded"]);
  });

  it("a first-visit form POST: action and loaders share the id through the middleware's context", async () => {
    const res = await fetch(`${baseMiddleware}/?index`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ plan: "growth" }),
    });
    expect(res.status).toBe(200);
    const id = cookieId(res)!;
    expect(aidCookies(res)).toHaveLength(1);
    expect(scriptPayload(await res.text())).toEqual({ id, minted: true });
    expect(names(await eventsOf(id, (e) => e.length >= 3))).toEqual(["action_submitted", "home_loaded", "root_loaded"]);
  });
});
