import { AID_COOKIE, privateCacheControl } from "@millimetric/core";
import type { MillimetricRemixOptions } from "./MillimetricRemixOptions";

/** What React Router and Remix hand a route's `headers` function. */
export interface HeadersArgsLike {
  loaderHeaders?: Headers;
  parentHeaders?: Headers;
  actionHeaders?: Headers;
  errorHeaders?: Headers;
}

/**
 * A route's `headers` export that keeps a visitor's cookie out of shared caches: your
 * headers as they are, except on the response that sets the visitor's `aid` cookie (a
 * first visit, when the root loader minted the id), whose `Cache-Control` becomes private
 * (core's `privateCacheControl`: `public`/`s-maxage` dropped). A page a CDN caches would
 * otherwise hand one visitor's id to everyone. React Router and Remix take a page's
 * `Cache-Control` from its route's `headers` export and the root loader's `Set-Cookie`
 * from its data, so only this export can see both. Returning visitors' responses keep your
 * caching exactly. With `millimetricMiddleware()` or `millimetricRequestHandler()` the
 * final response is made private for you and this is not needed.
 *
 * @param headers your route's headers (a function of the same args, or a value)
 * @param options the root loader's options (its `cookie.name`)
 * @example
 * ```ts
 * // app/routes/pricing.tsx — a page your CDN caches
 * import { millimetricHeaders } from "@millimetric/remix/server";
 * export const headers = millimetricHeaders(() => ({ "Cache-Control": "public, max-age=300, s-maxage=3600" }));
 * ```
 */
export function millimetricHeaders<A extends HeadersArgsLike>(
  headers?: ((args: A) => HeadersInit) | HeadersInit,
  options?: Pick<MillimetricRemixOptions, "cookie">,
): (args: A) => Headers {
  const prefix = (options?.cookie?.name ?? AID_COOKIE.name) + "=";
  return (args) => {
    const out = new Headers(typeof headers === "function" ? headers(args) : headers);
    const sets = [args.loaderHeaders, args.parentHeaders, args.actionHeaders, args.errorHeaders].some((h) => h?.getSetCookie().some((c) => c.startsWith(prefix)));
    if (sets) out.set("Cache-Control", privateCacheControl(out.get("Cache-Control")));
    return out;
  };
}
