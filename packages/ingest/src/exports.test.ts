import { publicApi } from "@millimetric-internal/test-support/publicApi";
import { describe, expect, it } from "vitest";

const EXPORTS = [
  "DEFAULT_ALLOWED_ORIGINS",
  "DEFAULT_DB_PATH",
  "DEFAULT_RATE_LIMITS",
  "MAX_BATCH_EVENTS",
  "parseApiKey",
  "startIngest",
];

describe("the built package", () => {
  it("exports the same public API from its ESM and CJS builds", async () => {
    expect(await publicApi("@millimetric/ingest")).toEqual(EXPORTS);
    const esm = await import("@millimetric/ingest");
    expect(esm.DEFAULT_RATE_LIMITS).toEqual({ track: { ratePerSecond: 50, burst: 200 }, batch: { ratePerSecond: 5, burst: 20 } });
    expect(esm.MAX_BATCH_EVENTS).toBe(1000);
    expect(esm.parseApiKey("pk_test_1a2b3c4d_" + "x".repeat(24))).toMatchObject({ kind: "pk", id: "pk_test_1a2b3c4d" });
  });
});
