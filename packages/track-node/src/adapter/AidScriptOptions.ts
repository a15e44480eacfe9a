/** Options of `aidScript()`, in every adapter. */
export interface AidScriptOptions {
  /**
   * CSP nonce for the inline script (attribute-escaped).
   * @default the adapter's `nonce` option, else none
   * @example aidScript({ nonce: res.locals.cspNonce })
   */
  nonce?: string;
}
