import type { ClientOptions } from "@millimetric/track-node";

/** What makes one adapter's {@link AdapterKit} its own: its name, its client defaults, its wording. */
export interface AdapterKitOptions {
  /**
   * The adapter's name. It namespaces the process-wide registry of the clients the
   * adapter sends to (`Symbol.for("millimetric.<name>.clients")`), so each adapter's
   * `flush()`/`shutdown()` settles its own clients (and the default client).
   * @example "express"
   */
  name: string;
  /**
   * Options every client the adapter creates starts from, and track-node's default client
   * when the adapter is the one creating it. The app's own options win.
   * @default undefined (track-node's defaults: `flushAt: 1`, each event leaves at once)
   * @example { flushAt: 50 } // a long-running server batches, and flushes on exit
   */
  defaults?: ClientOptions;
  /**
   * Who sets up the request scope, as the messages name it.
   * @example "the Millimetric middleware"
   */
  handledBy: string;
  /**
   * How to pass a key with this adapter: ends the "no API key" message, right after
   * "…set MILLIMETRIC_SECRET_KEY to your sk_ key (and MILLIMETRIC_HOST for a local ingest server)".
   * @example ", or pass app.use(millimetric({ key }))"
   */
  keyFix: string;
  /**
   * What fixes a `fn()` called outside a request scope: set up the scope, use the explicit
   * per-request API, or pass the ids. Read when the problem happens.
   * @example (fn) => `Add app.use(millimetric()) before your routes, use req.millimetric.${fn}(), or pass anonymous_id/user_id yourself.`
   */
  contextFix: (fn: string) => string;
  /**
   * Where the app chooses which requests count as visitors: ends the "no anonymous id" message.
   * @example "millimetric({ isVisitorRequest })"
   */
  visitorOption: string;
  /**
   * How an app reaches a request's own visitor handle, for messages.
   * @default undefined (messages say "the request's own track()")
   * @example "req.millimetric"
   */
  requestApi?: string;
}
