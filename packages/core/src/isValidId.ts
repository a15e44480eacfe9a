/** The only shape an id read from a cookie, header or body may have. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Whether `value` is an id we accept from outside (cookie, header, body, `window.__aid`).
 * Anything else must be discarded and a fresh id minted: ids end up in HTML and logs.
 *
 * @example
 * ```ts
 * isValidId("u_8f3c1a") // true
 * isValidId("</script>") // false
 * ```
 */
export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
