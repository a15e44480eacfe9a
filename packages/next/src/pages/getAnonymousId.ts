import type { PagesRequest } from "./PagesRequest";
import { pagesScope } from "./pagesScope";

/**
 * The request's visitor id (the same id as the browser's events, on the very first
 * request too, as `withMillimetric()` forwarded it), or `undefined` for a request that is
 * not from a browser (a webhook) and carries none, or for a visitor who opted out
 * (`Sec-GPC: 1` or the `mm_optout=1` cookie).
 *
 * @example
 * ```ts
 * export const getServerSideProps = async ({ req }) => ({ props: { aid: getAnonymousId(req) ?? null } });
 * ```
 */
export function getAnonymousId(req: PagesRequest): string | undefined {
  return pagesScope("getAnonymousId()", req, true).anonymousId;
}
