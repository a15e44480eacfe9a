// Hostile aid cookies through the middleware of every adapter: each is replaced by a
// fresh valid id (or, among duplicates, the valid one is kept), and the rendered HTML
// never contains the hostile value.
import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { MillimetricScript } from "@millimetric/remix";
import { millimetricLoader } from "@millimetric/remix/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get } from "./http";
import { report } from "./report";
import { freePort } from "@millimetric-internal/test-support/freePort";
import { startChild, type Child } from "./startChild";
import { testIngest } from "./testIngest";

const XSS = "</script><script>alert(1)</script>";
const CASES: Array<[name: string, cookie: string, needle: string]> = [
  ["XSS payload", `aid=${XSS}`, "<script>alert(1)"],
  ["percent-encoded XSS", "aid=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "alert(1)"],
  ["8 KB value", `aid=${"A".repeat(8192)}`, "A".repeat(200)],
  // Header bytes reach servers as latin1: the UTF-8 of "ü_🦄_\u2028", as a client sends it.
  ["unicode", `aid=${Buffer.from("ü_🦄_\u2028", "utf8").toString("latin1")}`, Buffer.from("🦄", "utf8").toString("latin1")],
  ["JSON breakout", 'aid=u_1","minted":false,"x":"', '"x":"'],
  ["empty", "aid=", 'window.__aid={"id":""'],
  ["duplicate, one valid", `aid=${XSS}; aid=u_validduplicate`, "alert(1)"],
];
const ID = /^u_[0-9a-f]{32}$/;
const injectedId = (html: string) => /window\.__aid=\{"id":"([^"]+)"/.exec(html)?.[1];
const setCookieId = (h: string | string[] | undefined) => /aid=([^;]*)/.exec(([] as string[]).concat(h ?? []).join("\n"))?.[1];

let ingest: Awaited<ReturnType<typeof testIngest>>;
let express: Child;
let next: Child;
const nextDir = fileURLToPath(new URL("../next-fixture", import.meta.url));
const nextBin = fileURLToPath(new URL("../../../node_modules/next/dist/bin/next", import.meta.url));
const outcomes: Record<string, string> = {};

beforeAll(async () => {
  ingest = await testIngest();
  const env = { INGEST_URL: ingest.url, INGEST_KEY: ingest.keys.secret, MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: ingest.url, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  // concurrency.test.ts builds the fixture too; files run one at a time, so build if missing.
  try {
    execFileSync("test", ["-f", `${nextDir}/.next/BUILD_ID`]);
  } catch {
    execFileSync(process.execPath, [nextBin, "build"], { cwd: nextDir, env: { ...process.env, ...env }, stdio: "pipe" });
  }
  [express, next] = await Promise.all([
    startChild(process.execPath, [fileURLToPath(new URL("../fixtures/expressApp.mjs", import.meta.url))], env),
    freePort().then((port) => startChild(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], env, nextDir)),
  ]);
}, 240_000);
afterAll(async () => {
  report("hostileCookies", outcomes);
  await Promise.all([express?.stop(), next?.stop()]);
  await ingest.close();
});

describe.each([
  ["Express", () => `${express.url}/page`],
  ["Next", () => `${next.url}/`],
])("%s", (adapter, url) => {
  it.each(CASES)("%s is replaced and never rendered", async (name, cookie, needle) => {
    // What a page navigation sends: a request from no browser is not given an id at all.
    const res = await get(url(), { cookie, accept: "text/html" });
    expect(res.status).toBe(200);
    // Express renders window.__aid; Next renders no script (the browser reads the cookie).
    const id = adapter === "Next" ? setCookieId(res.headers["set-cookie"]) : injectedId(res.body);
    expect(res.body).not.toContain(needle);
    expect(res.body).not.toContain(XSS);
    if (name === "duplicate, one valid") {
      expect(id).toBe("u_validduplicate");
      expect(setCookieId(res.headers["set-cookie"])).toBe("u_validduplicate"); // rewritten as the one cookie
    } else {
      expect(id).toMatch(ID);
      expect(setCookieId(res.headers["set-cookie"])).toBe(id);
    }
    outcomes[`${adapter}: ${name}`] = `HTTP ${res.status}, replaced by ${id === "u_validduplicate" ? "the valid duplicate" : "a fresh id"}, not in HTML`;
  });

  it("control characters: the server answers 400 or replaces the id, and keeps serving", async () => {
    const { host, port, pathname } = new URL(url());
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect(Number(port), host.split(":")[0], () => s.end(`GET ${pathname} HTTP/1.1\r\nHost: ${host}\r\nCookie: aid=u_\x01\x7f\x1b[31m\r\nConnection: close\r\n\r\n`));
      let out = "";
      s.on("data", (d) => (out += d));
      s.on("end", () => resolve(out));
      s.on("error", reject);
    });
    const status = Number(raw.split(" ")[1]);
    expect([200, 400]).toContain(status);
    expect(raw).not.toContain("\x1b[31m");
    expect((await get(url())).status).toBe(200);
    outcomes[`${adapter}: control characters`] = `HTTP ${status}, server still serving`;
  });
});

// React Router 7.10+ loader arguments (url, pattern): the loader answers with data().
describe("Remix / React Router (root loader + <MillimetricScript>)", () => {
  it.each(CASES)("%s is replaced and never rendered", async (name, cookie, needle) => {
    const request = new Request("http://127.0.0.1/", { headers: { cookie, accept: "text/html" } });
    const result = (await millimetricLoader({ request, params: {}, context: {}, url: new URL(request.url), pattern: "/" }, () => ({ ok: true }))) as unknown as {
      data: { millimetric: { id: string; minted: boolean } };
      init: { headers: Headers | Record<string, string> } | null;
    };
    const html = renderToString(createElement(MillimetricScript, { aid: result.data.millimetric }));
    expect(html).not.toContain(needle);
    expect(html).not.toContain(XSS);
    const setCookie = new Headers(result.init?.headers as HeadersInit).get("set-cookie") ?? "";
    if (name === "duplicate, one valid") expect(result.data.millimetric.id).toBe("u_validduplicate");
    else expect(result.data.millimetric.id).toMatch(ID);
    expect(setCookieId(setCookie)).toBe(result.data.millimetric.id);
    expect(injectedId(html)).toBe(result.data.millimetric.id);
    outcomes[`Remix: ${name}`] = "replaced, not in HTML";
  });
});
