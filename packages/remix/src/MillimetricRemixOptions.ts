import type { AidCookieOptions } from "@millimetric/core";

/** Options shared by the server helpers. */
export interface MillimetricRemixOptions {
  /**
   * Name and attributes of the id cookie. `secure` defaults to whether the visitor came
   * over https: the request URL, or the first `X-Forwarded-Proto` a proxy in front set.
   * @default { name: "aid", path: "/", maxAge: 31536000, sameSite: "Lax" }
   * @example millimetricLoader(args, loader, { cookie: { domain: "example.com" } })
   */
  cookie?: AidCookieOptions;
  /**
   * The signed-in user's id for events of this request, resolved lazily on the first
   * `track()` that needs it. Synchronous: read what your `getLoadContext` or middleware
   * already put on the context.
   * @default undefined (events carry no user_id unless you pass one)
   * @example { getUserId: (request, context) => (context as AppContext).user?.id }
   */
  getUserId?: (request: Request, context: unknown) => string | number | null | undefined;
  /**
   * How a plain value returned by your loader (or a `withMillimetric` loader/action) is
   * sent when the `Set-Cookie` header must be added to it: `"data"` returns React
   * Router's `data(value, init)` shape (React Router 7 and 8, Remix 2 with
   * `future.v3_singleFetch`); `"json"` returns a JSON `Response` (what classic Remix 2
   * loaders must return; the others unwrap it too, as JSON).
   * @default detected: `"data"` when the loader's arguments show React Router 7.10+ or 8
   *   (they carry `url`/`pattern`); otherwise `"json"` when the value survives JSON
   *   unchanged; otherwise (a Date, Map, promise… on Remix 2 or older React Router 7) an
   *   error in development naming this option, and JSON with one log line in production.
   * @example millimetricLoader(args, loader, { response: "data" }) // Remix 2 single fetch with Dates in the root data
   */
  response?: "data" | "json";
  /**
   * Whether a request that carries no valid id of its own (no `aid` cookie, no
   * `x-millimetric-anonymous-id` header) is a visitor's, and so gets a freshly minted id
   * and the `Set-Cookie`. Anything else — a Stripe webhook posting to a resource route, a
   * health check, a cron call — gets no id and no cookie: its events carry only `user_id`
   * and what you pass, instead of a phantom visitor's id, and `getAnonymousId()` returns
   * `undefined` for it. A request that already carries a valid id keeps it whatever this
   * says. The default is core's `isBrowserRequest`: a `Sec-Fetch-Site` or `Sec-Fetch-Dest`
   * header (every current browser sends them), or `text/html` in `Accept` (every
   * navigation). A function that throws counts as "no", reported once.
   * @default (request) => isBrowserRequest((name) => request.headers.get(name))
   * @example millimetricRequestHandler(handler, { isVisitorRequest: (request) => !new URL(request.url).pathname.startsWith("/webhooks/") })
   */
  isVisitorRequest?: (request: Request) => boolean;
  /**
   * Mint, set the cookie and send even under Global Privacy Control. By default a request
   * carrying Global Privacy Control (`Sec-GPC: 1`) or the `mm_optout=1` cookie (written by
   * the browser SDK's `optOut()`) is honoured: no id is minted, no `aid` cookie is set, and
   * `track()`/`identify()` in that request send nothing (they return `undefined`; with
   * `debug` the client logs the drop). Set it only when consent is settled another way: it
   * turns off Global Privacy Control, never the visitor's own `mm_optout=1` (only `optIn()`
   * clears that);
   * the browser SDK's option has the same name. Events that are not about the visitor (a
   * webhook's, with only a `user_id`) are the app's call: send them with an explicit
   * context, `client.track(event, {})`.
   * @default false
   * @example millimetricLoader(args, { ignorePrivacySignals: true }) // consent is settled by your own banner
   */
  ignorePrivacySignals?: boolean;
}

/** What loaders and actions receive; only `request` and `context` are read. */
export interface DataFunctionArgsLike {
  request: Request;
  context?: unknown;
}
