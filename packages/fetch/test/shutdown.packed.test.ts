// Shutdown of a long-running server on @millimetric/fetch, from the packed tarballs (the
// fixture app globalSetup installs), against the real ingest: 200 visitors' events tracked
// through track-node's default client (no client options: what the README's quickstart
// does), then SIGTERM right after the last answer. Each case a real child process. The
// ingest sits behind a 250 ms round trip (latencyShim.ts), as a hosted one does: on bare
// loopback the last events are often stored before the signal, and a lost event would
// go unseen in some runs.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv } from "@millimetric-internal/test-support/packedApp";
import { afterAll, describe, expect, inject, it } from "vitest";
import { agent, request } from "./http";
import { startRealIngest, type RealIngest } from "./realIngest";
import { installRuntime } from "./runtimes/installRuntime";
import { startLatencyShim } from "@millimetric-internal/test-support/latencyShim";

const N = 200;
const ROUND_TRIP_MS = 250;
const appDir = inject("fetchApp");
const LINE = /\[millimetric\] the process exited with (\d+) event\(s\) not delivered/;
const closing: Array<{ close(): Promise<void> }> = [];

afterAll(async () => {
  agent.destroy();
  await Promise.all(closing.map((c) => c.close()));
});

interface Outcome {
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** Events of this run (distinct visitors) the ingest stored, once the process is gone. */
  stored: number;
  stderr: string;
}

/**
 * Starts `args` on `binary` in the fixture app against a fresh real ingest, answers N
 * visitors' requests (64 at a time, random awaits around track()), sends SIGTERM once the
 * last one is answered and waits for the process to end.
 */
async function serveAndTerminate(label: string, binary: string, args: string[], env: Record<string, string> = {}, roundTripMs = ROUND_TRIP_MS): Promise<Outcome> {
  const ingest = await startRealIngest();
  const shim = await startLatencyShim(ingest.url, roundTripMs);
  closing.push(shim, ingest);
  const child = spawn(binary, args, {
    cwd: appDir,
    // Development (no NODE_ENV), and no MILLIMETRIC_* from the developer's shell.
    env: cleanEnv({ NODE_ENV: undefined, MILLIMETRIC_SECRET_KEY: ingest.server.keys.secret, MILLIMETRIC_HOST: shim.url, RUNTIME: label, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<Outcome["exit"]>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d;
        const m = /"port":(\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then((e) => reject(new Error(`${label} exited before listening (${JSON.stringify(e)}):\n${stdout}\n${stderr}`)));
    });
    const answers = await Promise.all(
      Array.from({ length: N }, (_, n) => request(`http://127.0.0.1:${port}/concurrent/${n}`, { headers: { cookie: `aid=u_visitor_${n}` } })),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    child.kill("SIGTERM");
    const exit = await exited;
    // Whatever the shim still held when the process ended has arrived by now.
    await new Promise((resolve) => setTimeout(resolve, roundTripMs * 2));
    const stored = await ingest.query({ event: "concurrent_0" });
    expect(stored.every((e) => e.anonymous_id === `u_visitor_${e.properties?.n}`)).toBe(true);
    return { exit, stored: new Set(stored.map((e) => e.properties?.n)).size, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

type Start = () => Promise<[binary: string, args: string[]]>;
const node = (file: string): Start => async () => [process.execPath, [join(appDir, file)]];
const onRuntime = (name: "bun" | "deno", args: (path: string) => string[]) => (file: string): Start => async () => [await installRuntime(name), args(join(appDir, file))];
const bun = onRuntime("bun", (file) => [file]);
const deno = onRuntime("deno", (file) => ["run", "--allow-all", "--quiet", file]);

describe("SIGTERM and no handler of the app's: every event stored, then the process ends by the signal", () => {
  const rows: Array<[string, Start, Record<string, string>]> = [
    ["Hono on Node (@hono/node-server), withMillimetric(app.fetch)", node("serve-node-shutdown.mjs"), { HANDLER: "none" }],
    ["Hono on Node (@hono/node-server), app.use(millimetric())", node("serve-node-shutdown.mjs"), { HANDLER: "none", MODE: "middleware" }],
    ["Bun.serve + Hono, withMillimetric(app.fetch)", bun("serve-bun.mjs"), {}],
    ["Deno.serve + Hono, withMillimetric(app.fetch)", deno("serve-deno.mjs"), {}],
  ];
  it.each(rows)("%s: 200/200", async (label, start, env) => {
    const [binary, args] = await start();
    const { exit, stored, stderr } = await serveAndTerminate(label, binary, args, env);
    expect({ stored, exit, stderr }).toEqual({ stored: N, exit: { code: null, signal: "SIGTERM" }, stderr: "" });
  }, 240_000);
});

describe("Hono on Node with the app's own SIGTERM handler", () => {
  it("the fixture's handler is the README's, verbatim", () => {
    const fixture = readFileSync(join(appDir, "serve-node-shutdown.mjs"), "utf8");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain(fixtureHandler(fixture));
  });

  it("the README's handler (server.close, await flush(), process.exit(0)): 200/200, exit 0, nothing printed", async () => {
    const label = "node-readme-handler";
    const { exit, stored, stderr } = await serveAndTerminate(label, process.execPath, [join(appDir, "serve-node-shutdown.mjs")], { HANDLER: "close-flush-exit" });
    expect({ stored, exit, stderr }).toEqual({ stored: N, exit: { code: 0, signal: null }, stderr: "" });
  }, 120_000);

  it("server.close(() => process.exit(0)) without flush(): one line on stderr names the events lost; exit 0", async () => {
    const label = "node-close-exit";
    // A 10 s round trip: the app's exit comes within milliseconds of the signal, and on a
    // loaded machine the 200 answers may take seconds, so a short one could see every
    // event confirmed before the signal, with nothing to lose.
    const { exit, stored, stderr } = await serveAndTerminate(label, process.execPath, [join(appDir, "serve-node-shutdown.mjs")], { HANDLER: "close-exit" }, 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stored).toBeLessThan(N);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const lost = Number(LINE.exec(lines[0]!)?.[1]);
    // Every event that did not arrive is counted; in flight at exit counts too, and may still have arrived.
    expect(lost).toBeGreaterThanOrEqual(N - stored);
    expect(lost).toBeLessThanOrEqual(N);
    expect(lines[0]).toContain("await flush()");
  }, 120_000);
});

/** The fixture's `process.on("SIGTERM", () => { … });` block of HANDLER=close-flush-exit, de-indented to the top level. */
function fixtureHandler(source: string): string {
  const block = /\n( *)process\.on\("SIGTERM", \(\) => \{\n[\s\S]*?\n\1\}\);\n/.exec(source.slice(source.indexOf('"close-flush-exit") {')));
  if (!block) throw new Error("no close-flush-exit handler in the fixture");
  const indent = block[1]!.length;
  return block[0].split("\n").map((line) => line.slice(indent)).join("\n");
}
