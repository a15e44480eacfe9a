import { AdapterKit, LONG_RUNNING_DEFAULTS } from "@millimetric/track-node/adapter";

/**
 * This package's share of the adapter kit: its plugin registrations' client sources, the
 * registry its `flush()`/`shutdown()` settle (`millimetric.fastify.clients`), and its
 * wording. A long-running server's: its clients batch, and the plugin flushes them on
 * `app.close()` and on exit.
 */
export const kit = new AdapterKit({
  name: "fastify",
  defaults: LONG_RUNNING_DEFAULTS,
  handledBy: "the Millimetric Fastify plugin",
  keyFix: ", or pass app.register(millimetric, { key })",
  contextFix: (fn) =>
    `Register it before your routes (await app.register(millimetric), import millimetric from "@millimetric/fastify"), ` +
    `use request.millimetric.${fn}(), or pass anonymous_id/user_id yourself.`,
  visitorOption: "register(millimetric, { isVisitorRequest })",
  requestApi: "request.millimetric",
});
