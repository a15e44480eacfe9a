import type { AidPayload, EventInput } from "@millimetric/core";
import type { IdentifyInput } from "@millimetric/track-node";
import type { AidScriptOptions } from "./AidScriptOptions";

/**
 * One request's visitor, the same in every server adapter (`req.millimetric` in Express,
 * `request.millimetric` in Fastify, `millimetricOf(request)` in `@millimetric/fetch`):
 * the id the request runs under, and `track`, `identify`, `aidScript` bound to it. They
 * attach this request's ids explicitly, whatever async context they are later called
 * from: use them in callbacks another request's call chain may run (a listener on a
 * shared EventEmitter, a shared queue's worker, an interval), in jobs queued for later,
 * and where the runtime has no AsyncLocalStorage.
 */
export interface RequestMillimetric {
  /**
   * The visitor's anonymous id (valid, from the header, the cookie or freshly minted), or
   * `undefined` when the request carries none and may not start a visitor (a webhook, a
   * health check, a preflight, a cross-origin call without the id header) or the visitor
   * opted out. Then nothing was minted and no cookie set.
   */
  readonly anonymousId: string | undefined;
  /** True when the id was minted for this request (no valid cookie or header came in, and a browser asked). */
  readonly minted: boolean;
  /**
   * The visitor opted out (`Sec-GPC: 1` or the `mm_optout=1` cookie, unless the adapter's
   * `ignorePrivacySignals` is on): no id was minted or set, and `track`/`identify` send nothing.
   */
  readonly optedOut: boolean;
  /** What `window.__aid` is set to: `{ id, minted }` (and `cookie` when not the default one); `undefined` without an id. */
  readonly payload: AidPayload | undefined;
  /**
   * `<script nonce="…">window.__aid={…};</script>` for this request, escaped for inline
   * use: put it in `<head>` before the browser SDK loads. The nonce is `options.nonce`, else
   * the adapter's `nonce` option (Express: `res.locals.cspNonce`; Fastify:
   * `reply.cspNonce.script`). `""` when the request has no id (the browser SDK then keeps its own).
   *
   * @example
   * ```ts
   * res.send(`<head>${req.millimetric.aidScript()}</head>`);
   * ```
   */
  aidScript(options?: AidScriptOptions): string;
  /**
   * The same as `aidScript()`, as a property for templates (`<%- millimetric.script %>`).
   * @deprecated Call `aidScript()`: one name for the script tag in every adapter.
   */
  readonly script: string;
  /**
   * Validates and queues an event with this request's `anonymous_id` (and `user_id` from
   * `getUserId`) unless the event sets them; returns its `event_id` (`undefined` when
   * nothing was queued: opted out, or no key in production). Without an anonymous id (a
   * webhook) the event carries the `user_id` and whatever you pass.
   *
   * @example
   * ```ts
   * req.millimetric.track({ event: "signup", user_id: user.id });
   * ```
   */
  readonly track: (event: EventInput) => string | undefined;
  /**
   * Links this request's anonymous id to `user_id` (a `$identify` event); returns its
   * `event_id`. In a request without an anonymous id pass `anonymous_id` yourself, or it
   * throws in development (logs once and skips in production).
   *
   * @example
   * ```ts
   * req.millimetric.identify({ user_id: user.id, traits: { plan: "pro" } });
   * ```
   */
  readonly identify: (input: IdentifyInput) => string | undefined;
}
