/** Options of `reply.millimetricScript()`. */
export interface AidScriptOptions {
  /**
   * The CSP nonce for the `<script>` tag (attribute-escaped).
   * @default the plugin's `nonce` option: `reply.cspNonce?.script` (@fastify/helmet's `enableCSPNonces`)
   * @example reply.millimetricScript({ nonce: reply.locals.nonce })
   */
  nonce?: string;
}
