// When an app's own SIGTERM handler exits before the flush is over (the common
// `server.close(() => process.exit(0))`), or a script ends without `await flush()`, the
// events still in the clients flushOnExit() knows are lost: the process prints one line
// saying how many, and the fix, and its exit status stays the app's. Each case a real child
// process on the built Node entry (test/exitLossApp.mjs) against a stub ingest.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KEY, useStubs } from "./stubs";

const startStub = useStubs();
const entry = fileURLToPath(new URL("../dist/index.node.js", import.meta.url));
const cjsEntry = fileURLToPath(new URL("../dist/index.node.cjs", import.meta.url));
const appFile = fileURLToPath(new URL("./exitLossApp.mjs", import.meta.url));
const LINE = /^\[millimetric\] the process exited with (\d+) event\(s\) not delivered/;
/** An ingest that takes the batch and never answers: whatever was sent stays in flight. */
const neverAnswers = () => "handled" as const;

/** The `[millimetric]` lines a child wrote to stderr. */
const ourLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("[millimetric]"));

describe("the app's own handler exits while events are pending", () => {
  it("server.close(() => process.exit(0)): one line names the 20 lost events and the fix; the exit status stays 0", async () => {
    const s = await startStub(neverAnswers);
    const app = await startApp("close-exit", s.url);
    await hits(app.url, 20);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const lines = ourLines(app.stderr());
    expect(lines).toHaveLength(1);
    expect(LINE.exec(lines[0]!)?.[1]).toBe("20");
    expect(lines[0]).toContain("await flush()");
    expect(lines[0]).toContain("before process.exit()");
  });

  it("against an ingest that answers, the count is what did not arrive (none lost: no line)", async () => {
    const s = await startStub();
    const app = await startApp("close-exit", s.url);
    await hits(app.url, 20);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const lines = ourLines(app.stderr());
    expect(lines.length).toBeLessThanOrEqual(1);
    const lost = lines.length ? Number(LINE.exec(lines[0]!)?.[1]) : 0;
    // In flight at exit counts as lost even if the stub stored it: never fewer than the truth.
    expect(lost + s.events.length).toBeGreaterThanOrEqual(20);
    expect(lost === 0 ? s.events.length : lost).toBeGreaterThan(0);
  });

  it("process.exit(7) at once: the line, and the app's status 7 unchanged", async () => {
    const s = await startStub(neverAnswers);
    const app = await startApp("exit-7", s.url);
    await hits(app.url, 3);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 7, signal: null });
    expect(ourLines(app.stderr()).map((l) => LINE.exec(l)?.[1])).toEqual(["3"]);
  });

  it("in production too it is that one line, nothing more", async () => {
    const s = await startStub(neverAnswers);
    const app = await startApp("close-exit", s.url, { NODE_ENV: "production" });
    await hits(app.url, 4);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.stderr().trim().split("\n")).toHaveLength(1);
    expect(LINE.exec(app.stderr())?.[1]).toBe("4");
  });

  it("with await flush() before process.exit(0), as documented: all 20 delivered, nothing printed", async () => {
    const s = await startStub();
    const app = await startApp("close-flush-exit", s.url);
    await hits(app.url, 20);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(s.events).toHaveLength(20);
    expect(app.stderr()).toBe("");
  });

  it("no handler of the app's: delivered by flushOnExit, the process ends by SIGTERM, nothing printed", async () => {
    const s = await startStub();
    const app = await startApp("none", s.url);
    await hits(app.url, 20);
    app.child.kill("SIGTERM");
    expect(await app.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(s.events).toHaveLength(20);
    expect(app.stderr()).toBe("");
  });
});

it("a script that ends without await flush(): the line counts the 5 events still queued", async () => {
  const s = await startStub();
  const app = await startApp("script", s.url);
  expect(await app.exited).toEqual({ code: 0, signal: null });
  expect(s.requests).toHaveLength(0);
  expect(ourLines(app.stderr()).map((l) => LINE.exec(l)?.[1])).toEqual(["5"]);
});

it("clients registered from the ESM and the CJS build: one line with the sum", async () => {
  const s = await startStub(neverAnswers);
  const options = JSON.stringify({ key: KEY, host: s.url, flushAt: 50, flushIntervalMs: 600_000, pacing: false, onError: () => {} }).replace(/}$/, "");
  const code = `import { MillimetricClient, flushOnExit } from ${JSON.stringify(entry)};
import { createRequire } from "node:module";
const cjs = createRequire(import.meta.url)(${JSON.stringify(cjsEntry)});
const a = new MillimetricClient(${options}, onError: () => {} });
const b = new cjs.MillimetricClient(${options}, onError: () => {} });
flushOnExit({ client: a });
cjs.flushOnExit({ client: b });
for (let i = 0; i < 2; i++) a.track({ event: "esm", user_id: "u1" });
for (let i = 0; i < 3; i++) b.track({ event: "cjs", user_id: "u1" });
process.exit(0);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  expect(exitCode).toBe(0);
  expect(ourLines(stderr).map((l) => LINE.exec(l)?.[1])).toEqual(["5"]);
});

/** exitLossApp.mjs with HANDLER, on the built Node entry, once it prints READY (or, as a script, started). */
async function startApp(handler: string, host: string, env: Record<string, string> = {}) {
  const base = { ...process.env, NODE_ENV: "development", ...env, ENTRY: entry, HANDLER: handler, KEY, HOST: host };
  const child = spawn(process.execPath, [appFile], { env: base, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("DONE")) resolve("");
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => (out.includes("DONE") ? resolve("") : reject(new Error(`app (${handler}) exited before READY:\n${out}\n${err}`))));
  });
  return { child, exited, url, stderr: () => err };
}

/** `n` GETs of /hit, one after another, each on a fresh connection (server.close() is never held up by ours). */
async function hits(url: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve, reject) => {
      request(`${url}/hit`, { agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve());
      })
        .on("error", reject)
        .end();
    });
  }
}
