// An Express 5 app on @millimetric/express's defaults (flushAt 50, flushOnExit on), its key
// and host from MILLIMETRIC_SECRET_KEY/MILLIMETRIC_HOST, run as a child process from the
// packed tarballs by expressShutdown.packed.test.ts. GET /hit?n= tracks one event.
// HANDLER: close-flush-exit  the Express README's shutdown handler, verbatim
//          close-exit        process.on("SIGTERM", () => server.close(() => process.exit(0)))
//          none              no SIGTERM handler of the app's
import express from "express";
import { flush, millimetric, track } from "@millimetric/express";

const app = express();
app.use(millimetric());
app.get("/hit", (req, res) => {
  track({ event: "hit", properties: { n: Number(req.query.n) } });
  res.send("ok");
});
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));

if (process.env.HANDLER === "close-flush-exit") {
  process.on("SIGTERM", () => {
    server.close(async () => {
      await flush(); // every client the middleware sends to
      process.exit(0);
    });
  });
}
if (process.env.HANDLER === "close-exit") {
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
