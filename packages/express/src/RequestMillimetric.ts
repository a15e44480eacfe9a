import type { EventInput } from "@millimetric/core";
import type { IdentifyInput } from "@millimetric/track-node";
import { clientFor, type ClientSource } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/**
 * `req.millimetric`: the id this request runs under and `track`/`identify` bound to it.
 * They attach this request's ids explicitly, whatever async context they are later
 * called from: use them in callbacks that another request's call chain may run (a
 * listener on a shared EventEmitter, a shared queue's worker, an interval) and in jobs
 * queued for later.
 */
export interface RequestMillimetric {
  /**
   * The visitor's anonymous id (valid, from the header, the cookie or freshly minted), or
   * `undefined` when the request carries none and is no visitor's (no browser signal, see
   * `isVisitorRequest`): a webhook, a health check. Then nothing was minted and no cookie set.
   */
  readonly anonymousId: string | undefined;
  /** True when the id was minted for this request (no valid cookie or header came in, and a browser asked). */
  readonly minted: boolean;
  /**
   * The visitor opted out (`Sec-GPC: 1` or the `mm_optout=1` cookie, unless the adapter's
   * `ignorePrivacySignals` is on): no id was minted or set, and `track`/`identify` send nothing.
   */
  readonly optedOut: boolean;
  /**
   * Validates and queues an event with this request's `anonymous_id` (and `user_id` from
   * `getUserId`) unless the event sets them; returns its `event_id`
   * (`undefined` when nothing was queued, e.g. without a key in production). Without an anonymous id (a webhook) the event
   * carries the `user_id` and whatever you pass.
   *
   * @example
   * ```ts
   * app.post("/signup", (req, res) => { req.millimetric.track({ event: "signup" }); res.sendStatus(201); });
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

/** The per-request implementation; `track`/`identify` are bound on first use only. */
export class RequestMillimetricImpl implements RequestMillimetric {
  readonly anonymousId: string | undefined;
  readonly minted: boolean;
  private readonly source: ClientSource;
  private readonly userId: (() => string | undefined) | undefined;

  readonly optedOut: boolean;

  constructor(anonymousId: string | undefined, minted: boolean, source: ClientSource, userId: (() => string | undefined) | undefined, optedOut = false) {
    this.optedOut = optedOut;
    this.anonymousId = anonymousId;
    this.minted = minted;
    this.source = source;
    this.userId = userId;
  }

  get track(): (event: EventInput) => string | undefined {
    // The client fills what the event leaves out from this request's ids: one read of
    // getUserId per event, even when it finds no user.
    const ids = { anonymous_id: this.anonymousId, user_id: this.userId, opted_out: this.optedOut };
    const fn = (event: EventInput): string | undefined => clientFor(this.source)?.track(event, ids);
    Object.defineProperty(this, "track", { value: fn });
    return fn;
  }

  get identify(): (input: IdentifyInput) => string | undefined {
    const ids = { anonymous_id: this.anonymousId, opted_out: this.optedOut };
    const fn = (input: IdentifyInput): string | undefined => {
      // An opted-out visitor has no id on purpose: the client drops the call (debug says so).
      if (!ids.anonymous_id && !ids.opted_out && input && input.anonymous_id == null) {
        kit.missingVisitor("identify");
        return undefined;
      }
      return clientFor(this.source)?.identify(input, ids);
    };
    Object.defineProperty(this, "identify", { value: fn });
    return fn;
  }
}
