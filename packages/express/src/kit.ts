import { AdapterKit, LONG_RUNNING_DEFAULTS } from "@millimetric/track-node/adapter";

/**
 * This package's share of the adapter kit: its middlewares' client sources, the registry
 * its `flush()`/`shutdown()` settle (`millimetric.express.clients`), and its wording. A
 * long-running server's: its clients batch, and the middleware flushes them on exit.
 */
export const kit = new AdapterKit({
  name: "express",
  defaults: LONG_RUNNING_DEFAULTS,
  handledBy: "the Millimetric middleware",
  keyFix: ", or pass app.use(millimetric({ key }))",
  contextFix: (fn) =>
    `Add app.use(millimetric()) before your routes (import { millimetric } from "@millimetric/express"), ` +
    `use req.millimetric.${fn}(), or pass anonymous_id/user_id yourself.`,
  visitorOption: "millimetric({ isVisitorRequest })",
  requestApi: "req.millimetric",
});
