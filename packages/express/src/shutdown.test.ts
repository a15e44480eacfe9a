// The package's flush() and shutdown() on SIGTERM, in a child process installed from the
// packed tarballs, against the real ingest server: every event queued in the middleware's
// client reaches the database, whichever way the app is wired.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import { cleanEnv, installPackedApp } from "@millimetric-internal/test-support/packedApp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { agent, request } from "./testing/request";

const N = 30;
const ID = /^u_[0-9a-f]{32}$/;
let appDir: string;
let ingest: IngestServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [appDir, ingest] = await Promise.all([
    installPackedApp({
      template: fileURLToPath(new URL("./testing/shutdownApp", import.meta.url)),
      millimetric: ["@millimetric/express"],
      dependencies: { express: "5.3.0", express4: "npm:express@4.22.3" },
      packageJson: { type: "module" },
    }),
    startIngest({ port: 0, rateLimits: false, dbPath: join(mkdtempSync(join(tmpdir(), "mm-express-shutdown-")), "events.sqlite") }),
  ]);
}, 240_000);
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
afterAll(async () => {
  agent.destroy();
  await ingest?.close();
});

/** Starts the app; resolves once it listens, with its URL, its exit and its stderr so far. */
async function startApp(env: Record<string, string>) {
  // No MILLIMETRIC_* from the developer's shell: each case sets exactly what it tests.
  const base = cleanEnv({ NODE_ENV: "production", MILLIMETRIC_SECRET_KEY: undefined, MILLIMETRIC_HOST: undefined });
  const child = spawn(process.execPath, ["app.mjs"], { cwd: appDir, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`the app exited before listening:\n${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited, stderr: () => stderr };
}

/** The events named `event` the real ingest stored. */
async function stored(event: string): Promise<Array<{ anonymous_id?: string; properties: { n: number } }>> {
  const res = await request(`${ingest.url}/v1/query?event=${event}&limit=1000`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { events: Array<{ anonymous_id?: string; properties: { n: number } }> }).events;
}

const cases: Array<[label: string, variant: string, withEnvKey: boolean, exit: { code: number | null; signal: NodeJS.Signals | null }]> = [
  ["module flush() after millimetric({ key, host }), no MILLIMETRIC_SECRET_KEY", "flush", false, { code: 0, signal: null }],
  ["module flush() after millimetric({ key, host }), MILLIMETRIC_SECRET_KEY set too", "flush", true, { code: 0, signal: null }],
  ["module shutdown() after millimetric({ key, host })", "shutdown", false, { code: 0, signal: null }],
  ["flushOnExit and the app's own SIGTERM handler (flush(), then process.exit)", "flushOnExit+handler", false, { code: 0, signal: null }],
  ["flushOnExit without a handler of the app's", "flushOnExit", false, { code: null, signal: "SIGTERM" }],
  ["millimetric({ client }) and module flush()", "client", false, { code: 0, signal: null }],
  ["the middleware from the CJS build, flush() from the ESM build", "cjs", false, { code: 0, signal: null }],
];

it("the README's first-party relay, from the packed tarball: a browser batch through /_mm is stored with the visitor's User-Agent and IP", async () => {
  const app = await startApp({ EXPRESS: "5", VARIANT: "relay", INGEST_URL: ingest.url, INGEST_KEY: ingest.keys.secret, EVENT: "unused", MILLIMETRIC_HOST: ingest.url });
  const event = { event: "relayed_pageview", event_id: "e_relay_packed_1", anonymous_id: "u_relay_packed", timestamp: new Date().toISOString() };
  const res = await request(`${app.url}/_mm/v1/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${ingest.keys.publishable}`, "content-type": "application/json", origin: app.url, "user-agent": "relay-fixture/1.0", cookie: "aid=u_relay_packed; session=secret" },
    body: JSON.stringify({ events: [event] }),
  });
  expect(res.status, res.body).toBeLessThan(300);
  const [stored] = (await (async () => {
    const q = await request(`${ingest.url}/v1/query?event=relayed_pageview&limit=10`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    return (JSON.parse(q.body) as { events: Array<Record<string, unknown>> }).events;
  })());
  expect(stored).toMatchObject({ event: "relayed_pageview", anonymous_id: "u_relay_packed", source: "browser", ip: "127.0.0.1" });
  app.child.kill("SIGTERM");
  await app.exited;
  expect(app.stderr()).toBe("");
}, 60_000);

describe.each([["Express 4", "4"], ["Express 5", "5"]])("%s", (name, version) => {
  it.each(cases)("SIGTERM: %s delivers all 30 queued events", async (label, variant, withEnvKey, exit) => {
    const event = `queued_${version}_${cases.findIndex((c) => c[0] === label)}`;
    const env: Record<string, string> = { EXPRESS: version, VARIANT: variant, INGEST_URL: ingest.url, INGEST_KEY: ingest.keys.secret, EVENT: event };
    if (withEnvKey) Object.assign(env, { MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: ingest.url });
    const app = await startApp(env);
    const ids: string[] = [];
    // Browsers' first visits, one at a time: each is minted its own id.
    for (let n = 0; n < N; n++) ids.push((await request(`${app.url}/?n=${n}`, { headers: { "sec-fetch-site": "none", connection: "close" } })).body);
    expect(new Set(ids).size).toBe(N);
    expect(await stored(event)).toEqual([]); // all still queued in the app
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual(exit);
    const events = await stored(event);
    expect(events.map((e) => e.properties.n).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, n) => n));
    expect(events.every((e) => ID.test(e.anonymous_id ?? "") && ids.includes(e.anonymous_id!))).toBe(true);
    expect(app.stderr()).toBe("");
    void name;
  }, 60_000);

  it("SIGTERM with nothing queued and no key anywhere: flush() resolves, the app exits 0", async () => {
    const app = await startApp({ EXPRESS: version, VARIANT: "flush", EVENT: "never" });
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.stderr()).toBe("");
  }, 60_000);
});
