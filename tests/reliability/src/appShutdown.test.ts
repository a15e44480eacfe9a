// Issue 29: an Express app on the defaults (flushOnExit on, flushAt 50) that handles SIGTERM
// itself must finish its own shutdown (its in-flight request answered, its cleanup run,
// its own exit status) and still have every queued event delivered by flushOnExit; an app
// without a handler ends by the signal, after delivery. The real ingest; one child each.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { report } from "./report";
import { testIngest } from "./testIngest";

let ingest: Awaited<ReturnType<typeof testIngest>>;
beforeAll(async () => void (ingest = await testIngest()));
afterAll(() => ingest.close());

const appFile = fileURLToPath(new URL("../fixtures/expressShutdownApp.mjs", import.meta.url));
const QUEUED = 20;

const cases: Array<[string, { code: number | null; signal: NodeJS.Signals | null }]> = [
  ["once", { code: 4, signal: null }],
  ["self-removing", { code: 3, signal: null }],
  ["close-with-grace", { code: 0, signal: null }],
  ["none", { code: null, signal: "SIGTERM" }],
];

it.each(cases)("SIGTERM, app handler %s: its shutdown completes with its own exit status, every queued event delivered", async (mode, expected) => {
  const prefix = `shutdown-${mode}-`;
  const app = await start(mode, prefix);
  // First visits from a browser (Sec-Fetch-Site lets the middleware mint an id).
  for (let n = 0; n < QUEUED; n++) expect(await get(`${app.url}/queue?n=${n}`)).toBe("ok");
  const owns = mode !== "none";
  const slow = owns ? get(`${app.url}/slow`).catch((err: Error) => `failed: ${err.message}`) : undefined;
  if (owns) await app.waitFor("SLOW");
  expect(ingest.count(prefix).rows).toBe(0); // all still queued in the app
  app.child.kill("SIGTERM");
  const delivered = QUEUED + (owns ? 1 : 0);
  await expect.poll(() => ingest.count(prefix).distinct, { timeout: 30_000 }).toBe(delivered);
  if (owns) {
    app.child.stdin!.write("release\n");
    expect(await slow).toBe("slow done");
  }
  const exit = await app.exited;
  report(`appShutdown:${mode}`, { queued: delivered, delivered: ingest.count(prefix).distinct, exit: exit.signal ?? exit.code });
  expect(exit).toEqual(expected);
  if (owns) expect(app.output()).toContain("cleanup done");
  expect(ingest.count(prefix)).toEqual({ rows: delivered, distinct: delivered });
});

async function start(mode: string, prefix: string) {
  const child = spawn(process.execPath, [appFile], {
    env: { ...process.env, MODE: mode, PREFIX: prefix, INGEST_URL: ingest.url, INGEST_KEY: ingest.keys.secret, NODE_ENV: "production" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.on("error", () => {}); // EPIPE once the app has gone: its exit is what is checked
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => ((out += d.toString()), waiters.forEach((w) => w()));
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(text) && (waiters.delete(check), resolve());
      waiters.add(check);
      check();
      void exited.then(() => reject(new Error(`the app (${mode}) exited before printing ${text}:\n${out}`)));
    });
  await waitFor("READY");
  return { child, exited, waitFor, output: () => out, url: /READY (\S+)/.exec(out)![1]! };
}

/** A browser's GET over its own connection (none kept alive to hold server.close() up). */
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers: { "sec-fetch-site": "none", accept: "text/html" } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
