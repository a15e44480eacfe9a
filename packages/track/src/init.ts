import { mintId, reconcileAnonymousId, type AidCookieOptions, type AidPayload } from "@millimetric/core";
import { load, setId, setUser } from "./identity";
import type { InitOptions } from "./InitOptions";
import { exit, flushQ } from "./queue";
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
export let C: AidCookieOptions | undefined;

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
  const key = o.key;
  if (K) return void (key != K && console.warn("[millimetric] init() ignored: already started with another key"));
  if (!/^pk_/.test(key)) {
    const m = "[millimetric] init() refused the key: never put a secret key in browser code; use your pk_ key";
    let prod;
    try {
      // A bundler replaces this; where nothing does, `process` may not exist at all.
      prod = process.env.NODE_ENV == "production";
    } catch {}
    if (!prod) throw new TypeError(m);
    return console.error(m);
  }
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const w = window as Window & { __aid?: AidPayload | string; doNotTrack?: string };
  const server = o.anonymousId ?? w.__aid;
  const cookie = o.cookie;
  S = o.ignorePrivacySignals || !(n.doNotTrack == "1" || w.doNotTrack == "1" || n.globalPrivacyControl);
  K = key;
  H = (o.host ?? "https://api.millimetric.ai").replace(/\/+$/, "") + "/v1/batch";
  N = o.flushBatchSize || 20;
  setInterval(flushQ, (I = o.flushIntervalMs || 2e3));
  // A server payload means the server keeps the id in its cookie: keep that cookie in
  // step when the id changes later (setAnonymousId, reset).
  // Same name, domain and path as the server's cookie, so writing replaces it.
  const sp = server as AidPayload | undefined;
  if (cookie || sp?.id) C = { name: sp?.cookie, domain: sp?.domain, path: sp?.path, secure: location.protocol == "https:" };
  const r = reconcileAnonymousId(load("mm_aid"), server);
  setId(r.id || mintId(), r.writeCookie || cookie);
  setUser(load("mm_uid"));
  // visibilitychange bubbles from document to window; "hidden" is the last event some
  // mobile browsers fire before discarding a tab, pagehide the last one on navigation.
  addEventListener("pagehide", exit);
  addEventListener("visibilitychange", () => document.hidden && exit());
  if (o.autoPageView ?? 1) watchPageviews();
}
