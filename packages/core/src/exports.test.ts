import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it } from "vitest";

// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/core";

describe("package exports", () => {
  it("the public API: the same names in the ESM and CJS builds", async () => {
    expect(await publicApi(pkg)).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "AID_COOKIE_TEMPLATE",
        "AID_MINTED_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "ID_PATTERN",
        "MAX_BATCH_EVENTS",
        "MillimetricError",
        "MillimetricTypeError",
        "OPT_OUT_COOKIE",
        "PUBLISHED_RATE_LIMITS",
        "RELAY_COOKIE",
        "RELAY_DEFAULT_PATH",
        "RELAY_MAX_BODY_BYTES",
        "aidCookieTemplate",
        "aidFromCookies",
        "aidScriptContent",
        "decideVisitor",
        "getCookieValues",
        "isBrowserRequest",
        "isOptedOut",
        "isValidId",
        "mintId",
        "privateCacheControl",
        "reconcileAnonymousId",
        "relayRequest",
        "renderAidScript",
        "serializeAidCookie",
        "serializeAidMintedCookie",
        "serializeForScript",
        "validateEvent",
        "visitorPolicy",
      ]
    `);
  });

  it("./internal: what the SDKs and adapters share, the same in both builds", async () => {
    expect(await publicApi(`${pkg}/internal`)).toMatchInlineSnapshot(`
      [
        "Delivery",
        "EVENT_NAME",
        "FORWARDED_VISITOR_HEADER",
        "MAX_PROPERTIES_BYTES",
        "RELAY_PATH_PATTERN",
        "SYSTEM_EVENTS",
        "TokenBucket",
        "blameRejectedBatch",
        "callHook",
        "checkEvent",
        "eventNameError",
        "failInDevelopment",
        "fetchTransport",
        "findAnonymousId",
        "fitsProperties",
        "forwardedClientIp",
        "forwardedVisitorValue",
        "invalidEventError",
        "isEventName",
        "isHttpsRequest",
        "isProduction",
        "isRelayPath",
        "keyKind",
        "lengthError",
        "nowIso",
        "parseRetryAfter",
        "pooledRandomHex",
        "propertiesError",
        "randomHex",
        "readCappedBytes",
        "readCappedText",
        "readForwardedVisitor",
        "relayPathOrUndefined",
        "relayRouteRefusal",
        "replaceCookie",
        "resolveAnonymousId",
        "utf8Length",
        "warnOnce",
      ]
    `);
  });
});
