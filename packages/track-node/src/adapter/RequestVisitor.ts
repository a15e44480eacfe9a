import { renderAidScript, type AidPayload, type EventInput, type VisitorDecision } from "@millimetric/core";
import type { IdentifyInput } from "@millimetric/track-node";
import type { AdapterKit } from "./AdapterKit";
import type { AidScriptOptions } from "./AidScriptOptions";
import type { ClientSource } from "./ClientSource";
import { clientFor } from "./clientFor";
import type { RequestMillimetric } from "./RequestMillimetric";

/** What a {@link RequestVisitor} is made of, besides the decision. */
export interface RequestVisitorParts {
  kit: AdapterKit;
  source: ClientSource;
  /** The request's lazy user id (`lazyUserId(() => options.getUserId(req))`). */
  userId?: () => string | undefined;
  /** Reads the request's CSP nonce when the script is rendered. */
  nonce?: () => string | undefined;
  /** The request's platform bindings (the Workers `env`), where a Worker's key is. */
  bindings?: unknown;
}

/**
 * The one implementation of {@link RequestMillimetric} every adapter hands out: the
 * visitor decision applied to a request, with `track`/`identify` bound on first use only
 * and the script rendered on call only, so a request that does neither pays for neither.
 *
 * @example
 * ```ts
 * const decision = decideVisitor(input, policy);
 * req.millimetric = new RequestVisitor(decision, { kit, source, userId, nonce: () => res.locals.cspNonce });
 * ```
 */
export class RequestVisitor implements RequestMillimetric {
  readonly anonymousId: string | undefined;
  readonly minted: boolean;
  readonly optedOut: boolean;
  readonly payload: AidPayload | undefined;
  /** The request's platform bindings (Workers `env`). */
  readonly bindings: unknown;
  private readonly parts: RequestVisitorParts;

  constructor(decision: Pick<VisitorDecision, "anonymousId" | "minted" | "optedOut" | "payload">, parts: RequestVisitorParts) {
    this.anonymousId = decision.anonymousId;
    this.minted = decision.minted;
    this.optedOut = decision.optedOut;
    this.payload = decision.payload;
    this.bindings = parts.bindings;
    this.parts = parts;
  }

  aidScript(options?: AidScriptOptions): string {
    const payload = this.payload;
    return payload ? renderAidScript(payload, { nonce: options?.nonce ?? this.parts.nonce?.() }) : "";
  }

  get script(): string {
    return this.aidScript();
  }

  get track(): (event: EventInput) => string | undefined {
    // The client fills what the event leaves out from this request's ids: one read of
    // getUserId per event, even when it finds no user.
    const ids = { anonymous_id: this.anonymousId, user_id: this.parts.userId, opted_out: this.optedOut };
    const { source, bindings } = this.parts;
    const fn = (event: EventInput): string | undefined => clientFor(source, bindings)?.track(event, ids);
    Object.defineProperty(this, "track", { value: fn });
    return fn;
  }

  get identify(): (input: IdentifyInput) => string | undefined {
    const ids = { anonymous_id: this.anonymousId, opted_out: this.optedOut };
    const { kit, source, bindings } = this.parts;
    const fn = (input: IdentifyInput): string | undefined => {
      // An opted-out visitor has no id on purpose: the client drops the call (debug says so).
      if (!ids.anonymous_id && !ids.opted_out && input && input.anonymous_id == null) {
        kit.missingVisitor("identify");
        return undefined;
      }
      return clientFor(source, bindings)?.identify(input, ids);
    };
    Object.defineProperty(this, "identify", { value: fn });
    return fn;
  }
}
