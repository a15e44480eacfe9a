import { HttpError } from "../server/HttpError";
import type { KeyKind } from "./parseApiKey";

/**
 * The 403 `insufficient_scope` answer for a key that may not read events (`pk_`, `ak_`).
 *
 * @example
 * ```ts
 * throw cannotReadEvents("pk");
 * ```
 */
export function cannotReadEvents(kind: KeyKind): HttpError {
  return new HttpError(403, "insufficient_scope", {
    message: `[millimetric] reading events needs the rk_ (or sk_) key, not a ${kind}_ key`,
    key_kind: kind,
  });
}
