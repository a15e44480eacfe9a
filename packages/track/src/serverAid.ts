import { isValidId, type AidPayload } from "@millimetric/core";

/** The two properties read (a cast, not a local: a local would ship as one more variable). */
type Read = { nodeType?: unknown; id?: unknown };

/**
 * `payload` when it is what a server renders for the page, else `undefined`; never throws:
 * a valid id, or an object (`{ id, minted, cookie? }`) whose `id` is valid. What else can
 * be `window.__aid` must not name an id or a cookie, nor stop init: an element with
 * `id="__aid"` (a heading anchor, user content), an `HTMLCollection` of two such elements
 * (whose named properties, `.id` and `.cookie`, are more elements, chosen by whoever wrote
 * the markup; an anchor's string is its href), or a cross-origin `<iframe name="__aid">`,
 * whose every property read throws a SecurityError.
 *
 * @example serverAid({ id: "u_8f3c1a", minted: false }) // the object
 * @example serverAid(document.getElementById("__aid")) // undefined
 */
export function serverAid(payload: unknown): string | AidPayload | undefined {
  try {
    // Markup alone makes nothing else: a DOM node's nodeType is 1 (a form's may be one of
    // its controls: an element), and every named property of a collection or a frame is
    // an element, never a string, so neither passes isValidId. A string has neither
    // property. Reading a cross-origin frame's (or undefined's) throws, into the catch.
    // (Not `constructor == Object`: as safe against markup, and 6 bytes more in every
    // bundle; a prototype-less payload counts, as in core's reconcileAnonymousId.)
    if (isValidId((payload as Read).nodeType || (payload as Read).id || payload)) return payload as string | AidPayload;
  } catch {}
}
