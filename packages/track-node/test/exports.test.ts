import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it } from "vitest";

// Resolved at run time only: the built types must not merge with the sources' in tsc.
const pkg: string = "@millimetric/track-node";

describe("package exports", () => {
  it("the ESM and CJS builds expose the same public API", async () => {
    expect(await publicApi(pkg)).toMatchInlineSnapshot(`
      [
        "DEFAULT_HOST",
        "MillimetricClient",
        "MillimetricError",
        "existingClient",
        "flush",
        "flushOnExit",
        "getClient",
        "identify",
        "init",
        "lazyUserId",
        "shutdown",
        "track",
      ]
    `);
  });

  it("./context: the request context, the same in both builds", async () => {
    expect(await publicApi(`${pkg}/context`)).toMatchInlineSnapshot(`
      [
        "getContext",
        "runWithContext",
      ]
    `);
  });

  it("./adapter: the adapter kit, the same in both builds", async () => {
    expect(await publicApi(`${pkg}/adapter`)).toMatchInlineSnapshot(`
      [
        "AdapterKit",
        "LONG_RUNNING_DEFAULTS",
        "RESPONSE_STATE",
        "RequestVisitor",
        "clientFor",
        "flushAfterResponse",
        "flushOnExit",
        "flushQuietly",
        "keepFromSharedCaches",
        "nodeHeaderReader",
        "waitUntilOf",
      ]
    `);
  });
});
