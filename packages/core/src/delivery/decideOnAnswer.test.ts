import { describe, expect, it } from "vitest";
import { decideOnAnswer, type AnswerContext } from "./decideOnAnswer";

const first: AnswerContext = { batchSize: 10, attempt: 0, maxRetries: 3, retryBaseMs: 100, random: () => 0.5 };

describe("decideOnAnswer", () => {
  it("a 2xx is delivered; a redirect is dropped as a wrong host, whatever its status", () => {
    expect(decideOnAnswer({ ok: true, status: 202 }, first)).toEqual({ action: "delivered" });
    expect(decideOnAnswer({ ok: false, status: 301, redirect: true }, first)).toEqual({ action: "drop", reason: "redirect" });
    expect(decideOnAnswer({ ok: false, status: 0, redirect: true }, first)).toEqual({ action: "drop", reason: "redirect" });
  });

  it("retries 5xx, network errors and timeouts with backoff and jitter, 429 after its Retry-After", () => {
    // backoff = 100 · 2^attempt, drawn between half and all of it
    expect(decideOnAnswer({ ok: false, status: 503 }, first)).toEqual({ action: "retry", afterMs: 75 });
    expect(decideOnAnswer({ ok: false, status: 0, cause: new Error("ECONNRESET") }, { ...first, attempt: 2, random: () => 0 })).toEqual({ action: "retry", afterMs: 200 });
    expect(decideOnAnswer({ ok: false, status: 429, retryAfterMs: 2000 }, first)).toEqual({ action: "retry", afterMs: 2000 });
  });

  it("requeues once maxRetries retries were made", () => {
    expect(decideOnAnswer({ ok: false, status: 500 }, { ...first, attempt: 3 })).toEqual({ action: "requeue" });
    expect(decideOnAnswer({ ok: false, status: 429, retryAfterMs: 1000 }, { ...first, attempt: 3 })).toEqual({ action: "requeue" });
  });

  it("drops any other 4xx as rejected, without retrying", () => {
    for (const status of [401, 403, 404, 422]) expect(decideOnAnswer({ ok: false, status }, first)).toEqual({ action: "drop", reason: "rejected" });
  });

  it("splits a rejected batch when a split can help, and only then", () => {
    expect(decideOnAnswer({ ok: false, status: 413 }, first)).toEqual({ action: "split" });
    expect(decideOnAnswer({ ok: false, status: 400, truncated: true }, first)).toEqual({ action: "split" });
    const named = { fieldErrors: { "events.3.user_id": "bad", "events.7.event": "bad" } };
    expect(decideOnAnswer({ ok: false, status: 400, details: named }, first)).toEqual({ action: "split", isolate: [3, 7] });
    expect(decideOnAnswer({ ok: false, status: 400, details: { fieldErrors: { event: "rule" } } }, first)).toEqual({ action: "split" });
    // About the request itself, or naming every event: every split would fail the same way.
    expect(decideOnAnswer({ ok: false, status: 400, details: { fieldErrors: { body: "bad JSON" } } }, first)).toEqual({ action: "drop", reason: "rejected" });
    const all = { fieldErrors: { "events.0.event": "bad", "events.1.event": "bad" } };
    expect(decideOnAnswer({ ok: false, status: 400, details: all }, { ...first, batchSize: 2 })).toEqual({ action: "drop", reason: "rejected" });
    // One event cannot be split.
    expect(decideOnAnswer({ ok: false, status: 413 }, { ...first, batchSize: 1 })).toEqual({ action: "drop", reason: "rejected" });
  });
});
