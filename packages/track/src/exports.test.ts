import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it } from "vitest";

// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/track";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API", async () => {
    expect(await publicApi(pkg)).toMatchInlineSnapshot(`
      [
        "ANONYMOUS_ID_HEADER",
        "MillimetricError",
        "MillimetricTypeError",
        "aidCookieTemplate",
        "aidFromCookies",
        "anonymousIdHeaders",
        "configure",
        "flush",
        "getAnonymousId",
        "identify",
        "init",
        "isOptedOut",
        "optIn",
        "optOut",
        "page",
        "pageAid",
        "reset",
        "setAnonymousId",
        "track",
      ]
    `);
  });
});
