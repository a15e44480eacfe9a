import type { AidPayload } from "@millimetric/core";

export type { AidPayload };

/** Options for {@link init}. Only `key` is required. */
export interface InitOptions {
  /**
   * Your project's browser key (`pk_live_…` / `pk_test_…`). Secret (`sk_`), read
   * (`rk_`) and account (`ak_`) keys are refused: they must never ship to a browser.
   * @example init({ key: "pk_live_f6589a94_…" })
   */
  key: string;
  /**
   * Where events go. `""` sends to the page's own origin (behind your own proxy).
   * @default "https://api.millimetric.ai"
   * @example init({ key, host: "http://localhost:8787" })
   */
  host?: string;
  /**
   * Send `$pageview` on init and on every SPA navigation (pushState, replaceState,
   * back/forward) that changes the path or query string.
   * @default true
   * @example init({ key, autoPageView: false }) // call page() yourself
   */
  autoPageView?: boolean;
  /**
   * How often queued events are sent, in milliseconds; also the base of the retry
   * backoff after a failed request.
   * @default 2000
   * @example init({ key, flushIntervalMs: 5000 })
   */
  flushIntervalMs?: number;
  /**
   * Send as soon as this many events are queued, without waiting for the timer.
   * @default 20
   * @example init({ key, flushBatchSize: 50 })
   */
  flushBatchSize?: number;
  /**
   * Track even when the browser sends Do-Not-Track or Global Privacy Control (without it,
   * `init` then starts nothing: no id stored, no cookie, nothing sent). Only set this when
   * your consent flow has already asked the visitor. A visitor's own `optOut()` (the
   * `mm_optout=1` cookie) still holds: only `optIn()` undoes it; the server adapters'
   * option of the same name follows the same rule.
   * @default false
   * @example init({ key, ignorePrivacySignals: userConsented })
   */
  ignorePrivacySignals?: boolean;
  /**
   * The id your server used for this visitor, to reconcile with the one in
   * `localStorage`: an id the server read from an existing cookie wins, an id it minted
   * on this very request loses to the browser's (which is then written back to the
   * cookie). A bare string counts as not minted. Anything else, or an invalid id, is
   * ignored (an element or a frame that markup named `__aid` included).
   * @default window.__aid (set by the framework adapters' script), else none. The React and
   * Next.js providers pass the `aid` cookie here when the page has no `window.__aid`.
   * @example init({ key, anonymousId: { id: "u_8f3c…", minted: false } })
   */
  anonymousId?: string | AidPayload;
  /**
   * Mirror the anonymous id into the first-party `aid` cookie (`Path=/; Max-Age=31536000;
   * SameSite=Lax`, `Secure` on https) on init and whenever it changes, so your server
   * reads it from every request (option B of the server-side recipe).
   * @default false (a server id is still written back when the browser's id wins)
   * @example init({ key, cookie: true })
   */
  cookie?: boolean;
}
