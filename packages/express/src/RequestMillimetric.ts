import type { EventInput } from "@millimetric/core";
import type { IdentifyInput } from "@millimetric/track-node";
import type { ClientSource } from "./ClientSource";
import { clientFor } from "./clientFor";

/**
 * `req.millimetric`: the id this request runs under and `track`/`identify` bound to it.
 * They attach the ids explicitly, so they also work where the async context is lost
 * (an event emitter's callback, a job queued for later).
 */
export interface RequestMillimetric {
  /** The visitor's anonymous id (valid, from the header, the cookie or freshly minted). */
  readonly anonymousId: string;
  /** True when the id was minted for this request (no valid cookie or header came in). */
  readonly minted: boolean;
  /**
   * Validates and queues an event with this request's `anonymous_id` (and `user_id` from
   * `getUserId`) unless the event sets them; returns its `event_id` (`""` when dropped
   * in production for want of a key).
   *
   * @example
   * ```ts
   * app.post("/signup", (req, res) => { req.millimetric.track({ event: "signup" }); res.sendStatus(201); });
   * ```
   */
  readonly track: (event: EventInput) => string;
  /**
   * Links this request's anonymous id to `user_id` (a `$identify` event); returns its
   * `event_id`.
   *
   * @example
   * ```ts
   * req.millimetric.identify({ user_id: user.id, traits: { plan: "pro" } });
   * ```
   */
  readonly identify: (input: IdentifyInput) => string;
}

/** The per-request implementation; `track`/`identify` are bound on first use only. */
export class RequestMillimetricImpl implements RequestMillimetric {
  readonly anonymousId: string;
  readonly minted: boolean;
  private readonly source: ClientSource;
  private readonly userId: (() => string | undefined) | undefined;

  constructor(anonymousId: string, minted: boolean, source: ClientSource, userId: (() => string | undefined) | undefined) {
    this.anonymousId = anonymousId;
    this.minted = minted;
    this.source = source;
    this.userId = userId;
  }

  get track(): (event: EventInput) => string {
    // The client fills what the event leaves out from this request's ids: one read of
    // getUserId per event, even when it finds no user.
    const ids = { anonymous_id: this.anonymousId, user_id: this.userId };
    const fn = (event: EventInput): string => clientFor(this.source)?.track(event, ids) ?? "";
    Object.defineProperty(this, "track", { value: fn });
    return fn;
  }

  get identify(): (input: IdentifyInput) => string {
    const ids = { anonymous_id: this.anonymousId };
    const fn = (input: IdentifyInput): string => clientFor(this.source)?.identify(input, ids) ?? "";
    Object.defineProperty(this, "identify", { value: fn });
    return fn;
  }
}
