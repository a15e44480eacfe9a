import { HttpError } from "../server/HttpError";
import type { KeyKind } from "./parseApiKey";

/**
 * The protocol's own 403 for `/v1/forget` with any key but `sk_`: deleting a user's
 * data is a server decision, never a browser's.
 *
 * @example
 * ```ts
 * throw forgetRequiresSecretKey("pk");
 * ```
 */
export function forgetRequiresSecretKey(kind: KeyKind): HttpError {
  return new HttpError(403, "forget_requires_secret_key", {
    message: "[millimetric] /v1/forget deletes data: call it from your server with the sk_ key",
    key_kind: kind,
  });
}
