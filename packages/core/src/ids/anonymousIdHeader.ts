/**
 * Request header a client fetch helper may set to carry the browser's anonymous id
 * explicitly. It wins over the cookie (precedence: explicit > header > cookie > minted).
 */
export const ANONYMOUS_ID_HEADER = "x-millimetric-anonymous-id";
