import { isValidId, mintId, MillimetricTypeError } from "@millimetric/core";
import { readStored, storeAnonymousId, storeUserId } from "./identity";
import type { InitOptions } from "./InitOptions";
import { sendQueued } from "./queue";
import { OPT_OUT_PATTERN } from "./optOutCookie";
import { serverAid } from "./serverAid";
import { apiKey, flushIntervalMs, settle } from "./state";
import { watchPageviews } from "./watchPageviews";

/** init's options, parked for a visitor who had opted out when the page loaded: optIn() starts with them. */
export let deferredOptions: InitOptions | undefined;

/**
 * Starts the SDK: settles the anonymous id, sends the first `$pageview` and follows SPA
 * navigations, batches events to `/v1/batch` and sends what is left when the page is
 * hidden or closed. Call it once, as early as possible; calling it again with the same
 * key does nothing. On the server (no `window`) it does nothing.
 *
 * @throws MillimetricTypeError (a `TypeError`, code `invalid_key`) when `key` is not a
 * `pk_` key (in production builds it logs instead and the SDK stays inert).
 * @example
 * ```ts
 * import { init } from "@millimetric/track";
 * init({ key: "pk_live_f6589a94_…" });
 * ```
 */
export function init(options: InitOptions): void {
  if (typeof window == "undefined") return;
  if (apiKey) {
    // Development-only messages: a production bundle drops them (the whole try block).
    try {
      if (process.env.NODE_ENV != "production" && options.key != apiKey) console.warn("[millimetric] init() ignored: already started with another key");
    } catch {}
    return;
  }
  if (!/^pk_/.test(options.key)) {
    try {
      // Development only, by core's rule (isProduction): no `process` at all (no bundler)
      // counts as production, so the ReferenceError is not our 0 and the key is only logged.
      if (process.env.NODE_ENV != "production") throw 0;
    } catch (signal) {
      if (signal === 0) throw new MillimetricTypeError("invalid_key", "[millimetric] init() refused the key: never put a secret key in browser code; use your pk_ key");
    }
    return console.error("[millimetric] needs a pk_ key");
  }
  // Consent, the same rule as the servers' (core's isOptedOut): the visitor's own optOut()
  // (the mm_optout cookie, any page) always, Do-Not-Track / Global Privacy Control unless
  // the app has consent another way. Then nothing starts: no id, no cookie, no timer, no
  // pageview; optIn() runs the rest of init.
  if (
    OPT_OUT_PATTERN.test(document.cookie) ||
    (!options.ignorePrivacySignals && ((navigator.doNotTrack as unknown) == 1 || (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl))
  ) {
    deferredOptions = options;
    return;
  }
  // A valid id or an object with one, or nothing: window.__aid is also whatever the markup
  // named __aid (elements, an HTMLCollection, a cross-origin frame that throws).
  const server = serverAid(options.anonymousId ?? (window as { __aid?: unknown }).__aid);
  settle(options, server);
  setInterval(sendQueued, flushIntervalMs);
  // The id contract's browser half (core's reconcileAnonymousId, inlined for the size
  // budget; a property test holds the two equal): a server id read from an existing
  // cookie wins; one minted on this request loses to a stored id, which is written back.
  const stored = readStored("mm_aid");
  // A bare string is the id itself; serverAid let through only a valid one.
  const serverId = (server as { id?: string })?.id || (server as string);
  const storedIsValid = isValidId(stored);
  const serverWins = server && ((server as { minted?: boolean }).minted !== true || !storedIsValid || stored == serverId);
  storeAnonymousId(
    serverWins ? serverId : storedIsValid ? stored : mintId(),
    // The cookie gets the id when the app mirrors it, or when the server's id lost.
    options.cookie || (!serverWins && server),
  );
  storeUserId(readStored("mm_uid"));
  // visibilitychange bubbles from document to window; "hidden" is the last event some
  // mobile browsers fire before discarding a tab (a forced send), pagehide the last one on
  // navigation. Coming back into view is an ordinary send: it respects any backoff.
  addEventListener("pagehide", sendQueued); // the event is truthy: a forced send
  addEventListener("visibilitychange", () => sendQueued(document.hidden));
  if (options.autoPageView != false) watchPageviews();
}
