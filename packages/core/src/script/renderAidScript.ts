import type { AidPayload } from "./AidPayload";
import { aidScriptContent } from "./aidScriptContent";

/** Options for {@link renderAidScript}. */
export interface RenderAidScriptOptions {
  /**
   * CSP nonce for the inline script. Attribute-escaped.
   * @default undefined (no nonce attribute)
   * @example renderAidScript(aid, { nonce: res.locals.cspNonce })
   */
  nonce?: string;
}

const ATTR = /[&"'<>]/g;
const escapeAttr = (s: string) => s.replace(ATTR, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A complete `<script>` tag setting `window.__aid`, for server-rendered HTML
 * (templates, `renderToString`). Empty string for an invalid id.
 *
 * @example
 * ```ts
 * html = html.replace("</head>", renderAidScript({ id, minted }, { nonce }) + "</head>");
 * ```
 */
export function renderAidScript(payload: AidPayload, options: RenderAidScriptOptions = {}): string {
  const body = aidScriptContent(payload);
  if (!body) return "";
  const nonce = options.nonce ? ` nonce="${escapeAttr(String(options.nonce))}"` : "";
  return `<script${nonce}>${body}</script>`;
}
