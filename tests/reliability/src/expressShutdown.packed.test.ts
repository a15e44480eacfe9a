// Express on @millimetric/express's defaults (flushAt 50, flushOnExit on), installed from
// the packed tarballs outside the workspace, shut down the ways apps write it; the real
// ingest behind a 250 ms round trip (latencyShim.ts). 200 visitors' events, then SIGTERM
// right after the last answer; each case a real child process in development (no NODE_ENV).
// Lives here because the one line about lost events is flushOnExit's (src/flushOnExit.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startIngest, type IngestServer } from "@millimetric/ingest";
import { cleanEnv, installPackedApp, repoRoot } from "@millimetric-internal/test-support/packedApp";
import { afterAll, afterEach, expect, it } from "vitest";
import { startLatencyShim } from "@millimetric-internal/test-support/latencyShim";

const N = 200;
const ROUND_TRIP_MS = 250;
const LINE = /^\[millimetric\] the process exited with (\d+) event\(s\) not delivered/;
let installed: Promise<string> | undefined;
const closing: Array<{ close(): Promise<void> }> = [];
const dirs: string[] = [];

/** The fixture app, installed from the packed tarballs on first use. */
function appDir(): Promise<string> {
  return (installed ??= (async () => {
    const dir = await installPackedApp({
      template: fileURLToPath(new URL("../fixtures/expressShutdownPackedApp", import.meta.url)),
      millimetric: ["@millimetric/express"],
      dependencies: { express: "5.3.0" },
      packageJson: { type: "module" },
    });
    dirs.push(dir);
    return dir;
  })());
}

afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it("the fixture's handler is the Express README's, verbatim", () => {
  const fixture = readFileSync(new URL("../fixtures/expressShutdownPackedApp/app.mjs", import.meta.url), "utf8");
  const readme = readFileSync(join(repoRoot, "packages", "express", "README.md"), "utf8");
  expect(readme).toContain(fixtureHandler(fixture));
});

it("the README's handler (server.close, await flush(), process.exit(0)): 200/200 stored, exit 0, nothing printed", async () => {
  const { exit, stored, stderr } = await serveAndTerminate("close-flush-exit");
  expect({ stored, exit, stderr }).toEqual({ stored: N, exit: { code: 0, signal: null }, stderr: "" });
}, 360_000);

it("server.close(() => process.exit(0)) without flush(): one line in development names the events lost and the fix; exit 0", async () => {
  const { exit, stored, stderr } = await serveAndTerminate("close-exit");
  expect(exit).toEqual({ code: 0, signal: null });
  expect(stored).toBeLessThan(N);
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  const lost = Number(LINE.exec(lines[0]!)?.[1]);
  // Every event that did not arrive is counted; one in flight at exit counts too, and may still have arrived.
  expect(lost).toBeGreaterThanOrEqual(N - stored);
  expect(lost).toBeLessThanOrEqual(N);
  expect(lines[0]).toContain("await flush()");
}, 360_000);

it("no handler of the app's: 200/200 stored, then the process ends by SIGTERM, nothing printed", async () => {
  const { exit, stored, stderr } = await serveAndTerminate("none");
  expect({ stored, exit, stderr }).toEqual({ stored: N, exit: { code: null, signal: "SIGTERM" }, stderr: "" });
}, 360_000);

/** Starts the app with HANDLER, answers N visitors' GETs (8 at a time), sends SIGTERM, waits for the end; counts what was stored. */
async function serveAndTerminate(handler: string) {
  const dir = mkdtempSync(join(tmpdir(), "mm-express-exit-"));
  dirs.push(dir);
  const ingest: IngestServer = await startIngest({ port: 0, host: "127.0.0.1", rateLimits: false, dbPath: join(dir, "events.sqlite"), env: {} });
  const shim = await startLatencyShim(ingest.url, ROUND_TRIP_MS);
  closing.push(shim, ingest);
  const child = spawn(process.execPath, ["app.mjs"], {
    cwd: await appDir(),
    env: cleanEnv({ NODE_ENV: undefined, MILLIMETRIC_SECRET_KEY: ingest.keys.secret, MILLIMETRIC_HOST: shim.url, HANDLER: handler }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d;
        const m = /"port":(\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then((e) => reject(new Error(`the app exited before listening (${JSON.stringify(e)}):\n${stdout}\n${stderr}`)));
    });
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N) await get(`http://127.0.0.1:${port}/hit?n=${next++}`);
      }),
    );
    child.kill("SIGTERM");
    const exit = await exited;
    // Whatever the shim still held when the process ended has arrived by now.
    await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP_MS * 2));
    const res = await fetch(`${ingest.url}/v1/query?event=hit&limit=1000`, { headers: { authorization: `Bearer ${ingest.keys.read}` } });
    const events = ((await res.json()) as { events: Array<{ properties: { n: number } }> }).events;
    return { exit, stored: new Set(events.map((e) => e.properties.n)).size, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** GET over a fresh connection (no keep-alive, so server.close() is never held up by ours). */
function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`))));
    })
      .on("error", reject)
      .end();
  });
}

/** The fixture's `process.on("SIGTERM", () => { … });` block of HANDLER=close-flush-exit, de-indented to the top level. */
function fixtureHandler(source: string): string {
  const block = /\n( *)process\.on\("SIGTERM", \(\) => \{\n[\s\S]*?\n\1\}\);\n/.exec(source.slice(source.indexOf('"close-flush-exit") {')));
  if (!block) throw new Error("no close-flush-exit handler in the fixture");
  const indent = block[1]!.length;
  return block[0].split("\n").map((line) => line.slice(indent)).join("\n");
}
