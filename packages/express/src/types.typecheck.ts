// Compiled by `tsc -p tsconfig.json` in the test script: declaration merging with
// Express 5's and Express 4's types, and the middleware's assignability to both.
import express5 from "express";
import express4 from "express4";
import { flush, millimetric, shutdown, track, type AidPayload, type LocalsMillimetric, type RequestMillimetric } from "./index";

const app5 = express5();
app5.use(
  millimetric({
    getUserId: (req) => req.headers["x-user"] as string | undefined,
    isVisitorRequest: (req) => !req.url?.startsWith("/webhooks/"),
    flushOnExit: true,
  }),
);
app5.get("/", (req, res) => {
  const api: RequestMillimetric = req.millimetric;
  // A webhook has no id: the type says so.
  // @ts-expect-error anonymousId may be undefined
  const strict: string = req.millimetric.anonymousId;
  const id: string | undefined = req.millimetric.anonymousId;
  const payload: AidPayload | undefined = res.locals.millimetric.payload;
  const locals: LocalsMillimetric = res.locals.millimetric;
  const script: string = res.locals.millimetric.aidScript({ nonce: "n" }) + req.millimetric.aidScript();
  api.track({ event: "x" });
  track({ event: "y" });
  res.send(`${strict}${id}${locals.anonymousId}${script}${payload?.id}`);
});

const app4 = express4();
app4.use(millimetric());
app4.get("/", (req, res) => {
  const id: string = req.millimetric.anonymousId ?? "";
  const script: string = res.locals.millimetric.script;
  res.send(id + script);
});

// The package's flush/shutdown: promises that settle every client the middlewares use.
const flushed: Promise<void> = flush();
const stopped: Promise<void> = shutdown();
void flushed;
void stopped;
