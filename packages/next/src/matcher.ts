// Files a page loads (scripts, styles, images, fonts, media, documents), by extension.
const STATIC_EXTENSIONS =
  "html?|css|js|mjs|map|jpe?g|png|gif|webp|avif|svg|ico|bmp|ttf|otf|woff2?|eot|txt|xml|csv|pdf|docx?|xlsx?|zip|webmanifest|mp4|webm|mp3|wav|ogg";

/**
 * The paths `withMillimetric()` handles by default: everything except Next's build
 * assets (`/_next/static`, `/_next/image`), `favicon.ico` and files with a static
 * extension; prefetches are skipped by header. Next reads `config` statically, so copy
 * this literal into your `proxy.ts`/`middleware.ts` (a variable there is ignored);
 * `withMillimetric()` applies the same rule at run time, so the worst case of a missing
 * matcher is only an extra function call per asset.
 *
 * @example
 * ```ts
 * // proxy.ts — a literal, as Next requires
 * export const config = {
 *   matcher: [
 *     {
 *       source: "/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:html?|css|js|mjs|map|jpe?g|png|gif|webp|avif|svg|ico|bmp|ttf|otf|woff2?|eot|txt|xml|csv|pdf|docx?|xlsx?|zip|webmanifest|mp4|webm|mp3|wav|ogg)$).*)",
 *       missing: [
 *         { type: "header", key: "next-router-prefetch" },
 *         { type: "header", key: "purpose", value: "prefetch" },
 *       ],
 *     },
 *   ],
 * };
 * ```
 */
export const MILLIMETRIC_MATCHER: Array<{
  source: string;
  missing: Array<{ type: "header"; key: string; value?: string }>;
}> = [
  {
    source: `/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:${STATIC_EXTENSIONS})$).*)`,
    missing: [
      { type: "header", key: "next-router-prefetch" },
      { type: "header", key: "purpose", value: "prefetch" },
    ],
  },
];

const STATIC_PATH = new RegExp(`^/(?:_next/static/|_next/image(?:/|$)|favicon\\.ico$)|\\.(?:${STATIC_EXTENSIONS})$`, "i");

/**
 * The run-time twin of {@link MILLIMETRIC_MATCHER}'s path rule: whether `pathname` is a
 * static asset that needs no visitor id.
 */
export function isStaticAsset(pathname: string): boolean {
  return STATIC_PATH.test(pathname);
}
