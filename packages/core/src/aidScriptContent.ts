import type { AidPayload } from "./AidPayload";
import { isValidId } from "./isValidId";
import { serializeForScript } from "./serializeForScript";

/**
 * The body of the inline script that hands the server's id to the browser:
 * `window.__aid={"id":"u_…","minted":true};`. Returns `""` for an invalid id, so an
 * attacker-controlled value can never reach the page.
 *
 * @example
 * ```tsx
 * <script nonce={nonce} dangerouslySetInnerHTML={{ __html: aidScriptContent(aid) }} />
 * ```
 */
export function aidScriptContent(payload: AidPayload): string {
  if (!payload || !isValidId(payload.id)) return "";
  const data: AidPayload = { id: payload.id, minted: payload.minted === true };
  if (payload.cookie && payload.cookie !== "aid") data.cookie = payload.cookie;
  // Server configuration, not request data; still checked, as it lands in a cookie string.
  if (payload.domain && /^\.?[A-Za-z0-9.-]+$/.test(payload.domain)) data.domain = payload.domain;
  if (payload.path && payload.path !== "/" && /^\/[^;\s]*$/.test(payload.path)) data.path = payload.path;
  return `window.__aid=${serializeForScript(data)};`;
}
