// @vitest-environment jsdom
// configure(): beforeSend, debug, disabled and onError, against a real recording server.
import { MillimetricError, type MillimetricEvent } from "@millimetric/core";
import { describe, expect, it, vi } from "vitest";
import { recordingSdk, settle, waitFor } from "./testing";

const { load, srv, opts, sent } = recordingSdk();
const redactToken = (event: MillimetricEvent) => ({ ...event, url: event.url?.replace(/([?&]token=)[^&#]*/, "$1redacted") });

describe("beforeSend", () => {
  it("redacts before the event is queued: the $pageview and later events carry no token", async () => {
    history.replaceState(null, "", "/reset?token=s3cr3t&step=2");
    const mm = await load();
    mm.configure({ beforeSend: redactToken });
    mm.init(opts());
    mm.track("password_reset");
    await mm.flush();
    expect(sent()).toEqual(["$pageview", "password_reset"]);
    for (const e of srv().events()) expect(e.url).toBe(`${location.origin}/reset?token=redacted&step=2`);
    expect(srv().requests.map((r) => r.body).join()).not.toContain("s3cr3t");
  });

  it("drops an event it returns null for, and only that one", async () => {
    const mm = await load();
    mm.configure({ beforeSend: (event) => (event.event == "internal" ? null : event) });
    mm.init(opts({ autoPageView: false }));
    mm.track("kept_1");
    mm.track("internal");
    mm.track("kept_2");
    await mm.flush();
    expect(sent()).toEqual(["kept_1", "kept_2"]);
  });

  it("a hook that throws drops that event only, reports before_send_failed to onError, and track() never throws", async () => {
    const errors: MillimetricError[] = [];
    const bug = new Error("hook bug");
    const mm = await load();
    mm.configure({
      beforeSend: (event) => {
        if (event.event == "boom") throw bug;
        return event;
      },
      onError: (error) => errors.push(error),
    });
    mm.init(opts({ autoPageView: false }));
    mm.track("before");
    expect(() => mm.track("boom")).not.toThrow();
    mm.track("after");
    await mm.flush();
    expect(sent()).toEqual(["before", "after"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MillimetricError);
    expect(errors[0]).toMatchObject({ code: "before_send_failed", count: 1, cause: bug });
    expect(errors[0]!.message).toMatch(/^\[millimetric\] beforeSend threw for "boom", so that event was dropped: return the event/);
  });

  it("without onError: a console error in development, silence in production", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    let mm = await load();
    mm.configure({ beforeSend: () => {
      throw new Error("dev bug");
    } });
    mm.init(opts({ autoPageView: false }));
    mm.track("x");
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatchObject({ code: "before_send_failed" });

    vi.stubEnv("NODE_ENV", "production");
    error.mockClear();
    mm = await load();
    mm.configure({ beforeSend: () => {
      throw new Error("prod bug");
    } });
    mm.init(opts({ autoPageView: false }));
    expect(() => mm.track("x")).not.toThrow();
    expect(error).not.toHaveBeenCalled();
  });

  it("returning undefined or an event that breaks the protocol drops it and says why", async () => {
    const errors: MillimetricError[] = [];
    const mm = await load();
    mm.configure({
      beforeSend: (event) => {
        if (event.event == "forgot_return") return undefined as never;
        if (event.event == "renamed") return { ...event, event: "$custom" };
        if (event.event == "huge") return { ...event, properties: { blob: "x".repeat(9000) } };
        return event;
      },
      onError: (error) => errors.push(error),
    });
    mm.init(opts({ autoPageView: false }));
    for (const name of ["forgot_return", "renamed", "huge", "fine"]) mm.track(name);
    await mm.flush();
    expect(sent()).toEqual(["fine"]); // one bad event never sinks the batch
    expect(errors.map((e) => e.code)).toEqual(Array(3).fill("before_send_failed"));
    expect(errors[0]!.message).toContain('beforeSend returned undefined for "forgot_return"');
    expect(errors[1]!.message).toContain('beforeSend returned an invalid "event" (1–128 characters; "$" names are reserved) for "renamed"');
    expect(errors[2]!.message).toContain('beforeSend returned invalid "properties" (a JSON object of at most 8192 bytes) for "huge"');
  });

  it("an onError that throws does not break track() either", async () => {
    const mm = await load();
    mm.configure({
      beforeSend: () => {
        throw new Error("hook");
      },
      onError: () => {
        throw new Error("reporter");
      },
    });
    mm.init(opts({ autoPageView: false }));
    expect(() => mm.track("x")).not.toThrow();
  });

  it("runs after validation: an invalid call still throws at the caller", async () => {
    const hook = vi.fn((event) => event);
    const mm = await load();
    mm.configure({ beforeSend: hook });
    mm.init(opts({ autoPageView: false }));
    expect(() => mm.track("")).toThrow(TypeError);
    expect(hook).not.toHaveBeenCalled();
  });
});

describe("disabled", () => {
  it("validates and accepts every call and sends nothing, not even at page exit", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const mm = await load();
    mm.configure({ disabled: true });
    mm.init(opts({ flushIntervalMs: 20 }));
    mm.track("x", { a: 1 });
    mm.identify("user_1", { plan: "pro" });
    mm.page("Pricing");
    expect(() => mm.track("$custom")).toThrow(TypeError);
    await mm.flush();
    dispatchEvent(new Event("pagehide"));
    await settle(150);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(srv().requests).toHaveLength(0);
    expect(mm.getAnonymousId()).toMatch(/^u_/); // the rest of the SDK works as usual
  });

  it("configure({}) removes it again", async () => {
    const mm = await load();
    mm.configure({ disabled: true });
    mm.init(opts({ autoPageView: false }));
    mm.track("not_sent");
    mm.configure({});
    mm.track("sent");
    await mm.flush();
    expect(sent()).toEqual(["sent"]);
  });
});

describe("debug", () => {
  const lines = (log: ReturnType<typeof vi.spyOn>) => log.mock.calls.map((c: unknown[]) => String(c[0]));

  it("one [millimetric] line per event and per delivery result", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const errors: MillimetricError[] = [];
    const mm = await load();
    mm.configure({ debug: true, beforeSend: (e) => (e.event == "internal" ? null : e), onError: (e) => errors.push(e) });
    mm.init(opts({ autoPageView: false, flushIntervalMs: 50 }));
    mm.track("a");
    mm.track("internal");
    mm.track("b");
    expect(lines(log)).toEqual(['[millimetric] queued "a"', '[millimetric] dropped "internal": beforeSend returned null', '[millimetric] queued "b"']);
    expect(log.mock.calls[0]![1]).toMatchObject({ event: "a", anonymous_id: mm.getAnonymousId() });

    srv().reply(503, { "retry-after": "1" });
    await mm.flush(); // 503: back in the queue
    await waitFor(() => lines(log).length == 4);
    expect(lines(log)[3]).toMatch(/^\[millimetric\] HTTP 503: 2 events back in the queue, retry in [01] s$/);
    await waitFor(() => srv().events().length == 4, 10_000); // the retry, after Retry-After
    await waitFor(() => lines(log).length == 5);
    expect(lines(log)[4]).toBe("[millimetric] delivered 2 events (HTTP 202)");

    srv().reply(400);
    mm.track("refused");
    await mm.flush();
    expect(lines(log).slice(5)).toEqual(['[millimetric] queued "refused"', "[millimetric] HTTP 400: 1 event dropped"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "http_error", status: 400, serverCode: "stub_error", count: 1 });
    expect(errors[0]!.message).toMatch(/^\[millimetric\] the ingest API refused a batch of 1 event with HTTP 400 stub_error: /);
  });

  it("says when the network failed and the batch waits for a retry", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const mm = await load();
    mm.configure({ debug: true });
    await srv().close(); // nothing listens there any more
    mm.init(opts({ autoPageView: false }));
    mm.track("offline");
    await mm.flush();
    await waitFor(() => lines(log).length == 2);
    expect(lines(log)[1]).toMatch(/^\[millimetric\] network error: 1 event back in the queue, retry in \d+ s$/);
  });

  it("with disabled, each event is still logged", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const mm = await load();
    mm.configure({ debug: true, disabled: true });
    mm.init(opts({ autoPageView: false }));
    mm.track("x");
    expect(lines(log)).toEqual(['[millimetric] not sent "x" (disabled)']);
  });
});

it("warns in development when configure() comes after init (the first $pageview went without it)", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const mm = await load();
  mm.init(opts());
  mm.configure({ debug: false });
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[millimetric\] configure\(\) after init\(\)/));
});
