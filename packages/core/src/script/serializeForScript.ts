const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON that is safe inside an inline `<script>`: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes, so no value can close the tag, open a comment or break
 * a pre-ES2019 parser. `undefined` (and functions) serialise as `null`.
 *
 * @example
 * ```ts
 * serializeForScript({ id: "</script>" }) // '{"id":"\\u003c/script\\u003e"}'
 * ```
 */
export function serializeForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return json.replace(UNSAFE, (c) => ESCAPES[c]!);
}
