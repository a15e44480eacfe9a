import { describe, expect, it } from "vitest";
import { quietClient, useStubs } from "./stubs";

const stub = useStubs();

describe("an onError hook that fails", () => {
  it("an async hook that rejects is not an unhandled rejection (which ends a Node process); a throwing one neither stops delivery", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const s = await stub((r) => (r.events[0]!.event === "refused" ? { status: 401, body: { error: "invalid_api_key", details: {} } } : undefined));
      const hooks = [
        async () => {
          throw new Error("the logger is down");
        },
        () => {
          throw new Error("the logger is down");
        },
        () => Promise.reject(new Error("the logger is down")),
      ];
      for (const onError of hooks) {
        const c = quietClient(s.url, { onError });
        c.track({ event: "refused" });
        await c.flush();
        c.track({ event: "accepted" });
        await c.flush();
        expect(c.stats).toMatchObject({ delivered: 1, failed: 1 });
      }
      // Node reports an unhandled rejection once the microtask queue drains; give it two turns.
      for (let i = 0; i < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      expect(s.events.map((e) => e.event)).toEqual(["accepted", "accepted", "accepted"]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
