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
   * How a plain object returned by your loader is sent with the `Set-Cookie` header:
   * `"data"` returns React Router's `data(value, init)` shape (React Router v7, and
   * Remix v2 with single fetch); `"json"` returns a JSON `Response` (Remix v2 without
   * `future.v3_singleFetch`).
   * @default "data"
   * @example millimetricLoader(args, loader, { response: "json" }) // Remix v2 classic
   */
  response?: "data" | "json";
}

/** What loaders and actions receive; only `request` and `context` are read. */
export interface DataFunctionArgsLike {
  request: Request;
  context?: unknown;
}
