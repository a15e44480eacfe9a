import { HttpError } from "../server/HttpError";
import type { KeyKind } from "./parseApiKey";

/**
 * The 403 `insufficient_scope` answer for a key that may not write events (`rk_`, `ak_`).
 *
 * @example
 * ```ts
 * throw cannotWriteEvents("rk");
 * ```
 */
export function cannotWriteEvents(kind: KeyKind): HttpError {
  return new HttpError(403, "insufficient_scope", {
    message: `[millimetric] a ${kind}_ key cannot write events; use pk_ in a browser or sk_ on a server`,
    key_kind: kind,
  });
}
