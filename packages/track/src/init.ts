import { AID_COOKIE_TEMPLATE, isValidId, mintId, type AidPayload } from "@millimetric/core";
import { get, setId, setUser } from "./identity";
import type { InitOptions } from "./InitOptions";
import { flushQ } from "./queue";
import { watchPageviews } from "./watchPageviews";

// Settled once by init, read everywhere else (ES live bindings bundle to plain variables;
// one-letter names because this package has a 1.5 KB budget).
/** The key; set means init ran. */
export let K: string | undefined;
/** The batch endpoint. */
export let H: string;
/** Batch size and interval. */
export let N: number;
export let I: number;
/** Whether events may be sent (no privacy signal forbids it). */
export let S: unknown;
/** The cookie the id is mirrored into (option B or server write-back); unset = none. */
export let C: string | undefined;

/**
 * Starts the SDK: settles the anonymous id, sends the first `$pageview` and follows SPA
 * navigations, batches events to `/v1/batch` and sends what is left when the page is
 * hidden or closed. Call it once, as early as possible; calling it again with the same
 * key does nothing. On the server (no `window`) it does nothing.
 *
 * @throws TypeError when `key` is not a `pk_` key (in production builds it logs instead
 * and the SDK stays inert).
 * @example
 * ```ts
 * import { init } from "@millimetric/track";
 * init({ key: "pk_live_f6589a94_…" });
 * ```
 */
export function init(o: InitOptions): void {
  if (typeof window == "undefined") return;
  if (K) {
    // Development-only messages: a production bundle drops them (the whole try block).
    try {
      if (process.env.NODE_ENV != "production" && o.key != K) console.warn("[millimetric] init() ignored: already started with another key");
    } catch {}
    return;
  }
  if (!/^pk_/.test(o.key)) {
    try {
      // Throws where `process` is missing too (no bundler): loud is the safe side.
      if (process.env.NODE_ENV != "production") throw 0;
    } catch {
      throw new TypeError("[millimetric] init() refused the key: never put a secret key in browser code; use your pk_ key");
    }
    return console.error("[millimetric] needs a pk_ key");
  }
  const cookie = o.cookie;
  // An element with id="__aid" (a heading anchor, user content) is window.__aid too, and
  // must not become every visitor's id: a DOM node never counts.
  const injected = (window as Window & { __aid?: AidPayload & { nodeType?: number } }).__aid;
  const server = (o.anonymousId ?? (injected?.nodeType || injected)) as AidPayload | undefined;
  S = o.ignorePrivacySignals || !((navigator.doNotTrack as unknown) == 1 || (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl);
  K = o.key;
  // Trailing slashes of the host are replaced, not doubled.
  H = (o.host ?? "https://api.millimetric.ai").replace(/\/*$/, "/v1/batch");
  N = o.flushBatchSize || 20;
  setInterval(flushQ, (I = o.flushIntervalMs || 2e3));
  // A server payload means the server keeps the id in its cookie: keep that cookie in
  // step when the id changes later (setAnonymousId, reset), written the way the server
  // writes it, so it replaces that cookie instead of adding a second one.
  if (cookie || server?.id) C = (server?.cookie || AID_COOKIE_TEMPLATE) + (location.protocol == "https:" ? "; Secure" : "");
  // The id contract's browser half (core's reconcileAnonymousId, inlined for the size
  // budget; a property test holds the two equal): a server id read from an existing
  // cookie wins; one minted on this request loses to a stored id, which is written back.
  const stored = get("mm_aid");
  // A bare string is the id itself; anything without a valid id fails isValidId below.
  const sid = server?.id || server;
  const own = isValidId(stored);
  const serverWins = isValidId(sid) && (server?.minted !== true || !own || stored == sid);
  setId(serverWins ? sid : own ? stored : mintId(), cookie || (!serverWins && isValidId(sid)));
  setUser(get("mm_uid"));
  // visibilitychange bubbles from document to window; "hidden" is the last event some
  // mobile browsers fire before discarding a tab (a forced send), pagehide the last one on
  // navigation. Coming back into view is an ordinary send: it respects any backoff.
  addEventListener("pagehide", flushQ); // the event is truthy: a forced send
  addEventListener("visibilitychange", () => flushQ(document.hidden));
  if (o.autoPageView ?? 1) watchPageviews();
}
