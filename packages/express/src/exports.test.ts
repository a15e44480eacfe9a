import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { expectSharesTrackNode } from "@millimetric-internal/test-support/sharesTrackNode";
import { describe, expect, it } from "vitest";

// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/express";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API", async () => {
    expect(await publicApi(pkg)).toMatchInlineSnapshot(`
      [
        "AID_COOKIE",
        "ANONYMOUS_ID_HEADER",
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "existingClient",
        "flush",
        "flushOnExit",
        "getClient",
        "getContext",
        "identify",
        "init",
        "lazyUserId",
        "millimetric",
        "millimetricRelay",
        "runWithContext",
        "shutdown",
        "track",
      ]
    `);
  });

  it("shares track-node's client class and request context (one package to install)", async () => {
    await expectSharesTrackNode(await import(/* @vite-ignore */ pkg));
  });
});
