import { aidCookieTemplate, aidScriptContent, AID_COOKIE, type AidCookieOptions } from "@millimetric/core";
import { headers } from "next/headers.js";
import type { ReactElement } from "react";
import { isProduction } from "@millimetric/core";
import { readRequestAid } from "./readRequestAid";
import { scriptNonce } from "./scriptNonce";

/** Props of {@link MillimetricScript}. */
export interface MillimetricScriptProps {
  /**
   * CSP nonce for the inline script.
   * @default the nonce in the request's Content-Security-Policy header (as Next.js finds its own), else none
   * @example <MillimetricScript nonce={(await headers()).get("x-nonce") ?? undefined} />
   */
  nonce?: string;
  /**
   * Name of the id cookie, when you renamed it in `withMillimetric({ cookie: { name } })`.
   * @default "aid"
   * @example <MillimetricScript cookieName="__mm_aid" />
   */
  cookieName?: string;
  /**
   * The cookie options you gave `withMillimetric({ cookie })`, when you changed any: the
   * browser writes the id back with the same name, domain, path, lifetime and SameSite,
   * so it replaces the server's cookie instead of adding a second one.
   * @default the `aid` defaults (`Path=/; Max-Age=31536000; SameSite=Lax`, host-only)
   * @example <MillimetricScript cookie={{ domain: "example.com" }} />
   */
  cookie?: Omit<AidCookieOptions, "secure">;
}

let warned = false;

/**
 * Hands the request's visitor id to the browser SDK: renders
 * `<script>window.__aid={"id":"u_…","minted":true}</script>` (script-safe JSON), which
 * <MillimetricProvider> adopts by the id contract. Put it in the root layout; it reads
 * the request (so the layout renders per request). Renders nothing when the request has
 * no valid id.
 *
 * @example
 * ```tsx
 * // app/layout.tsx
 * import { MillimetricProvider, MillimetricScript } from "@millimetric/next";
 * export default function RootLayout({ children }: { children: React.ReactNode }) {
 *   return (
 *     <html lang="en">
 *       <head><MillimetricScript /></head>
 *       <body><MillimetricProvider>{children}</MillimetricProvider></body>
 *     </html>
 *   );
 * }
 * ```
 */
export async function MillimetricScript({ nonce, cookieName, cookie }: MillimetricScriptProps): Promise<ReactElement | null> {
  const h = await headers();
  const name = cookie?.name ?? cookieName ?? AID_COOKIE.name;
  const aid = readRequestAid(h, name);
  if (!aid) {
    if (!isProduction() && !warned) {
      warned = true;
      console.warn(
        "[millimetric] <MillimetricScript> found no visitor id on this request: add proxy.ts with " +
          '`import { withMillimetric } from "@millimetric/next"; export const proxy = withMillimetric();` ' +
          "(middleware.ts with `export default withMillimetric()` before Next 16).",
      );
    }
    return null;
  }
  // readRequestAid only returns valid ids, so the content is never empty.
  const html = aidScriptContent({ id: aid.id, minted: aid.minted, cookie: aidCookieTemplate({ ...cookie, name }) });
  return <script nonce={nonce ?? scriptNonce(h)} dangerouslySetInnerHTML={{ __html: html }} />;
}
