// Compiled by `tsc -p tsconfig.json` in the test script: declaration merging with
// Express 5's and Express 4's types, and the middleware's assignability to both.
import express5 from "express";
import express4 from "express4";
import { millimetric, track, type LocalsMillimetric, type RequestMillimetric } from "./index";

const app5 = express5();
app5.use(millimetric({ getUserId: (req) => req.headers["x-user"] as string | undefined, flushOnExit: true }));
app5.get("/", (req, res) => {
  const api: RequestMillimetric = req.millimetric;
  const id: string = req.millimetric.anonymousId;
  const locals: LocalsMillimetric = res.locals.millimetric;
  const script: string = res.locals.millimetric.script;
  api.track({ event: "x" });
  track({ event: "y" });
  res.send(`${id}${locals.anonymousId}${script}`);
});

const app4 = express4();
app4.use(millimetric());
app4.get("/", (req, res) => {
  const id: string = req.millimetric.anonymousId;
  const script: string = res.locals.millimetric.script;
  res.send(id + script);
});
