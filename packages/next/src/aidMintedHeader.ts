/**
 * Internal request header `withMillimetric()` forwards when it minted the visitor's id on
 * this very request (value `"1"`), so server code (and a `window.__aid` script, where an app renders one) can tell that its
 * own stored id may win. Always rewritten by the proxy: a client cannot set it.
 */
export const AID_MINTED_HEADER = "x-millimetric-aid-minted";
