// beforeSend over real HTTP: what the loopback server receives is what the hook made of
// each event; a hook that drops, throws or breaks the event costs that one event, never
// the track() call or the events after it.
import { describe, expect, it } from "vitest";
import type { DeliveryEvent, MillimetricError, MillimetricEvent } from "../src/index";
import { quietClient, useStubs } from "./stubs";

const stub = useStubs();

/** The URL-token recipe of ClientOptions.beforeSend's TSDoc and the README, as written there. */
const redact = (value: unknown) => {
  if (typeof value !== "string" || !URL.canParse(value)) return value;
  const url = new URL(value);
  for (const name of ["token", "code"]) url.searchParams.delete(name);
  return url.toString();
};
function redactTokens(event: MillimetricEvent): MillimetricEvent | null {
  if (event.event === "health_check") return null;
  if (event.url) event.url = redact(event.url) as string;
  if (event.properties) {
    for (const key of ["url", "$current_url"]) if (key in event.properties) event.properties[key] = redact(event.properties[key]);
  }
  return event;
}

describe("beforeSend", () => {
  it("redacts: token and code query params never leave the process; the app's own properties object is untouched", async () => {
    const s = await stub();
    const c = quietClient(s.url, { beforeSend: redactTokens });
    const properties = { $current_url: "https://shop.example/reset?token=s3cret&step=2", url: "https://shop.example/cb?code=abc&state=x", plan: "pro" };
    const id = c.track({ event: "password_reset", user_id: "42", url: "https://shop.example/reset?token=s3cret", properties });
    await c.flush();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(s.events).toEqual([
      expect.objectContaining({
        event: "password_reset",
        event_id: id,
        url: "https://shop.example/reset",
        properties: { $current_url: "https://shop.example/reset?step=2", url: "https://shop.example/cb?state=x", plan: "pro" },
      }),
    ]);
    expect(JSON.stringify(s.requests)).not.toMatch(/s3cret|code=abc/);
    expect(properties.$current_url).toBe("https://shop.example/reset?token=s3cret&step=2");
  });

  it("sees the stamped event, for identify() too", async () => {
    const s = await stub();
    const seen: MillimetricEvent[] = [];
    const c = quietClient(s.url, { beforeSend: (e) => (seen.push({ ...e }), e) });
    const id = c.identify({ user_id: "42", anonymous_id: "u_1", traits: { plan: "pro" } });
    await c.flush();
    expect(seen).toEqual([expect.objectContaining({ event: "$identify", anonymous_id: "u_1", user_id: "42", event_id: id, timestamp: expect.any(String) })]);
    expect(s.events.map((e) => e.event_id)).toEqual([id]);
  });

  it("null drops the event: track() returns undefined, a dropped delivery event says before_send, nothing reaches the server", async () => {
    const s = await stub();
    const deliveries: DeliveryEvent[] = [];
    const errors: MillimetricError[] = [];
    const c = quietClient(s.url, { beforeSend: redactTokens, onDelivery: (e) => deliveries.push(e), onError: (e) => errors.push(e) });
    expect(c.track({ event: "health_check" })).toBeUndefined();
    expect(c.track({ event: "kept" })).toEqual(expect.any(String));
    await c.flush();
    expect(s.events.map((e) => e.event)).toEqual(["kept"]);
    expect(deliveries).toEqual([
      { type: "dropped", count: 1, reason: "before_send" },
      { type: "delivered", count: 1, status: 202 },
    ]);
    expect(errors).toEqual([]); // a choice of the app, not a failure
  });

  it("a throwing hook drops that one event and reports before_send_failed; track() does not throw; the next event is delivered", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    const deliveries: DeliveryEvent[] = [];
    const boom = new Error("redactor bug");
    let calls = 0;
    const c = quietClient(s.url, {
      onError: (e) => errors.push(e),
      onDelivery: (e) => deliveries.push(e),
      beforeSend: (e) => {
        if (calls++ === 0) throw boom;
        return e;
      },
    });
    let first: string | undefined = "not called";
    expect(() => (first = c.track({ event: "first" }))).not.toThrow();
    expect(first).toBeUndefined();
    const second = c.track({ event: "second" });
    await c.flush();
    expect(s.events.map((e) => [e.event, e.event_id])).toEqual([["second", second]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "before_send_failed", count: 1, cause: boom });
    expect(errors[0]!.message).toMatch(/^\[millimetric\] beforeSend threw \(Error: redactor bug\) for a "first" event, which was dropped/);
    expect(deliveries[0]).toEqual({ type: "dropped", count: 1, reason: "before_send" });
  });

  it("a hook that returns an invalid event (or a promise) drops it with an invalid_event report, not a throw", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    const c = quietClient(s.url, {
      onError: (e) => errors.push(e),
      beforeSend: (e) => {
        if (e.event === "broken") return { ...e, user_id: "" };
        if (e.event === "async") return Promise.resolve(e) as unknown as MillimetricEvent;
        if (e.event === "renamed") return { ...e, event: "$reserved_name" };
        return e;
      },
    });
    expect(c.track({ event: "broken", user_id: "42" })).toBeUndefined();
    expect(c.track({ event: "async" })).toBeUndefined();
    expect(c.track({ event: "renamed" })).toBeUndefined();
    c.track({ event: "fine" });
    await c.flush();
    expect(s.events.map((e) => e.event)).toEqual(["fine"]);
    expect(errors.map((e) => [e.code, e.count])).toEqual([
      ["invalid_event", 1],
      ["invalid_event", 1],
      ["invalid_event", 1],
    ]);
    expect(errors[0]!.message).toMatch(/^\[millimetric\] beforeSend returned an invalid event \(invalid event: "user_id" must be a string of 1–256 characters\) for a "broken" event/);
    expect(errors[1]!.message).toMatch(/beforeSend returned a promise: beforeSend must be synchronous/);
  });

  it("properties is a deep copy: redacting a nested field never changes the app's object; the hook sees the JSON that is sent", async () => {
    const s = await stub();
    const c = quietClient(s.url, {
      beforeSend: (e) => {
        const p = e.properties as { user: { email?: string; plan: string }; items: Array<{ sku: string; note?: string }>; at: unknown };
        delete p.user.email;
        p.items[0]!.note = "seen";
        p.items.push({ sku: "added" });
        expect(p.at).toBe("2026-01-31T12:00:00.000Z"); // a Date as it is sent: its JSON
        return e;
      },
    });
    const properties = { user: { email: "ada@example.com", plan: "pro" }, items: [{ sku: "a1" }], at: new Date("2026-01-31T12:00:00Z") };
    c.track({ event: "checkout", user_id: "42", properties });
    await c.flush();
    expect(properties).toEqual({ user: { email: "ada@example.com", plan: "pro" }, items: [{ sku: "a1" }], at: new Date("2026-01-31T12:00:00Z") });
    expect(s.events[0]!.properties).toEqual({ user: { plan: "pro" }, items: [{ sku: "a1", note: "seen" }, { sku: "added" }], at: "2026-01-31T12:00:00.000Z" });
  });

  it("a hook that throws something unprintable (no prototype, a throwing toString, a line break) drops the event with before_send_failed: track() never throws", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    const trap = () => {
      throw new Error("trap");
    };
    const thrown: unknown[] = [
      Object.create(null),
      {
        toString() {
          throw new Error("no string for you");
        },
      },
      new Proxy({}, { get: trap, getPrototypeOf: trap }),
      new Error("line one\n[millimetric] delivered 99 event(s) (HTTP 202)"),
    ];
    let n = 0;
    const c = quietClient(s.url, {
      onError: (e) => errors.push(e),
      beforeSend: () => {
        throw thrown[n++];
      },
    });
    for (let i = 0; i < thrown.length; i++) {
      let id: string | undefined = "not returned";
      expect(() => (id = c.track({ event: "evil\nname" }))).not.toThrow();
      expect(id).toBeUndefined();
    }
    await c.flush();
    expect(s.events).toEqual([]);
    expect(errors.map((e) => [e.code, e.count])).toEqual(thrown.map(() => ["before_send_failed", 1]));
    errors.forEach((e, i) => expect(e.cause === thrown[i], `cause ${i}`).toBe(true)); // by identity: deep equality would trip the proxy's traps
    for (const e of errors) {
      expect(e.message).toMatch(/^\[millimetric\] beforeSend threw \(.*\) for a "evil\\nname" event, which was dropped/);
      expect(e.message).not.toMatch(/[\n\r]/);
    }
    expect(errors[3]!.message).toContain("(Error: line one\\n[millimetric] delivered 99 event(s) (HTTP 202))");
  });

  it("a value that cannot be copied for the hook drops the event with before_send_failed, never a throw", async () => {
    const s = await stub();
    const errors: MillimetricError[] = [];
    let reads = 0;
    // Readable once (validation serialises nested properties), throwing on the copy.
    const nested = {
      get secret() {
        if (reads++ > 0) throw new Error("read twice");
        return "x";
      },
    };
    const c = quietClient(s.url, { onError: (e) => errors.push(e), beforeSend: (e) => e });
    expect(c.track({ event: "odd", properties: { nested } })).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(["before_send_failed"]);
    expect(errors[0]!.message).toMatch(/^\[millimetric\] the properties of a "odd" event could not be copied for beforeSend \(Error: read twice\)/);
  });

  it("an invalid event still throws at track(), before the hook sees it", async () => {
    const s = await stub();
    let calls = 0;
    const c = quietClient(s.url, { beforeSend: (e) => (calls++, e) });
    expect(() => c.track({ event: "bad", user_id: "" })).toThrow(/"user_id" must be a string/);
    expect(calls).toBe(0);
  });
});
