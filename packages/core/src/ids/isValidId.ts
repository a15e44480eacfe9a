/**
 * The only shape an id read from a cookie, header or body may have: 1–128 of
 * `A-Z a-z 0-9 _ -` (`\w` without the `u` flag), and not the words `undefined`, `null` or
 * `NaN` in any case: what a page writes when it sends an id before the SDK has one
 * (`String(undefined)`, a template literal of a missing value).
 */
export const ID_PATTERN = /^(?!(undefined|null|nan)$)[\w-]{1,128}$/i;

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
