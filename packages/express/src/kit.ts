import type { ClientOptions } from "@millimetric/track-node";
import { AdapterKit } from "@millimetric/track-node/adapter";

/**
 * The long-running server's recipe, for the clients this package creates: batches of 50
 * (or the engine's 1 s interval), flushed on exit by `flushOnExit` (on by default).
 */
export const LONG_RUNNING_DEFAULTS: ClientOptions = { flushAt: 50 };

/**
 * This package's share of the adapter kit: its middlewares' client sources, the registry
 * its `flush()`/`shutdown()` settle (`millimetric.express.clients`), and its wording.
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
});
