// A long-running HTTP server with flushOnExit() whose SIGTERM handler is written the ways
// apps write it, run as a child process by lostAtExit.test.ts. Events wait in the queue
// (flushAt 50, no interval) until the signal.
//   GET /hit   tracks one event
// HANDLER: close-exit        process.on("SIGTERM", () => server.close(() => process.exit(0)))
//          close-flush-exit  the same, with await flush() before process.exit(0)
//          exit-7            process.on("SIGTERM", () => process.exit(7))
//          none              no handler of the app's
//          script            no server: tracks 5 events and lets the script end, no flush()
import { createServer } from "node:http";

const { init, track, flush, flushOnExit } = await import(process.env.ENTRY);
const handler = process.env.HANDLER;

init({ key: process.env.KEY, host: process.env.HOST, flushAt: 50, flushIntervalMs: 600_000, pacing: false, onError: () => {} });
flushOnExit();

if (handler === "script") {
  for (let i = 0; i < 5; i++) track({ event: "scripted", user_id: "u1" });
  console.log("DONE");
} else {
  const server = createServer((req, res) => {
    track({ event: "hit", user_id: "u1" });
    res.end("ok");
  });
  if (handler === "close-exit") process.on("SIGTERM", () => server.close(() => process.exit(0)));
  if (handler === "close-flush-exit") {
    process.on("SIGTERM", () =>
      server.close(async () => {
        await flush();
        process.exit(0);
      }),
    );
  }
  if (handler === "exit-7") process.on("SIGTERM", () => process.exit(7));
  server.listen(0, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${server.address().port}`));
}
