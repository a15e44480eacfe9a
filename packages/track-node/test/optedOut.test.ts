// Consent on the server: a request context with `opted_out: true` (set by adapters from
// core's isOptedOut) queues nothing for that visitor; an explicit context, `{}`, sends an
// event that is not about the visitor. Against a loopback server.
import { afterEach, describe, expect, it, vi } from "vitest";
import { init, identify, MillimetricClient, track, flush, type DeliveryEvent } from "../src/index";
import { runWithContext } from "../src/context";
import { KEY, quietClient, useStubs } from "./stubs";

const stub = useStubs();
afterEach(() => vi.restoreAllMocks());

describe("an opted-out request context", () => {
  it("track() and identify() queue nothing: undefined, a dropped opted_out delivery event each, the user-id resolver never asked", async () => {
    const s = await stub();
    const deliveries: DeliveryEvent[] = [];
    const c = quietClient(s.url, { onDelivery: (e) => deliveries.push(e) });
    const getUser = vi.fn(() => "user_7");
    const results = runWithContext({ anonymous_id: "u_visitor", user_id: getUser, opted_out: true }, () => [
      c.track({ event: "viewed_pricing" }),
      c.track({ event: "signup", user_id: "42" }),
      // No id is minted for an opted-out visitor: identify() without one is not an error there.
      c.identify({ user_id: "42" }),
    ]);
    c.track({ event: "other_request", anonymous_id: "u_other" });
    await c.flush();
    expect(results).toEqual([undefined, undefined, undefined]);
    expect(getUser).not.toHaveBeenCalled();
    expect(s.events.map((e) => e.event)).toEqual(["other_request"]);
    expect(deliveries.filter((e) => e.type === "dropped")).toEqual(Array(3).fill({ type: "dropped", count: 1, reason: "opted_out" }));
    // stats.dropped counts the same events as the dropped delivery events.
    expect(c.stats).toMatchObject({ delivered: 1, dropped: 3 });
  });

  it("an explicit context {} reads nothing from the request: a webhook-ish event with only user_id is sent, without the visitor's id", async () => {
    const s = await stub();
    const c = quietClient(s.url);
    const id = runWithContext({ anonymous_id: "u_visitor", user_id: "42", opted_out: true }, () => c.track({ event: "invoice_paid", user_id: "42" }, {}));
    await c.flush();
    expect(id).toEqual(expect.any(String));
    expect(s.events).toEqual([expect.objectContaining({ event: "invoice_paid", user_id: "42", event_id: id })]);
    expect(s.events[0]!.anonymous_id).toBeUndefined();
  });

  it("the module-level track()/identify() honour it, and take the same explicit context", async () => {
    const s = await stub();
    init({ key: KEY, host: s.url, onError: () => {} });
    const [dropped, droppedIdentify, sent] = runWithContext({ anonymous_id: "u_v", opted_out: true }, () => [
      track({ event: "viewed" }),
      identify({ user_id: "42" }),
      track({ event: "refund_issued", user_id: "42" }, {}),
    ]);
    await flush();
    expect([dropped, droppedIdentify]).toEqual([undefined, undefined]);
    expect(sent).toEqual(expect.any(String));
    expect(s.events.map((e) => e.event)).toEqual(["refund_issued"]);
  });

  it("an adapter's explicit context with opted_out: true is honoured the same way; opted_out: false is not opted out", async () => {
    const s = await stub();
    const c = quietClient(s.url);
    expect(c.track({ event: "a" }, { anonymous_id: "u_1", opted_out: true })).toBeUndefined();
    expect(c.track({ event: "b" }, { anonymous_id: "u_1", opted_out: false })).toEqual(expect.any(String));
    await c.flush();
    expect(s.events.map((e) => [e.event, e.anonymous_id])).toEqual([["b", "u_1"]]);
  });

  it("a broken call still throws for an opted-out visitor (a developer's browser often sends Sec-GPC)", () => {
    const c = new MillimetricClient({ key: KEY, host: "http://127.0.0.1:9", disabled: true });
    runWithContext({ opted_out: true }, () => {
      expect(() => c.track({ event: "" })).toThrow(/invalid event: "event"/);
      expect(() => c.identify({ user_id: undefined as unknown as string })).toThrow(/"user_id" is required/);
    });
  });

  it("debug says why", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const c = new MillimetricClient({ key: KEY, host: "http://127.0.0.1:9", debug: true, disabled: true });
    c.track({ event: "viewed" }, { opted_out: true });
    expect(log.mock.calls.map((call) => call[0])).toEqual([
      '[millimetric] dropped "viewed": the visitor opted out (Sec-GPC: 1 or the mm_optout=1 cookie); pass a context of your own, track(event, {}), for an event that is not about the visitor',
    ]);
  });
});
