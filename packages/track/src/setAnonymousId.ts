import { isValidId, MillimetricTypeError } from "@millimetric/core";
import { storeAnonymousId } from "./identity";

/**
 * Adopts an anonymous id (for example one your server owns) and stores it; later events
 * carry it, and the `aid` cookie follows when it is mirrored.
 *
 * @throws MillimetricTypeError (a `TypeError`, code `invalid_argument`) when `id` does not
 * match `^[A-Za-z0-9_-]{1,128}$`.
 * @example
 * ```ts
 * setAnonymousId(window.__aid.id);
 * ```
 */
export function setAnonymousId(id: string): void {
  if (!isValidId(id)) {
    throw new MillimetricTypeError(
      "invalid_argument",
      `[millimetric] setAnonymousId(): the id must be 1–128 letters, digits, "_" or "-"; pass the id your server minted or read from the aid cookie.`,
    );
  }
  storeAnonymousId(id, true); // the mirrored cookie, if any, follows
}
