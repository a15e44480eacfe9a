import { renderAidScript, type AidPayload, type EventInput } from "@millimetric/core";
import type { IdentifyInput } from "@millimetric/track-node";
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientFor, type ClientSource } from "@millimetric/track-node/adapter";
import { kit } from "./kit";

/** Reads the CSP nonce of a request when its script is rendered. */
export type NonceOf = (request: FastifyRequest, reply: FastifyReply) => string | undefined;

/**
 * `request.millimetric`: the id this request runs under, `track`/`identify` bound to it,
 * and the `window.__aid` script for templates. The bound functions attach this request's
 * ids explicitly, whatever async context they are later called from: use them in
 * callbacks another request's call chain may run (a listener on a shared EventEmitter, a
 * shared queue's worker) and in jobs queued for later.
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
  /** What `window.__aid` is set to: `{ id, minted }` (and `cookie` when not the default one); `undefined` without an id. */
  readonly payload: AidPayload | undefined;
  /**
   * `<script nonce="…">window.__aid={…};</script>`, escaped for inline use; put it in
   * `<head>` before the browser SDK loads. Computed on access, with the nonce of the
   * `nonce` option. `""` when the request has no id: the browser SDK then keeps its own.
   *
   * @example
   * ```ts
   * app.get("/", (request, reply) => reply.type("text/html").send(`<head>${request.millimetric.script}</head>`));
   * ```
   */
  readonly script: string;
  /**
   * Validates and queues an event with this request's `anonymous_id` (and `user_id` from
   * `getUserId`) unless the event sets them; returns its `event_id`
   * (`undefined` when nothing was queued, e.g. without a key in production).
   *
   * @example
   * ```ts
   * app.post("/signup", async (request) => { request.millimetric.track({ event: "signup" }); return { ok: true }; });
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
   * request.millimetric.identify({ user_id: user.id, traits: { plan: "pro" } });
   * ```
   */
  readonly identify: (input: IdentifyInput) => string | undefined;
}

/** The per-request implementation; `track`/`identify` are bound on first use, `script` rendered on access. */
export class RequestMillimetricImpl implements RequestMillimetric {
  readonly anonymousId: string | undefined;
  readonly minted: boolean;
  /** The cookie the browser writes the id back into, when not the default one. */
  private readonly cookie: string | undefined;
  private readonly source: ClientSource;
  private readonly userId: (() => string | undefined) | undefined;
  private readonly request: FastifyRequest;
  private readonly reply: FastifyReply;
  private readonly nonceOf: NonceOf;

  readonly optedOut: boolean;

  constructor(
    anonymousId: string | undefined,
    minted: boolean,
    cookie: string | undefined,
    source: ClientSource,
    userId: (() => string | undefined) | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    nonceOf: NonceOf,
    optedOut = false,
  ) {
    this.optedOut = optedOut;
    this.anonymousId = anonymousId;
    this.minted = minted;
    this.cookie = cookie;
    this.source = source;
    this.userId = userId;
    this.request = request;
    this.reply = reply;
    this.nonceOf = nonceOf;
  }

  get payload(): AidPayload | undefined {
    if (!this.anonymousId) return undefined;
    const payload: AidPayload = { id: this.anonymousId, minted: this.minted };
    if (this.cookie) payload.cookie = this.cookie;
    return payload;
  }

  get script(): string {
    return this.renderScript(undefined);
  }

  /** The script tag with `nonce`, else the `nonce` option's. */
  renderScript(nonce: string | undefined): string {
    const payload = this.payload;
    return payload ? renderAidScript(payload, { nonce: nonce ?? this.nonceOf(this.request, this.reply) }) : "";
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
