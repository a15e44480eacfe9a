import { aidScriptContent, type AidPayload } from "@millimetric/core";
import type { ReactNode } from "react";

/** Props of {@link MillimetricScript}. */
export interface MillimetricScriptProps {
  /**
   * The `millimetric` field of your root loader's data (from `millimetricLoader`):
   * `{ id, minted }`. Nothing is rendered for a missing or invalid id.
   * @example <MillimetricScript aid={loaderData.millimetric} />
   */
  aid: AidPayload | null | undefined;
  /**
   * CSP nonce for the inline script.
   * @default undefined (no nonce attribute)
   * @example <MillimetricScript aid={data.millimetric} nonce={nonce} />
   */
  nonce?: string;
}

/**
 * The inline `<script>` that hands the server's id to the browser SDK as
 * `window.__aid` (escaped for inline use). Render it in `<head>` of your root `Layout`,
 * before `<Scripts />`, so `<MillimetricProvider>` adopts the id on start.
 *
 * @example
 * ```tsx
 * // app/root.tsx
 * export function Layout({ children }: { children: React.ReactNode }) {
 *   const data = useRouteLoaderData<typeof loader>("root");
 *   return (
 *     <html lang="en">
 *       <head>
 *         <MillimetricScript aid={data?.millimetric} />
 *         <Meta />
 *         <Links />
 *       </head>
 *       <body>{children}<Scripts /></body>
 *     </html>
 *   );
 * }
 * ```
 */
export function MillimetricScript({ aid, nonce }: MillimetricScriptProps): ReactNode {
  const html = aid ? aidScriptContent(aid) : "";
  if (!html) return null;
  // Browsers hide the nonce attribute from the DOM, so the client render cannot match it.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: html }} />;
}
