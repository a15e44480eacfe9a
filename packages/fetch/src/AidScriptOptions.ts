/** Options of `aidScript()`. */
export interface AidScriptOptions {
  /**
   * The CSP nonce of the page, put on the `<script>` tag (attribute-escaped).
   * @default undefined (no nonce attribute)
   * @example aidScript({ nonce: c.get("secureHeadersNonce") })
   */
  nonce?: string;
}
