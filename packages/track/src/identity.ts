import { AID_COOKIE_TEMPLATE, AID_MINTED_COOKIE } from "@millimetric/core";
import { cookieTemplate } from "./state";

// The ids live in memory first: that is the whole fallback when storage throws
// (Safari private mode, disabled storage, SSR); storage only carries them across loads.

/** The anonymous id in use. */
export let anonymousId: string | undefined;
/** The identified user id. */
export let userId: string | undefined;

/** `localStorage[key]`, or undefined where storage throws. */
export function readStored(key: string): string | undefined {
  try {
    return localStorage[key];
  } catch {}
}

/** Writes `localStorage[key]` (removes it for an empty value), where storage works. */
function writeStored(key: string, value?: string) {
  try {
    value ? (localStorage[key] = value) : delete localStorage[key];
  } catch {}
}

/**
 * Uses `id` as the anonymous id from now on and stores it. `writeCookie`: also write it to
 * the mirrored cookie, when there is one (init decides; a later change always writes).
 */
export function storeAnonymousId(id: string, writeCookie?: unknown) {
  writeStored("mm_aid", (anonymousId = id));
  if (writeCookie && cookieTemplate) document.cookie = cookieTemplate.replace("=", "=" + id);
}

/** Sets (or clears) the identified user id; a stored value that breaks the 1–256 rule is dropped. */
export function storeUserId(id?: string) {
  writeStored("mm_uid", (userId = id && id.length < 257 ? id : undefined));
}

/**
 * Forgets the anonymous id (optOut): in memory, in `localStorage.mm_aid` and in the `aid`
 * cookie, so nothing on this browser names the visitor any more. The cookie is expired
 * the way it was written (the server's name, path and domain when it said so) and under
 * the defaults, each with the server's `mm_minted` companion, which shares its attributes.
 */
export function forgetAnonymousId() {
  writeStored("mm_aid", (anonymousId = undefined));
  for (const template of [cookieTemplate, AID_COOKIE_TEMPLATE]) {
    if (!template) continue; // nothing mirrored: the default cookie is still expired
    const expired = template.replace(/; Max-Age=\d+/, "") + "; Max-Age=0";
    document.cookie = expired;
    document.cookie = expired.replace(/^[^=]*/, AID_MINTED_COOKIE.name);
  }
}
