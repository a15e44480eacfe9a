import { renderAidScript, type AidPayload } from "@millimetric/core";
import type { MillimetricRequest, MillimetricResponse } from "./MillimetricExpressOptions";

type NonceOf = (req: MillimetricRequest, res: MillimetricResponse) => string | undefined;

/**
 * `res.locals.millimetric`, for server-rendered templates: the request's id and a ready
 * `<script>` tag that hands it to the browser SDK (`window.__aid`).
 */
export interface LocalsMillimetric {
  /** The visitor's anonymous id for this request; `undefined` for a request that is no visitor's (see `isVisitorRequest`). */
  readonly anonymousId: string | undefined;
  /** True when the id was minted for this request. */
  readonly minted: boolean;
  /**
   * What `window.__aid` is set to: `{ id, minted }` (and `cookie` when not the default
   * one); `undefined` without an id.
   */
  readonly payload: AidPayload | undefined;
  /**
   * `<script nonce="…">window.__aid={…};</script>`, escaped for inline use; put it in
   * `<head>` before the browser SDK loads. Computed on access, so requests that render
   * nothing pay nothing, and a nonce set by a later middleware is still picked up.
   * Empty (`""`) when the request has no id: the browser SDK then keeps its own.
   *
   * @example
   * ```ejs
   * <head><%- millimetric.script %></head>
   * ```
   */
  readonly script: string;
}

/** The per-request implementation; `script` is rendered on access only. */
export class LocalsMillimetricImpl implements LocalsMillimetric {
  readonly anonymousId: string | undefined;
  readonly minted: boolean;
  /** The cookie the browser writes the id back into, when not the default one. */
  private readonly cookie: string | undefined;
  private readonly req: MillimetricRequest;
  private readonly res: MillimetricResponse;
  private readonly nonceOf: NonceOf;

  constructor(
    anonymousId: string | undefined,
    minted: boolean,
    cookie: string | undefined,
    req: MillimetricRequest,
    res: MillimetricResponse,
    nonceOf: NonceOf,
  ) {
    this.anonymousId = anonymousId;
    this.minted = minted;
    this.cookie = cookie;
    this.req = req;
    this.res = res;
    this.nonceOf = nonceOf;
  }

  get payload(): AidPayload | undefined {
    if (!this.anonymousId) return undefined;
    const payload: AidPayload = { id: this.anonymousId, minted: this.minted };
    if (this.cookie) payload.cookie = this.cookie;
    return payload;
  }

  get script(): string {
    const payload = this.payload;
    return payload ? renderAidScript(payload, { nonce: this.nonceOf(this.req, this.res) }) : "";
  }
}
