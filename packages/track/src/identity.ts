import { C } from "./init";

// The ids live in memory first: that is the whole fallback when storage throws
// (Safari private mode, disabled storage, SSR); storage only carries them across loads.

/** The anonymous id in use. */
export let A: string | undefined;
/** The identified user id. */
export let U: string | undefined;

/** `localStorage[k]`, or undefined where storage throws. */
export function get(k: string): string | undefined {
  try {
    return localStorage[k];
  } catch {}
}

/** Writes `localStorage[k]` (removes it for an empty value), where storage works. */
function set(k: string, v?: string) {
  try {
    v ? (localStorage[k] = v) : delete localStorage[k];
  } catch {}
}

/** Uses `id` from now on; `write` also writes it to the mirrored cookie, if any. */
export function setId(id: string, write?: unknown) {
  set("mm_aid", (A = id));
  if (write && C) document.cookie = C.replace("=", "=" + id);
}

/** Sets (or clears) the identified user id; a stored value that breaks the 1–256 rule is dropped. */
export function setUser(u?: string) {
  set("mm_uid", (U = u && u.length < 257 ? u : undefined));
}
