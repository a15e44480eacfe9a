// A long-running HTTP server with flushOnExit(), run as a child process by
// flushOnExit.test.ts: it owns its SIGTERM in the way MODE says, so the test can check that
// our listener never ends an app's own shutdown (and still ends, by the signal, an app that
// has none). Events wait in the queue (flushAt 50, no interval) until the signal.
//   GET /hit   tracks one event
//   GET /slow  tracks one event, prints SLOW and answers only once the test writes a line
//              to stdin: a request in flight when SIGTERM arrives, for as long as the test wants
// MODE: once | once-first (the app's process.once registered before flushOnExit()) |
//       prepend-once (process.prependOnceListener after flushOnExit(): runs before ours) |
//       self-removing | close-with-grace | none
import { createServer } from "node:http";

const { init, track, flushOnExit } = await import(process.env.ENTRY);
const mode = process.env.MODE;
const server = createServer((req, res) => {
  track({ event: req.url === "/slow" ? "slow" : "hit", user_id: "u1" });
  if (req.url !== "/slow") return res.end("ok");
  console.log("SLOW");
  // Destroyed once read: an open stdin would hold the event loop of an app that drains.
  process.stdin.once("data", () => (process.stdin.destroy(), res.end("slow done")));
});
const closed = () => new Promise((resolve) => server.close(resolve));

// process.once: close the server, then let the event loop drain with the app's own status.
const onceHandler = () => void closed().then(() => ((process.exitCode = 4), console.log("cleanup done")));
if (mode === "once-first") process.once("SIGTERM", onceHandler);

init({ key: process.env.KEY, host: process.env.HOST, flushAt: 50, flushIntervalMs: 600_000, pacing: false });
flushOnExit();

if (mode === "once") process.once("SIGTERM", onceHandler);
if (mode === "prepend-once") process.prependOnceListener("SIGTERM", onceHandler); // ahead of ours
if (mode === "self-removing") {
  process.on("SIGTERM", function onTerm() {
    process.removeListener("SIGTERM", onTerm);
    void closed().then(() => (console.log("cleanup done"), process.exit(3)));
  });
}
if (mode === "close-with-grace") {
  // close-with-grace's shape: one `once` per signal, the others removed on the first one,
  // then the app's async cleanup (~1 s here) and process.exit(0).
  const signals = ["SIGTERM", "SIGINT"];
  const onSignal = async (signal) => {
    for (const s of signals) if (s !== signal) process.removeListener(s, onSignal);
    await closed();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    console.log("cleanup done");
    process.exit(0);
  };
  for (const s of signals) process.once(s, onSignal);
}

server.listen(0, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${server.address().port}`));
