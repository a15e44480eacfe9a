import type { AidCookieOptions } from "@millimetric/core";

/** Options shared by the server helpers. */
export interface MillimetricRemixOptions {
  /**
   * Name and attributes of the id cookie. `secure` defaults to whether the request URL
   * is https.
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
}

/** What loaders and actions receive; only `request` and `context` are read. */
export interface DataFunctionArgsLike {
  request: Request;
  context?: unknown;
}
