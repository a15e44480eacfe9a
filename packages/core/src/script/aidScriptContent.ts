import { AID_COOKIE_TEMPLATE } from "../ids/aidCookie";
import type { AidPayload } from "./AidPayload";
import { isValidId } from "../ids/isValidId";
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
  // Server configuration, not request data; still checked, as the browser writes it to
  // document.cookie: a name, "=", then attributes on one line.
  if (typeof payload.cookie == "string" && /^[^\s=;]+=(;[^\r\n]*)?$/.test(payload.cookie) && payload.cookie != AID_COOKIE_TEMPLATE) {
    data.cookie = payload.cookie;
  }
  return `window.__aid=${serializeForScript(data)};`;
}
