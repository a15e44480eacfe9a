// flushOnExit() for any long-running server, without an adapter: the built Node entry in a
// child process that batches, receives SIGTERM, delivers and then ends by that signal.
// (@millimetric/express's suite covers an app's own listener, the deadline and two builds.)
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { KEY, useStubs } from "./stubs";

const startStub = useStubs();
const entry = fileURLToPath(new URL("../dist/index.node.js", import.meta.url));

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
