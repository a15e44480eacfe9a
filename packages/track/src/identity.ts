import { lengthError, serializeAidCookie } from "@millimetric/core";
import { C } from "./init";

// The ids live in memory first: that is the whole fallback when storage throws
// (Safari private mode, disabled storage, SSR); storage only carries them across loads.

/** The anonymous id in use. */
export let A: string | undefined;
/** The identified user id. */
export let U: string | undefined;

/** Reads `localStorage[k]`, or writes it (removes it for an empty value) when `v` is given. */
export function load(k: string, v?: string): string | undefined {
  try {
    return arguments.length > 1 ? void (v ? (localStorage[k] = v) : delete localStorage[k]) : localStorage[k];
  } catch {}
}

/** Uses `id` from now on; `write` also writes it to the mirrored cookie, if any. */
export function setId(id: string, write?: unknown) {
  load("mm_aid", (A = id));
  if (write && C) document.cookie = serializeAidCookie(id, C);
}

/** Sets (or clears) the identified user id; a stored value that breaks the rule is dropped. */
export function setUser(u?: string) {
  load("mm_uid", (U = lengthError(u, 1, 256) ? undefined : u));
}
