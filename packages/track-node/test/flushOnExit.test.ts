// flushOnExit() for any long-running server, without an adapter: the built Node entry in a
// child process that batches, receives SIGTERM, delivers and then ends by that signal.
// (@millimetric/express's suite covers the deadline and two builds.)
import { spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KEY, useStubs } from "./stubs";

const startStub = useStubs();
const entry = fileURLToPath(new URL("../dist/index.node.js", import.meta.url));
const appFile = fileURLToPath(new URL("./shutdownApp.mjs", import.meta.url));

it("SIGTERM: the default client and a client passed in deliver what they queued, then the process ends by the signal", async () => {
  const s = await startStub();
  const options = JSON.stringify({ key: KEY, host: s.url, flushAt: 1000, flushIntervalMs: 600_000, pacing: false });
  const code = `import { init, track, flushOnExit, MillimetricClient } from ${JSON.stringify(entry)};
init(${options});
const own = new MillimetricClient(${options});
flushOnExit();
flushOnExit({ client: own, timeoutMs: 10000 });
track({ event: "from_default", user_id: "u1" });
own.track({ event: "from_own", user_id: "u1" });
setTimeout(() => {}, 60000); // a server: nothing ends it but the signal
console.log("ready");`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
  expect(s.requests).toHaveLength(0);
  child.kill("SIGTERM");
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, sig) => resolve([c, sig])));
  expect({ exitCode, signal }).toEqual({ exitCode: null, signal: "SIGTERM" });
  expect(s.events.map((e) => e.event).sort()).toEqual(["from_default", "from_own"]);
});

// An app that owns its shutdown must finish it: its in-flight requests answered, its
// cleanup run, its own exit status. Node removes a `process.once` wrapper (or a handler
// removes itself) before the handler runs, so whether the app listens has to be decided
// when the signal arrives, not once the flush is over. Each case: a real child process,
// events queued (flushAt 50) before SIGTERM, delivered by flushOnExit alone (no app calls
// flush()), a request still in flight when the signal arrives.
describe("an app's own SIGTERM handler owns the exit", () => {
  const cases: Array<[string, string, { code: number | null; signal: NodeJS.Signals | null }]> = [
    ["process.once (registered after flushOnExit), then the loop drains with exitCode 4", "once", { code: 4, signal: null }],
    ["process.once registered before flushOnExit", "once-first", { code: 4, signal: null }],
    ["process.prependOnceListener after flushOnExit (the app's handler runs first)", "prepend-once", { code: 4, signal: null }],
    ["a handler that removes itself, then process.exit(3)", "self-removing", { code: 3, signal: null }],
    ["close-with-grace style: once per signal, ~1 s of async cleanup, process.exit(0)", "close-with-grace", { code: 0, signal: null }],
  ];
  it.each(cases)("%s", async (_name, mode, expected) => {
    const s = await startStub();
    const app = await startApp(mode, s.url);
    for (let i = 0; i < 5; i++) expect(await get(`${app.url}/hit`)).toBe("ok");
    const slow = get(`${app.url}/slow`).catch((err: Error) => `failed: ${err.message}`);
    await app.waitForOutput("SLOW");
    expect(s.events).toHaveLength(0);
    app.child.kill("SIGTERM");
    // Delivered by flushOnExit while the app's request is still in flight...
    await s.waitFor(6, 30_000);
    // ...which then completes, and the app's cleanup with it.
    app.child.stdin!.write("release\n");
    expect(await slow).toBe("slow done");
    expect(await app.exited).toEqual(expected);
    expect(app.output()).toContain("cleanup done");
    expect(s.events.map((e) => e.event).sort()).toEqual(["hit", "hit", "hit", "hit", "hit", "slow"]);
  });

  it("no handler of the app's: every queued event delivered, then the process ends by SIGTERM", async () => {
    const s = await startStub();
    const app = await startApp("none", s.url);
    for (let i = 0; i < 5; i++) expect(await get(`${app.url}/hit`)).toBe("ok");
    expect(s.events).toHaveLength(0);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(s.events.map((e) => e.event)).toEqual(["hit", "hit", "hit", "hit", "hit"]);
  });
});

/** shutdownApp.mjs in MODE, on the built Node entry, once it prints READY. */
async function startApp(mode: string, host: string) {
  const child = spawn(process.execPath, [appFile], {
    env: { ...process.env, ENTRY: entry, MODE: mode, KEY, HOST: host },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.on("error", () => {}); // EPIPE once the app has gone: its exit is what the test checks
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => ((out += d.toString()), waiters.forEach((w) => w()));
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitForOutput = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(text) && (waiters.delete(check), resolve());
      waiters.add(check);
      check();
      void exited.then(() => reject(new Error(`app (${mode}) exited before printing ${text}:\n${out}`)));
    });
  await waitForOutput("READY");
  return { child, exited, waitForOutput, output: () => out, url: /READY (\S+)/.exec(out)![1]! };
}

/** GET over a fresh connection (no keep-alive, so server.close() is never held up by ours). */
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(body));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
