import type { AidPayload } from "@millimetric/core";
import type { DataFunctionArgsLike, MillimetricRemixOptions } from "./MillimetricRemixOptions";
import { argsOf } from "./argsOf";
import { requestVisitor } from "./requestVisitor";

/**
 * What `<MillimetricScript aid>` takes for a request: `{ id, minted }` (and the cookie's
 * template when it is not the default one), the same the root loader returns as
 * `millimetric`; `undefined` when the request has no id (see `getAnonymousId`). For the id
 * alone use `getAnonymousId`.
 *
 * @param options The options your root loader's `millimetricLoader` uses (at least the
 *   same `cookie.name`). Default: `{}` (the `aid` cookie).
 * @example
 * ```ts
 * const aid = getAidPayload(args); // { id: "u_…", minted: false }, or undefined
 * return new Response(`<script>window.__aid=${JSON.stringify(aid)}</script>`); // prefer <MillimetricScript aid={aid} />
 * ```
 */
export function getAidPayload(target: Request | DataFunctionArgsLike, options?: MillimetricRemixOptions): AidPayload | undefined {
  const { request, context } = argsOf(target);
  return requestVisitor(request, context, options).payload;
}
